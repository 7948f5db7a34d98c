"""Import Correlates of War (COW) data: state-system membership, formal alliances, and
militarized interstate disputes (MIDs).

COW identifies states by numeric codes (``ccode``: Russia 365, China 710) whose meaning can
change over time: COW keeps 365 for the Soviet Union, and 345 for Serbia, Yugoslavia and Serbia
again. The crosswalk ``seeds/crosswalks/cow.csv`` (:class:`kg.crosswalk.CowCodes`) says which
entity a code stands for on each day, so that the Soviet Union stays its own entity; a period
that crosses such a change (an alliance membership of 365 from 1921 to 1939) is cut in two.
``-9`` (and a blank) is a missing value, never a number.

- ``cow-states``: one :class:`StateSystemMembership` per row (and per crosswalk period), with
  the code and abbreviation the state had; a membership that runs to the end of the data is
  still going on (``ongoing_at``), not ended.
- ``cow-alliances`` (the by-member file): one ``Alliance`` per alliance, with its COW type and
  its period, and one ``Membership`` per member row, with the member's obligations.
- ``cow-mids`` (MIDA and MIDB together): one ``Dispute`` per MIDA row, with its period,
  hostility level, highest action, outcome, settlement and fatalities, its parties and its two
  sides; one ``DisputeParticipation`` per MIDB row, with side, dates, originator and
  revisionist flags.

A malformed value (a year ``abc``, a month 13, a day 32) rejects its row, and the rejection
names the file, the line, the COW column and what is wrong with the value.

>>> read_date({"styear": "1902", "stmon": "7", "stday": "-9"}, "styear", "stmon", "stday")
CowDate(year=1902, month=7, day=None)
"""

from __future__ import annotations

import calendar
import csv
import logging
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.crosswalk import CowCodes, crosswalk_dir
from kg.errors import InputError
from kg.imports.common import Context, ImportReport, finish, load_context
from kg.load import Record, SourceDecl

__all__ = [
    "import_cow_states",
    "import_cow_alliances",
    "import_cow_mids",
    "read_table",
    "read_date",
    "CowDate",
]

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data"
"""Small hand-written files in COW's formats (in a source checkout)."""
MISSING = ("", "-9", ".")
HOSTILITY = {
    1: "no-militarized-action",
    2: "threat-to-use-force",
    3: "display-of-force",
    4: "use-of-force",
    5: "war",
}
ACTIONS = (
    "no-militarized-action threat-to-use-force threat-to-blockade threat-to-occupy-territory "
    "threat-to-declare-war threat-to-use-cbr-weapons threat-to-join-war show-of-force alert "
    "nuclear-alert mobilization fortify-border border-violation blockade occupation-of-territory "
    "seizure attack clash declaration-of-war use-of-cbr-weapons begin-interstate-war "
    "join-interstate-war"
).split()
OUTCOMES = {
    1: "victory-side-a",
    2: "victory-side-b",
    3: "yield-side-a",
    4: "yield-side-b",
    5: "stalemate",
    6: "compromise",
    7: "released",
    8: "unclear",
    9: "joins-ongoing-war",
}
SETTLEMENTS = {1: "negotiated", 2: "imposed", 3: "none", 4: "unclear"}
FATALITIES = {
    0: "none",
    1: "1-25",
    2: "26-100",
    3: "101-250",
    4: "251-500",
    5: "501-999",
    6: "over-999",
}
REVISIONS = {1: "territory", 2: "policy", 3: "regime", 4: "other"}
ALLIANCE_TYPES = {
    "Type I": "defence-pact",
    "Type II": "neutrality-pact",
    "Type IIa": "neutrality-pact",
    "Type IIb": "non-aggression-pact",
    "Type III": "entente",
}
_KIND_WORDS = {
    "defence-pact": "defence pact",
    "neutrality-pact": "neutrality pact",
    "non-aggression-pact": "non-aggression pact",
    "entente": "entente",
}
OBLIGATIONS = {
    "defense": "defence",
    "neutrality": "neutrality",
    "nonaggression": "non-aggression",
    "entente": "consultation",
}

STATE_COLUMNS = ("stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear",
                 "endmonth", "endday", "version")  # fmt: skip
ALLIANCE_COLUMNS = ("version4id", "ccode", "state_name", "all_st_day", "all_st_month",
                    "all_st_year", "all_end_day", "all_end_month", "all_end_year", "ss_type",
                    "mem_st_day", "mem_st_month", "mem_st_year", "mem_end_day", "mem_end_month",
                    "mem_end_year", "left_censor", "right_censor", "defense", "neutrality",
                    "nonaggression", "entente", "version")  # fmt: skip
MIDA_COLUMNS = ("dispnum3", "stday", "stmon", "styear", "endday", "endmon", "endyear", "outcome",
                "settle", "fatality", "fatalpre", "hiact", "hostlev", "recip", "numa", "numb",
                "ongo2010", "version")  # fmt: skip
MIDB_COLUMNS = ("dispnum3", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon",
                "endyear", "sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre",
                "hiact", "hostlev", "orig", "version")  # fmt: skip


@dataclass
class Table:
    """A COW CSV file: its rows (by column name) with their line numbers."""

    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(path: Path | str, required: tuple[str, ...]) -> Table:
    """Read a COW CSV file, checking it has the ``required`` columns.

    >>> table = read_table(EXAMPLES / "cow_states_small.csv", ("ccode",))
    >>> len(table.rows), table.rows[0]
    (12, (2, {'stateabb': 'USA', 'ccode': '2', 'statenme': 'United States of America', 'styear': '1816', 'stmonth': '1', 'stday': '1', 'endyear': '2016', 'endmonth': '12', 'endday': '31', 'version': '2016'}))
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", file=str(path)) from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(
            f"not the expected COW file: missing the columns {', '.join(missing)}",
            file=str(path),
            line=1,
        )
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k}))
    return Table(path, columns, rows)


def _number(row: dict, column: str) -> int | None:
    """A whole number from ``column``, or None for a missing value (-9, blank).

    A malformed one raises :class:`InputError` naming the column. ``365.0`` (a number a
    spreadsheet wrote out as a decimal) is 365; ``2.5`` is not a whole number.

    >>> _number({"ccode": "365"}, "ccode"), _number({"ccode": "-9"}, "ccode")
    (365, None)
    >>> _number({"ccode": "2.5"}, "ccode")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: field 'ccode': '2.5' is not a whole number (or -9 for missing)
    """
    value = row[column]
    if value in MISSING:
        return None
    whole, _, fraction = value.partition(".")
    digits = whole[1:] if whole[:1] == "-" else whole
    if not digits.isascii() or not digits.isdigit() or fraction.strip("0"):
        raise InputError(f"{value!r} is not a whole number (or -9 for missing)", field=column)
    return int(whole)


@dataclass(frozen=True)
class CowDate:
    """A date as COW gives it, in three columns; an unknown month or day is None."""

    year: int
    month: int | None
    day: int | None

    @property
    def first(self) -> date:
        """The first day the date can mean: an unknown month or day counts from its start."""
        if self.month is None:
            return date(self.year, 1, 1)
        return date(self.year, self.month, self.day or 1)

    @property
    def text(self) -> str:
        """The date as a fuzzy-date text: ``1902``, ``1902-07`` or ``1902-07-15``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def read_date(row: dict, year: str, month: str, day: str) -> CowDate | None:
    """The date in the columns ``year``, ``month`` and ``day`` of ``row``; None if no year.

    A value that is not a year, a month (1-12) or a day of that month raises
    :class:`InputError` naming its column and why.

    >>> read_date({"y": "1962", "m": "10", "d": "-9"}, "y", "m", "d").text
    '1962-10'
    >>> read_date({"y": "1962", "m": "2", "d": "30"}, "y", "m", "d")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: field 'd': '30' is not a day of 1962-02 (1-28)
    """

    def check(column: str, what: str, ok) -> int | None:
        problem = InputError(f"{row[column]!r} is not {what}", field=column)
        try:
            n = _number(row, column)
        except InputError as e:
            raise problem from e
        if n is not None and not ok(n):
            raise problem
        return n

    # four digits, as a curated year; COW's dates run from 1386 (an alliance) to 2016
    y = check(year, "a year", lambda n: 1000 <= n <= 2999)
    m = check(month, "a month (1-12)", lambda n: 1 <= n <= 12)
    if m is not None and y is not None:
        days = calendar.monthrange(y, m)[1]
        when = f"a day of {y:04d}-{m:02d} (1-{days})"
    else:
        days, when = 31, "a day (1-31)"
    d = check(day, when, lambda n: 1 <= n <= days)
    if y is None:
        return None
    return CowDate(y, m, d)


def _version(table: Table) -> str:
    """The dataset's version, as most rows give it (a row may leave it out)."""
    given = Counter(row.get("version", "") for _, row in table.rows if row.get("version"))
    raw = given.most_common(1)[0][0] if given else "unknown"
    try:
        return f"{float(raw):g}"  # "4.3000002", a float written out, is version 4.3
    except ValueError:
        return raw


class _Run:
    """One COW import under way: its context, report, crosswalk and records."""

    def __init__(self, kind: str, source: SourceDecl, tables: list[Table], seeds):
        self.ctx: Context = load_context(seeds)
        self.codes = CowCodes.load(crosswalk_dir(self.ctx.seeds) / "cow.csv")
        self.source = source
        self.report = ImportReport(kind, source.id, [t.path.name for t in tables])
        self.report.lines = sum(len(t.rows) for t in tables)
        self.report.read = self.report.lines
        self.records: list[Record] = []
        self.ids: Counter = Counter()

    def unique(self, base: str) -> str:
        self.ids[base] += 1
        return base if self.ids[base] == 1 else f"{base}-{self.ids[base]}"

    def record(self, rtype: str, ident: str, values: dict, file: Path, line: int) -> None:
        self.records.append(Record(rtype, ident, values, str(file), line, {}, self.source.id))

    def label(self, entity: str) -> str:
        return self.ctx.label("actor", entity)

    def rows(self, table: Table, read, number: str | None = None, what: str = "") -> list:
        """The rows of ``table`` that ``read(row)`` reads: (line, row, number, values).

        A malformed value (an :class:`InputError` naming its column) rejects the row. With
        ``number``, the column that numbers the row's ``what`` (an alliance, a dispute), the
        number is read first, and a row without one is rejected too.
        """
        file = table.path
        out = []
        for line, row in table.rows:
            try:
                n = _number(row, number) if number else None
                values = read(row)
            except InputError as e:
                self.report.reject(e.reason, file=str(file), line=line, field=e.field)
                continue
            if number and n is None:
                self.report.reject(
                    f"the {what} number is missing", file=str(file), line=line, field=number
                )
                continue
            out.append((line, row, n, values))
        return out

    def coded(self, table: dict, value: int | None, column: str, file: Path, line: int):
        """The concept a code stands for; an unknown code is left out with a warning."""
        if value is None:
            return None
        if value not in table:
            self.report.warn(
                f"code {value} is not in the COW codebook for {column}; left out",
                file=str(file),
                line=line,
                field=column,
            )
            return None
        return table[value]

    def entity(
        self, code: int | None, day: date | None, file: Path, line: int, year: str
    ) -> str | None:
        """The entity a state code stands for on ``day`` (the date whose year is in the column
        ``year``); a missing code or day, or an unresolved code, rejects the row."""
        where = {"file": str(file), "line": line, "field": "ccode"}
        if code is None:
            self.report.reject("the state code (ccode) is missing", **where)
            return None
        if day is None:
            self.report.reject(
                f"the start year is missing: the crosswalk needs it to tell which state COW "
                f"code {code} stands for",
                **{**where, "field": year},
            )
            return None
        entity = self.codes.entity(code, day)
        if entity is None:
            self.report.unresolved[f"COW code {code}"] += 1
            self.report.reject(
                f"COW code {code} on {day.isoformat()} is not in the crosswalk "
                "seeds/crosswalks/cow.csv",
                **where,
            )
        return entity

    def parts(self, code: int, start: date, end: date | None, file: Path, line: int) -> list:
        """The crosswalk periods of ``code`` over ``start``-``end``; a gap is a warning."""
        parts = self.codes.periods(code, start, end)
        ends = [p.end for p in parts]
        gaps = parts[0].start != start or ends[-1] != end
        gaps |= any(a.end is None or (b.start - a.end).days != 1 for a, b in zip(parts, parts[1:]))
        if gaps:
            self.report.warn(
                f"the crosswalk covers COW code {code} for only part of "
                f"{start.isoformat()} to {end.isoformat() if end else 'now'}; the rest is left out",
                file=str(file),
                line=line,
                field="ccode",
            )
        return parts

    def check_abbrev(self, code: int, abbrev: str, column: str, file: Path, line: int) -> None:
        if abbrev and self.codes.known(code) and abbrev not in self.codes.abbrevs(code):
            self.report.warn(
                f"abbreviation {abbrev} is not one the crosswalk lists for code {code} "
                f"({', '.join(sorted(self.codes.abbrevs(code)))}); the code decides",
                file=str(file),
                line=line,
                field=column,
            )

    def finish(self, out, max_rejects: int, header: str) -> ImportReport:
        return finish(
            self.report,
            self.source,
            self.records,
            self.ctx,
            out,
            max_rejects=max_rejects,
            header=header,
        )


def _source(ident: str, title: str, author: str, version: str, url: str, note: str) -> SourceDecl:
    values = {
        "id": ident,
        "title": title,
        "author": [author],
        "publisher": "Correlates of War Project",
        "version": version,
        "url": url,
        "kind": "dataset",
        "note": note,
    }
    return SourceDecl(ident, values, "cow", 1)


def _first_three(names: list[str]) -> str:
    """Names for a label: "A, B, C and 4 others".

    >>> _first_three(["A", "B"]), _first_three(["A", "B", "C", "D", "E"])
    ('A, B', 'A, B, C and 2 others')
    """
    return ", ".join(names[:3]) + (f" and {len(names) - 3} others" if len(names) > 3 else "")


def _header(what: str, source: SourceDecl, files: list[Path]) -> str:
    return (
        f"Correlates of War {what} ({', '.join(f.name for f in files)}), imported by "
        f"`kg import` as source {source.id}.\nCite: {source.values['note']}"
    )


# ------------------------------------------------------------------ state system membership


def import_cow_states(
    path: Path | str, out: Path | str | None = None, *, seeds=None, max_rejects: int = 0
) -> ImportReport:
    """Import COW's State System Membership list (``states2016.csv``).

    >>> import tempfile
    >>> report = import_cow_states(EXAMPLES / "cow_states_small.csv", tempfile.mkdtemp())
    >>> report.read, report.imported, dict(report.written)
    (12, 12, {'StateSystemMembership': 16})
    """
    table = read_table(path, STATE_COLUMNS)
    version = _version(table)
    source = _source(
        f"cow-state-system-{version}",
        f"State System Membership List, v{version}",
        "Correlates of War Project",
        version,
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        f"Correlates of War Project. State System Membership List, v{version}.",
    )
    run = _Run("cow-states", source, [table], seeds)

    def read(row: dict) -> tuple:
        code = _number(row, "ccode")
        start = read_date(row, "styear", "stmonth", "stday")
        end = read_date(row, "endyear", "endmonth", "endday")
        return code, start and start.first, end and end.first

    rows = run.rows(table, read)
    last = max((end for *_, (_, _, end) in rows if end), default=None)  # the end of the data
    for line, row, _, (code, start, end) in rows:
        if run.entity(code, start, table.path, line, "styear") is None:
            continue
        run.check_abbrev(code, row["stateabb"], "stateabb", table.path, line)
        for part in run.parts(code, start, end, table.path, line):
            values: dict = {
                "label": f"{run.label(part.entity)} in the state system from {part.start.isoformat()}",
                "state": part.entity,
                "cow_code": code,
                "start": part.start.isoformat(),
            }
            if row["stateabb"]:
                values["cow_abbrev"] = row["stateabb"]
            if part.end is None or part.end == last:  # a member still at the end of the data
                values["ongoing_at"] = (part.end or last).isoformat()
            else:
                values["end"] = part.end.isoformat()
            ident = run.unique(f"cow-system-{code}-{part.start.isoformat()}")
            run.record("StateSystemMembership", ident, values, table.path, line)
    return run.finish(out, max_rejects, _header("state system membership", source, [table.path]))


# ------------------------------------------------------------------ formal alliances


def import_cow_alliances(
    path: Path | str, out: Path | str | None = None, *, seeds=None, max_rejects: int = 0
) -> ImportReport:
    """Import COW's Formal Alliances, one row per member (``alliance_v4.1_by_member.csv``).

    >>> import tempfile
    >>> report = import_cow_alliances(EXAMPLES / "cow_alliances_small.csv", tempfile.mkdtemp())
    >>> report.read, sorted(report.written.items())
    (9, [('Alliance', 4), ('Membership', 10)])
    """
    table = read_table(path, ALLIANCE_COLUMNS)
    version = _version(table)
    source = _source(
        f"cow-alliances-{version}",
        f"Formal Alliances (v{version}), by member",
        "Douglas M. Gibler",
        version,
        "https://correlatesofwar.org/data-sets/formal-alliances/",
        "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
    )
    run = _Run("cow-alliances", source, [table], seeds)
    file = table.path
    members: dict[int, list] = defaultdict(list)
    first: dict[int, tuple] = {}

    def read_member(row: dict) -> tuple:
        code = _number(row, "ccode")
        mem = (
            read_date(row, "mem_st_year", "mem_st_month", "mem_st_day"),
            read_date(row, "mem_end_year", "mem_end_month", "mem_end_day"),
        )
        alliance = (
            read_date(row, "all_st_year", "all_st_month", "all_st_day"),
            read_date(row, "all_end_year", "all_end_month", "all_end_day"),
        )
        return code, mem, alliance

    rows = run.rows(table, read_member, "version4id", "alliance")
    years = [d.year for *_, (_, mem, alliance) in rows for d in mem + alliance if d]
    last = date(max(years), 12, 31) if years else None  # the data end with this year
    for line, row, number, (code, (mem_start, mem_end), alliance) in rows:
        mem_start, mem_end = mem_start and mem_start.first, mem_end and mem_end.first
        if run.entity(code, mem_start, file, line, "mem_st_year") is None:
            continue
        first.setdefault(number, (line, row, alliance))
        members[number].append((line, row, code, mem_start, mem_end))

    for number in sorted(members):
        line, row, (all_start, all_end) = first[number]
        alliance = f"cow-alliance-{number}"
        names = sorted(
            {
                run.label(part.entity)
                for _, _, c, s, e in members[number]
                for part in run.codes.periods(c, s, e)
            }
        )
        kind = ALLIANCE_TYPES.get(row["ss_type"].split(":")[0].strip())
        if kind is None:
            run.report.warn(
                f"alliance type {row['ss_type']!r} is not one of COW's; left out",
                file=str(file),
                line=line,
                field="ss_type",
            )
        who = _first_three(names)
        what = _KIND_WORDS.get(kind, "alliance")
        when = all_start.year if all_start else "unknown date"
        values: dict = {
            "label": f"COW alliance {number}: {what} of {when} ({who})",
            "aliases": [f"COW alliance {number}"],
        }
        if kind:
            values["alliance_type"] = kind
        if all_start:
            values["existed_from"] = all_start.text
        if all_end:
            values["existed_until"] = all_end.text
        run.record("Alliance", alliance, values, file, line)

        for line, row, code, mem_start, mem_end in members[number]:
            obligations = []
            for column, concept in OBLIGATIONS.items():
                flag = row[column]
                if flag == "1":
                    obligations.append(concept)
                elif flag not in ("0",):
                    run.report.warn(
                        f"obligation flag {flag!r} is neither 0 nor 1; left out",
                        file=str(file),
                        line=line,
                        field=column,
                    )
            parts = run.parts(code, mem_start, mem_end, file, line)
            for i, part in enumerate(parts):
                values = {
                    "label": f"{run.label(part.entity)} in COW alliance {number}",
                    "member": part.entity,
                    "organization": alliance,
                }
                if i == 0 and row["left_censor"] == "1":
                    values["start"] = f"by {part.start.isoformat()}"  # began before the data do
                else:
                    values["start"] = part.start.isoformat()
                if part.end is not None:
                    values["end"] = part.end.isoformat()
                elif row["right_censor"] == "1" and last is not None:
                    values["ongoing_at"] = last.isoformat()
                if obligations:
                    values["obligations"] = obligations
                ident = run.unique(f"{alliance}-{part.entity}")
                run.record("Membership", ident, values, file, line)
    return run.finish(out, max_rejects, _header("formal alliances", source, [file]))


# ------------------------------------------------------------------ militarized interstate disputes


def _mid_tables(paths: list[Path | str]) -> tuple[Table, Table]:
    """MIDA and MIDB, told apart by their columns; a missing one is looked for beside the other."""
    found: dict[str, Path] = {}
    for p in map(Path, paths):
        head = read_table(p, ())
        kind = "B" if "ccode" in head.columns else "A"
        if kind in found:
            raise InputError(f"two MID{kind} files given: {found[kind]} and {p}", file=str(p))
        found[kind] = p
    for have, want in (("A", "B"), ("B", "A")):
        if have in found and want not in found:
            guess = found[have].with_name(found[have].name.replace(f"MID{have}", f"MID{want}"))
            if guess == found[have] or not guess.is_file():
                raise InputError(
                    f"cow-mids needs the MID{want} file too (the disputes and their "
                    f"participants go together); looked for {guess}",
                    file=str(found[have]),
                )
            found[want] = guess
    return read_table(found["A"], MIDA_COLUMNS), read_table(found["B"], MIDB_COLUMNS)


def import_cow_mids(
    paths: list[Path | str] | Path | str,
    out: Path | str | None = None,
    *,
    seeds=None,
    max_rejects: int = 0,
) -> ImportReport:
    """Import COW's Militarized Interstate Disputes: MIDA (disputes) and MIDB (participants).

    Give both files, or one of them: the other is looked for beside it.

    >>> import tempfile
    >>> report = import_cow_mids(EXAMPLES / "cow_MIDA_small.csv", tempfile.mkdtemp())
    >>> report.files, sorted(report.written.items())
    (['cow_MIDA_small.csv', 'cow_MIDB_small.csv'], [('Dispute', 3), ('DisputeParticipation', 7)])
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    mida, midb = _mid_tables(list(paths))
    version = _version(mida)
    source = _source(
        f"cow-mid-{version}",
        f"Militarized Interstate Disputes (v{version})",
        "Glenn Palmer et al.",
        version,
        "https://correlatesofwar.org/data-sets/mids/",
        "Palmer et al., The MID4 dataset, Conflict Management and Peace Science.",
    )
    run = _Run("cow-mids", source, [mida, midb], seeds)

    # participants first: a dispute's parties and sides come from them
    parts: dict[int, list] = defaultdict(list)

    def read_period(row: dict) -> tuple[CowDate | None, CowDate | None]:
        return (
            read_date(row, "styear", "stmon", "stday"),
            read_date(row, "endyear", "endmon", "endday"),
        )

    def read_participant(row: dict) -> tuple:
        code = _number(row, "ccode")
        period = read_period(row)
        nums = {c: _number(row, c) for c in
                ("sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre",
                 "hiact", "hostlev", "orig")}  # fmt: skip
        return code, period, nums

    rows = run.rows(midb, read_participant, "dispnum3", "dispute")
    for line, row, number, (code, period, nums) in rows:
        file = midb.path
        start = period[0] and period[0].first
        if run.entity(code, start, file, line, "styear") is None:
            continue
        run.check_abbrev(code, row["stabb"], "stabb", file, line)
        parts[number].append((line, period, run.codes.entity(code, start), nums))

    def read_dispute(row: dict) -> tuple:
        nums = {c: _number(row, c) for c in
                ("outcome", "settle", "fatality", "fatalpre", "hiact", "hostlev", "recip",
                 "ongo2010")}  # fmt: skip
        return read_period(row), nums

    disputes = {}
    for line, _, number, values in run.rows(mida, read_dispute, "dispnum3", "dispute"):
        disputes[number] = (line, *values)
    listed = set()  # the disputes of the MIDA file, imported or rejected
    for _, row in mida.rows:
        with suppress(InputError):
            listed.add(_number(row, "dispnum3"))
    for number in sorted(set(parts) - set(disputes)):
        why = (
            f"its dispute {number} was rejected"
            if number in listed
            else f"dispute {number} is not in the MIDA file"
        )
        for line, *_ in parts.pop(number):
            run.report.reject(why, file=str(midb.path), line=line, field="dispnum3")

    for number in sorted(disputes):
        line, (start, end), nums = disputes[number]
        file = mida.path
        dispute = f"cow-mid-{number}"
        members = parts.get(number, [])
        side_a = sorted({e for _, _, e, n in members if n["sidea"] == 1})
        side_b = sorted({e for _, _, e, n in members if n["sidea"] == 0})
        parties = sorted(set(side_a) | set(side_b))
        if len(parties) < 2:
            run.report.reject(
                f"dispute {number} has {len(parties)} resolved participant(s) in MIDB; a dispute "
                "needs two",
                file=str(file),
                line=line,
            )
            for pline, *_ in members:
                run.report.reject(
                    f"its dispute {number} was rejected", file=str(midb.path), line=pline
                )
            parts.pop(number, None)
            continue

        a, b = (_first_three([run.label(e) for e in side]) for side in (side_a, side_b))
        values: dict = {
            "label": f"MID {number}: {a} vs {b} ({start.year if start else 'unknown date'})",
            "aliases": [f"MID {number}"],
            "dispute_kind": "militarized-interstate-dispute",
            "parties": parties,
        }
        if side_a:
            values["side_a"] = side_a
        if side_b:
            values["side_b"] = side_b
        if start:
            values["start"] = start.text
        if end and nums["ongo2010"] == 1:
            values["ongoing_at"] = end.first.isoformat()
        elif end:
            values["end"] = end.text
        _codes(run, values, nums, file, line)
        if nums["outcome"] is not None:
            values["outcome"] = run.coded(OUTCOMES, nums["outcome"], "outcome", file, line)
        if nums["settle"] is not None:
            values["settlement"] = run.coded(SETTLEMENTS, nums["settle"], "settle", file, line)
        if nums["recip"] in (0, 1):
            values["reciprocated"] = nums["recip"] == 1
        run.record(
            "Dispute", dispute, {k: v for k, v in values.items() if v is not None}, file, line
        )

    for number in sorted(parts):
        for line, (start, end), entity, nums in parts[number]:
            file = midb.path
            values = {
                "label": f"{run.label(entity)} in MID {number}",
                "dispute": f"cow-mid-{number}",
                "participant": entity,
                "side": "side-a" if nums["sidea"] == 1 else "side-b",
            }
            if start:
                values["start"] = start.text
            if end:
                values["end"] = end.text
            if nums["orig"] in (0, 1):
                values["originator"] = nums["orig"] == 1
            if nums["revstate"] in (0, 1):
                values["revisionist"] = nums["revstate"] == 1
            revisions = [
                run.coded(REVISIONS, nums[c], c, file, line)
                for c in ("revtype1", "revtype2")
                if nums[c] not in (None, 0)
            ]
            if any(revisions):
                values["revision_type"] = sorted({r for r in revisions if r})
            _codes(run, values, nums, file, line)
            ident = run.unique(f"cow-mid-{number}-{entity}")
            run.record(
                "DisputeParticipation",
                ident,
                {k: v for k, v in values.items() if v is not None},
                file,
                line,
            )
    return run.finish(
        out, max_rejects, _header("militarized interstate disputes", source, [mida.path, midb.path])
    )


def _codes(run: _Run, values: dict, nums: dict, file: Path, line: int) -> None:
    """Hostility level, highest action and fatalities, shared by MIDA and MIDB rows."""
    values["hostility"] = run.coded(HOSTILITY, nums["hostlev"], "hostlev", file, line)
    values["highest_action"] = run.coded(
        dict(enumerate(ACTIONS)), nums["hiact"], "hiact", file, line
    )
    values["fatality"] = run.coded(FATALITIES, nums["fatality"], "fatality", file, line)
    if nums["fatalpre"] is not None and nums["fatalpre"] >= 0:
        values["fatalities"] = nums["fatalpre"]
