"""The competency questions of the S-400 case, asked of the seed graph, with exact answers."""

from __future__ import annotations

from datetime import date

from kg.query import run_query

ARTICLE = "More S-400 Trouble"
SIPRI = "SIPRI Arms Transfers Database: trade register"


def rows(store, name, **params):
    return run_query(store, name, {k: str(v) for k, v in params.items()}).records()


def test_cq1_which_states_ordered_the_s400_when_how_many_and_in_what_unit(seed_store):
    """The article counts regiments, SIPRI counts systems: each source keeps its own row."""
    got = [
        (r["recipientLabel"], r["orderDate"], r["quantity"], r["unit"], r["source"])
        for r in rows(seed_store, "system-orders", system="S-400")
    ]
    assert got == [
        ("China", "2015", 2, "regiment", ARTICLE),
        ("China", "2015", 8, "system", SIPRI),
        ("Türkiye", "2017", None, None, ARTICLE),
        ("Türkiye", "2017", 2, "system", SIPRI),
        ("India", "2018", 5, "regiment", ARTICLE),
        ("India", "2018", 10, "system", SIPRI),
        ("Belarus", "2021", 2, "system", SIPRI),
    ], got


def test_cq1_the_system_can_be_named_by_any_of_its_names(seed_store):
    by_alias = rows(seed_store, "system-orders", system="triumf")
    by_label = rows(seed_store, "system-orders", system="S-400 Triumf")
    assert by_alias == by_label == rows(seed_store, "system-orders", system="S-400"), by_alias


def test_cq2_which_supplier_arms_both_parties_of_an_ongoing_dispute(seed_store):
    got = rows(seed_store, "dual-supply")
    pairs = {(r["supplierLabel"], r["recipientLabel"], r["disputeLabel"]) for r in got}
    dispute = "China-India Himalayan border dispute"
    assert pairs == {("Russia", "China", dispute), ("Russia", "India", dispute)}, got
    # every deal behind the answer, with its source: the article's two S-400 deals, and
    # SIPRI's rows for the same systems and their missiles
    deals = {(r["recipientLabel"], r["dealLabel"], r["dealSource"]) for r in got}
    assert deals == {
        ("China", "Russia-China S-400 deal (2015)", ARTICLE),
        ("China", "Russia to China: 8 S-400 Triumf (ordered 2015)", SIPRI),
        ("China", "Russia to China: 200 48N6 (ordered 2015)", SIPRI),
        ("China", "Russia to China: 250 9M96 (ordered 2015)", SIPRI),
        ("India", "Russia-India S-400 deal (2018)", ARTICLE),
        ("India", "Russia to India: 10 S-400 Triumf (ordered 2018)", SIPRI),
        ("India", "Russia to India: 350 48N6 (ordered 2018)", SIPRI),
    }, got
    assert {r["disputeSource"] for r in got} == {ARTICLE}, got


def test_cq3_which_deliveries_were_suspended_since_when_and_who_reported_it(seed_store):
    got = rows(seed_store, "suspended-deliveries")
    assert [r["attributedTo"] for r in got] == ["Chinese media", "Russian media"], got
    for r in got:
        assert (r["supplierLabel"], r["recipientLabel"], r["systemLabel"]) == (
            "Russia",
            "China",
            "S-400 Triumf",
        ), r
        assert (r["since"], r["earliest"], r["latest"]) == (
            "summer 2020",
            date(2020, 6, 1),
            date(2020, 8, 31),
        ), r
        assert r["certainty"] == "reported", r
        assert (r["source"], r["author"]) == (ARTICLE, "Mark Episkopos"), r


def test_cq4_what_explanations_were_given_for_the_suspension_and_how_were_they_judged(seed_store):
    got = {(r["givenBy"], r["assessment"]) for r in rows(seed_store, "suspension-explanations")}
    assert got == {
        ("Chinese media", "unconvincing"),
        ("Indian media", "not assessed"),
        ("Mark Episkopos", "endorsed"),
    }, got
    causes = {r["givenBy"]: r["cause"] for r in rows(seed_store, "suspension-explanations")}
    assert "coronavirus" in causes["Chinese media"], causes
    assert "relations between Russia and China" in causes["Indian media"], causes


def test_cq5_what_followed_turkeys_s400_purchase(seed_store):
    got = [
        (r["kind"], r["withLabel"], r["start"], r["end"], r["howEnded"])
        for r in rows(seed_store, "deal-consequences", recipient="Turkey", system="S-400")
    ]
    assert got == [
        ("crisis", "North Atlantic Treaty Organization", "since 2017", None, None),
        ("membership ended", "F-35 programme", None, "2017 to 2021-02-07", "removal"),
    ], got


def test_cq5_turkey_can_be_named_by_its_capital(seed_store):
    assert len(rows(seed_store, "deal-consequences", recipient="Ankara")) == 2


def test_cq6_russias_arms_export_agency_and_what_it_said_about_indias_contract(seed_store):
    got = rows(seed_store, "agency-statements", state="Russia", buyer="India")
    assert [(r["agencyLabel"], r["dealLabel"], r["said"]) for r in got] == [
        ("Rosoboronexport", "Russia-India S-400 deal (2018)", "by 2021-02-07")
    ], got
    assert "on schedule" in got[0]["content"], got
    assert "arms exports" in got[0]["role"], got


def test_as_of_end_2019_deliveries_to_china_were_under_way_and_to_india_not(seed_store):
    state = {
        r["deal"].rsplit("/", 1)[1]: r["state"]
        for r in rows(seed_store, "deliveries-as-of", date="2019-12-31")
    }
    assert state["ru-cn-s400-2015"] == "under way", state  # shipments began early 2018
    assert state["ru-in-s400-2018"] == "not begun", state  # shipments began in 2020
    # SIPRI's delivery years say the same of the missiles, and date Turkey's first batch 2019
    assert state == {
        "ru-cn-s400-2015": "under way",
        "sipri-RUS-CHN-2015-48N6": "under way",
        "sipri-RUS-CHN-2015-9M96": "under way",
        "ru-in-s400-2018": "not begun",
        "sipri-RUS-IND-2018-48N6": "not begun",
        "ru-tr-s400-2017": "under way",
        "sipri-RUS-TUR-2017-48N6": "under way",
        "sipri-RUS-TUR-2017-64N6": "under way",
    }, state


def test_as_of_mid_2020_deliveries_to_india_may_have_begun(seed_store):
    state = {
        r["recipientLabel"]: r["state"]
        for r in rows(seed_store, "deliveries-as-of", date="2020-06-30")
    }
    assert state["India"] == "possibly under way", state
    assert state["China"] == "under way", state


def test_as_of_before_any_order_no_deal_is_listed(seed_store):
    assert rows(seed_store, "deliveries-as-of", date="2014-12-31") == []


def test_every_source_is_described_with_title_author_publisher_and_date(seed_store):
    got = {r["title"]: r for r in rows(seed_store, "sources")}
    article = got[ARTICLE]
    assert (article["authors"], article["publisher"], article["date"], article["kind"]) == (
        "Mark Episkopos",
        "The National Interest",
        date(2021, 2, 7),
        "news article",
    ), article
