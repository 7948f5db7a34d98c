"""Centrality and brokerage in the arms-transfer network.

Measures, on the actor-level transfer network (one edge per supplier -> recipient, weighted
by volume: TIV delivered, or deals when no TIV is known, see
:func:`kg.analysis.dependence.volume_measure`):

- degree: how many recipients an actor supplies (out) and how many suppliers it has (in),
  and the volume it supplied and received (out/in strength);
- PageRank, weighted by volume (computed with scipy), along the direction of transfers: high
  for actors that receive from actors that themselves receive much; ``supplier_rank`` is the
  PageRank of the reversed network, high for the sources of the trade;
- betweenness (directed, unweighted, normalised): how often an actor lies on the shortest
  supply chains between others -- the broker who receives and passes arms on. Exact
  (O(actors x edges)) while actors x edges stays within :data:`BETWEENNESS_BUDGET`, as it
  does for the whole SIPRI register; beyond, estimated from a sample of source actors that
  keeps within the budget (at least :data:`MIN_SAMPLE`; fixed seed, so results repeat).

:func:`top_by_decade` ranks the top suppliers (by volume supplied) and brokers (by
betweenness) of each decade.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from kg.analysis.dependence import volume_measure
from kg.analysis.result import AnalysisResult
from kg.errors import AnalysisError
from kg.facts import Facts, Selection, read_facts
from kg.project import transfer_network_of
from kg.store import Store

__all__ = ["centrality", "top_by_decade", "measures", "betweenness_sample", "BETWEENNESS_BUDGET"]

#: Actors x edges up to which betweenness is exact (SIPRI's register: about 250 x 3,000).
BETWEENNESS_BUDGET = 5_000_000
#: The fewest source actors a sampled betweenness uses.
MIN_SAMPLE = 100
QUESTION = "Who is central in the arms-transfer network: degree, weighted PageRank, betweenness?"
DECADE_QUESTION = "Who were the top suppliers and brokers of each decade?"
COLUMNS = (
    ("label", "actor"),
    ("kind", "kind"),
    ("out_degree", "recipients"),
    ("in_degree", "suppliers"),
    ("out_volume", "supplied"),
    ("in_volume", "received"),
    ("pagerank", "PageRank"),
    ("supplier_rank", "supplier rank"),
    ("betweenness", "betweenness"),
    ("sources", "sources"),
)
DECADE_COLUMNS = (
    ("decade", "decade"),
    ("role", "role"),
    ("rank", "rank"),
    ("label", "actor"),
    ("score", "score"),
    ("measure", "measure"),
    ("deals", "deals"),
    ("sources", "sources"),
)


def _weighted(g: nx.DiGraph, measure: str) -> nx.DiGraph:
    w = nx.DiGraph()
    w.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        weight = float(d["tiv_delivered"] or 0.0) if measure == "tiv" else float(d["deals"])
        w.add_edge(u, v, weight=weight)
    return w


def measures(g: nx.DiGraph, measure: str = "auto") -> dict[str, dict[str, float]]:
    """Degree, strength, PageRank, supplier rank and betweenness of every node of a transfer
    network, by measure name then node.

    >>> from kg.project import transfer_network
    >>> m = measures(transfer_network(facts, sources=["episkopos-2021-s400"]))
    >>> from kg.facts import RUSSIA
    >>> m["out_degree"][RUSSIA], round(m["supplier_rank"][RUSSIA], 3)
    (3, 0.542)
    """
    used = volume_measure(g, measure)
    w = _weighted(g, used)
    out: dict[str, dict[str, float]] = {
        "out_degree": dict(w.out_degree()),
        "in_degree": dict(w.in_degree()),
        "out_volume": dict(w.out_degree(weight="weight")),
        "in_volume": dict(w.in_degree(weight="weight")),
    }
    if w.number_of_nodes() == 0:
        return {**out, "pagerank": {}, "supplier_rank": {}, "betweenness": {}}
    # Edges without volume (TIV unknown) would make PageRank divide by zero weight.
    positive = nx.DiGraph()
    positive.add_nodes_from(w.nodes)
    positive.add_edges_from((u, v, d) for u, v, d in w.edges(data=True) if d["weight"] > 0)
    out["pagerank"] = nx.pagerank(positive, weight="weight")
    out["supplier_rank"] = nx.pagerank(positive.reverse(copy=False), weight="weight")
    k = betweenness_sample(w)
    out["betweenness"] = nx.betweenness_centrality(w, k=k, normalized=True, seed=0)
    return out


def betweenness_sample(g: nx.DiGraph) -> int | None:
    """How many source actors betweenness samples in ``g``: None (all, exact) while
    actors x edges is within :data:`BETWEENNESS_BUDGET`.

    >>> betweenness_sample(nx.gnm_random_graph(200, 3000, seed=1, directed=True)) is None
    True
    >>> betweenness_sample(nx.gnm_random_graph(1000, 50000, seed=1, directed=True))
    100
    """
    n, m = g.number_of_nodes(), max(g.number_of_edges(), 1)
    if n * m <= BETWEENNESS_BUDGET:
        return None
    return min(n, max(MIN_SAMPLE, BETWEENNESS_BUDGET // m))


def _sources_by_node(g: nx.DiGraph) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, d in g.edges(data=True):
        found[u].update(d["sources"])
        found[v].update(d["sources"])
    return found


def centrality(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    measure: str = "auto",
) -> AnalysisResult:
    """Degree, weighted PageRank and betweenness of every actor in the transfer network.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    as_of, period, sources, min_certainty
        The filters of :func:`kg.project.transfer_network`.
    measure : {"auto", "tiv", "deals"}
        What weighs an edge (see :func:`kg.analysis.dependence.volume_measure`).

    Returns
    -------
    AnalysisResult
        One row per actor, by supplier rank then PageRank (highest first).

    Examples
    --------
    >>> result = centrality(facts, sources=["episkopos-2021-s400"])
    >>> [(r["label"], r["out_degree"], r["in_degree"]) for r in result.rows][:1]
    [('Russia', 3, 0)]
    """
    facts = read_facts(store)
    sel = facts.select(as_of, period, sources, min_certainty)
    g = transfer_network_of(sel)
    used = volume_measure(g, measure)
    m = measures(g, used)
    by_node = _sources_by_node(g)
    rows = []
    for n in g.nodes:
        src = sorted(by_node[n])
        rows.append(
            {
                "actor": n,
                "label": facts.label(n),
                "kind": facts.kind(n),
                **{name: m[name][n] for name in m},
                "measure": used,
                "sources": src,
                "source_titles": facts.titles(src),
            }
        )
    rows.sort(key=lambda r: (-r["supplier_rank"], -r["pagerank"], r["label"], r["actor"]))
    summary = {
        "actors": g.number_of_nodes(),
        "transfer_edges": g.number_of_edges(),
        "measure": used,
        "betweenness": "exact"
        if betweenness_sample(g) is None
        else f"sampled from {betweenness_sample(g)} actors",
    }
    return AnalysisResult(
        "centrality", QUESTION, COLUMNS, rows, dict(sel.params(), measure=used), summary
    )


def _decades(sel: Selection) -> list[int]:
    years = set()
    for d in sel.deals:
        for y in d.delivery_years:
            years.add(y)
        if d.span.start is not None:
            day = d.span.start.latest or d.span.start.earliest
            if day is not None:
                years.add(day.year)
    return sorted({y // 10 * 10 for y in years})


def top_by_decade(
    store: Store | Facts,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    measure: str = "auto",
    top: int = 5,
) -> AnalysisResult:
    """The top suppliers (by volume supplied) and brokers (by betweenness) of each decade.

    Each decade is its own period (1950-01-01 to 1959-12-31...), so TIV counts what was
    delivered in it; the measure is chosen once for all decades. ``period`` limits the
    decades; actors with no volume supplied or no betweenness are left out.

    Examples
    --------
    >>> result = top_by_decade(facts, sources=["episkopos-2021-s400"], top=1)
    >>> [(r["decade"], r["role"], r["label"], r["score"]) for r in result.rows]
    [('2010s', 'supplier', 'Russia', 3.0)]
    """
    if top < 1:
        raise AnalysisError(f"top must be 1 or more, not {top}")
    facts = read_facts(store)
    everything = facts.select(None, period, sources, min_certainty)
    w = everything.window
    # one measure for every decade, so that decades compare (TIV before 1950 is zero)
    used = volume_measure(transfer_network_of(everything), measure)
    rows = []
    for decade in _decades(everything):
        first = max(date(decade, 1, 1), w.first if w else date.min)
        last = min(date(decade + 9, 12, 31), w.last if w else date.max)
        if first > last:
            continue
        sel = facts.select(None, (first, last), sources, min_certainty)
        g = transfer_network_of(sel)
        if g.number_of_edges() == 0:
            continue
        m = measures(g, used)
        by_node = _sources_by_node(g)
        deals_out: dict[str, int] = defaultdict(int)
        for u, _, d in g.edges(data=True):
            deals_out[u] += d["deals"]
        for role, scores in (("supplier", m["out_volume"]), ("broker", m["betweenness"])):
            ranked = sorted(
                ((n, s) for n, s in scores.items() if s > 0),
                key=lambda ns: (-ns[1], facts.label(ns[0]), ns[0]),
            )[:top]
            for rank, (n, score) in enumerate(ranked, start=1):
                src = sorted(by_node[n])
                rows.append(
                    {
                        "decade": f"{decade}s",
                        "period": [first.isoformat(), last.isoformat()],
                        "role": role,
                        "rank": rank,
                        "actor": n,
                        "label": facts.label(n),
                        "score": float(score),
                        "measure": used if role == "supplier" else "betweenness",
                        "deals": deals_out[n],
                        "sources": src,
                        "source_titles": facts.titles(src),
                    }
                )
    params = dict(everything.params(), top=top, measure=used)
    summary = {"decades": len({r["decade"] for r in rows}), "measure": used}
    return AnalysisResult(
        "centrality-by-decade", DECADE_QUESTION, DECADE_COLUMNS, rows, params, summary
    )
