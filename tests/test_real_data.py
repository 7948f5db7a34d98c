"""The importers on the real datasets in ../shared/data, as their owners publish them.

Each test is skipped, naming the missing file, where ../shared/data is absent; CI has it. The
figures asserted were counted in these exports (SIPRI's generated on 13 March 2025, COW's
states v2016, alliances v4.1 and MIDs v4.3); a new export changes them.
"""

from __future__ import annotations

import re

import pytest

from kg.build import dataset_from_paths
from kg.imports.cow import import_cow_alliances, import_cow_mids, import_cow_states
from kg.imports.sipri import import_sipri
from kg.paths import seeds_dir
from kg.query import named_queries, run_query
from tests.importing import ID, KG, ROOT, shared_file

SIPRI_FILE = "sipri_trade_register_2025-03-13.csv"
SIPRI_GRAPH = ID["source/sipri-trade-register-2025-03-13"]
# SIPRI's records that an unquoted line break in Comments splits over two lines
BROKEN = [(5432, 5433), (21488, 21489), (25178, 25179), (27955, 27956)]


@pytest.fixture(scope="module")
def sipri(tmp_path_factory):
    path = shared_file(SIPRI_FILE)
    out = tmp_path_factory.mktemp("real")
    return import_sipri(path, out)


@pytest.fixture(scope="module")
def mids(sipri):
    return import_cow_mids(
        [shared_file("cow_MIDA_4.3.csv"), shared_file("cow_MIDB_4.3.csv")], sipri.output.parent
    )


@pytest.fixture(scope="module")
def store(sipri, mids):
    # validated, by the shapes compiled to SPARQL (seconds for the 650,000 imported triples):
    # an imported record that breaks a shape fails here
    return dataset_from_paths([seeds_dir(), sipri.output.parent])


def test_every_record_of_the_sipri_export_is_imported(sipri):
    # 29,519 data lines hold 29,515 records: four are broken over two lines
    assert (sipri.lines, sipri.read, sipri.imported) == (29519, 29515, 29515), sipri.summary()
    assert sipri.rejected == [] and sipri.warnings == [], sipri.summary()


def test_every_sipri_name_resolves(sipri):
    assert dict(sipri.unresolved) == {}, sipri.unresolved


def test_the_four_broken_records_are_joined(sipri):
    note = next(n for n in sipri.notes if n.startswith("joined"))
    assert (
        note
        == "joined 4 records broken over two lines (lines "
        + ", ".join(f"{a}-{b}" for a, b in BROKEN)
        + ")"
    ), note


@pytest.mark.parametrize(
    ("comment", "tivs"),
    [
        ("Cummins (275hp) diesel engine for 12 Puma M-36 APC from South Africa", (0.03, 0.36, 0)),
        ("MTU-12V-1163 (5950hp) diesel engine for 3 Avante-2000 frigate from Spain", (1.5, 18, 0)),
        ("3-year lease; for use with UN peacekeeping forces in Mali", (3, 9, 9)),
    ],
    ids=["line-5432", "line-21488", "line-27955"],
)
def test_a_joined_record_keeps_its_comment_and_the_values_after_the_break(store, comment, tivs):
    rows = run_query(
        store,
        f"""PREFIX kg: <{KG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?u ?o ?d WHERE {{ GRAPH <{SIPRI_GRAPH}> {{
          ?deal skos:note "{comment}" ; kg:tivUnit ?u ; kg:tivOrder ?o ; kg:tivDelivered ?d }} }}""",
    ).records()
    # SIPRI repeats a comment on other records of the same deal: the joined one is among them
    assert tivs in [(float(r["u"]), float(r["o"]), float(r["d"])) for r in rows], rows


@pytest.mark.parametrize(
    ("supplier", "records"),
    [
        ("USA", 9480),
        ("soviet-union", 3355),
        ("RUS", 1261),
        ("FRA", 2593),
        ("CHN", 1065),
        ("east-germany", 16),
    ],
    ids=["united-states", "soviet-union", "russia", "france", "china", "east-germany"],
)
def test_records_per_supplier(store, supplier, records):
    rows = run_query(
        store,
        f"""PREFIX kg: <{KG}> SELECT (COUNT(DISTINCT ?deal) AS ?n) WHERE {{
          GRAPH <{SIPRI_GRAPH}> {{ ?deal kg:supplier <{ID[f"actor/{supplier}"]}> }} }}""",
    ).records()
    assert rows[0]["n"] == records, rows


def test_unknown_suppliers_are_deals_without_a_supplier(store):
    rows = run_query(
        store,
        f"""PREFIX kg: <{KG}> SELECT (COUNT(DISTINCT ?deal) AS ?n) WHERE {{
          GRAPH <{SIPRI_GRAPH}> {{ ?deal kg:unknown kg:supplier FILTER NOT EXISTS {{ ?deal kg:supplier ?s }} }} }}""",
    ).records()
    assert rows[0]["n"] == 290, rows  # SIPRI's "unknown supplier(s)" rows


def test_the_s400_deals_are_found_beside_the_article(store):
    rows = run_query(store, "deal-sources", {"system": "S-400"}).records()
    sipri = sorted(
        (r["recipientLabel"], r["quantity"], r["orderDate"])
        for r in rows
        if r["graph"] == str(SIPRI_GRAPH)
    )
    assert sipri == [
        ("Belarus", 2, "2021"),
        ("China", 8, "2015"),
        ("India", 10, "2018"),
        ("Türkiye", 2, "2017"),
    ], sipri
    article = {r["deal"].rsplit("/", 1)[1] for r in rows if "episkopos" in r["graph"]}
    assert article == {"ru-cn-s400-2015", "ru-in-s400-2018", "ru-tr-s400-2017"}, article


def test_the_seeds_excerpt_is_what_the_importer_makes_of_the_export(tmp_path):
    path = shared_file(SIPRI_FILE)
    report = import_sipri(path, tmp_path / "sipri-s400.yaml", system="S-400")
    committed = (ROOT / "seeds" / "sipri-s400.yaml").read_bytes()
    assert report.output.read_bytes() == committed, (
        "seeds/sipri-s400.yaml differs: regenerate it with "
        f"`kg import sipri ../shared/data/{SIPRI_FILE} --system S-400 -o seeds/sipri-s400.yaml`"
    )


@pytest.mark.parametrize(
    ("importer", "files", "rows", "written"),
    [
        (import_cow_states, ["cow_states2016.csv"], 243, {"StateSystemMembership": 247}),
        (import_cow_alliances, ["cow_alliance_v4.1_by_member.csv"], 1221, {"Alliance": 414, "Membership": 1225}),
        (import_cow_mids, ["cow_MIDA_4.3.csv", "cow_MIDB_4.3.csv"], 2315 + 5558, {"Dispute": 2315, "DisputeParticipation": 5558}),
    ],
    ids=["states", "alliances", "mids"],
)  # fmt: skip
def test_every_cow_row_is_imported_and_every_code_resolves(
    tmp_path, importer, files, rows, written
):
    paths = [shared_file(f) for f in files]
    report = importer(paths if len(paths) > 1 else paths[0], tmp_path)
    assert (report.read, report.imported, report.rejected) == (rows, rows, []), report.summary()
    assert dict(report.unresolved) == {}, report.unresolved
    # states: 365 and 345 are cut where the entity they stand for changes (4 more records);
    # alliances: 4 memberships of 365 cross 1922 or 1991 and are cut in two
    assert dict(report.written) == written, report.written


def test_suppliers_of_both_sides_of_the_1965_india_pakistan_war(store):
    rows = run_query(store, "dispute-suppliers", {"years": "1", "since": "1965"}).records()
    war = {r["supplierLabel"] for r in rows if r["dispute"] == str(ID["relation/cow-mid-2631"])}
    assert war == {"Germany", "Soviet Union", "United Kingdom"}, war
    soviet = [r for r in rows if r["supplier"] == str(ID["actor/soviet-union"])]
    assert soviet and all(r["supplierLabel"] == "Soviet Union" for r in soviet), soviet[:3]


def test_every_named_query_orders_its_rows_completely(store):
    """No two different rows tie on a query's ORDER BY: the same data prints in one order,
    whichever engine or plan answers (tens of thousands of rows here, a handful on the seeds)."""
    for name, q in sorted(named_queries().items()):
        keys = re.findall(r"\?(\w+)", q.text[q.text.rindex("ORDER BY") :])
        result = run_query(store, name)
        at = [result.vars.index(k) for k in keys]
        first_row: dict[tuple, tuple] = {}
        for row in result.rows:
            key = tuple(str(row[i]) for i in at)
            assert first_row.setdefault(key, row) == row, (name, key)
