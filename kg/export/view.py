"""What an export draws: the part of a projection to show, and what to point out in it.

A projection (:mod:`kg.project`) may hold thousands of actors; a drawing a person can read
holds a few hundred, and vis-network's physics stops being usable past about 1,500 nodes. This
module turns a graph into a *view*:

- :func:`focus`: the ego network of one entity, to a depth;
- :func:`drop_isolates`: without the actors that have no relation in the selection;
- :func:`reduce`: past a size limit, the best-connected actors and the heaviest relations;
- :func:`mark`: the findings of an analysis, on the nodes and edges they concern;
- :func:`query_graph`: the rows of a (named) SPARQL query, as a graph.

Each step says what it left out in ``G.graph["notes"]``, which the drawings show, so a reduced
view never passes for the whole graph. Every function returns a new graph and leaves its input
alone.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import URIRef

from kg.errors import ExportError
from kg.resolve import normalise
from kg.schema import load_schema

__all__ = [
    "MAX_NODES",
    "MAX_EDGES",
    "Finding",
    "view",
    "focus",
    "drop_isolates",
    "reduce",
    "mark",
    "find_node",
    "edge_weight",
    "query_graph",
]

log = logging.getLogger(__name__)

#: Past this many nodes a view is reduced: vis-network's physics layout stops being usable
#: around 1,500 nodes (measured with pyvis 0.3.2 and vis-network 9.1.2 in Chromium).
MAX_NODES = 1500
#: Past this many edges the lightest are left out: stabilisation time grows with the edges,
#: and 6,000 keeps a 1,500-node view interactive within seconds (benchmarks/export_bench.py).
MAX_EDGES = 6000


@dataclass(frozen=True)
class Finding:
    """One finding of an analysis: a sentence, and the nodes and edges it concerns.

    An edge is ``(u, v)`` or, in a multigraph, ``(u, v, key)``; ``(u, v)`` in a multigraph
    stands for every edge between the two. Symmetric relations are found in either direction.
    """

    text: str
    nodes: tuple[str, ...] = ()
    edges: tuple[tuple, ...] = field(default=())


def _notes(g: nx.Graph) -> list[str]:
    return g.graph.setdefault("notes", [])


def _copy(graph: nx.Graph, nodes: Iterable[str] | None = None) -> nx.Graph:
    g = graph.subgraph(nodes).copy() if nodes is not None else graph.copy()
    g.graph = dict(graph.graph)
    g.graph["notes"] = list(graph.graph.get("notes", []))
    return g


def _label(g: nx.Graph, n: str) -> str:
    return str(g.nodes[n].get("label") or n)


def _neighbours(g: nx.Graph, n: str) -> set[str]:
    return set(nx.all_neighbors(g, n)) - {n} if g.is_directed() else set(g.neighbors(n)) - {n}


def find_node(graph: nx.Graph, name: str) -> str:
    """The node a user means by ``name``: its IRI, the last segment of it, or its label.

    >>> g = nx.Graph()
    >>> g.add_node("https://w3id.org/kg/id/actor/RUS", label="Russia")
    >>> find_node(g, "russia"), find_node(g, "RUS")
    ('https://w3id.org/kg/id/actor/RUS', 'https://w3id.org/kg/id/actor/RUS')
    """
    if name in graph:
        return name
    wanted = normalise(name)
    found = sorted(
        n
        for n, d in graph.nodes(data=True)
        if wanted in (normalise(str(n).rsplit("/", 1)[-1]), normalise(d.get("label", "")))
    )
    if len(found) == 1:
        return found[0]
    if found:
        raise ExportError(f"'{name}' names {len(found)} nodes: {', '.join(found[:5])}")
    raise ExportError(
        f"'{name}' is not in the drawn graph ({graph.number_of_nodes()} nodes); check the "
        "spelling, or widen the selection (--as-of, --period)"
    )


def focus(graph: nx.Graph, center: str, depth: int = 1) -> nx.Graph:
    """The ego network of ``center``: every node within ``depth`` steps, in any direction.

    >>> g = focus(nx.path_graph(["a", "b", "c", "d"]), "a", depth=2)
    >>> sorted(g), g.graph["notes"]
    (['a', 'b', 'c'], ['Focus: a and everything within 2 steps (3 of 4 nodes).'])
    """
    if center not in graph:
        raise ExportError(f"cannot focus on {center}: it is not in the graph")
    if depth < 0:
        raise ExportError(f"the depth of a focus is 0 or more, not {depth}")
    near = nx.ego_graph(graph, center, radius=depth, undirected=graph.is_directed())
    g = _copy(graph, near.nodes)
    g.graph["focus"] = center
    steps = "1 step" if depth == 1 else f"{depth} steps"
    _notes(g).append(
        f"Focus: {_label(graph, center)} and everything within {steps} "
        f"({g.number_of_nodes():,} of {graph.number_of_nodes():,} nodes)."
    )
    return g


def drop_isolates(graph: nx.Graph, keep: Iterable[str] = ()) -> nx.Graph:
    """Without the nodes that have no edge (except those in ``keep``), saying how many.

    >>> g = nx.Graph(); g.add_edge("a", "b"); g.add_node("c")
    >>> sorted(drop_isolates(g))
    ['a', 'b']
    """
    keep = set(keep)
    lonely = [n for n in graph if graph.degree(n) == 0 and n not in keep]
    if not lonely:
        return _copy(graph)
    g = _copy(graph, [n for n in graph if n not in set(lonely)])
    word = "node" if len(lonely) == 1 else "nodes"
    _notes(g).append(f"Not drawn: {len(lonely):,} {word} without any relation in this selection.")
    return g


def edge_weight(data: dict[str, Any]) -> float:
    """The volume an edge stands for: TIV delivered, else the number of deals, else 1.

    >>> edge_weight({"deals": 3}), edge_weight({"tiv_delivered": 12.5, "deals": 1}), edge_weight({})
    (3.0, 12.5, 1.0)
    """
    for name in ("tiv_delivered", "deals", "weight"):
        value = data.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
    return 1.0


def _edges(g: nx.Graph):
    """``(u, v, key, data)`` for every edge, key None outside multigraphs."""
    if g.is_multigraph():
        yield from g.edges(keys=True, data=True)
    else:
        for u, v, d in g.edges(data=True):
            yield u, v, None, d


def reduce(
    graph: nx.Graph,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    keep: Iterable[str] = (),
) -> nx.Graph:
    """At most ``max_nodes`` nodes and ``max_edges`` edges, chosen so the view stays readable.

    Nodes are ranked by their number of distinct neighbours (degree centrality: cheap, exact
    and stable, where betweenness would take seconds at this size), ties broken by IRI so the
    same graph always gives the same view; nodes in ``keep`` (the focus, an analysis's
    findings) always stay. Edges are then ranked by highlighted first, then volume
    (:func:`edge_weight`). The notes say what was left out.

    >>> g = reduce(nx.star_graph(["hub", *"abcdefgh"]), max_nodes=3)
    >>> sorted(g), len(g.graph["notes"])
    (['a', 'b', 'hub'], 1)
    """
    if max_nodes < 1 or max_edges < 0:
        raise ExportError(f"view limits must be positive (nodes {max_nodes}, edges {max_edges})")
    keep = {n for n in keep if n in graph}
    g = _copy(graph)
    n0, e0 = graph.number_of_nodes(), graph.number_of_edges()
    if n0 > max_nodes:
        partners = {n: len(_neighbours(graph, n)) for n in graph}
        ranked = sorted(graph, key=lambda n: (n not in keep, -partners[n], str(n)))
        g = _copy(graph, ranked[: max(max_nodes, len(keep))])
        _notes(g).append(
            f"Reduced view: the {g.number_of_nodes():,} best-connected of {n0:,} nodes (by "
            f"number of partners), with the {g.number_of_edges():,} edges among them of "
            f"{e0:,}. Focus on one entity to see its neighbourhood whole."
        )
    if g.number_of_edges() > max_edges:
        before = g.number_of_edges()
        ranked = sorted(
            _edges(g),
            key=lambda e: (
                not e[3].get("findings"),
                -edge_weight(e[3]),
                str(e[0]),
                str(e[1]),
                str(e[2]),
            ),
        )
        dropped = ranked[max_edges:]
        for u, v, k, _ in dropped:
            if k is None:
                g.remove_edge(u, v)
            else:
                g.remove_edge(u, v, k)
        stranded = [n for n in g if g.degree(n) == 0 and n not in keep and graph.degree(n) > 0]
        g.remove_nodes_from(stranded)
        also = f", nor the {len(stranded):,} nodes they alone connected" if stranded else ""
        _notes(g).append(
            f"Reduced view: the {max_edges:,} heaviest of {before:,} edges (findings first, "
            f"then by TIV delivered, then number of deals); lighter ones are not drawn{also}."
        )
    return g


def _edge_refs(g: nx.Graph, ref: tuple) -> list[tuple]:
    """The edges ``ref`` stands for, as ``(u, v)`` or ``(u, v, key)``, either direction."""
    u, v, *rest = ref
    out = []
    for a, b in ((u, v), (v, u)):
        if not g.has_edge(a, b):
            continue
        if g.is_multigraph():
            keys = rest if rest else list(g[a][b])
            out.extend((a, b, k) for k in keys if k in g[a][b])
        else:
            out.append((a, b))
        if not g.is_directed():
            break
    return out


def mark(graph: nx.Graph, findings: Iterable[Finding], caption: str) -> nx.Graph:
    """The graph with ``findings`` marked: each node and edge concerned carries the texts of
    its findings under ``findings``; ``G.graph["findings"]`` lists them for the legend.

    A finding whose nodes or edges are not in the graph (left out by a focus or a date) keeps
    its text and marks what is there.

    >>> g = mark(nx.path_graph(["a", "b", "c"]), [Finding("a-b matters", ("a", "b"), (("a", "b"),))], "test")
    >>> g.edges["a", "b"]["findings"], g.nodes["c"].get("findings")
    (['a-b matters'], None)
    """
    g = _copy(graph)
    listed = []
    for f in findings:
        nodes = [n for n in f.nodes if n in g]
        edges = [e for ref in f.edges for e in _edge_refs(g, ref)]
        for n in nodes:
            g.nodes[n].setdefault("findings", []).append(f.text)
        for e in edges:
            g.edges[e].setdefault("findings", []).append(f.text)
        listed.append({"text": f.text, "nodes": nodes, "edges": edges})
    g.graph["highlight"] = caption
    g.graph["findings"] = listed
    if not listed:
        _notes(g).append(f"{caption}: nothing found in this selection.")
    return g


def view(
    graph: nx.Graph,
    *,
    center: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    keep_isolates: bool = False,
) -> nx.Graph:
    """The usual pipeline: focus (if ``center``), drop isolated nodes, reduce past the limits.

    A query's result keeps its isolated nodes: a query with one IRI column draws only nodes.

    The focus (``center``, or the ``focus`` of an earlier :func:`focus`) and the nodes that
    carry findings always stay.

    >>> g = nx.Graph(); g.add_edge("a", "b"); g.add_node("lonely")
    >>> v = view(g)
    >>> sorted(v), v.graph["notes"]
    (['a', 'b'], ['Not drawn: 1 node without any relation in this selection.'])
    """
    g = focus(graph, center, depth) if center is not None else _copy(graph)
    keep = [g.graph["focus"]] if g.graph.get("focus") in g else []
    keep += [n for n, d in g.nodes(data=True) if d.get("findings")]
    if not keep_isolates and g.graph.get("projection") != "query":
        g = drop_isolates(g, keep)
    return reduce(g, max_nodes, max_edges, keep)


# --------------------------------------------------------------------------- query results


def _kind_of(types: set[str]) -> str | None:
    """The most specific kg class among an entity's types (the deepest in the schema)."""
    schema = load_schema()
    by_iri = {str(t.iri): name for name, t in schema.types.items()}
    names = [by_iri[t] for t in types if t in by_iri]
    if not names:
        return None

    def depth(name: str) -> int:
        d = 0
        while schema.types[name].parent:
            name, d = schema.types[name].parent, d + 1
        return d

    return sorted(names, key=lambda n: (-depth(n), n))[0]


def _describe(store, iris: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """Label and kind of each IRI, read from the store in batches of VALUES."""
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    batch = 500  # keeps each query's text small; one query per batch
    for i in range(0, len(iris), batch):
        values = " ".join(URIRef(x).n3() for x in iris[i : i + batch])
        text = (
            "SELECT ?e ?label ?type WHERE { VALUES ?e { " + values + " } "
            "OPTIONAL { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
            "OPTIONAL { ?e a ?type } }"
        )
        for e, label, rtype in store.query(text):
            if label is not None:
                labels[str(e)].add(str(label))
            if rtype is not None:
                types[str(e)].add(str(rtype))
    return {x: (min(labels[x]) if labels[x] else None, _kind_of(types[x])) for x in iris}


def query_graph(
    store,
    query: str,
    params: dict[str, str] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
) -> nx.MultiDiGraph:
    """The result of a query as a graph: entity columns become nodes, links between them edges.

    - An *entity column* is a variable whose values are all IRIs, at least one of them. Its
      values become nodes, labelled by the column ``<var>Label`` of the same row when the
      query has one, else by the entity's ``rdfs:label``; the kind (shape and colour) is the
      entity's most specific kg class.
    - Each row links its entity values along ``links``, pairs of variable names; then only
      the columns named in ``links`` become nodes (the others are listed with the edges). By
      default the first entity column is linked to each of the others (a star per row): for
      ``dual-supply`` that draws supplier -> recipient, supplier -> dispute, supplier -> deal.
    - An edge's ``relation`` names its two columns (``supplier \u2192 recipient``); rows that
      repeat an edge merge into it, and the rows' other values (dates, quantities, source
      titles) are listed in its ``details``.

    >>> from kg.build import dataset_from_paths
    >>> g = query_graph(dataset_from_paths(), "dual-supply", links=[("supplier", "recipient")])
    >>> sorted((g.nodes[u]["label"], g.nodes[v]["label"]) for u, v in g.edges())
    [('Russia', 'China'), ('Russia', 'India')]
    """
    from kg.query import run_query

    result = run_query(store, query, params)
    if result.boolean is not None:
        raise ExportError(f"query {query!r} is an ASK query: it has no rows to draw")
    if not result.rows:
        g = nx.MultiDiGraph(projection="query", query=query, params=dict(params or {}))
        g.graph["notes"] = [f"Query {query}: no rows, nothing to draw."]
        return g
    columns = {v: [row[i] for row in result.rows] for i, v in enumerate(result.vars)}
    entity_cols = [
        v
        for v, values in columns.items()
        if any(x is not None for x in values)
        and all(x is None or isinstance(x, URIRef) for x in values)
    ]
    if not entity_cols:
        raise ExportError(
            f"the query has no column of IRIs to draw (columns: {', '.join(result.vars)}); "
            "select the entities themselves, e.g. ?supplier as well as ?supplierLabel"
        )
    if links:
        for a, b in links:
            for v in (a, b):
                if v not in entity_cols:
                    raise ExportError(
                        f"--link {a} {b}: {v!r} is not a column of IRIs of the query "
                        f"(those are: {', '.join(entity_cols)})"
                    )
        pairs = list(links)
    else:
        pairs = [(entity_cols[0], v) for v in entity_cols[1:]]
    if links:  # the columns named in links are the nodes; the others are details
        drawn = {v for pair in pairs for v in pair}
        entity_cols = [v for v in entity_cols if v in drawn]
    label_cols = {v: f"{v}Label" for v in entity_cols if f"{v}Label" in columns}
    detail_cols = [v for v in result.vars if v not in entity_cols and v not in label_cols.values()]

    g = nx.MultiDiGraph(projection="query", query=query, params=dict(params or {}))
    given_labels: dict[str, str] = {}
    details: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    rows_per_edge: Counter = Counter()
    for row in result.records():
        for v in entity_cols:
            if row[v] is not None:
                g.add_node(row[v])
                if v in label_cols and row[label_cols[v]] is not None:
                    given_labels.setdefault(row[v], str(row[label_cols[v]]))
        text = "; ".join(f"{c}: {row[c]}" for c in detail_cols if row[c] is not None)
        for a, b in pairs:
            u, w = row[a], row[b]
            if u is None or w is None or u == w:
                continue
            link = f"{a} \u2192 {b}"
            key = (u, w, link)
            rows_per_edge[key] += 1
            if text:
                details[key].add(text)
            if not g.has_edge(u, w, link):
                g.add_edge(u, w, key=link, relation=link, directed=True)
    described = _describe(store, sorted(g.nodes))
    for n in g.nodes:
        label, kind = described[n]
        g.nodes[n].update(iri=n, label=given_labels.get(n) or label or n.rsplit("/", 1)[-1])
        if kind:
            g.nodes[n]["kind"] = kind
    for (u, w, b), texts in details.items():
        g.edges[u, w, b]["details"] = sorted(texts)
    for (u, w, b), n in rows_per_edge.items():
        g.edges[u, w, b]["rows"] = n
    shown = ", ".join(f"{a} \u2192 {b}" for a, b in pairs) or "none"
    g.graph["notes"] = [
        f"Query {query}: {len(result.rows):,} rows; nodes are the entities of the columns "
        f"{', '.join(entity_cols)}; edges link {shown}."
    ]
    log.debug("query graph: %d nodes, %d edges", g.number_of_nodes(), g.number_of_edges())
    return g
