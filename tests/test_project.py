"""Projections: the transfer network, the relation graph and the signed graph, and the facts,
dates, sources and certainty they are taken from."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from kg.errors import AnalysisError, KGError
from kg.facts import Facts, window
from kg.project import RELATIONS, SIGNS, relation_graph, signed_graph, transfer_network
from tests.conftest import FIXTURE_SOURCES

ID = "https://w3id.org/kg/id/"
RUS, CHN, IND, TUR, NATO = (ID + "actor/" + c for c in ("RUS", "CHN", "IND", "TUR", "NATO"))
USA, PAK, FRA, GBR = (ID + "actor/" + c for c in ("USA", "PAK", "FRA", "GBR"))
ARTICLE = ID + "source/episkopos-2021-s400"
TRADE, REGISTER = (ID + "source/" + s for s in FIXTURE_SOURCES)
EDGE_KEYS = {
    "relation",
    "directed",
    "label",
    "start",
    "start_earliest",
    "start_latest",
    "end",
    "end_earliest",
    "end_latest",
    "sources",
    "source_titles",
    "facts",
}


def _labelled_edges(g) -> list[tuple[str, str]]:
    return sorted((g.nodes[u]["label"], g.nodes[v]["label"]) for u, v in g.edges())


# ------------------------------------------------------------------ the contract


def test_every_node_has_its_iri_label_and_kind(seed_facts):
    g = relation_graph(seed_facts)
    for n, data in g.nodes(data=True):
        assert data["iri"] == n and data["label"] and data["kind"], (n, data)
    assert g.nodes[RUS]["kind"] == "State", g.nodes[RUS]
    assert g.nodes[ID + "actor/f-35-programme"]["kind"] == "Programme"
    assert g.nodes[NATO]["kind"] == "Alliance", g.nodes[NATO]


@pytest.mark.parametrize("projection", [transfer_network, relation_graph, signed_graph])
def test_every_edge_carries_the_contract_attributes(seed_facts, projection):
    g = projection(seed_facts)
    assert g.number_of_edges() > 0
    for *_, data in g.edges(data=True):
        missing = EDGE_KEYS - set(data)
        assert not missing, (missing, data)
        assert data["relation"] in RELATIONS, data
        assert data["sources"] == sorted(data["sources"]), data
        assert len(data["source_titles"]) == len(data["sources"]), data
        assert data["facts"] == sorted(data["facts"]), data


def test_the_article_s_s400_deals_make_three_supply_edges_from_russia(seed_facts):
    g = transfer_network(seed_facts, sources=[ARTICLE])
    assert isinstance(g, nx.DiGraph) and not g.is_multigraph()
    assert sorted(g.successors(RUS)) == sorted([CHN, IND, TUR])
    india = g.edges[RUS, IND]
    assert india["deals"] == 1, india
    assert india["value"] == {"USD": 5_430_000_000.0}, india
    assert india["tiv_delivered"] is None, "the article gives no TIV"
    assert india["facts"] == [ID + "deal/ru-in-s400-2018"], india
    assert india["sources"] == [ARTICLE], india
    assert india["source_titles"][0].startswith("More S-400 Trouble"), india
    assert (india["start"], india["start_earliest"], india["start_latest"]) == (
        "2018",
        "2018-01-01",
        "2018-12-31",
    ), india
    assert india["end"] is None, "no delivery year is recorded: the deal goes on"
    assert india["systems"] == [ID + "system/S-400"], india


def test_the_relation_graph_keys_edges_by_relation(seed_facts):
    g = relation_graph(seed_facts, sources=[ARTICLE])
    assert isinstance(g, nx.MultiDiGraph)
    keys = sorted((g.nodes[u]["label"], g.nodes[v]["label"], k) for u, v, k in g.edges(keys=True))
    assert keys == [
        ("China", "India", "dispute"),
        ("China", "Russia", "partnership"),
        ("India", "Russia", "partnership"),
        ("North Atlantic Treaty Organization", "Türkiye", "crisis"),
        ("Russia", "China", "supply"),
        ("Russia", "India", "supply"),
        ("Russia", "Türkiye", "supply"),
        ("Türkiye", "F-35 programme", "membership"),
    ], keys


def test_symmetric_relations_are_stored_once_smaller_iri_first(seed_facts):
    g = relation_graph(seed_facts)
    for u, v, k, directed in g.edges(keys=True, data="directed"):
        if k in ("dispute", "partnership", "crisis", "alliance"):
            assert u < v and directed is False, (u, v, k)
        else:
            assert directed is True, (u, v, k)


def test_the_signed_graph_has_the_seed_s_friends_and_enemies(seed_facts):
    g = signed_graph(seed_facts, sources=[ARTICLE])
    assert not g.is_directed()
    signs = {frozenset((u, v)): s for u, v, s in g.edges(data="sign")}
    assert signs == {
        frozenset((RUS, CHN)): 1,
        frozenset((RUS, IND)): 1,
        frozenset((RUS, TUR)): 1,
        frozenset((CHN, IND)): -1,
        frozenset((TUR, NATO)): -1,
    }, signs
    assert g.edges[RUS, CHN]["relations"] == ["partnership", "supply"]
    assert g.edges[RUS, CHN]["relation"] == "supply", "the first relation of the sign decides"
    assert g.edges[CHN, IND]["label"] == "dispute: China-India Himalayan border dispute"


def test_membership_has_no_sign_so_it_stays_out_of_the_signed_graph(seed_facts):
    g = signed_graph(seed_facts)
    assert ID + "actor/f-35-programme" not in g
    assert "membership" not in SIGNS


def test_graph_attributes_record_the_filters(seed_facts):
    g = transfer_network(seed_facts, period=(2015, 2018), sources=["episkopos-2021-s400"])
    assert g.graph == {
        "projection": "transfer",
        "since": "2015-01-01",
        "until": "2018-12-31",
        "sources": [ARTICLE],
    }, g.graph


def test_a_store_and_the_facts_read_from_it_give_the_same_graph(seed_store, seed_facts):
    a, b = transfer_network(seed_store), transfer_network(seed_facts)
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))


def test_rdflib_s_memory_store_gives_the_same_projections_as_oxigraph(seed_facts):
    from kg.build import dataset_from_paths

    memory = Facts.read(dataset_from_paths(backend="memory"))
    for projection in (transfer_network, relation_graph, signed_graph):
        a, b = projection(seed_facts), projection(memory)
        assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True)), projection
        assert sorted(a.edges(data=True)) == sorted(b.edges(data=True)), projection


# ------------------------------------------------------------------ as of a day, over a period


@pytest.mark.parametrize(
    "as_of, recipients",
    [
        ("2014-12-31", []),  # nothing ordered yet
        ("2015-06-30", []),  # the 2015 order may still lie ahead: not certainly begun
        ("2015-12-31", ["China"]),
        ("2017-12-31", ["China", "Türkiye"]),
        ("2019-12-31", ["China", "India", "Türkiye"]),  # orders of 2015, 2017 and 2018
        ("2019", ["China", "India", "Türkiye"]),  # a year is its last day
    ],
    ids=["2014", "mid-2015", "end-2015", "end-2017", "end-2019", "year-2019"],
)
def test_supply_edges_exist_once_their_order_is_certainly_placed(seed_facts, as_of, recipients):
    g = transfer_network(seed_facts, as_of=as_of, sources=[ARTICLE])
    got = sorted(g.nodes[v]["label"] for v in g.successors(RUS)) if RUS in g else []
    assert got == recipients, (as_of, got)


@pytest.mark.parametrize(
    "as_of, holds",
    [
        ("2019-12-31", False),  # the dispute began in 2020: not certainly by then
        ("2020-12-31", True),
        ("2021-02-07", True),  # the article says it was going on that day
    ],
)
def test_the_border_dispute_holds_once_2020_is_over(seed_facts, as_of, holds):
    g = relation_graph(seed_facts, as_of=as_of)
    assert g.has_edge(CHN, IND, "dispute") is holds, as_of


def test_an_open_start_counts_from_its_earliest_day(seed_facts):
    """The Turkey-NATO crisis is dated "since 2017"."""
    assert not relation_graph(seed_facts, as_of="2016-12-31").has_edge(NATO, TUR, "crisis")
    assert relation_graph(seed_facts, as_of="2017-01-01").has_edge(NATO, TUR, "crisis")


def test_a_membership_whose_end_may_have_come_no_longer_holds(seed_facts):
    """Turkey left the F-35 programme between 2017 and the article's date."""
    f35 = ID + "actor/f-35-programme"
    assert relation_graph(seed_facts, as_of="2016-12-31").has_edge(TUR, f35, "membership")
    assert not relation_graph(seed_facts, as_of="2019-12-31").has_edge(TUR, f35, "membership")
    over = relation_graph(seed_facts, period=(2016, 2021))
    assert over.has_edge(TUR, f35, "membership"), "it held at some moment of the period"


def test_a_period_keeps_what_certainly_held_at_some_moment_of_it(fixture_facts):
    # the invented USA -> Pakistan deal was delivered in 1983-1984 (1983-1985 per the register)
    assert transfer_network(fixture_facts, period=(1984, 1990)).has_edge(USA, PAK)
    assert not transfer_network(fixture_facts, period=(1986, 1990)).has_edge(USA, PAK)
    assert not transfer_network(fixture_facts, as_of="1986-06-30").has_edge(USA, PAK)


def test_tiv_counts_only_the_years_of_delivery_within_the_period(fixture_facts):
    g = transfer_network(fixture_facts, period=(1981, 1985), sources=FIXTURE_SOURCES)
    # 1,000 TIV over ten years (1981-1990): five of them fall within 1981-1985
    assert g.edges[RUS, IND]["tiv_delivered"] == pytest.approx(500.0)
    g = transfer_network(fixture_facts, as_of="1983-12-31", sources=FIXTURE_SOURCES)
    # as of the end of 1983, three years (1981-1983) are certainly over
    assert g.edges[RUS, IND]["tiv_delivered"] == pytest.approx(300.0)


@pytest.mark.parametrize(
    "as_of, period, message",
    [
        ("2019", (2010, None), "not both"),
        (None, (2020, 2010), "ends"),
        ("sometime", None, "as of"),
    ],
    ids=["both", "backwards", "unreadable"],
)
def test_a_window_that_makes_no_sense_is_an_error(seed_facts, as_of, period, message):
    with pytest.raises(AnalysisError, match=message):
        transfer_network(seed_facts, as_of=as_of, period=period)


def test_window_reads_years_and_fuzzy_dates():
    assert window(period=("mid-1990", "1999")).first == date(1990, 5, 1)
    assert window(period=("mid-1990", "1999")).last == date(1999, 12, 31)
    assert window() is None


# ------------------------------------------------------------------ sources, certainty, merging


def test_two_sources_records_of_one_deal_count_once(fixture_facts):
    edge = transfer_network(fixture_facts, sources=FIXTURE_SOURCES).edges[USA, PAK]
    assert edge["deals"] == 1, edge
    assert edge["facts"] == [ID + "deal/fx-us-pk-1981", ID + "deal/fxb-us-pk-1981"], edge
    assert edge["sources"] == [REGISTER, TRADE], edge
    # the register says 210 TIV, the trade records 200: alternatives, not addends
    assert edge["tiv_delivered"] == pytest.approx(210.0), edge


def test_one_deal_described_by_two_sources_keeps_the_larger_figure(fixture_facts):
    edge = transfer_network(fixture_facts, sources=FIXTURE_SOURCES).edges[USA, IND]
    assert edge["facts"] == [ID + "deal/fx-us-in-1985"] and edge["deals"] == 1, edge
    assert edge["tiv_delivered"] == pytest.approx(60.0), edge


def test_tiv_and_money_are_never_added_together(fixture_facts):
    edge = transfer_network(fixture_facts, sources=FIXTURE_SOURCES).edges[FRA, PAK]
    assert edge["tiv_delivered"] is None and edge["value"] == {"EUR": 100_000_000.0}, edge


@pytest.mark.parametrize(
    "sources, tiv",
    [(["fixture-trade"], 200.0), (["fixture-register"], 210.0), (list(FIXTURE_SOURCES), 210.0)],
    ids=["trade", "register", "both"],
)
def test_a_source_filter_keeps_that_source_s_claims_only(fixture_facts, sources, tiv):
    edge = transfer_network(fixture_facts, sources=sources).edges[USA, PAK]
    assert edge["tiv_delivered"] == pytest.approx(tiv), edge


def test_sources_can_be_named_by_iri(fixture_facts):
    g = transfer_network(fixture_facts, sources=[ARTICLE])
    assert sorted(g.successors(RUS)) == sorted([CHN, IND, TUR])


def test_an_unknown_source_is_an_error_listing_the_known_ones(seed_facts):
    with pytest.raises(AnalysisError, match="unknown source 'nope'.*episkopos-2021-s400"):
        transfer_network(seed_facts, sources=["nope"])


@pytest.mark.parametrize(
    "min_certainty, pakistan_suppliers",
    [
        (None, ["France", "United States"]),
        ("disputed", ["France", "United States"]),
        ("estimated", ["United States"]),  # France's deal is disputed
        ("confirmed", ["United States"]),
    ],
)
def test_min_certainty_drops_less_certain_claims(fixture_facts, min_certainty, pakistan_suppliers):
    g = transfer_network(fixture_facts, sources=FIXTURE_SOURCES, min_certainty=min_certainty)
    got = sorted(g.nodes[u]["label"] for u in g.predecessors(PAK))
    assert got == pakistan_suppliers, got


def test_a_claim_without_certainty_counts_as_confirmed(fixture_facts):
    # the trade source calls USA -> India "reported"; the register states it plainly
    g = transfer_network(fixture_facts, sources=["fixture-trade"], min_certainty="confirmed")
    assert not g.has_edge(USA, IND)
    g = transfer_network(fixture_facts, sources=FIXTURE_SOURCES, min_certainty="confirmed")
    assert g.edges[USA, IND]["sources"] == [REGISTER], g.edges[USA, IND]


def test_an_unknown_certainty_is_an_error_naming_the_levels(seed_facts):
    with pytest.raises(AnalysisError, match="confirmed, reported"):
        transfer_network(seed_facts, min_certainty="sure")


# ------------------------------------------------------------------ alliances, sanctions, signs


def test_alliance_co_members_get_an_alliance_edge_while_both_are_members(fixture_facts):
    g = relation_graph(fixture_facts, as_of="1970", sources=FIXTURE_SOURCES)
    alliance = sorted(
        tuple(sorted((g.nodes[u]["label"], g.nodes[v]["label"])))
        for u, v, k in g.edges(keys=True)
        if k == "alliance"
    )
    assert alliance == [
        ("Pakistan", "United Kingdom"),
        ("Pakistan", "United States"),
        ("United Kingdom", "United States"),
    ], alliance
    edge = g.edges[PAK, USA, "alliance"]
    assert edge["alliances"] == ["Test Treaty Organisation"], edge
    assert (edge["start"], edge["end"]) == ("1955", "1979"), "the later start, the earlier end"
    later = relation_graph(fixture_facts, as_of="1990", sources=FIXTURE_SOURCES)
    assert [k for *_, k in later.edges(keys=True) if k == "alliance"] == [], "ended in 1979"


def test_a_sanction_runs_from_imposer_to_target(fixture_facts):
    g = relation_graph(fixture_facts, as_of="1995", sources=FIXTURE_SOURCES)
    assert g.has_edge(USA, PAK, "sanction") and not g.has_edge(PAK, USA, "sanction")
    assert g.edges[USA, PAK, "sanction"]["sign"] == -1


@pytest.mark.parametrize(
    "mixed, sign", [("negative", -1), ("positive", 1)], ids=["negative", "positive"]
)
def test_a_pair_both_allied_and_sanctioned_gets_the_chosen_sign(fixture_facts, mixed, sign):
    g = signed_graph(fixture_facts, sources=FIXTURE_SOURCES, mixed=mixed)
    edge = g.edges[USA, PAK]
    assert edge["sign"] == sign and edge["mixed"] is True, edge
    assert edge["positive"] == ["supply", "alliance"] and edge["negative"] == ["sanction"], edge


def test_mixed_drop_leaves_an_ambivalent_pair_out(fixture_facts):
    g = signed_graph(fixture_facts, sources=FIXTURE_SOURCES, mixed="drop")
    assert not g.has_edge(USA, PAK)
    with pytest.raises(KGError, match="mixed"):
        signed_graph(fixture_facts, mixed="maybe")


def test_deals_in_a_dispute_dataset_without_sides_oppose_every_pair(seed_facts):
    dispute = next(r for r in seed_facts.select().relations if r.relation == "dispute")
    assert dispute.sided is False and dispute.sides == ((CHN,), (IND,)), dispute
    assert list(dispute.pairs()) == [(CHN, IND)]


def test_a_dispute_with_sides_opposes_across_sides_only(fixture_facts):
    dispute = next(r for r in fixture_facts.select().relations if r.iri.endswith("/fx-in-pk"))
    assert dispute.sided is True and dispute.sides == ((IND,), (PAK,)), dispute


# ------------------------------------------------------------------ resolving names


@pytest.mark.parametrize(
    "name, kinds, iri",
    [
        ("Moscow", ["Actor"], RUS),
        ("RUS", ["Actor"], RUS),
        ("S-400", None, ID + "system/S-400"),
        ("ru-cn-s400-2015", ["ArmsDeal"], ID + "deal/ru-cn-s400-2015"),
        (RUS, None, RUS),
    ],
    ids=["capital", "code", "alias", "deal-id", "iri"],
)
def test_names_resolve_to_one_entity(seed_facts, name, kinds, iri):
    assert seed_facts.resolve(name, kinds) == iri


def test_an_unknown_name_is_an_error(seed_facts):
    with pytest.raises(AnalysisError, match="no Actor is called 'Atlantis'"):
        seed_facts.resolve("Atlantis", ["Actor"])


def test_an_edge_of_many_deals_lists_three_labels_and_counts_the_rest(synthetic_facts):
    g = transfer_network(synthetic_facts)
    u, v, data = max(g.edges(data=True), key=lambda e: e[2]["deals"])
    assert data["deals"] > 3, data["deals"]
    head, _, shown = data["label"].partition(": ")
    assert head == f"{data['deals']} deals", data["label"]
    assert shown.count("; ") == 3 and shown.endswith("; ..."), data["label"]
