"""Crosswalks: how the names and codes of external datasets map to kg's entities.

Datasets name actors in their own ways. SIPRI writes ``Turkiye``, ``Soviet Union`` or
``Hezbollah (Lebanon)*``; the Correlates of War (COW) project writes numeric codes whose
meaning depends on the date (365 is Russia until 1922, the Soviet Union until 1991, then Russia
again). Most names resolve through the entity index like any curated reference (labels and
aliases in ``seeds/``). What cannot be said with an alias is written in the crosswalk tables
of ``seeds/crosswalks/``, which are data, read here:

- ``sipri.csv``: SIPRI names that need a rule (``Congo``, which as an alias would be ambiguous)
  and SIPRI's placeholders (``unknown supplier(s)``), which map to no entity at all;
- ``cow.csv``: every COW state code, with the period each entity holds it.

Both files are CSV with a header; lines starting with ``#`` are comments.

>>> codes = CowCodes.load()
>>> codes.entity(365, date(1950, 1, 1)), codes.entity(365, date(2000, 1, 1))
('soviet-union', 'RUS')
>>> [(p.entity, str(p.start), str(p.end)) for p in codes.periods(365, date(1990, 1, 1), date(1993, 6, 30))]
[('soviet-union', '1990-01-01', '1991-12-25'), ('RUS', '1991-12-26', '1993-06-30')]
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.paths import seeds_dir

__all__ = ["CowCodes", "CowPeriod", "SipriNames", "crosswalk_dir"]


def crosswalk_dir(seeds: Path | None = None) -> Path:
    """The folder of crosswalk tables: ``crosswalks/`` inside the seeds folder."""
    return (seeds or seeds_dir()) / "crosswalks"


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a crosswalk CSV with their line numbers; comment lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read the crosswalk table: {e.strerror}", file=str(path)) from e
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    reader = csv.reader(line for _, line in lines)
    header = next(reader, None)
    if header is None or tuple(header[: len(columns)]) != columns:
        raise InputError(
            f"expected the columns {', '.join(columns)}", file=str(path), line=lines[0][0]
        )
    out = []
    for (number, _), row in zip(lines[1:], reader):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} cells, found {len(row)}", file=str(path), line=number
            )
        out.append((number, {k: v.strip() for k, v in zip(header, row)}))
    return out


@dataclass(frozen=True)
class CowPeriod:
    """The entity a COW code stands for between two days (both included; None = open)."""

    code: int
    entity: str
    start: date | None
    end: date | None
    abbrevs: tuple[str, ...]
    line: int

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class CowCodes:
    """The COW crosswalk: which entity a state code stands for on a given day."""

    def __init__(self, periods: list[CowPeriod], path: Path | None = None):
        self.path = path
        self.by_code: dict[int, list[CowPeriod]] = {}
        for p in periods:
            self.by_code.setdefault(p.code, []).append(p)
        for plist in self.by_code.values():
            plist.sort(key=lambda p: p.start or date.min)

    @classmethod
    def load(cls, path: Path | None = None) -> CowCodes:
        """Read ``cow.csv`` (by default from :func:`crosswalk_dir`), checking it as it goes."""
        return cls._load(Path(path or crosswalk_dir() / "cow.csv"))

    @classmethod
    @functools.cache
    def _load(cls, path: Path) -> CowCodes:
        periods = []
        columns = ("ccode", "abbrevs", "from", "until", "entity", "cow_name", "note")
        for line, row in _rows(path, columns):
            try:
                code = int(row["ccode"])
                start = date.fromisoformat(row["from"]) if row["from"] else None
                end = date.fromisoformat(row["until"]) if row["until"] else None
            except ValueError as e:
                raise InputError(f"bad code or day: {e}", file=str(path), line=line) from None
            if not row["entity"]:
                raise InputError("names no entity", file=str(path), line=line, field="entity")
            periods.append(
                CowPeriod(code, row["entity"], start, end, tuple(row["abbrevs"].split()), line)
            )
        codes = cls(periods, path)
        codes._check()
        return codes

    def _check(self) -> None:
        for plist in self.by_code.values():
            for a, b in zip(plist, plist[1:]):
                if a.end is None or b.start is None or a.end >= b.start:
                    raise InputError(
                        f"the periods of code {a.code} overlap (see line {a.line})",
                        file=str(self.path),
                        line=b.line,
                    )

    def known(self, code: int) -> bool:
        return code in self.by_code

    def entity(self, code: int, day: date) -> str | None:
        """The entity ``code`` stands for on ``day``, or None if the crosswalk does not say."""
        for p in self.by_code.get(code, ()):
            if p.covers(day):
                return p.entity
        return None

    def abbrevs(self, code: int) -> set[str]:
        return {a for p in self.by_code.get(code, ()) for a in p.abbrevs}

    def periods(self, code: int, start: date, end: date | None) -> list[CowPeriod]:
        """The entities ``code`` stands for from ``start`` to ``end``, each with its part.

        A period that crosses a change of entity (a COW alliance membership of 365 from 1921 to
        1939) is cut in two; a part of the period the crosswalk does not cover is left out.
        """
        out = []
        for p in self.by_code.get(code, ()):
            if (p.end is not None and p.end < start) or (
                end is not None and p.start is not None and end < p.start
            ):
                continue
            lo = start if p.start is None else max(start, p.start)
            if end is None:
                hi = p.end
            else:
                hi = end if p.end is None else min(end, p.end)
            out.append(CowPeriod(code, p.entity, lo, hi, p.abbrevs, p.line))
        return out


class SipriNames:
    """SIPRI names that need a rule: a fixed entity, or none at all (a placeholder).

    >>> names = SipriNames.load()
    >>> names.lookup("Congo"), names.lookup("unknown supplier(s)"), names.lookup("France")
    ((True, 'COG'), (True, None), (False, None))
    """

    def __init__(self, table: dict[str, str | None], path: Path | None = None):
        self.table = table
        self.path = path

    @classmethod
    def load(cls, path: Path | None = None) -> SipriNames:
        """Read ``sipri.csv`` (by default from :func:`crosswalk_dir`)."""
        return cls._load(Path(path or crosswalk_dir() / "sipri.csv"))

    @classmethod
    @functools.cache
    def _load(cls, path: Path) -> SipriNames:
        table: dict[str, str | None] = {}
        for line, row in _rows(path, ("name", "entity", "note")):
            if row["name"] in table:
                raise InputError(f"{row['name']!r} appears twice", file=str(path), line=line)
            table[row["name"]] = row["entity"] or None
        return cls(table, path)

    def lookup(self, name: str) -> tuple[bool, str | None]:
        """``(True, entity)`` if the table has ``name`` (entity None for a placeholder)."""
        if name in self.table:
            return True, self.table[name]
        return False, None
