"""Properties of structural balance on small random signed graphs (Hypothesis)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analysis.balance import balance_index, is_balanced, signed_triangles, triangle_census

# Up to 9 nodes: at most 84 triangles, small enough for Hypothesis to shrink failures.
MAX_NODES = 9
EITHER_SIGN = st.sampled_from([1, -1])


@st.composite
def signed_graphs(draw, signs=EITHER_SIGN, min_nodes=3):
    """A random simple graph on string nodes, each edge with a random sign."""
    n = draw(st.integers(min_nodes, MAX_NODES))
    pairs = [(f"n{i}", f"n{j}") for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    g = nx.Graph()
    g.add_nodes_from(f"n{i}" for i in range(n))
    for u, v in chosen:
        g.add_edge(u, v, sign=draw(signs))
    return g


@given(signed_graphs(signs=st.just(1)))
def test_an_all_positive_graph_is_balanced(g):
    census = triangle_census(g)
    assert census["++-"] == census["+--"] == census["---"] == 0, census
    assert balance_index(g) in (1.0, None), balance_index(g)


@given(st.lists(st.sampled_from([1, -1]), min_size=3, max_size=3), st.integers(0, 2))
def test_flipping_one_edge_of_a_balanced_triangle_unbalances_it(signs, which):
    if not is_balanced(signs):
        signs[0] = -signs[0]  # make it balanced first
    g = nx.Graph()
    for (u, v), s in zip((("a", "b"), ("a", "c"), ("b", "c")), signs):
        g.add_edge(u, v, sign=s)
    assert balance_index(g) == 1.0, signs
    u, v = (("a", "b"), ("a", "c"), ("b", "c"))[which]
    g.edges[u, v]["sign"] *= -1
    assert balance_index(g) == 0.0, (signs, which)


@given(signed_graphs(), st.data())
def test_flipping_one_edge_unbalances_every_balanced_triangle_through_it(g, data):
    triangles = dict(signed_triangles(g))
    balanced = [t for t, signs in triangles.items() if is_balanced(signs)]
    if not balanced:
        return
    a, b, _ = data.draw(st.sampled_from(balanced))
    g.edges[a, b]["sign"] *= -1
    after = dict(signed_triangles(g))
    for t, signs in triangles.items():
        through = a in t and b in t
        assert is_balanced(after[t]) == (is_balanced(signs) != through), (t, signs, after[t])


@given(signed_graphs(), st.randoms(use_true_random=False))
def test_the_balance_index_does_not_depend_on_the_names_of_the_actors(g, random):
    names = [f"actor {i}" for i in range(g.number_of_nodes())]
    random.shuffle(names)
    renamed = nx.relabel_nodes(g, dict(zip(sorted(g.nodes), names)))
    assert balance_index(renamed) == balance_index(g)
    assert triangle_census(renamed) == triangle_census(g)


@given(signed_graphs(signs=st.just(1)), st.data())
@settings(max_examples=50)
def test_two_hostile_camps_friendly_within_are_balanced(g, data):
    """Harary's structure theorem: a graph split into two camps is balanced."""
    camp = {n: data.draw(st.booleans(), label=n) for n in sorted(g.nodes)}
    for u, v in g.edges:
        g.edges[u, v]["sign"] = 1 if camp[u] == camp[v] else -1
    assert balance_index(g) in (1.0, None)


@given(signed_graphs())
def test_the_census_counts_every_triangle_once(g):
    census = triangle_census(g)
    assert sum(census.values()) == sum(nx.triangles(g).values()) // 3, census
    weak = balance_index(g, weak=True)
    strong = balance_index(g)
    assert strong is None or weak >= strong, (strong, weak)
