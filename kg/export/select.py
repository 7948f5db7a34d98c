"""Choosing what an export holds: a projection or a query's result, an analysis's findings,
a focus.

The command line's ``kg export`` options map one to one onto :func:`select`'s arguments, so
what a user draws from the shell can be drawn from Python or a notebook the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from kg.errors import AnalysisError, ExportError
from kg.export.findings import ANALYSES, findings_of, run_analysis
from kg.export.view import find_node, focus, mark, query_graph

__all__ = ["PROJECTIONS", "select"]

log = logging.getLogger(__name__)

#: The projections of :mod:`kg.project` an export can draw, by command-line name.
PROJECTIONS = ("relations", "transfers", "signed")


def _project(name: str, facts, as_of, period, sources, min_certainty) -> nx.Graph:
    from kg.project import relation_graph, signed_graph, transfer_network

    functions = {"relations": relation_graph, "transfers": transfer_network, "signed": signed_graph}
    if name not in functions:
        raise ExportError(f"unknown graph {name!r}; choose one of {', '.join(PROJECTIONS)}")
    return functions[name](facts, as_of, period, sources, min_certainty)


def select(
    store,
    *,
    graph: str = "relations",
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    query: str | None = None,
    params: dict[str, str] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    analysis: str | None = None,
    center: str | None = None,
    depth: int = 1,
    facts=None,
) -> nx.Graph:
    """The graph to export.

    Parameters
    ----------
    store : kg.store.Store
        The dataset.
    graph : {"relations", "transfers", "signed"}
        The projection (:func:`kg.project.relation_graph`, :func:`~kg.project.transfer_network`,
        :func:`~kg.project.signed_graph`), unless ``query`` is given.
    as_of, period, sources, min_certainty
        The filters of the projections (and of the analysis).
    query, params, links
        Draw a named query's (or a SPARQL text's) rows instead, see
        :func:`kg.export.view.query_graph`.
    analysis : {"dual-supply", "balance"}, optional
        Mark that analysis's findings (run with the same filters).
    center, depth
        Keep only the entity ``center`` (any id, label, alias or code) and what lies within
        ``depth`` steps of it.
    facts : kg.project.Facts, optional
        The facts already read from ``store``.

    Examples
    --------
    >>> g = select(store, analysis="dual-supply")
    >>> sorted(g.nodes[n]["label"] for n in g)
    ['Belarus', 'China', 'F-35 programme', 'India', 'North Atlantic Treaty Organization', 'Russia', 'Türkiye']
    >>> sorted(g.nodes[n]["label"] for n in select(store, center="Turkey"))
    ['F-35 programme', 'North Atlantic Treaty Organization', 'Russia', 'Türkiye']
    """
    from kg.facts import Facts

    if analysis is not None and analysis not in ANALYSES:
        raise ExportError(
            f"cannot draw the analysis {analysis!r}; choose one of {', '.join(ANALYSES)}"
        )
    needs_facts = query is None or analysis is not None or center is not None
    if facts is None and needs_facts:
        facts = Facts.read(store)
    if query is not None:
        if any(x is not None for x in (as_of, period, sources, min_certainty)):
            raise ExportError(
                "--as-of, --period, --source and --min-certainty select facts for a projection; "
                "a query selects its own rows (give its parameters with --param)"
            )
        g = query_graph(store, query, params, links)
    else:
        if params or links:
            raise ExportError("--param and --link go with --query")
        g = _project(graph, facts, as_of, period, sources, min_certainty)
    if analysis is not None:
        result = run_analysis(analysis, facts, as_of, period, sources, min_certainty)
        g = mark(g, findings_of(result), ANALYSES[analysis])
    if center is not None:
        g = focus(g, _resolve(g, facts, center), depth)
    log.debug("selected %d nodes, %d edges", g.number_of_nodes(), g.number_of_edges())
    return g


def _resolve(g: nx.Graph, facts, name: str) -> str:
    """The node ``name`` means: resolved like any kg name, else matched in the graph."""
    try:
        iri = facts.resolve(name)
    except AnalysisError as e:
        try:
            return find_node(g, name)
        except ExportError:
            raise ExportError(str(e)) from e
    if iri not in g:
        raise ExportError(
            f"{facts.label(iri)} ({iri.rsplit('/', 1)[-1]}) has no relation in this selection; "
            "widen it (--as-of, --period, --source) or choose another --graph"
        )
    return iri
