"""What an export draws: projections, focus, reduced views, findings and query results."""

from __future__ import annotations

import networkx as nx
import pytest
from export_graphs import CHINA, INDIA, RUSSIA, hostile_graph, star_forest

from kg.errors import ExportError
from kg.export.select import select
from kg.export.view import Finding, find_node, focus, mark, query_graph, reduce, view
from kg.project import relation_graph

S400_CAST = [
    "China",
    "F-35 programme",
    "India",
    "North Atlantic Treaty Organization",
    "Russia",
    "Türkiye",
]
#: Every actor with a relation in the default seeds: the article's cast, and Belarus, whose
#: S-400s (ordered 2021) only SIPRI's trade register records.
SEED_ACTORS = sorted([*S400_CAST, "Belarus"])


def labels(g) -> list[str]:
    return sorted(g.nodes[n]["label"] for n in g)


def test_the_dual_supply_view_of_the_seeds_draws_the_s400_cast(seed_store):
    g = view(select(seed_store, analysis="dual-supply"))
    assert set(S400_CAST) <= set(labels(g)), labels(g)
    # no filter: the whole default graph is drawn, Russia's sale to Belarus too
    assert labels(g) == SEED_ACTORS, labels(g)


def test_the_dual_supply_findings_are_russias_supply_edges_and_the_dispute(seed_store):
    g = select(seed_store, analysis="dual-supply")
    marked = sorted(
        (g.nodes[u]["label"], g.nodes[v]["label"], k)
        for u, v, k, d in g.edges(keys=True, data=True)
        if d.get("findings")
    )
    assert marked == [
        ("China", "India", "dispute"),
        ("Russia", "China", "supply"),
        ("Russia", "India", "supply"),
    ], marked
    assert [f["text"][:39] for f in g.graph["findings"]] == [
        "Russia arms both sides of China-India H"
    ], g.graph["findings"]


def test_the_relation_graph_holds_the_crisis_and_the_membership_the_acceptance_needs(seed_store):
    g = select(seed_store)
    relations = sorted({k for *_, k in g.edges(keys=True)})
    assert {"crisis", "membership", "dispute", "supply"} <= set(relations), relations


def test_a_balance_view_marks_the_unbalanced_triangle(seed_store):
    g = select(seed_store, analysis="balance")
    marked = sorted(g.nodes[n]["label"] for n, d in g.nodes(data=True) if d.get("findings"))
    assert marked == ["China", "India", "Russia"], marked


def test_the_export_draws_the_same_graph_as_the_projection(seed_store):
    drawn, projected = (
        select(seed_store, as_of="2021-02-07"),
        relation_graph(seed_store, as_of="2021-02-07"),
    )
    assert sorted(drawn.edges(keys=True)) == sorted(projected.edges(keys=True))


@pytest.mark.parametrize(
    "name, depth, expected",
    [
        (
            "Turkey",
            1,
            ["F-35 programme", "North Atlantic Treaty Organization", "Russia", "Türkiye"],
        ),
        ("NATO", 1, ["North Atlantic Treaty Organization", "Türkiye"]),
        ("NATO", 2, ["F-35 programme", "North Atlantic Treaty Organization", "Russia", "Türkiye"]),
        ("Moscow", 0, ["Russia"]),
    ],
    ids=["turkey", "nato-1", "nato-2", "alias-depth-0"],
)
def test_focus_draws_an_entity_and_its_neighbourhood(seed_store, name, depth, expected):
    g = select(seed_store, center=name, depth=depth)
    assert labels(g) == expected, labels(g)
    assert g.graph["notes"][-1].startswith("Focus: "), g.graph["notes"]


def test_focus_on_an_entity_without_relations_says_so(seed_store):
    with pytest.raises(ExportError, match="has no relation in this selection"):
        select(seed_store, center="NATO", as_of="2010-01-01")  # the crisis began in 2017


def test_focus_on_an_unknown_name_says_so(seed_store):
    with pytest.raises(ExportError, match="Narnia"):
        select(seed_store, center="Narnia")


def test_an_unknown_analysis_is_refused_with_the_choices(seed_store):
    with pytest.raises(ExportError, match="dual-supply, balance"):
        select(seed_store, analysis="centrality")


def test_a_query_takes_its_own_parameters_not_the_projection_filters(seed_store):
    with pytest.raises(ExportError, match="a query selects its own rows"):
        select(seed_store, query="dual-supply", as_of="2020")


def test_find_node_knows_iris_ids_and_labels():
    g = hostile_graph()
    assert find_node(g, "rus") == find_node(g, "Russia") == find_node(g, RUSSIA) == RUSSIA


def test_find_node_on_an_ambiguous_name_lists_the_candidates():
    g = nx.Graph()
    g.add_node("https://w3id.org/kg/id/actor/a", label="Georgia")
    g.add_node("https://w3id.org/kg/id/actor/b", label="Georgia")
    with pytest.raises(ExportError, match="names 2 nodes"):
        find_node(g, "georgia")


def test_focus_leaves_its_input_alone():
    g = hostile_graph()
    before = (g.number_of_nodes(), g.number_of_edges(), dict(g.graph))
    focus(g, CHINA, 0)
    assert (g.number_of_nodes(), g.number_of_edges(), dict(g.graph)) == before


def test_nodes_without_relations_are_left_out_and_counted():
    g = hostile_graph()
    g.add_node("https://w3id.org/kg/id/actor/lonely", label="Lonely", kind="State")
    v = view(g)
    assert "https://w3id.org/kg/id/actor/lonely" not in v
    assert "Not drawn: 1 node without any relation in this selection." in v.graph["notes"]
    assert "https://w3id.org/kg/id/actor/lonely" in view(g, keep_isolates=True)


def test_a_large_graph_is_reduced_to_its_best_connected_nodes_and_the_view_says_so():
    g = star_forest(stars=10, leaves=200)  # 2,010 nodes: past the 1,500 limit
    v = view(g)
    hubs = [n for n in g if "hub" in n]
    assert v.number_of_nodes() == 1500, v.number_of_nodes()
    assert all(h in v for h in hubs), "the hubs are the best connected and must stay"
    assert v.graph["notes"][0].startswith(
        "Reduced view: the 1,500 best-connected of 2,010 nodes"
    ), v.graph["notes"]


def test_reduction_keeps_the_focus_and_the_findings_whatever_their_rank():
    g = star_forest(stars=3, leaves=50)
    leaf = next(n for n in g if "leaf002-0049" in n)
    g = mark(g, [Finding("this leaf matters", (leaf,))], "test")
    v = view(g, max_nodes=5)
    assert leaf in v and v.number_of_nodes() == 5, sorted(v)


def test_too_many_edges_keeps_the_heaviest_and_says_so():
    g = star_forest(stars=1, leaves=30)  # deals cycle 1, 2, 3: ten edges of each weight
    v = reduce(g, max_edges=10)
    assert sorted({d["deals"] for *_, d in v.edges(data=True)}) == [3], "only the heaviest stay"
    assert "heaviest of 30 edges" in v.graph["notes"][-1], v.graph["notes"]


def test_the_same_graph_gives_the_same_reduced_view():
    a = view(star_forest(4, 500), max_nodes=100)
    b = view(star_forest(4, 500), max_nodes=100)
    assert sorted(a) == sorted(b)


def test_a_finding_marks_symmetric_edges_in_either_direction():
    g = mark(hostile_graph(), [Finding("they quarrel", (), ((INDIA, CHINA, "dispute"),))], "test")
    assert g.edges[CHINA, INDIA, "dispute"]["findings"] == ["they quarrel"]


def test_an_analysis_that_finds_nothing_says_so_in_the_notes():
    g = mark(hostile_graph(), [], "Dual supply")
    assert g.graph["notes"][-1] == "Dual supply: nothing found in this selection.", g.graph["notes"]


def test_a_query_becomes_a_star_of_its_iri_columns_with_labels_from_the_rows(seed_store):
    g = query_graph(seed_store, "dual-supply")
    links = sorted({k for *_, k in g.edges(keys=True)})
    assert links == ["supplier → deal", "supplier → dispute", "supplier → recipient"], links
    assert g.nodes[RUSSIA]["label"] == "Russia" and g.nodes[RUSSIA]["kind"] == "State"
    dispute = next(n for n in g if "/relation/" in n or "dispute" in n)
    assert g.nodes[dispute]["kind"] == "Dispute", g.nodes[dispute]


def test_query_edges_list_the_rows_other_values(seed_store):
    g = query_graph(seed_store, "dual-supply", links=[("supplier", "recipient")])
    details = g.edges[RUSSIA, CHINA, "supplier → recipient"]["details"]
    assert any("orderDate: 2015" in d for d in details), details


@pytest.mark.parametrize(
    "system, deals",
    [
        # the article's three deals (SIPRI's rows for them share their IRIs, so each is one
        # node) and SIPRI's order from Belarus; the missiles' rows name other systems
        (
            "S-400",
            ["ru-cn-s400-2015", "ru-in-s400-2018", "ru-tr-s400-2017", "sipri-RUS-BLR-2021-S-400"],
        ),
        ("F-35", []),
    ],
    ids=["s400", "f35"],
)
def test_query_parameters_reach_the_query(seed_store, system, deals):
    g = view(query_graph(seed_store, "system-orders", {"system": system}))
    assert sorted(g) == ["https://w3id.org/kg/id/deal/" + d for d in deals], sorted(g)


def test_a_query_without_iri_columns_says_what_to_select(seed_store):
    with pytest.raises(ExportError, match="no column of IRIs"):
        query_graph(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def test_a_link_to_an_unknown_column_names_the_columns_there_are(seed_store):
    with pytest.raises(ExportError, match="those are: supplier, recipient, dispute, deal"):
        query_graph(seed_store, "dual-supply", links=[("supplier", "nope")])


def test_nodes_left_without_edges_by_the_edge_limit_are_not_drawn():
    g = star_forest(stars=2, leaves=3)  # hub 0 with leaves of 1..3 deals, hub 1 likewise
    v = reduce(g, max_edges=2)  # the two 3-deal edges stay
    assert v.number_of_nodes() == 4 and v.number_of_edges() == 2, sorted(v)
    assert v.graph["notes"][-1].endswith("nor the 4 nodes they alone connected."), v.graph["notes"]
