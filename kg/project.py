"""Projections: the RDF dataset as NetworkX graphs whose nodes and edges lead back to the facts.

SPARQL answers "what is recorded"; structural questions (who is exposed to whom, which
triangles are under strain, who brokers the trade) need graphs. This module reads the facts
of a :class:`~kg.store.Store` through SPARQL once (:class:`Facts`), selects them by date,
source and certainty, and projects them onto three graphs:

- :func:`transfer_network`: a :class:`networkx.DiGraph`, supplier -> recipient, one edge per
  pair, weighted by deals, TIV delivered and value;
- :func:`relation_graph`: a :class:`networkx.MultiDiGraph` keyed by relation, one edge per
  pair and relation (supply, dispute, alliance, membership, sanction, crisis, partnership);
- :func:`signed_graph`: an undirected :class:`networkx.Graph`, +1 for cooperation (supply,
  partnership, alliance), -1 for hostility (dispute, sanction, crisis), for balance analysis.

Each function takes a store, or the :class:`Facts` already read from one (read once, project
many times), and the same filters: ``as_of`` or ``period``, ``sources``, ``min_certainty``.

The contract (what pyvis views and the analyses rely on)
--------------------------------------------------------
Nodes are entity IRIs (``str``) with the attributes ``label``, ``kind`` (the kg class local
name: ``State``, ``Alliance``, ``Programme``, ``WeaponSystem``...) and ``iri``.

Edges carry:

``relation``
    ``supply``, ``dispute``, ``alliance``, ``membership``, ``sanction``, ``crisis`` or
    ``partnership`` (in the signed graph: the relation that decided the sign; ``relations``
    lists them all).
``sign``
    +1 or -1 (:data:`SIGNS`); membership of an organisation has no sign.
``directed``
    False for symmetric relations (dispute, alliance, crisis, partnership), which are stored
    once, from the smaller IRI to the larger; True for supply, sanction and membership.
``label``
    the fact's label, or ``"N deals: a; b; c; ..."`` (the first three labels) when several
    facts make the edge.
``start``, ``end``
    the fuzzy date text as written (``"2015"``, ``"since 2017"``) of the earliest start and the
    latest end among the facts (``end`` is None while any of them goes on), with
    ``start_earliest``, ``start_latest``, ``end_earliest``, ``end_latest`` as ISO dates or None.
``sources``, ``source_titles``
    the sorted IRIs of the sources (named graphs) the facts come from, and their titles in the
    same order.
``facts``
    the sorted IRIs of the deals or relations the edge rests on.
``deals``, ``tiv_delivered``, ``value``, ``systems`` (supply edges)
    the number of deals (two sources' accounts of one deal, linked by ``kg:reportsDeal``,
    count once), the SIPRI trend-indicator value delivered (millions; None when no deal gives
    one), the value by currency (``{"USD": 5.43e9}``) and the IRIs of the weapon systems.
    TIV measures volume, not price: it is never added to money.
``alliances`` (alliance edges)
    the labels of the alliances both actors belonged to at the same time.
``relations``, ``positive``, ``negative``, ``mixed`` (signed graph)
    every relation between the pair, those with each sign, and whether both signs occur.

Several facts between the same pair aggregate into one edge per relation: the transfer
network is a DiGraph with one supply edge per (supplier, recipient); the relation graph is a
MultiDiGraph whose edge keys are the relation names. ``G.graph`` records the projection's
name and filters.

Time: which facts hold when
---------------------------
Every fact has a span from its start to its end, both fuzzy (:mod:`kg.fuzzydate`). A relation
starts at ``kg:start`` and ends at ``kg:end``; ``kg:ongoingAt`` days are days it certainly
held. An arms deal starts at its order date (or, without one, at its first year of
delivery) and ends with the last day of its last year of delivery (``kg:deliveryYears``);
without delivery years it goes on. An alliance edge holds while both memberships hold.

- **As of a day D**, a fact holds if it certainly started by D (its start's latest day is on
  or before D, or its start is unknown) and has not certainly ended (its end's earliest day
  is after D, or it has no end). An open start such as "since 2017" counts from its earliest
  day; an end whose earliest day is unknown ("by 2019") is taken as certainly past.
- **Over a period [A, B]**, a fact holds if it certainly held at some moment of the period:
  it started by B (start latest <= B, or unknown) and did not end before A (end earliest
  >= A, or no end). ``period=(None, B)`` is everything begun by B.
- TIV delivered is counted as delivered, year by year: a deal's TIV is spread evenly over its
  years of delivery (the trade register gives no yearly split), and only the years certainly
  within the period (or, as of D, certainly over by D) count. A deal without delivery years
  counts whole.

Sources and certainty
---------------------
``sources`` keeps the claims of the named sources only (ids such as ``episkopos-2021-s400``
or full IRIs). ``min_certainty`` keeps the claims at least that certain, in the order of the
``Certainty`` scheme of ``ontology/schema.yaml`` (confirmed, reported, estimated, disputed,
unclear); a claim with no certainty is a plain statement of fact by its source and counts as
``confirmed``. Labels and kinds of entities are read from every source.

The examples in this package's docstrings use ``store``, the seeds built in memory, and
``facts``, what was read from it:

>>> from kg.build import dataset_from_paths
>>> store = dataset_from_paths()
>>> facts = Facts.read(store)
>>> g = transfer_network(facts, as_of="2019-12-31", sources=["episkopos-2021-s400"])
>>> sorted(g.nodes[r]["label"] for r in g.successors(RUSSIA))
['China', 'India', 'Türkiye']
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from kg.errors import AnalysisError
from kg.facts import (
    RUSSIA,
    Deal,
    Facts,
    Relation,
    Selection,
    Span,
    Window,
    date_text,
    read_facts,
)
from kg.fuzzydate import FuzzyDate
from kg.store import Store

__all__ = [
    "RELATIONS",
    "SIGNS",
    "SYMMETRIC",
    "RUSSIA",
    "Facts",
    "transfer_network",
    "relation_graph",
    "signed_graph",
    "transfer_network_of",
    "relation_graph_of",
    "signed_graph_of",
    "supply_attrs",
    "deal_totals",
]

log = logging.getLogger(__name__)

#: The relations an edge may stand for, in the order used to break ties.
RELATIONS = ("supply", "alliance", "partnership", "membership", "dispute", "crisis", "sanction")
#: The sign of each relation in the signed graph (membership of an organisation has none).
SIGNS = {
    "supply": 1,
    "alliance": 1,
    "partnership": 1,
    "dispute": -1,
    "crisis": -1,
    "sanction": -1,
}
#: How many fact labels an edge's label lists before "...".
LABELS_SHOWN = 3
#: Relations stored once per unordered pair.
SYMMETRIC = frozenset({"dispute", "alliance", "crisis", "partnership"})
_PLURAL = {
    "dispute": "disputes",
    "alliance": "alliances",
    "partnership": "partnerships",
    "membership": "memberships",
    "sanction": "sanctions",
    "crisis": "crises",
}


# --------------------------------------------------------------------------- projections


def _add_node(g: nx.Graph, facts: Facts, iri: str) -> None:
    if iri not in g:
        g.add_node(iri, label=facts.label(iri), kind=facts.kind(iri), iri=iri)


def _edge_dates(spans: list[Span]) -> dict[str, str | None]:
    """The start of the earliest-starting fact and the end of the latest-ending one."""
    starts = [s.start for s in spans if s.start is not None]
    first = min(
        starts, key=lambda d: (d.earliest or date.min, d.latest or date.max, d.text), default=None
    )
    if any(s.end is None for s in spans):
        last = None
    else:
        last = max(
            (s.end for s in spans),
            key=lambda d: (d.latest or date.max, d.earliest or date.min, d.text),
        )
    a, b = date_text(first), date_text(last)
    return {
        "start": a["text"],
        "start_earliest": a["earliest"],
        "start_latest": a["latest"],
        "end": b["text"],
        "end_earliest": b["earliest"],
        "end_latest": b["latest"],
    }


def _label_of(labels: list[str], noun: str, count: int | None = None) -> str:
    """One label, or "N deals: a; b; c; ..." (the first three, so that views stay legible).

    ``count`` is N when it is not the number of distinct labels (deals counted once across
    sources).
    """
    uniq = sorted(set(labels))
    count = len(uniq) if count is None else count
    if count == 1:  # one fact, perhaps told by several sources under several labels
        return " / ".join(uniq[:LABELS_SHOWN])
    shown = "; ".join(uniq[:LABELS_SHOWN]) + ("; ..." if len(uniq) > LABELS_SHOWN else "")
    return f"{count} {noun}: {shown}"


def _common_attrs(facts: Facts, relation: str, items: list, noun: str) -> dict[str, Any]:
    sources = sorted({s for it in items for s in it.sources})
    attrs = {
        "relation": relation,
        "directed": relation not in SYMMETRIC,
        "label": _label_of([it.label for it in items], noun),
        **_edge_dates([it.span for it in items]),
        "sources": sources,
        "source_titles": facts.titles(sources),
        "facts": sorted({it.iri for it in items}),
    }
    if relation in SIGNS:
        attrs["sign"] = SIGNS[relation]
    return attrs


def deal_totals(
    clusters: Iterable[list[Deal]], w: Window | None = None
) -> tuple[float | None, dict[str, float]]:
    """The TIV delivered (within ``w``) and the value by currency of some deals.

    Each item of ``clusters`` holds the records of one deal (several sources' accounts,
    linked by ``kg:reportsDeal``): it counts once, with its largest figures, since sources'
    figures for one deal are alternatives. The TIV is None when no deal gives one.

    >>> deals = facts.select(sources=["episkopos-2021-s400"]).deals
    >>> tiv, value = deal_totals([d] for d in deals if d.label.startswith("Russia-India"))
    >>> tiv, value
    (None, {'USD': 5430000000.0})
    """
    tiv: float | None = None
    value: dict[str, float] = {}
    for members in clusters:
        tivs = [t for t in (m.tiv_in(w) for m in members) if t is not None]
        if tivs:
            tiv = (tiv or 0.0) + max(tivs)
        best: dict[str, float] = {}
        for m in members:
            for cur, amt in m.value:
                best[cur] = max(best.get(cur, amt), amt)
        for cur, amt in best.items():
            value[cur] = value.get(cur, 0.0) + amt
    return tiv, dict(sorted(value.items()))


def supply_attrs(facts: Facts, deals: list[Deal], w: Window | None) -> dict[str, Any]:
    """The attributes of a supply edge made of ``deals`` (see the module's contract)."""
    attrs = _common_attrs(facts, "supply", deals, "deals")
    by_cluster: dict[str, list[Deal]] = defaultdict(list)
    for d in deals:
        by_cluster[d.cluster or d.iri].append(d)
    tiv, value = deal_totals((members for _, members in sorted(by_cluster.items())), w)
    attrs["deals"] = len(by_cluster)
    attrs["label"] = _label_of([d.label for d in deals], "deals", len(by_cluster))
    attrs["tiv_delivered"] = tiv
    attrs["value"] = value
    attrs["systems"] = sorted({s for d in deals for s in d.systems})
    return attrs


def _selection(store, as_of, period, sources, min_certainty) -> Selection:
    return read_facts(store).select(as_of, period, sources, min_certainty)


def transfer_network(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> nx.DiGraph:
    """The arms-transfer network: supplier -> recipient, one edge per pair.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts already read from it.
    as_of : date, year or fuzzy date text, optional
        Keep the deals that hold on that day (ordered by then, deliveries not over).
    period : (since, until), optional
        Keep the deals that hold at some moment of the period; either end may be None.
    sources : iterable of str, optional
        Source ids or IRIs whose claims to keep.
    min_certainty : str, optional
        The least certainty a claim may have (``confirmed``, ``reported``...).

    Returns
    -------
    networkx.DiGraph
        Nodes and edges as the module's contract says; edges are weighted by ``deals``,
        ``tiv_delivered`` and ``value``.

    Examples
    --------
    >>> g = transfer_network(store, as_of="2016-12-31", sources=["episkopos-2021-s400"])
    >>> [(g.nodes[u]["label"], g.nodes[v]["label"], d["deals"]) for u, v, d in g.edges(data=True)]
    [('Russia', 'China', 1)]
    """
    sel = _selection(store, as_of, period, sources, min_certainty)
    return transfer_network_of(sel)


def transfer_network_of(sel: Selection) -> nx.DiGraph:
    """The transfer network of an existing :class:`Selection`."""
    g = nx.DiGraph(projection="transfer", **sel.params())
    by_pair: dict[tuple[str, str], list[Deal]] = defaultdict(list)
    for d in sel.deals:
        by_pair[(d.supplier, d.recipient)].append(d)
    for (s, r), deals in sorted(by_pair.items()):
        _add_node(g, sel.facts, s)
        _add_node(g, sel.facts, r)
        g.add_edge(s, r, **supply_attrs(sel.facts, deals, sel.window))
    return g


def _alliance_pairs(sel: Selection) -> dict[tuple[str, str], list[tuple[Relation, Relation, Span]]]:
    """Co-members of an alliance whose memberships overlap (in the selection's window)."""
    facts = sel.facts
    alliance_kinds = set(facts.schema.subtypes("Alliance"))
    by_alliance: dict[str, list[Relation]] = defaultdict(list)
    for r in sel.relations:
        if r.relation == "membership" and facts.kind(r.target_node) in alliance_kinds:
            by_alliance[r.target_node].append(r)
    out: dict[tuple[str, str], list[tuple[Relation, Relation, Span]]] = defaultdict(list)
    for _alliance, members in sorted(by_alliance.items()):
        members.sort(key=lambda m: (m.source_node, m.iri))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.source_node == b.source_node:
                    continue
                span = Span(
                    _later(a.span.start, b.span.start),
                    _earlier(a.span.end, b.span.end),
                    max(a.span.begun_by, b.span.begun_by),
                    min(a.span.ends_from, b.span.ends_from),
                )
                if span.begun_by > span.ends_from:
                    continue  # the two memberships never certainly overlapped
                if not span.holds(sel.window):
                    continue
                u, v = sorted((a.source_node, b.source_node))
                out[(u, v)].append((a, b, span))
    return out


def _later(a: FuzzyDate | None, b: FuzzyDate | None) -> FuzzyDate | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=lambda d: (d.latest or date.max, d.earliest or date.min))


def _earlier(a: FuzzyDate | None, b: FuzzyDate | None) -> FuzzyDate | None:
    if a is None or b is None:
        return a or b
    return min(a, b, key=lambda d: (d.earliest or date.min, d.latest or date.max))


@dataclass(frozen=True)
class _CoMembership:
    """One membership behind an alliance edge, with the span the co-members shared."""

    iri: str
    label: str
    sources: tuple[str, ...]
    span: Span


def relation_graph(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> nx.MultiDiGraph:
    """The actor relation graph: one edge per pair and relation, keyed by the relation.

    Supply edges run supplier -> recipient, sanctions imposer -> target, memberships
    member -> organisation; disputes, crises, partnerships and alliances (co-membership of
    an Alliance) are symmetric and stored once, smaller IRI first (``directed`` is False).
    Parameters as for :func:`transfer_network`.

    Examples
    --------
    >>> g = relation_graph(facts, as_of="2021-02-07")
    >>> sorted({k for _, _, k in g.edges(keys=True)})
    ['crisis', 'dispute', 'partnership', 'supply']
    >>> g.edges["https://w3id.org/kg/id/actor/CHN", "https://w3id.org/kg/id/actor/IND", "dispute"]["start"]
    '2020'
    """
    return relation_graph_of(_selection(store, as_of, period, sources, min_certainty))


def relation_graph_of(sel: Selection) -> nx.MultiDiGraph:
    """The relation graph of an existing :class:`Selection`."""
    facts = sel.facts
    g = nx.MultiDiGraph(projection="relations", **sel.params())
    edges: dict[tuple[str, str, str], list] = defaultdict(list)
    for d in sel.deals:
        edges[(d.supplier, d.recipient, "supply")].append(d)
    for r in sel.relations:
        for u, v in r.pairs():
            edges[(u, v, r.relation)].append(r)
    for (u, v), items in _alliance_pairs(sel).items():
        for a, b, span in items:
            both = tuple(sorted(set(a.sources) | set(b.sources)))
            for m in (a, b):
                edges[(u, v, "alliance")].append(
                    _CoMembership(m.iri, facts.label(m.target_node), both, span)
                )
    for (u, v, rel), items in sorted(edges.items()):
        _add_node(g, facts, u)
        _add_node(g, facts, v)
        if rel == "supply":
            attrs = supply_attrs(facts, items, sel.window)
        else:
            attrs = _common_attrs(facts, rel, items, _PLURAL[rel])
            if rel == "alliance":
                attrs["alliances"] = sorted({it.label for it in items})
        g.add_edge(u, v, key=rel, **attrs)
    return g


def signed_graph(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    mixed: str = "negative",
) -> nx.Graph:
    """The signed graph: +1 cooperation (supply, partnership, alliance), -1 hostility
    (dispute, sanction, crisis), one undirected edge per pair of actors.

    Parameters
    ----------
    store, as_of, period, sources, min_certainty
        As for :func:`transfer_network`.
    mixed : {"negative", "positive", "drop"}
        What a pair that is both cooperating and hostile becomes: hostile (the default:
        a pair at odds is at odds even while it trades), friendly, or no edge. Such edges
        carry ``mixed=True`` and list ``positive`` and ``negative`` relations.

    Returns
    -------
    networkx.Graph
        Edges carry ``sign``, ``relation`` (the relation that decided the sign),
        ``relations`` and the contract's attributes.

    Examples
    --------
    >>> g = signed_graph(facts, as_of="2021-02-07")
    >>> cn, ind = "https://w3id.org/kg/id/actor/CHN", "https://w3id.org/kg/id/actor/IND"
    >>> g.edges[RUSSIA, cn]["sign"], g.edges[RUSSIA, ind]["sign"], g.edges[cn, ind]["sign"]
    (1, 1, -1)
    >>> g.edges[RUSSIA, cn]["relations"]
    ['partnership', 'supply']
    """
    if mixed not in ("negative", "positive", "drop"):
        raise AnalysisError(f"mixed must be negative, positive or drop, not {mixed!r}")
    rel = relation_graph_of(_selection(store, as_of, period, sources, min_certainty))
    return signed_graph_of(rel, mixed)


def signed_graph_of(rel: nx.MultiDiGraph, mixed: str = "negative") -> nx.Graph:
    """The signed graph of an existing relation graph (see :func:`signed_graph`)."""
    g = nx.Graph(
        projection="signed",
        mixed=mixed,
        **{k: v for k, v in rel.graph.items() if k != "projection"},
    )
    by_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in rel.edges(keys=True, data=True):
        if key not in SIGNS or u == v:
            continue
        a, b = (u, v) if u < v else (v, u)
        by_pair[(a, b)].append(data)
    order = {r: i for i, r in enumerate(RELATIONS)}
    for (u, v), items in sorted(by_pair.items()):
        positive = sorted({d["relation"] for d in items if d["sign"] > 0}, key=order.get)
        negative = sorted({d["relation"] for d in items if d["sign"] < 0}, key=order.get)
        if positive and negative:
            if mixed == "drop":
                continue
            sign = -1 if mixed == "negative" else 1
        else:
            sign = 1 if positive else -1
        deciding = (negative if sign < 0 else positive)[0]
        for n in (u, v):
            if n not in g:
                g.add_node(n, **rel.nodes[n])
        titles = {s: t for d in items for s, t in zip(d["sources"], d["source_titles"])}
        sources = sorted(titles)
        g.add_edge(
            u,
            v,
            sign=sign,
            relation=deciding,
            relations=sorted({d["relation"] for d in items}),
            positive=positive,
            negative=negative,
            mixed=bool(positive and negative),
            directed=False,
            label="; ".join(
                f"{d['relation']}: {d['label']}"
                for d in sorted(items, key=lambda d: order[d["relation"]])
            ),
            **_merged_edge_dates(items),
            sources=sources,
            source_titles=[titles[s] for s in sources],
            facts=sorted({f for d in items for f in d["facts"]}),
        )
    return g


def _merged_edge_dates(items: list[dict]) -> dict[str, str | None]:
    """The dates of an edge made of other edges: earliest start, latest end (None if open)."""
    starts = [d for d in items if d["start"] is not None]
    first = min(
        starts,
        key=lambda d: (d["start_earliest"] or "", d["start_latest"] or "~", d["start"]),
        default=None,
    )
    last = None
    if all(d["end"] is not None for d in items):
        last = max(items, key=lambda d: (d["end_latest"] or "~", d["end_earliest"] or "", d["end"]))
    out = dict.fromkeys(("start", "start_earliest", "start_latest"))
    if first is not None:
        out = {k: first[k] for k in ("start", "start_earliest", "start_latest")}
    if last is not None:
        out.update({k: last[k] for k in ("end", "end_earliest", "end_latest")})
    else:
        out.update(dict.fromkeys(("end", "end_earliest", "end_latest")))
    return out
