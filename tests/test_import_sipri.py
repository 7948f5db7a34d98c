"""Questions about importing SIPRI's trade register, asked of a small hand-written export
(tests/data/sipri_small.csv) that has every quirk of the real one."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, Namespace
from rdflib.namespace import DCTERMS, SKOS

from kg.cli import main
from kg.errors import InputError
from kg.imports.common import RejectedRecordsError
from kg.imports.sipri import import_sipri, read_register
from tests.importing import DATA, ID, KG, ROOT, VOCAB, turtle

SCHEMA = Namespace("https://schema.org/")
SMALL = DATA / "sipri_small.csv"
BAD = DATA / "sipri_bad.csv"
SOURCE = "sipri-trade-register-2025-01-02"  # named after the fixture's "Data generated" line
# the fixture: 11 lines of notes, the header on line 12, then 22 records on 24 lines, two of
# them broken over two lines (records at lines 21-22 and 32-33)
RECORDS, DATA_LINES, JOINED = 22, 24, [(21, 22), (32, 33)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("sipri")
    report = import_sipri(SMALL, out)
    return report, turtle(report.output)


def deal(graph, ident):
    return ID[f"deal/{ident}"]


def test_every_record_of_the_export_is_imported(imported):
    report, _ = imported
    assert (report.read, report.imported, len(report.rejected)) == (RECORDS, RECORDS, 0), (
        report.summary()
    )
    assert report.lines == DATA_LINES, report.lines


def test_the_source_is_named_and_dated_by_the_export(imported):
    report, graph = imported
    source = ID[f"source/{SOURCE}"]
    assert report.source_id == SOURCE, report.source_id
    assert (source, RDF.type, KG.Source) in graph
    dates = [str(o) for o in graph.objects(source, DCTERMS.date)]
    assert dates == ["2025-01-02"], dates


def test_records_broken_over_two_lines_are_joined_with_their_whole_comment(imported):
    report, graph = imported
    assert read_register(SMALL).joined == JOINED
    un = deal(graph, "sipri-ISR-UN-2015-Hermes-900")
    notes = [str(o) for o in graph.objects(un, SKOS.note)]
    assert notes == ["3-year lease; for use with UN peacekeeping forces"], notes
    assert (un, KG.tivDelivered, Literal(Decimal("9"))) in graph


def test_latin1_text_is_read_as_latin1(imported):
    _, graph = imported
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert "Alizé" in labels, sorted(labels)[:10]
    notes = {str(o) for o in graph.objects(None, SKOS.note)}
    assert "Modernized in Köln before delivery" in notes, notes


@pytest.mark.parametrize(
    ("ident", "uncertain"),
    [
        ("ru-cn-s400-2015", {"quantity"}),  # "2015,,8,?"
        ("sipri-RUS-CHN-2015-9M96", {"orderDate", "quantity"}),  # "2015,?,250,?"
        ("sipri-IRN-hezbollah-2006-Fadjr-3", {"orderDate", "quantity", "delivered"}),
        ("sipri-ISR-UN-2015-Hermes-900", set()),
    ],
    ids=["ordered", "year-and-ordered", "all-three", "none"],
)
def test_question_marks_make_the_value_to_their_left_uncertain(imported, ident, uncertain):
    _, graph = imported
    found = {str(o).rsplit("#", 1)[1] for o in graph.objects(deal(graph, ident), KG.uncertain)}
    assert found == uncertain, found


def test_years_of_delivery_are_a_list_and_empty_when_nothing_was_delivered(imported):
    _, graph = imported
    india = sorted(int(o) for o in graph.objects(deal(graph, "ru-in-s400-2018"), KG.deliveryYears))
    assert india == [2021, 2022, 2023], india
    nothing = deal(graph, "sipri-BGR-unknown-2013-9K111-Fagot")
    assert list(graph.objects(nothing, KG.deliveryYears)) == []
    assert (nothing, KG.delivered, Literal(0)) in graph


def test_an_empty_number_ordered_is_left_out_not_zero(imported):
    _, graph = imported
    nothing = deal(graph, "sipri-BGR-unknown-2013-9K111-Fagot")
    assert list(graph.objects(nothing, KG.quantity)) == []
    assert list(graph.objects(nothing, KG.tivOrder)) == []


@pytest.mark.parametrize(
    ("ident", "field", "entity"),
    [
        ("sipri-IRN-hezbollah-2006-Fadjr-3", KG.recipient, "hezbollah"),
        ("sipri-ISR-UN-2015-Hermes-900", KG.recipient, "UN"),
        ("sipri-soviet-union-AFG-1987-An-26", KG.supplier, "soviet-union"),
        ("sipri-east-germany-ETH-1978-T-55", KG.supplier, "east-germany"),
        ("sipri-soviet-union-north-yemen-1967-MiG-17", KG.recipient, "north-yemen"),
        ("sipri-FRA-biafra-1968-Alouette-2", KG.recipient, "biafra"),
        ("sipri-unknown-COG-1995-Mi-24", KG.recipient, "COG"),
        ("ru-tr-s400-2017", KG.recipient, "TUR"),
        ("sipri-RUS-VNM-2003-48N6", KG.recipient, "VNM"),
    ],
    ids=[
        "star-group",
        "two-stars-org",
        "soviet-union",
        "gdr",
        "north-yemen",
        "biafra",
        "congo",
        "turkiye",
        "viet-nam",
    ],  # fmt: skip
)
def test_sipri_names_resolve_to_one_entity_each(imported, ident, field, entity):
    _, graph = imported
    found = list(graph.objects(deal(graph, ident), field))
    assert found == [ID[f"actor/{entity}"]], found


def test_placeholders_name_no_actor_and_list_the_field_as_unknown(imported):
    _, graph = imported
    congo = deal(graph, "sipri-unknown-COG-1995-Mi-24")
    assert list(graph.objects(congo, KG.supplier)) == []
    assert list(graph.objects(congo, KG.unknown)) == [KG.supplier]
    actors = {str(o) for o in graph.objects(None, KG.supplier)} | {
        str(o) for o in graph.objects(None, KG.recipient)
    }
    assert not [a for a in actors if "unknown" in a], actors


def test_designations_differing_in_case_are_different_systems(imported):
    _, graph = imported
    hawk = list(graph.objects(deal(graph, "sipri-GBR-SAU-1985-Hawk"), KG.system))
    sam = list(graph.objects(deal(graph, "sipri-USA-SAU-1965-HAWK"), KG.system))
    assert hawk == [ID["system/Hawk"]] and sam == [ID["system/HAWK"]], (hawk, sam)


def test_one_system_per_designation_even_with_a_trailing_space(imported):
    _, graph = imported
    systems = {o for o in graph.objects(None, KG.system) if "Scorpion" in str(o)}
    assert systems == {ID["system/Black-Scorpion"]}, systems
    assert (ID["system/Black-Scorpion"], RDFS.label, Literal("Black Scorpion")) in graph


def test_a_designation_the_seeds_know_keeps_their_entity(imported):
    _, graph = imported
    assert list(graph.objects(deal(graph, "ru-cn-s400-2015"), KG.system)) == [ID["system/S-400"]]


def test_two_records_with_the_same_parties_year_and_system_get_distinct_ids(imported):
    _, graph = imported
    first = deal(graph, "sipri-GBR-UKR-2022-Black-Scorpion")
    second = deal(graph, "sipri-GBR-UKR-2022-Black-Scorpion-2")
    assert (first, KG.quantity, Literal(100)) in graph
    assert (second, KG.quantity, Literal(50)) in graph


def test_condition_follows_sipri_status(imported):
    _, graph = imported
    gdr = deal(graph, "sipri-east-germany-ETH-1978-T-55")
    assert list(graph.objects(gdr, KG.condition)) == [VOCAB["condition/second-hand-modernized"]]


@pytest.mark.parametrize(
    ("ident", "amount"),
    [
        ("ru-cn-s400-2015", "3000000000"),  # "$3 b deal"
        ("ru-in-s400-2018", "5400000000"),  # "INR390 b ($5.4 b) deal; ..."
        ("sipri-UKR-THA-2008-BTR-3", None),  # "Part of THB4b ($120 m) deal": a larger package
        ("sipri-RUS-VNM-2003-48N6", None),  # "Part of $200-380 m deal"
    ],
    ids=["dollars", "other-currency", "part-of", "range"],
)
def test_a_deal_value_is_read_only_where_sipri_gives_the_whole_deal(imported, ident, amount):
    _, graph = imported
    values = [
        str(v)
        for node in graph.objects(deal(graph, ident), KG.value)
        for v in graph.objects(node, SCHEMA.value)
    ]
    assert values == ([amount] if amount else []), values


def test_trend_indicator_values_are_not_money(imported):
    _, graph = imported
    china = deal(graph, "ru-cn-s400-2015")
    assert (china, KG.tivOrder, Literal(Decimal("520"))) in graph
    assert (china, KG.tivUnit, Literal(Decimal("65"))) in graph


def test_rows_another_source_describes_keep_that_deal(imported):
    report, graph = imported
    linked = {n.split("deal ")[1].split(" ")[0] for n in report.notes if "of another source" in n}
    # the article's three deals, and a deal of the seeds' excerpt of another SIPRI export
    expected = {"ru-cn-s400-2015", "ru-in-s400-2018", "ru-tr-s400-2017", "sipri-RUS-CHN-2015-9M96"}
    assert linked == expected, report.notes
    assert (ID["deal/ru-in-s400-2018"], RDF.type, KG.ArmsDeal) in graph


def test_an_excerpt_keeps_the_rows_about_one_system_and_not_substrings(tmp_path):
    report = import_sipri(SMALL, tmp_path / "excerpt.yaml", system="S-400")
    text = report.output.read_text(encoding="utf-8")
    # the three S-400 deals and the 9M96 missiles "for S-400 SAM systems"; not FCS-4008
    assert report.read == 4, report.summary()
    assert "9M96" in text and "FCS-4008" not in text, text


def test_the_import_is_byte_identical_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        code = (
            f"from kg.imports.sipri import import_sipri; import_sipri({str(SMALL)!r}, {str(out)!r})"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
        outputs.append((out / f"{SOURCE}.ttl").read_bytes())
    assert outputs[0] == outputs[1], "output changed with PYTHONHASHSEED"


# ------------------------------------------------------------------ bad input

BAD_ROWS = {
    14: ("Recipient", "'Atlantis'"),
    15: ("Number ordered", "'ten'"),
    16: ("status", "'Used'"),
    17: ("Year of order", "'!'"),
    18: (None, "expected 16 cells, found 5"),
    20: ("Year of order", "'19x5'"),
    21: ("Year(s) of delivery", "'x'"),
    22: ("Recipient", "must name a non-state armed group, but FRA is a state"),
    23: ("Recipient", "has no star"),
}


def test_bad_rows_are_rejected_and_nothing_is_written(tmp_path):
    with pytest.raises(RejectedRecordsError) as err:
        import_sipri(BAD, tmp_path)
    report = err.value.report
    assert {e.line for e in report.rejected} == set(BAD_ROWS), [str(e) for e in report.rejected]
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())
    assert "--max-rejects 9" in str(err.value), str(err.value)


@pytest.mark.parametrize("line", sorted(BAD_ROWS), ids=[f"line-{n}" for n in sorted(BAD_ROWS)])
def test_each_rejection_names_file_line_field_and_reason(tmp_path, line):
    with pytest.raises(RejectedRecordsError) as err:
        import_sipri(BAD, tmp_path)
    field, words = BAD_ROWS[line]
    found = [e for e in err.value.report.rejected if e.line == line]
    assert found and found[0].file.endswith("sipri_bad.csv"), found
    assert found[0].field == field and words in found[0].reason, str(found[0])


def test_a_short_line_does_not_swallow_the_next_record(tmp_path):
    report = import_sipri(BAD, tmp_path, max_rejects=9)
    graph = turtle(report.output)
    rafale = list(graph.subjects(KG.system, ID["system/Rafale"]))
    assert len(rafale) == 1 and report.imported == 2, (rafale, report.summary())


def test_a_file_that_is_not_a_sipri_export_is_an_error(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header line starting 'Recipient,Supplier'"):
        import_sipri(path, tmp_path)


def test_an_export_without_its_date_is_an_error(tmp_path):
    path = tmp_path / "undated.csv"
    text = SMALL.read_bytes().replace(b"Data generated: 2 Jan 2025 09:15:00 AM", b"")
    path.write_bytes(text)
    with pytest.raises(InputError, match="Data generated"):
        import_sipri(path, tmp_path)


# ------------------------------------------------------------------ the command line


def test_kg_import_sipri_reports_counts(tmp_path):
    result = CliRunner().invoke(main, ["import", "sipri", str(SMALL), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"read {RECORDS} records from {DATA_LINES} data lines" in result.output, result.output
    assert f"imported {RECORDS}, rejected 0" in result.output, result.output
    assert (tmp_path / f"{SOURCE}.ttl").is_file()


def test_kg_import_sipri_lists_rejections_and_fails(tmp_path):
    result = CliRunner().invoke(main, ["import", "sipri", str(BAD), "-o", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "sipri_bad.csv:15 (field 'Number ordered')" in result.output, result.output
    assert "nothing was written" in result.output, result.output
