"""Questions about importing Correlates of War data, asked of small hand-written files in
COW's formats (tests/data/cow_*_small.csv): -9 for missing values, codes whose meaning changes
over time, censored alliance memberships, disputes split over two files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import ORG

from kg.cli import main
from kg.errors import InputError
from kg.imports.common import RejectedRecordsError
from kg.imports.cow import import_cow_alliances, import_cow_mids, import_cow_states
from tests.importing import DATA, ID, KG, VOCAB, turtle

pytest_plugins = ["tests.import_fixtures"]  # fixture_imports, imports_store

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def graphs(fixture_imports):
    return {kind: turtle(r.output) for kind, r in fixture_imports["reports"].items()}


def date_of(graph, subject, field):
    """The label of a fuzzy date node, as written in the source."""
    nodes = list(graph.objects(subject, KG[field]))
    return [str(graph.value(n, RDFS.label)) for n in nodes]


@pytest.mark.parametrize(
    ("kind", "read", "written"),
    [
        ("cow-states", 12, {"StateSystemMembership": 16}),
        ("cow-alliances", 9, {"Alliance": 4, "Membership": 10}),
        ("cow-mids", 10, {"Dispute": 3, "DisputeParticipation": 7}),
    ],
    ids=["states", "alliances", "mids"],
)
def test_every_row_is_imported_and_counted(fixture_imports, kind, read, written):
    report = fixture_imports["reports"][kind]
    assert (report.read, report.imported, report.rejected) == (read, read, []), report.summary()
    assert dict(report.written) == written, report.written


# ------------------------------------------------------------------ state system membership


def test_cow_code_365_is_russia_then_the_soviet_union_then_russia(graphs):
    g = graphs["cow-states"]
    parts = sorted(
        (date_of(g, m, "start")[0], str(g.value(m, KG.state)))
        for m in g.subjects(KG.cowCode, Literal(365))
    )
    # 16 memberships from 12 rows: 365 is cut twice, and 345 once in each of its two rows
    assert parts == [
        ("1816-01-01", str(ID["actor/RUS"])),
        ("1922-12-30", str(ID["actor/soviet-union"])),
        ("1991-12-26", str(ID["actor/RUS"])),
    ], parts


def test_a_membership_that_runs_to_the_end_of_the_data_is_ongoing_not_ended(graphs):
    g = graphs["cow-states"]
    usa = ID["relation/cow-system-2-1816-01-01"]
    assert date_of(g, usa, "end") == [], date_of(g, usa, "end")
    assert (usa, KG.ongoingAt, Literal("2016-12-31", datatype=XSD_DATE)) in g


def test_west_germany_and_germany_are_one_entity_east_germany_another(graphs):
    g = graphs["cow-states"]
    states = {
        int(g.value(m, KG.cowCode)): str(g.value(m, KG.state)) for m in g.subjects(KG.cowCode, None)
    }
    assert states[255] == states[260] == str(ID["actor/DEU"]), states
    assert states[265] == str(ID["actor/east-germany"]), states


# ------------------------------------------------------------------ alliances


def test_an_alliance_has_its_cow_type_period_and_members(graphs):
    g = graphs["cow-alliances"]
    warsaw = ID["actor/cow-alliance-2"]
    assert g.value(warsaw, KG.allianceType) == VOCAB["alliance-type/defence-pact"]
    assert date_of(g, warsaw, "existedFrom") == ["1955-05-14"]
    members = {str(g.value(m, ORG.member)) for m in g.subjects(ORG.organization, warsaw)}
    assert members == {str(ID["actor/soviet-union"]), str(ID["actor/east-germany"])}, members


def test_a_membership_crossing_a_change_of_entity_is_cut_in_two(graphs):
    g = graphs["cow-alliances"]
    pact = ID["actor/cow-alliance-3"]
    parts = sorted(
        (date_of(g, m, "start")[0], str(g.value(m, ORG.member)), date_of(g, m, "end"))
        for m in g.subjects(ORG.organization, pact)
        if "AFG" not in str(g.value(m, ORG.member))
    )
    assert parts == [
        ("1921-02-28", str(ID["actor/RUS"]), ["1922-12-29"]),
        ("1922-12-30", str(ID["actor/soviet-union"]), ["1939-06-01"]),
    ], parts


def test_a_missing_day_is_not_a_number(graphs):
    g = graphs["cow-alliances"]
    # the pact ended in "-9 June 1939": a month, not a day -9
    assert date_of(g, ID["actor/cow-alliance-3"], "existedUntil") == ["1939-06"]


def test_left_censored_memberships_began_by_1816_right_censored_go_on(graphs):
    g = graphs["cow-alliances"]
    uk = ID["relation/cow-alliance-1-GBR"]
    assert date_of(g, uk, "start") == ["by 1816-01-01"], date_of(g, uk, "start")
    assert date_of(g, uk, "end") == [] and g.value(uk, KG.ongoingAt) is not None


def test_member_obligations_come_from_the_flags(graphs, fixture_imports):
    g = graphs["cow-alliances"]
    uk = ID["relation/cow-alliance-1-GBR"]
    found = {str(o).rsplit("/", 1)[1] for o in g.objects(uk, KG.obligations)}
    assert found == {"defence", "non-aggression"}, found
    # the United Kingdom's row leaves the entente flag blank: imported, with a warning
    warnings = [str(w) for w in fixture_imports["reports"]["cow-alliances"].warnings]
    assert any(":2 (field 'entente')" in w for w in warnings), warnings


# ------------------------------------------------------------------ disputes


def test_a_dispute_has_period_hostility_outcome_and_two_sides(graphs):
    g = graphs["cow-mids"]
    war = ID["relation/cow-mid-1200"]
    assert date_of(g, war, "start") == ["1962-10-20"]
    assert g.value(war, KG.hostility) == VOCAB["hostility-level/war"]
    assert g.value(war, KG.outcome) == VOCAB["dispute-outcome/victory-side-a"]
    assert list(g.objects(war, KG.sideA)) == [ID["actor/CHN"]]
    assert list(g.objects(war, KG.sideB)) == [ID["actor/IND"]]
    assert g.value(war, KG.fatalities) == Literal(2000)


def test_the_soviet_union_takes_part_in_1962_and_russia_in_2009(graphs):
    g = graphs["cow-mids"]
    parties = {
        str(d).rsplit("-", 1)[1]: sorted(str(p).rsplit("/", 1)[1] for p in g.objects(d, KG.parties))
        for d in g.subjects(KG.disputeKind, VOCAB["dispute-kind/militarized-interstate-dispute"])
    }
    assert parties == {
        "61": ["USA", "soviet-union"],
        "1200": ["CHN", "IND"],
        "4400": ["RUS", "TUR", "UKR"],
    }, parties


def test_a_participant_has_side_dates_and_revisionist_flag(graphs):
    g = graphs["cow-mids"]
    china = ID["relation/cow-mid-1200-CHN"]
    assert g.value(china, KG.side) == VOCAB["dispute-side/side-a"]
    assert g.value(china, KG.revisionist) == Literal(True)
    kinds = {str(o).rsplit("/", 1)[1] for o in g.objects(china, KG.revisionType)}
    assert kinds == {"territory", "regime"}, kinds
    assert date_of(g, china, "end") == ["1962-11-21"]


def test_minus_nine_leaves_values_out(graphs):
    g = graphs["cow-mids"]
    usa = ID["relation/cow-mid-61-USA"]
    assert date_of(g, usa, "start") == ["1962-10"]  # day -9: the month is known
    ongoing = ID["relation/cow-mid-4400"]
    assert g.value(ongoing, KG.outcome) is None and g.value(ongoing, KG.fatalities) is None


def test_a_dispute_going_on_when_the_data_end_has_no_end(graphs):
    g = graphs["cow-mids"]
    ongoing = ID["relation/cow-mid-4400"]
    assert date_of(g, ongoing, "end") == [] and str(g.value(ongoing, KG.ongoingAt)) == "2010-09-20"


def test_odd_codes_are_warnings_not_rejections(fixture_imports):
    warnings = [str(w) for w in fixture_imports["reports"]["cow-mids"].warnings]
    assert any("code 0 is not in the COW codebook for hostlev" in w for w in warnings), warnings
    assert any("abbreviation XYZ" in w for w in warnings), warnings


def test_an_unknown_code_is_rejected_and_named(tmp_path):
    path = tmp_path / "states.csv"
    text = (DATA / "cow_states_small.csv").read_text(encoding="utf-8")
    path.write_text(text + "ATL,999,Atlantis,1900,1,1,2016,12,31,2016\n", encoding="utf-8")
    with pytest.raises(RejectedRecordsError) as err:
        import_cow_states(path, tmp_path)
    report = err.value.report
    assert dict(report.unresolved) == {"COW code 999": 1}, report.unresolved
    assert [e.line for e in report.rejected] == [14], [str(e) for e in report.rejected]
    assert "not in the crosswalk" in report.rejected[0].reason, report.rejected[0]


def test_mids_need_both_files_and_say_which_is_missing(tmp_path):
    lone = tmp_path / "cow_MIDA_small.csv"
    lone.write_bytes((DATA / "cow_MIDA_small.csv").read_bytes())
    with pytest.raises(InputError, match="needs the MIDB file too"):
        import_cow_mids([lone], tmp_path)


def test_kg_import_cow_mids_finds_midb_beside_mida(tmp_path):
    result = CliRunner().invoke(
        main, ["import", "cow-mids", str(DATA / "cow_MIDA_small.csv"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "read 10 records from 10 data lines of cow_MIDA_small.csv, cow_MIDB_small.csv" in (
        result.output
    ), result.output


@pytest.mark.parametrize(
    ("command", "file", "counts"),
    [
        ("cow-states", "cow_states_small.csv", "read 12 records"),
        ("cow-alliances", "cow_alliances_small.csv", "read 9 records"),
    ],
    ids=["states", "alliances"],
)
def test_kg_import_cow_commands_report_counts(tmp_path, command, file, counts):
    result = CliRunner().invoke(main, ["import", command, str(DATA / file), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert counts in result.output, result.output


# ------------------------------------------------------------------ malformed values

# Each case spoils one value of one row of a hand-written file. The rows are chosen so that
# each gives one record of the file's kind: the United States' membership (states line 2),
# Afghanistan in alliance 3 (alliances line 7), dispute 61 (MIDA line 2, whose two participants,
# MIDB lines 2 and 3, go with it), Turkey in dispute 4400 (MIDB line 8).
SPOILED = {
    "states": ("cow-states", "cow_states_small.csv", 2),
    "alliances": ("cow-alliances", "cow_alliances_small.csv", 7),
    "mida": ("cow-mids", "cow_MIDA_small.csv", 2),
    "midb": ("cow-mids", "cow_MIDB_small.csv", 8),
}
# what the import writes without the spoiled row (compare test_every_row_is_imported_and_counted)
LEFT = {
    "states": {"StateSystemMembership": 15},
    "alliances": {"Alliance": 4, "Membership": 9},
    "mida": {"Dispute": 2, "DisputeParticipation": 5},
    "midb": {"Dispute": 3, "DisputeParticipation": 6},
}
# the rows rejected with the spoiled one: a dispute's participants go with it
ALSO_REJECTED = {
    "mida": [
        ("cow_MIDB_small.csv", 2, "its dispute 61 was rejected"),
        ("cow_MIDB_small.csv", 3, "its dispute 61 was rejected"),
    ]
}
IMPORTERS = {
    "cow-states": import_cow_states,
    "cow-alliances": import_cow_alliances,
    "cow-mids": import_cow_mids,
}

BAD_VALUES = [
    ("states", "styear", "abc", "'abc' is not a year"),
    ("states", "stmonth", "13", "'13' is not a month (1-12)"),
    ("states", "endday", "32", "'32' is not a day of 2016-12 (1-31)"),
    ("states", "ccode", "two", "'two' is not a whole number (or -9 for missing)"),
    ("alliances", "all_st_year", "19x1", "'19x1' is not a year"),
    ("alliances", "mem_st_month", "0", "'0' is not a month (1-12)"),
    ("alliances", "mem_end_day", "31", "'31' is not a day of 1939-06 (1-30)"),
    ("alliances", "version4id", "3.5", "'3.5' is not a whole number (or -9 for missing)"),
    ("mida", "endyear", "62", "'62' is not a year"),
    ("mida", "stmon", "Oct", "'Oct' is not a month (1-12)"),
    ("mida", "endday", "31", "'31' is not a day of 1962-11 (1-30)"),
    ("mida", "hostlev", "high", "'high' is not a whole number (or -9 for missing)"),
    (
        "midb",
        "styear",
        "",  # blank is missing, as -9 is: not malformed, but the crosswalk needs the year
        "the start year is missing: the crosswalk needs it to tell which state COW code 640 "
        "stands for",
    ),
    ("midb", "endmon", "-1", "'-1' is not a month (1-12)"),
    ("midb", "stday", "0", "'0' is not a day of 2009-06 (1-30)"),
    ("midb", "sidea", "yes", "'yes' is not a whole number (or -9 for missing)"),
]


def spoil(tmp_path, kind: str, column: str, value: str) -> tuple[str, list[Path] | Path, Path]:
    """Copies of a kind's hand-written files in ``tmp_path/in``, one value spoiled.

    Returns the importer's kind, the paths to import, and the spoiled file.
    """
    command, name, line = SPOILED[kind]
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["cow_MIDA_small.csv", "cow_MIDB_small.csv"] if command == "cow-mids" else [name]
    for n in names:
        (folder / n).write_bytes((DATA / n).read_bytes())
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]))
    cells[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[line - 1] = out.getvalue()
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = [folder / n for n in names]
    return command, paths if command == "cow-mids" else paths[0], folder / name


BAD_IDS = [f"{kind}-{column}-{value or 'blank'}" for kind, column, value, _ in BAD_VALUES]


@pytest.mark.parametrize(("kind", "column", "value", "reason"), BAD_VALUES, ids=BAD_IDS)
def test_a_malformed_value_rejects_its_row_naming_file_line_column_and_why(
    tmp_path, kind, column, value, reason
):
    command, paths, spoiled = spoil(tmp_path, kind, column, value)
    line = SPOILED[kind][2]
    with pytest.raises(RejectedRecordsError) as err:
        IMPORTERS[command](paths, tmp_path / "out")
    found = [str(e) for e in err.value.report.rejected]
    expected = [f"{spoiled}:{line} (field '{column}'): {reason}"] + [
        f"{spoiled.with_name(name)}:{n} (field 'dispnum3'): {why}"
        for name, n, why in ALSO_REJECTED.get(kind, [])
    ]
    assert sorted(found) == sorted(expected), found
    assert not (tmp_path / "out").exists(), list((tmp_path / "out").iterdir())


@pytest.mark.parametrize(("kind", "column", "value", "reason"), BAD_VALUES, ids=BAD_IDS)
def test_the_other_rows_are_imported_when_rejects_are_allowed(
    tmp_path, kind, column, value, reason
):
    command, paths, _ = spoil(tmp_path, kind, column, value)
    rows = 1 + len(ALSO_REJECTED.get(kind, []))
    report = IMPORTERS[command](paths, tmp_path / "out", max_rejects=rows)
    assert (report.read - report.imported, len(report.rejected)) == (rows, rows), report.summary()
    assert dict(report.written) == LEFT[kind], report.written
    # written by renaming a finished temporary file: only the output is left in the folder
    assert list((tmp_path / "out").iterdir()) == [report.output], list((tmp_path / "out").iterdir())
    assert len(turtle(report.output)) > 0, report.output
