"""The competency questions of the S-400 case, asked of the seed graph, with exact answers."""

from __future__ import annotations

from datetime import date

from kg.query import run_query

ARTICLE = "More S-400 Trouble"


def rows(store, name, **params):
    return run_query(store, name, {k: str(v) for k, v in params.items()}).records()


def test_cq1_which_states_ordered_the_s400_when_how_many_and_in_what_unit(seed_store):
    got = [
        (r["recipientLabel"], r["orderDate"], r["quantity"], r["unit"], r["source"])
        for r in rows(seed_store, "system-orders", system="S-400")
    ]
    assert got == [
        ("China", "2015", 2, "regiment", ARTICLE),
        ("Türkiye", "2017", None, None, ARTICLE),
        ("India", "2018", 5, "regiment", ARTICLE),
    ], got


def test_cq1_the_system_can_be_named_by_any_of_its_names(seed_store):
    by_alias = rows(seed_store, "system-orders", system="triumf")
    assert [r["recipientLabel"] for r in by_alias] == ["China", "Türkiye", "India"], by_alias


def test_cq2_which_supplier_arms_both_parties_of_an_ongoing_dispute(seed_store):
    got = [
        (
            r["supplierLabel"],
            r["recipientLabel"],
            r["disputeLabel"],
            r["dealSource"],
            r["disputeSource"],
        )
        for r in rows(seed_store, "dual-supply")
    ]
    dispute = "China-India Himalayan border dispute"
    assert got == [
        ("Russia", "China", dispute, ARTICLE, ARTICLE),
        ("Russia", "India", dispute, ARTICLE, ARTICLE),
    ], got


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
        r["recipientLabel"]: r["state"]
        for r in rows(seed_store, "deliveries-as-of", date="2019-12-31")
    }
    assert state == {"China": "under way", "India": "not begun", "Türkiye": "not begun"}, state


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
