"""Questions about one deal seen by two sources: the article's and SIPRI's figures side by
side, the named query of their disagreements, and suppliers of both sides of a dispute."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.build import build, dataset_from_paths
from kg.cli import main
from kg.paths import seeds_dir
from kg.query import run_query
from tests.importing import ID, KG

pytest_plugins = ["tests.import_fixtures"]  # fixture_imports, imports_store

ARTICLE = "More S-400 Trouble"
SIPRI = "SIPRI Arms Transfers Database: trade register"


@pytest.fixture(scope="module")
def seeds_store():
    return dataset_from_paths()


def test_the_default_build_shows_article_and_sipri_figures_side_by_side(seeds_store):
    rows = run_query(seeds_store, "deal-sources", {"system": "S-400"}).records()
    got = [
        (r["deal"].rsplit("/", 1)[1], r["source"], r["quantity"], r["unit"], r["value"])
        for r in rows
    ]
    assert got == [
        ("ru-cn-s400-2015", ARTICLE, 2, "regiment", None),
        ("ru-cn-s400-2015", SIPRI, 8, "system", 3000000000),
        ("ru-tr-s400-2017", ARTICLE, None, None, None),
        ("ru-tr-s400-2017", SIPRI, 2, "system", None),
        ("ru-in-s400-2018", ARTICLE, 5, "regiment", 5430000000),
        ("ru-in-s400-2018", SIPRI, 10, "system", 5400000000),
        ("sipri-RUS-BLR-2021-S-400", SIPRI, 2, "system", None),
    ], got


def test_one_deal_keeps_two_sets_of_claims_one_per_source(seeds_store):
    china = ID["deal/ru-cn-s400-2015"]
    claims = sorted(
        (str(g).rsplit("/", 1)[1], int(o))
        for s, p, o, g in seeds_store.quads()
        if s == china and p == KG.quantity
    )
    assert claims == [("episkopos-2021-s400", 2), ("sipri-trade-register-2025-03-13", 8)], claims


def test_sipri_counts_deliveries_and_tiv_the_article_does_not(seeds_store):
    rows = run_query(seeds_store, "deal-sources").records()
    india = [r for r in rows if r["deal"].endswith("ru-in-s400-2018") and r["source"] == SIPRI]
    assert [
        (r["delivered"], r["firstDelivery"], r["lastDelivery"], float(r["tivOrder"])) for r in india
    ] == [(6, 2021, 2023, 650.0)], india


def test_the_disagreements_query_lists_each_differing_figure(seeds_store):
    rows = run_query(seeds_store, "source-disagreements").records()
    got = [(r["deal"].rsplit("/", 1)[1], r["field"], r["valueA"], r["valueB"]) for r in rows]
    assert got == [
        ("ru-cn-s400-2015", "quantity", "2 regiment", "8 system"),
        ("ru-in-s400-2018", "quantity", "5 regiment", "10 system"),
        ("ru-in-s400-2018", "value", "5430000000 USD", "5400000000 USD"),
    ], got
    assert {(r["sourceA"], r["sourceB"]) for r in rows} == {(ARTICLE, SIPRI)}, rows


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (0, []),  # the MiG-21s reached India in 1963, a year after the war began
        (
            1,
            [
                ("Soviet Union", "A", "China", 1962, 1962),
                ("Soviet Union", "B", "India", 1963, 1963),
            ],
        ),
    ],
    ids=["same-year", "within-a-year"],
)
def test_suppliers_of_both_sides_of_a_dispute_within_n_years(imports_store, years, expected):
    rows = run_query(imports_store, "dispute-suppliers", {"years": str(years)}).records()
    got = [
        (r["supplierLabel"], r["side"], r["recipientLabel"], r["firstDelivery"], r["lastDelivery"])
        for r in rows
        if r["dispute"].endswith("cow-mid-1200")
    ]
    assert got == expected, rows
    assert all(r["disputeSource"] == "Militarized Interstate Disputes (v4.3)" for r in rows), rows


def test_disputes_before_the_since_year_are_left_out(imports_store):
    rows = run_query(imports_store, "dispute-suppliers", {"years": "1", "since": "1963"}).records()
    assert rows == [], rows


def test_kg_query_dispute_suppliers_from_a_build(tmp_path, fixture_imports):
    out = tmp_path / "build"
    build([seeds_dir(), fixture_imports["folder"]], out)
    result = CliRunner().invoke(
        main, ["query", "dispute-suppliers", "--data", str(out), "-p", "years=1", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "Soviet Union,MID 1200: China vs India (1962)" in result.output, result.output


def test_from_one_source_graph_counts_only_its_deals(seeds_store):
    counts = {}
    for source in ("episkopos-2021-s400", "sipri-trade-register-2025-03-13"):
        q = f"SELECT (COUNT(*) AS ?n) FROM <{ID[f'source/{source}']}> WHERE {{ ?s a <{KG.ArmsDeal}> }}"
        counts[source] = int(run_query(seeds_store, q).rows[0][0])
    # the article's three deals; SIPRI's ten rows about the S-400 (three of them the same deals)
    assert counts == {"episkopos-2021-s400": 3, "sipri-trade-register-2025-03-13": 10}, counts


def test_a_deal_seen_by_two_sources_is_one_row_per_source_not_more(seeds_store):
    rows = run_query(seeds_store, "system-orders", {"system": "S-400"}).records()
    keys = [(r["deal"], r["source"]) for r in rows]
    assert len(keys) == len(set(keys)) == 7, keys  # 3 article rows, 4 SIPRI rows


def test_sipri_years_of_delivery_count_as_deliveries_as_of_a_day(seeds_store):
    rows = run_query(seeds_store, "deliveries-as-of", {"date": "2019-12-31"}).records()
    turkey = {r["state"] for r in rows if r["deal"].endswith("ru-tr-s400-2017")}
    india = {r["state"] for r in rows if r["deal"].endswith("ru-in-s400-2018")}
    # SIPRI: Turkey's S-400s were delivered in 2019, India's from 2021
    assert (turkey, india) == ({"under way"}, {"not begun"}), rows


ONE_ACCOUNT = """\
source:
  id: {id}
  title: {title}
  date: '2024-01-01'
  kind: dataset
records:
- type: ArmsDeal
  id: test-deal
  label: A test deal
  supplier: RUS
  recipient: IND
  order_date: {ordered}
  quantity: {quantity}
  unit: system
  delivered: {delivered}
  status: {status}
  value: {{amount: {amount}, currency: USD}}
  unknown: [system]
"""


def test_two_sources_disagree_on_every_kind_of_figure(tmp_path):
    """Quantity, number delivered, value, status and order date, each told differently;
    a figure both give alike (the unit) is not a disagreement."""
    # (source, order date, quantity, delivered, status, amount): every figure differs
    for letter, ordered, quantity, delivered, status, amount in (
        ("a", "early 2018", 5, 2, "in-delivery", 100),
        ("b", "late 2019", 4, 4, "delivered", 120),
    ):
        text = ONE_ACCOUNT.format(
            id=f"source-{letter}",
            title=f"Source {letter.upper()}",
            ordered=ordered,
            quantity=quantity,
            delivered=delivered,
            status=status,
            amount=amount,
        )
        (tmp_path / f"{letter}.yaml").write_text(text, encoding="utf-8")
    store = dataset_from_paths([seeds_dir() / "states.yaml", tmp_path])
    rows = run_query(store, "source-disagreements").records()
    got = sorted((r["field"], r["sourceA"], r["valueA"], r["sourceB"], r["valueB"]) for r in rows)
    assert got == [
        ("delivered", "Source A", "2", "Source B", "4"),
        ("order date", "Source A", "early 2018", "Source B", "late 2019"),
        ("quantity", "Source A", "5 system", "Source B", "4 system"),
        ("status", "Source A", "in delivery", "Source B", "delivered"),
        ("value", "Source A", "100 USD", "Source B", "120 USD"),
    ], got
