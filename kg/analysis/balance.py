"""Structural balance: which triangles of friends and foes are under strain.

In Heider's theory a triangle is *balanced* when the product of its three signs is positive:
all friends (+++), or two friends with a common enemy (+--). It is *unbalanced* otherwise:
a friend of two actors who are enemies (++-: the supplier's dilemma of the S-400 case), or
three mutual enemies (---, which Davis's weaker notion of balance accepts).

The *balance index* is the share of balanced triangles among all triangles of the signed
graph (Cartwright and Harary's degree of balance counted on 3-cycles); the *weak balance
index* counts --- as balanced too. Triangles are enumerated with
:func:`networkx.all_triangles` (O(m * d)), never by testing every triple of actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from kg.analysis.result import AnalysisResult
from kg.facts import Facts, read_facts
from kg.project import relation_graph_of, signed_graph_of
from kg.store import Store

__all__ = [
    "balance",
    "signed_triangles",
    "triangle_census",
    "balance_index",
    "is_balanced",
    "PATTERNS",
]

QUESTION = (
    "Which triangles of the signed graph are unbalanced (a friend of two enemies, or three "
    "enemies), and what share of triangles is balanced?"
)
COLUMNS = (
    ("pattern", "signs"),
    ("actors_label", "actors"),
    ("pivot_label", "friend of both"),
    ("edges_label", "relations"),
    ("facts_count", "facts"),
    ("sources", "sources"),
)
#: Triangle patterns by number of negative edges.
PATTERNS = ("+++", "++-", "+--", "---")


def is_balanced(signs: Iterable[int]) -> bool:
    """Whether a cycle with these signs is balanced: an even number of negative edges.

    >>> is_balanced([1, 1, -1]), is_balanced([1, -1, -1])
    (False, True)
    """
    return sum(1 for s in signs if s < 0) % 2 == 0


def signed_triangles(g: nx.Graph) -> Iterator[tuple[tuple[str, str, str], tuple[int, int, int]]]:
    """Each triangle of a signed graph as sorted nodes (a, b, c) and the signs of
    (a-b, a-c, b-c), in a deterministic order.

    >>> g = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> list(signed_triangles(g))
    [(('a', 'b', 'c'), (1, 1, -1))]
    """
    yield from sorted(_triangles(g))


def _triangles(g: nx.Graph) -> Iterator[tuple[tuple[str, str, str], tuple[int, int, int]]]:
    """Like :func:`signed_triangles`, in no particular order (no sort of all triangles)."""
    sign = {}
    for u, v, s in g.edges(data="sign"):
        sign[(u, v) if u < v else (v, u)] = s
    for t in nx.all_triangles(g):
        a, b, c = sorted(t)
        yield (a, b, c), (sign[(a, b)], sign[(a, c)], sign[(b, c)])


def triangle_census(g: nx.Graph) -> dict[str, int]:
    """How many triangles have each pattern of signs.

    >>> g = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> triangle_census(g)
    {'+++': 0, '++-': 1, '+--': 0, '---': 0}
    """
    counts: Counter = Counter()
    for _, signs in _triangles(g):
        counts[PATTERNS[(signs[0] < 0) + (signs[1] < 0) + (signs[2] < 0)]] += 1
    return {p: counts[p] for p in PATTERNS}


def balance_index(g: nx.Graph, weak: bool = False) -> float | None:
    """The share of balanced triangles (None when the graph has no triangle).

    With ``weak=True``, three mutual enemies count as balanced (Davis's weak balance).

    >>> g = nx.complete_graph(4)
    >>> nx.set_edge_attributes(g, 1, "sign")
    >>> balance_index(g)
    1.0
    >>> g.edges[0, 1]["sign"] = -1
    >>> balance_index(g)  # the two triangles through edge 0-1 are now unbalanced
    0.5
    """
    census = triangle_census(g)
    total = sum(census.values())
    if not total:
        return None
    balanced = census["+++"] + census["+--"] + (census["---"] if weak else 0)
    return balanced / total


def balance(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    mixed: str = "negative",
    include_balanced: bool = False,
    limit: int | None = None,
) -> AnalysisResult:
    """The unbalanced triangles of the signed graph, ranked, and the balance index.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    as_of, period, sources, min_certainty
        The filters of :func:`kg.project.signed_graph`.
    mixed : {"negative", "positive", "drop"}
        The sign of a pair both cooperating and hostile (see :func:`kg.project.signed_graph`).
    include_balanced : bool
        List the balanced triangles too (after the unbalanced ones).
    limit : int, optional
        Build only the first ``limit`` rows (the census still counts every triangle): a
        dense signed graph has hundreds of thousands of triangles.

    Returns
    -------
    AnalysisResult
        One row per triangle: the friend-of-two-enemies pattern (++-) first, then three
        enemies (---), each by the number of facts behind its edges (best documented
        first). The summary holds the census of patterns, the balance index and the weak
        balance index.

    Examples
    --------
    >>> result = balance(facts)
    >>> [(r["pattern"], r["actors_label"], r["pivot_label"]) for r in result.rows]
    [('++-', ['China', 'India', 'Russia'], 'Russia')]
    >>> result.summary["balance_index"]
    0.0
    """
    facts = read_facts(store)
    sel = facts.select(as_of, period, sources, min_certainty)
    g = signed_graph_of(relation_graph_of(sel), mixed)
    census: Counter = Counter()
    edge_facts = {((u, v) if u < v else (v, u)): set(d["facts"]) for u, v, d in g.edges(data=True)}
    labels = {n: facts.label(n) for n in g.nodes}
    ranked = []
    for nodes, signs in _triangles(g):
        negatives = (signs[0] < 0) + (signs[1] < 0) + (signs[2] < 0)
        census[PATTERNS[negatives]] += 1
        balanced = negatives % 2 == 0
        if balanced and not include_balanced:
            continue
        a, b, c = nodes
        evidence = len(edge_facts[(a, b)] | edge_facts[(a, c)] | edge_facts[(b, c)])
        key = (balanced, negatives != 1, -evidence, sorted(labels[n] for n in nodes), nodes)
        ranked.append((key, nodes, signs, negatives))
    ranked.sort(key=lambda item: item[0])
    rows = [_row(g, facts, n, s, neg) for _, n, s, neg in ranked[:limit]]
    total = sum(census.values())
    balanced_n = census["+++"] + census["+--"]
    summary = {
        "triangles": total,
        "balanced": balanced_n,
        "unbalanced": total - balanced_n,
        "census": {p: census[p] for p in PATTERNS},
        "balance_index": balanced_n / total if total else None,
        "weak_balance_index": (balanced_n + census["---"]) / total if total else None,
        "signed_edges": g.number_of_edges(),
        "negative_edges": sum(1 for *_, s in g.edges(data="sign") if s < 0),
    }
    return AnalysisResult(
        "balance", QUESTION, COLUMNS, rows, dict(sel.params(), mixed=mixed), summary
    )


def _row(
    g: nx.Graph,
    facts: Facts,
    nodes: tuple[str, str, str],
    signs: tuple[int, int, int],
    negatives: int,
) -> dict[str, Any]:
    a, b, c = nodes
    pairs = ((a, b), (a, c), (b, c))
    edges = []
    sources: set[str] = set()
    fact_iris: set[str] = set()
    for (u, v), sign in zip(pairs, signs):
        d = g.edges[u, v]
        sources.update(d["sources"])
        fact_iris.update(d["facts"])
        edges.append(
            {
                "between": [u, v],
                "labels": [facts.label(u), facts.label(v)],
                "sign": sign,
                "relations": d["relations"],
                "label": d["label"],
                "facts": d["facts"],
                "sources": d["sources"],
            }
        )
    pivot = None
    if negatives == 1:
        # the node not on the negative edge is the friend of both enemies
        (u, v), _ = next((p, s) for p, s in zip(pairs, signs) if s < 0)
        pivot = next(n for n in nodes if n not in (u, v))
    src = sorted(sources)
    labels = sorted(facts.label(n) for n in nodes)
    return {
        "pattern": PATTERNS[negatives],
        "balanced": negatives % 2 == 0,
        "weakly_balanced": negatives != 1,
        "actors": list(nodes),
        "actors_label": labels,
        "pivot": pivot,
        "pivot_label": facts.label(pivot) if pivot else None,
        "edges": edges,
        "edges_label": [
            f"{e['labels'][0]}-{e['labels'][1]} {'+' if e['sign'] > 0 else '-'}"
            f"({', '.join(e['relations'])})"
            for e in edges
        ],
        "facts": sorted(fact_iris),
        "facts_count": len(fact_iris),
        "sources": src,
        "source_titles": facts.titles(src),
    }
