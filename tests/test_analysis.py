"""The analyses: exact answers on the seed and on invented records, and agreement with naive
implementations on a synthetic graph."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest

from kg.analysis.balance import balance, signed_triangles
from kg.analysis.centrality import centrality, top_by_decade
from kg.analysis.changes import changes
from kg.analysis.dependence import dependence
from kg.analysis.dual_supply import dual_supply
from kg.analysis.timeline import timeline
from kg.build import dataset_from_paths
from kg.errors import AnalysisError
from kg.facts import Facts
from kg.paths import seeds_dir
from kg.project import signed_graph
from tests.conftest import FIXTURE_SOURCES, FIXTURES

ID = "https://w3id.org/kg/id/"
ARTICLE = ID + "source/episkopos-2021-s400"
SIPRI = ID + "source/sipri-trade-register-2025-03-13"
TRADE, REGISTER = (ID + "source/" + s for s in FIXTURE_SOURCES)
RUS, CHN, IND, USA, PAK = (ID + "actor/" + c for c in ("RUS", "CHN", "IND", "USA", "PAK"))


def test_every_row_of_every_analysis_cites_its_sources(seed_facts):
    cited = set()
    results = [
        dual_supply(seed_facts),
        balance(seed_facts, include_balanced=True),
        dependence(seed_facts),
        centrality(seed_facts),
        top_by_decade(seed_facts),
        timeline(seed_facts, "S-400"),
        changes(seed_facts, 2015, 2021),
    ]
    for result in results:
        assert result.rows, result.analysis
        for row in result.rows:
            assert row["sources"], (result.analysis, row)
            assert len(row["source_titles"]) == len(row["sources"]), row
            cited.update(zip(row["sources"], row["source_titles"]))
    titles = dict(cited)
    assert titles[ARTICLE].startswith("More S-400 Trouble"), titles


def test_results_are_json_documents(seed_facts):
    doc = json.loads(dual_supply(seed_facts).to_json())
    assert doc["analysis"] == "dual-supply" and doc["summary"]["cases"] == 1, doc


# ------------------------------------------------------------------ dual supply


def test_the_default_build_finds_russia_arming_china_and_india(seed_facts):
    rows = dual_supply(seed_facts).rows
    row = next(r for r in rows if r["supplier"] == RUS and r["dispute"].endswith("-border"))
    assert {p["recipient"] for s in row["sides"] for p in s["recipients"]} == {CHN, IND}, row
    assert ARTICLE in row["sources"], row


def test_russia_arms_both_china_and_india_over_their_border_dispute(seed_facts):
    (row,) = dual_supply(seed_facts, sources=[ARTICLE]).rows
    assert row["supplier"] == RUS and row["dispute_label"] == (
        "China-India Himalayan border dispute"
    ), row
    assert row["armed"] == ["China (1)", "India (1)"], row
    assert [s["side"] for s in row["sides"]] == ["China", "India"], "no sides: each party"
    assert row["deals"] == 2 and row["value"] == {"USD": 5_430_000_000.0}, row
    assert row["facts"] == [
        ID + "deal/ru-cn-s400-2015",
        ID + "deal/ru-in-s400-2018",
        ID + "relation/cn-in-himalayan-border",
    ], row
    assert row["supplier_is_party"] is False


@pytest.mark.parametrize(
    "as_of, cases",
    [("2019-12-31", 0), ("2020-12-31", 1), ("2021-02-07", 1)],
    ids=["before-the-dispute", "end-2020", "article-date"],
)
def test_dual_supply_needs_the_dispute_to_hold(seed_facts, as_of, cases):
    assert len(dual_supply(seed_facts, as_of=as_of)) == cases


def test_dual_supply_over_named_sides_counts_a_reported_deal_once(fixture_facts):
    rows = dual_supply(fixture_facts, sources=FIXTURE_SOURCES).rows
    assert [(r["supplier"], r["dispute_label"]) for r in rows] == [
        (USA, "Test India-Pakistan dispute")
    ], rows
    (row,) = rows
    assert [s["side"] for s in row["sides"]] == ["A", "B"]
    assert row["armed"] == ["India (1)", "Pakistan (1)"], row
    # Pakistan's deal is in both sources (210 and 200 TIV: the larger), India's 60 TIV
    assert row["deals"] == 2 and row["tiv_delivered"] == pytest.approx(270.0), row
    assert row["sources"] == [REGISTER, TRADE], row


@pytest.mark.parametrize(
    "kwargs, suppliers",
    [
        ({}, [USA]),
        ({"period": (1950, 1983)}, []),  # the dispute began in March 1984
        ({"period": (1950, None)}, [USA]),
        ({"sources": ["fixture-trade"], "min_certainty": "confirmed"}, []),  # India's is reported
        ({"min_certainty": "confirmed"}, [USA]),  # ... but the register states it plainly
    ],
    ids=["all", "before", "since-1950", "confirmed-trade-only", "confirmed"],
)
def test_dual_supply_filters(fixture_facts, kwargs, suppliers):
    kwargs.setdefault("sources", FIXTURE_SOURCES)
    assert [r["supplier"] for r in dual_supply(fixture_facts, **kwargs).rows] == suppliers


def test_deals_long_before_a_dispute_do_not_count(fixture_facts):
    # the USA -> Pakistan deal ended in 1984 (1985 per the register); the dispute began 1984
    assert len(dual_supply(fixture_facts, sources=FIXTURE_SOURCES, years=0)) == 1
    with pytest.raises(AnalysisError, match="years"):
        dual_supply(fixture_facts, years=-1)


def _naive_dual_supply(facts, since: date, years: int) -> set[tuple[str, str]]:
    """Every dispute x every supplier x every pair of sides: the quadratic way."""
    sel = facts.select(period=(since, None), timed=False)
    found = set()
    for d in sel.relations:
        if d.relation != "dispute" or not d.span.holds(sel.window):
            continue
        lo = d.span.possible_start
        lo = lo if lo == date.min else lo.replace(year=lo.year - years)
        for supplier in {x.supplier for x in sel.deals}:
            armed = set()
            for i, side in enumerate(d.sides):
                for x in sel.deals:
                    if (
                        x.supplier == supplier
                        and x.recipient in side
                        and x.span.possible_start <= d.span.possible_end
                        and x.span.possible_end >= lo
                    ):
                        armed.add(i)
            if len(armed) >= 2:
                found.add((supplier, d.iri))
    return found


def test_dual_supply_finds_what_a_naive_search_finds(synthetic_facts):
    result = dual_supply(synthetic_facts, period=(1950, None), years=5)
    got = {(r["supplier"], r["dispute"]) for r in result.rows}
    assert got == _naive_dual_supply(synthetic_facts, date(1950, 1, 1), 5)
    assert len(got) > 10, "the synthetic graph should have cases"


# ------------------------------------------------------------------ balance


def test_the_russia_china_india_triangle_is_unbalanced(seed_facts):
    result = balance(seed_facts)
    (row,) = result.rows
    assert row["actors"] == sorted([RUS, CHN, IND]) and row["pattern"] == "++-", row
    assert row["pivot"] == RUS, "Russia is the friend of both enemies"
    assert row["balanced"] is False and row["weakly_balanced"] is False
    assert result.summary["census"] == {"+++": 0, "++-": 1, "+--": 0, "---": 0}
    assert result.summary["balance_index"] == 0.0


def test_before_the_dispute_there_is_no_triangle(seed_facts):
    result = balance(seed_facts, as_of="2019-12-31")
    assert result.rows == [] and result.summary["triangles"] == 0
    assert result.summary["balance_index"] is None


@pytest.mark.parametrize(
    "mixed, census",
    [
        # USA-Pakistan are allies, supplier and sanctioner at once: hostile by default
        ("negative", {"+++": 0, "++-": 1, "+--": 1, "---": 0}),
        ("positive", {"+++": 1, "++-": 1, "+--": 0, "---": 0}),
        ("drop", {"+++": 0, "++-": 0, "+--": 0, "---": 0}),
    ],
)
def test_the_sign_of_an_ambivalent_pair_changes_the_census(fixture_facts, mixed, census):
    result = balance(fixture_facts, sources=FIXTURE_SOURCES, mixed=mixed)
    assert result.summary["census"] == census, result.summary


def test_balance_ranks_a_friend_of_two_enemies_first(fixture_facts):
    result = balance(fixture_facts, sources=FIXTURE_SOURCES, include_balanced=True)
    assert [r["pattern"] for r in result.rows] == ["++-", "+--"], result.rows
    assert result.rows[0]["pivot_label"] == "United Kingdom", result.rows[0]
    assert result.summary["balance_index"] == 0.5


def test_balance_over_a_period_sees_the_1980s_triangle(fixture_facts):
    result = balance(fixture_facts, period=(1984, 1987), sources=FIXTURE_SOURCES)
    (row,) = result.rows
    assert row["actors"] == sorted([USA, IND, PAK]) and row["pivot"] == USA, row


def test_triangle_enumeration_finds_every_triangle_a_triple_loop_finds(synthetic_facts):
    g = signed_graph(synthetic_facts)
    fast = {nodes for nodes, _ in signed_triangles(g)}
    slow = {
        tuple(sorted(t))
        for t in itertools.combinations(g.nodes, 3)
        if g.has_edge(t[0], t[1]) and g.has_edge(t[0], t[2]) and g.has_edge(t[1], t[2])
    }
    assert fast == slow and len(fast) > 100, len(fast)


def test_balance_limit_builds_the_top_rows_only(synthetic_facts):
    full, top = balance(synthetic_facts), balance(synthetic_facts, limit=3)
    assert top.rows == full.rows[:3] and top.summary == full.summary


# ------------------------------------------------------------------ dependence


def test_china_and_india_depend_on_a_supplier_who_arms_their_adversary(seed_facts):
    result = dependence(seed_facts, as_of="2021-02-07", sources=[ARTICLE])
    assert result.params["measure"] == "deals", "the article gives no TIV"
    exposed = {r["recipient"]: r["exposed"] for r in result.rows}
    assert [e["adversary"] for e in exposed[CHN]] == [IND], exposed
    assert [e["adversary"] for e in exposed[IND]] == [CHN], exposed
    assert exposed[ID + "actor/TUR"] == []


def test_dependence_shares_and_hhi_over_the_1980s(fixture_facts):
    result = dependence(fixture_facts, period=(1980, 1989), sources=FIXTURE_SOURCES)
    assert result.params["measure"] == "tiv"
    india, pakistan = result.rows  # by volume received
    # India: Russia 900 (nine of ten years of 1,000 TIV), the USA 60; 960 in all
    assert india["recipient"] == IND and india["volume"] == pytest.approx(960.0), india
    shares = {s["supplier"]: s["share"] for s in india["suppliers"]}
    assert shares == {RUS: pytest.approx(0.9375), USA: pytest.approx(0.0625)}, shares
    assert india["hhi"] == pytest.approx(0.9375**2 + 0.0625**2), india
    assert india["exposed"] == [], "Russia does not arm Pakistan; the USA's share is small"
    # Pakistan: the USA only (France's order of mid-1990 is outside the period)
    assert pakistan["hhi"] == pytest.approx(1.0) and pakistan["top_supplier"] == USA
    (e,) = pakistan["exposed"]
    assert (e["supplier"], e["adversary"], e["adversary_volume"]) == (USA, IND, 60.0), e


def test_dependence_can_list_exposed_recipients_only(fixture_facts):
    result = dependence(
        fixture_facts, period=(1980, 1989), sources=FIXTURE_SOURCES, exposed_only=True
    )
    assert [r["recipient"] for r in result.rows] == [PAK]


def test_a_recipient_s_deals_without_tiv_are_counted_apart(fixture_facts):
    result = dependence(fixture_facts, sources=FIXTURE_SOURCES, measure="tiv")
    pakistan = next(r for r in result.rows if r["recipient"] == PAK)
    assert pakistan["deals_without_tiv"] == 1, "France's order has a price, no TIV"


@pytest.mark.parametrize(
    "kwargs", [{"measure": "price"}, {"min_share": 2.0}], ids=["measure", "share"]
)
def test_dependence_refuses_bad_parameters(seed_facts, kwargs):
    with pytest.raises(AnalysisError):
        dependence(seed_facts, **kwargs)


# ------------------------------------------------------------------ centrality


def test_russia_is_the_article_s_only_supplier(seed_facts):
    rows = centrality(seed_facts, sources=[ARTICLE]).rows
    assert rows[0]["actor"] == RUS and rows[0]["out_degree"] == 3, rows[0]
    assert {r["label"]: r["in_degree"] for r in rows[1:]} == {
        "China": 1,
        "India": 1,
        "Türkiye": 1,
    }


def test_centrality_weighs_by_tiv_when_known(fixture_facts):
    rows = {r["actor"]: r for r in centrality(fixture_facts, sources=FIXTURE_SOURCES).rows}
    assert rows[RUS]["out_volume"] == pytest.approx(1000.0)
    assert rows[USA]["out_volume"] == pytest.approx(270.0) and rows[USA]["out_degree"] == 2


def test_a_broker_receives_and_passes_arms_on(synthetic_facts):
    rows = centrality(synthetic_facts).rows
    assert any(r["betweenness"] > 0 for r in rows)
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0)


def test_top_suppliers_per_decade(fixture_facts):
    rows = top_by_decade(fixture_facts, sources=FIXTURE_SOURCES).rows
    suppliers = [(r["decade"], r["label"], r["score"]) for r in rows if r["role"] == "supplier"]
    # 1980s: Russia 900 (1981-1989), the USA 210 + 60; 1990s: Russia's last 100
    assert suppliers == [
        ("1980s", "Russia", pytest.approx(900.0)),
        ("1980s", "United States", pytest.approx(270.0)),
        ("1990s", "Russia", pytest.approx(100.0)),
    ], suppliers


# ------------------------------------------------------------------ timeline


def test_the_china_deal_s_timeline_shows_fuzzy_dates_as_written(seed_facts):
    rows = timeline(seed_facts, "ru-cn-s400-2015", sources=[ARTICLE]).rows
    fire = next(r for r in rows if r["event"] == "fire-test")
    assert (fire["date"], fire["earliest"], fire["latest"]) == (
        "later that year",
        "2018-01-01",
        "2018-12-31",
    ), fire
    suspension = next(r for r in rows if r["event"] == "suspension")
    assert suspension["certainty"] == "reported"
    assert suspension["attributed_label"] == ["Chinese media", "Russian media"]
    assert rows[-1]["event"] == "resumption" and rows[-1]["date"] is None, "undated: last"


def test_a_weapon_system_s_timeline_includes_what_its_deals_caused(seed_facts):
    events = [
        (r["date"], r["event"]) for r in timeline(seed_facts, "S-400", sources=[ARTICLE]).rows
    ]
    assert ("since 2017", "crisis began") in events
    assert ("2017 to 2021-02-07", "membership ended") in events
    assert events.index(("2015", "order")) == 0, events


def test_a_pair_s_timeline_holds_their_deals_and_relations(fixture_facts):
    rows = timeline(fixture_facts, "United States", "Pakistan", sources=FIXTURE_SOURCES).rows
    assert [(r["date"], r["event"]) for r in rows] == [
        ("early 1981", "order"),
        ("1981", "order"),
        ("1983", "delivery"),
        ("1983", "delivery"),
        ("1984", "delivery"),
        ("1984", "delivery"),
        ("1985", "delivery"),
        ("October 1990", "sanction began"),
        ("2001", "sanction ended"),
    ], rows


def test_a_deal_s_timeline_brings_in_other_sources_records_of_it(fixture_facts):
    rows = timeline(fixture_facts, "fx-us-pk-1981").rows
    assert {r["fact"] for r in rows} == {ID + "deal/fx-us-pk-1981", ID + "deal/fxb-us-pk-1981"}


def test_a_year_of_delivery_cites_only_the_sources_that_give_it(seed_facts):
    """The article and SIPRI both describe the China deal; only SIPRI dates its deliveries."""
    rows = timeline(seed_facts, "ru-cn-s400-2015").rows
    cited = {r["date"]: r["sources"] for r in rows if r["event"] == "delivery"}
    assert cited == {"2018": [SIPRI], "2019": [SIPRI]}, cited


def test_a_year_of_delivery_that_two_sources_give_cites_both(fixture_facts):
    rows = timeline(fixture_facts, "fx-us-in-1985").rows
    cited = {r["date"]: r["sources"] for r in rows if r["event"] == "delivery"}
    both = sorted([TRADE, REGISTER])
    assert cited == {"1986": both, "1987": both}, cited


# a third invented source that tells of the India deal's deliveries but not of its order
SHIPPING = """
source:
  id: fixture-shipping
  title: "Test fixture: an invented shipping record that gives no order dates"
  author: kg contributors
  publisher: kg project
  date: 2026-11-25
  kind: dataset
records:
  - type: ArmsDeal
    id: fx-us-in-1985
    supplier: United States
    recipient: India
    system: fx-tank
    delivery_years: [1986]
"""


def test_the_order_of_a_deal_cites_only_the_sources_that_give_its_date(tmp_path):
    (tmp_path / "shipping.yaml").write_text(SHIPPING, encoding="utf-8")
    store = dataset_from_paths([seeds_dir(), FIXTURES / "analysis", tmp_path])
    rows = timeline(Facts.read(store), "fx-us-in-1985").rows
    cited = {(r["event"], r["date"]): r["sources"] for r in rows}
    shipping = ID + "source/fixture-shipping"
    # the shipping record is one of the deal's sources (it gives 1986), not one of its order's
    assert cited[("delivery", "1986")] == sorted([TRADE, REGISTER, shipping]), cited
    assert cited[("order", "1985")] == sorted([TRADE, REGISTER]), cited


# a fourth invented source that tells of the India-Pakistan dispute's start and of a day it went
# on, but not of its end
CHRONICLE = """
source:
  id: fixture-chronicle
  title: "Test fixture: an invented chronicle that does not say when a dispute ended"
  author: kg contributors
  publisher: kg project
  date: 2026-11-25
  kind: curated-note
records:
  - type: Dispute
    id: fx-in-pk
    parties: [India, Pakistan]
    start: March 1984
    ongoing_at: 1990-06-01
"""


def test_a_relation_s_dates_cite_only_the_sources_that_give_them(tmp_path):
    (tmp_path / "chronicle.yaml").write_text(CHRONICLE, encoding="utf-8")
    store = dataset_from_paths([seeds_dir(), FIXTURES / "analysis", tmp_path])
    rows = timeline(Facts.read(store), "India", "Pakistan").rows
    cited = {(r["event"], r["date"]): r["sources"] for r in rows if r["fact"].endswith("/fx-in-pk")}
    chronicle = ID + "source/fixture-chronicle"
    assert cited == {
        ("dispute began", "March 1984"): sorted([TRADE, chronicle]),
        ("dispute ongoing", "1990-06-01"): [chronicle],  # the trade records give no such day
        ("dispute ended", "1999"): [TRADE],  # the chronicle is silent on the end
    }, cited


def test_a_timeline_window_keeps_events_that_may_fall_in_it(seed_facts):
    rows = timeline(seed_facts, "ru-cn-s400-2015", period=(2020, 2020), sources=[ARTICLE]).rows
    assert [r["event"] for r in rows] == ["partial-delivery", "suspension", "resumption"]


def test_a_timeline_of_three_things_is_refused(seed_facts):
    with pytest.raises(AnalysisError, match="two actors"):
        timeline(seed_facts, "Russia", "China", "India")


# ------------------------------------------------------------------ what changed


def test_what_changed_between_the_end_of_2019_and_the_article(seed_facts):
    rows = changes(seed_facts, "2019-12-31", "2021-02-07", sources=[ARTICLE]).rows
    assert [(r["change"], r["relation"], r["actors_label"]) for r in rows] == [
        ("began", "dispute", ["China", "India"])
    ], rows


def test_what_changed_in_the_1980s_counts_a_reported_deal_once(fixture_facts):
    rows = changes(fixture_facts, 1983, 1986, sources=FIXTURE_SOURCES).rows
    got = [(r["change"], r["label"], r["date"]) for r in rows]
    assert got == [
        ("began", "Test India-Pakistan dispute", "March 1984"),
        ("ended", "Test fighter: United States to Pakistan (1981)", "1984 | 1985"),
        ("began", "Test tank: United States to India (1985)", "1985"),
    ], got
    ended = rows[1]
    assert ended["facts"] == [ID + "deal/fx-us-pk-1981", ID + "deal/fxb-us-pk-1981"]


def test_changes_need_two_days(seed_facts):
    with pytest.raises(AnalysisError, match="two days"):
        changes(seed_facts, None, "2020")
