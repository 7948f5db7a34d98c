"""Import the SIPRI Arms Transfers Database trade register, as SIPRI's website exports it.

Every row of the register becomes an arms deal of one source, "SIPRI Arms Transfers Database",
dated by the ``Data generated`` line of the export: supplier, recipient, the weapon system (one
entity per designation, shared by all its deals), year of order, numbers ordered and delivered,
years of delivery, condition (SIPRI's ``status``: new, second hand, second hand but
modernized), SIPRI's comments, and the trend-indicator values (TIV) per unit, of the order and
of what was delivered. A ``?`` in one of the three unnamed flag columns marks the value to its
left as uncertain; the deal lists that field under ``uncertain``.

The export's quirks, all handled here:

- it is ISO-8859-1 (Latin-1), not UTF-8 (a UTF-8 copy is read too);
- notes come before the header (the ``Data generated`` line among them);
- three header cells are blank: they hold the ``?`` flags;
- a few records are broken over two lines by a line break in Comments: they are joined;
- ``Year(s) of delivery`` is a ``; ``-separated list, empty when nothing was delivered;
- SIPRI's names (``Turkiye``, ``East Germany (GDR)``) resolve through the seeds' labels and
  aliases and ``seeds/crosswalks/sipri.csv``; a trailing ``*`` marks a non-state armed group,
  ``**`` an international organisation, and each must resolve to an actor of that class;
- ``unknown supplier(s)`` and the like are placeholders, not actors: the deal names no
  supplier and lists ``supplier`` under ``unknown``.

A deal that another source already describes (same supplier, recipient and weapon system, and
an order date that includes SIPRI's year of order) keeps that deal's identifier, so the two
sources' claims sit side by side on one deal, each in its own named graph.

>>> from pathlib import Path
>>> reg = read_register(Path(__file__).parents[2] / "tests" / "data" / "sipri_small.csv")
>>> reg.generated.isoformat(), len(reg.rows), reg.joined
('2025-01-02', 22, [(21, 22), (32, 33)])
"""

from __future__ import annotations

import csv
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, URIRef

from kg.crosswalk import SipriNames, crosswalk_dir
from kg.errors import InputError, ResolutionError
from kg.imports.common import Context, ImportReport, finish, load_context
from kg.load import Record, SourceDecl

__all__ = ["Register", "SipriRow", "read_register", "sipri_source", "import_sipri", "COLUMNS"]

log = logging.getLogger(__name__)

KIND = "sipri"
# the named columns of the export, in order; each "?" flag column follows the one it qualifies
COLUMNS = (
    "Recipient",
    "Supplier",
    "Year of order",
    "Number ordered",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)
# the field of the curated vocabulary that each flagged column becomes
FLAGGED = {
    "Year of order": "order_date",
    "Number ordered": "quantity",
    "Number delivered": "delivered",
}
CONDITIONS = {
    "new": "new",
    "second hand": "second-hand",
    "second hand but modernized": "second-hand-modernized",
}
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_GENERATED = re.compile(r"Data generated:\s*(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})")
# "$3 b deal", "EUR130 m ($170 m) deal", "$58 m deal (incl operational support)": the dollar
# value SIPRI gives for the whole deal ("Part of $1 b deal" is a larger package, not read)
_VALUE = re.compile(
    r"(?:[A-Z]{3}\s?\d+(?:\.\d+)?\s?[bm] \()?\$(\d+(?:\.\d+)?)\s?([bm])\)? deal(?: \(.*\))?"
)


@dataclass
class SipriRow:
    """One record of the register: its cells by column name, its flags, and its lines."""

    line: int
    end_line: int
    cells: dict[str, str]
    flags: dict[str, bool]


@dataclass
class Register:
    """An export read from disk: when SIPRI generated it, and its records."""

    path: Path
    encoding: str
    generated: date
    header_line: int
    rows: list[SipriRow] = field(default_factory=list)
    data_lines: int = 0
    joined: list[tuple[int, int]] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)  # lines that hold no record


def _decode(raw: bytes) -> tuple[str, str]:
    """SIPRI exports Latin-1; a copy saved as UTF-8 is read as such."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _cells(text: str) -> list[str]:
    return next(csv.reader([text]), [])


def read_register(path: Path | str) -> Register:
    """Read a trade-register export: find its header and date, and join broken records.

    Raises :class:`InputError` if the file is not a trade-register export at all; a line that
    holds no record is kept in ``problems`` with its number.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", file=name) from e
    text, encoding = _decode(raw)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    header_at = next(
        (i for i, line in enumerate(lines) if _cells(line)[:2] == ["Recipient", "Supplier"]),
        None,
    )
    if header_at is None:
        raise InputError(
            "no header line starting 'Recipient,Supplier': is this a SIPRI trade-register "
            "export (CSV)?",
            file=name,
        )
    generated = None
    for line in lines[:header_at]:
        m = _GENERATED.search(line)
        if m and m.group(2).lower() in _MONTHS:
            try:
                generated = date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
            except ValueError:
                generated = None
    if generated is None:
        raise InputError(
            "no 'Data generated: DD Mon YYYY' line before the header; the import needs the "
            "export's date to name its source",
            file=name,
        )
    header = [c.strip() for c in _cells(lines[header_at])]
    names = [c for c in header if c]
    if tuple(names) != COLUMNS:
        missing = [c for c in COLUMNS if c not in names]
        raise InputError(
            "unexpected columns"
            + (f"; missing: {', '.join(missing)}" if missing else f": {', '.join(names)}"),
            file=name,
            line=header_at + 1,
        )
    flag_of: dict[int, str] = {}
    for i, cell in enumerate(header):
        if not cell:
            if i == 0 or not header[i - 1]:
                raise InputError(
                    f"blank column {i + 1} does not follow a named one",
                    file=name,
                    line=header_at + 1,
                )
            flag_of[i] = header[i - 1]
    width = len(header)
    reg = Register(path, encoding, generated, header_at + 1)
    i = header_at + 1
    while i < len(lines):
        number, line = i + 1, lines[i]
        i += 1
        if not line.strip():
            continue
        reg.data_lines += 1
        cells = _cells(line)
        end = number
        if len(cells) < width and i < len(lines) and lines[i].strip():
            # a line break inside Comments: the rest of the record is on the next line
            joined = _cells(line + " " + lines[i])
            if len(joined) == width:
                cells, end = joined, i + 1
                reg.joined.append((number, end))
                reg.data_lines += 1
                i += 1
        if len(cells) != width:
            reg.problems.append(
                InputError(
                    f"expected {width} cells, found {len(cells)}; the line holds no whole record",
                    file=name,
                    line=number,
                )
            )
            continue
        row_cells: dict[str, str] = {}
        flags: dict[str, bool] = {}
        for j, value in enumerate(cells):
            if j in flag_of:
                flags[flag_of[j]] = value.strip()
            else:
                row_cells[header[j]] = value.strip()
        reg.rows.append(SipriRow(number, end, row_cells, flags))  # type: ignore[arg-type]
    return reg


def sipri_source(generated: date) -> SourceDecl:
    """The source an export becomes, named after the day SIPRI generated it."""
    sid = f"sipri-trade-register-{generated.isoformat()}"
    values = {
        "id": sid,
        "title": "SIPRI Arms Transfers Database: trade register",
        "author": ["Stockholm International Peace Research Institute"],
        "publisher": "SIPRI",
        "date": generated.isoformat(),
        "url": "https://www.sipri.org/databases/armstransfers",
        "kind": "dataset",
    }
    return SourceDecl(sid, values, "sipri", 1)


def _slug(text: str) -> str:
    """An identifier from a designation: word characters, dots and hyphens kept.

    >>> _slug("2S1 122mm"), _slug("Mi-8/Mi-17"), _slug("Bü-181 Bestmann")
    ('2S1-122mm', 'Mi-8-Mi-17', 'Bü-181-Bestmann')
    """
    return re.sub(r"[^\w.-]+", "-", text).strip("-.") or "system"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Names:
    """SIPRI's actor names -> entity ids, through the crosswalk and the entity index."""

    EXPECT = {
        "**": ("InternationalOrganization", "an international organisation"),
        "*": ("NonStateArmedGroup", "a non-state armed group"),
        "": ("Actor", "a state or territory"),
    }

    def __init__(self, ctx: Context, table: SipriNames):
        self.ctx = ctx
        self.table = table
        self.cache: dict[str, tuple[str | None, str | None]] = {}

    def resolve(self, raw: str) -> tuple[str | None, str | None]:
        """``(entity id or None for a placeholder, None)`` or ``(None, reason)``."""
        if raw not in self.cache:
            self.cache[raw] = self._resolve(raw)
        return self.cache[raw]

    def _resolve(self, raw: str) -> tuple[str | None, str | None]:
        found, entity = self.table.lookup(raw)
        marker = "**" if raw.endswith("**") else "*" if raw.endswith("*") else ""
        name = raw[: len(raw) - len(marker)].strip() if marker else raw
        rtype, what = self.EXPECT[marker]
        if found and entity is None:
            return None, None
        try:
            key = self.ctx.index.resolve(entity or name, rtype)
        except ResolutionError as e:
            return None, f"SIPRI name {raw!r} ({what}) does not resolve: {e.reason}"
        actual = self.ctx.index.types[key]
        if not marker and actual not in ("State", "Territory"):
            label = self.ctx.schema.types[actual].label
            return None, (
                f"SIPRI name {raw!r} has no star, so it names a state or territory, but "
                f"{key.id} is of type {label}"
            )
        return key.id, None


def _curated_systems(ctx: Context) -> dict[str, str]:
    """Exact names (id, label, aliases) of the weapon systems already in the seeds."""
    schema = ctx.schema
    cls = schema.types["WeaponSystem"].iri
    alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    systems = {s for s, p, o, _ in ctx.load.quads if p == RDF.type and o == cls}
    names: dict[str, set[str]] = defaultdict(set)
    for s in systems:
        key = ctx.index.key_of(s)
        if key is not None:
            names[key.id].add(key.id)
    for s, p, o, _ in ctx.load.quads:
        if s in systems and p in (RDFS.label, alt):
            key = ctx.index.key_of(s)
            if key is not None:
                names[_squeeze(str(o))].add(key.id)
    return {name: next(iter(ids)) for name, ids in names.items() if len(ids) == 1}


@dataclass
class _CuratedDeal:
    id: str
    earliest: date | None
    latest: date | None


def _curated_deals(ctx: Context, graph: URIRef) -> dict[tuple[str, str, str], list[_CuratedDeal]]:
    """Deals other sources describe, by (supplier, recipient, system) ids."""
    schema = ctx.schema
    kg = schema.kg
    deal_cls = schema.types["ArmsDeal"].iri
    fields = {URIRef(kg + n): n for n in ("supplier", "recipient", "system", "orderDate")}
    bounds = {URIRef(kg + "earliest"): "earliest", URIRef(kg + "latest"): "latest"}
    deals, facts, when = set(), defaultdict(dict), defaultdict(dict)
    for s, p, o, g in ctx.load.quads:
        if g == graph:
            continue
        if p == RDF.type and o == deal_cls:
            deals.add(s)
        elif p in fields:
            facts[s][fields[p]] = o
        elif p in bounds:
            when[s][bounds[p]] = date.fromisoformat(str(o))
    out: dict[tuple[str, str, str], list[_CuratedDeal]] = defaultdict(list)
    seen = set()
    for s in sorted(deals):
        f = facts[s]
        keys = [
            ctx.index.key_of(f.get(n)) if f.get(n) else None
            for n in ("supplier", "recipient", "system")
        ]
        deal = ctx.index.key_of(s)
        if None in keys or deal is None or deal.id in seen:
            continue
        seen.add(deal.id)
        od = when.get(f.get("orderDate"), {})
        out[(keys[0].id, keys[1].id, keys[2].id)].append(
            _CuratedDeal(deal.id, od.get("earliest"), od.get("latest"))
        )
    return out


def _int(value: str, column: str) -> int | None:
    if value == "":
        return None
    if not re.fullmatch(r"\d+", value):
        raise ValueError(f"{column}: expected a whole number, got {value!r}")
    return int(value)


def _dec(value: str, column: str) -> Decimal | None:
    if value == "":
        return None
    try:
        d = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{column}: expected a number, got {value!r}") from None
    if not d.is_finite() or d < 0:
        raise ValueError(f"{column}: expected a number of at least 0, got {value!r}")
    return d


def _value(comments: str) -> Decimal | None:
    """The dollar value of the whole deal, if SIPRI's comments give exactly one.

    >>> _value("$3 b deal"), _value("INR390 b ($5.4 b) deal; delivery planned 2021-2025/2026")
    (Decimal('3000000000'), Decimal('5400000000'))
    >>> _value("Part of $1 b deal"), _value("$200-250 m deal")
    (None, None)
    """
    found = set()
    for part in comments.split("; "):
        m = _VALUE.fullmatch(part.strip())
        if m:
            scale = 10**9 if m.group(2) == "b" else 10**6
            found.add(Decimal(m.group(1)) * scale)
    if len(found) != 1:
        return None
    amount = found.pop()
    return amount.to_integral_value() if amount == amount.to_integral_value() else amount


@dataclass
class _Deal:
    row: SipriRow
    supplier: str | None
    recipient: str | None
    designation: str
    year: int | None
    values: dict


def _row_values(row: SipriRow, names: _Names, report: ImportReport, file: str) -> _Deal | None:
    """Check and convert one row; on a problem, reject it and return None."""
    c = row.cells
    problems = []
    parties = {}
    for column, fname in (("Supplier", "supplier"), ("Recipient", "recipient")):
        raw = c[column]
        if not raw:
            problems.append((f"{column} is empty", column))
            continue
        entity, why = names.resolve(raw)
        if why:
            report.unresolved[raw] += 1
            problems.append((why, column))
        parties[fname] = entity
    for column in FLAGGED:
        if row.flags.get(column, "") not in ("", "?"):
            problems.append(
                (f"the flag after {column} must be '?' or empty, got {row.flags[column]!r}", column)
            )
    values: dict = {}
    try:
        year = _int(c["Year of order"], "Year of order")
        if year is not None and not 1000 <= year <= 2999:
            raise ValueError(f"Year of order: {year} is not a four-digit year")
        quantity = _int(c["Number ordered"], "Number ordered")
        delivered = _int(c["Number delivered"], "Number delivered")
        years = []
        if c["Year(s) of delivery"]:
            for part in c["Year(s) of delivery"].split(";"):
                y = _int(part.strip(), "Year(s) of delivery")
                if y is None or not 1000 <= y <= 2999:
                    raise ValueError(f"Year(s) of delivery: {part.strip()!r} is not a year")
                years.append(y)
        tivs = {
            "tiv_unit": _dec(c["SIPRI TIV per unit"], "SIPRI TIV per unit"),
            "tiv_order": _dec(c["SIPRI TIV for total order"], "SIPRI TIV for total order"),
            "tiv_delivered": _dec(
                c["SIPRI TIV of delivered weapons"], "SIPRI TIV of delivered weapons"
            ),
        }
    except ValueError as e:
        column, _, reason = str(e).partition(": ")
        problems.append((reason, column))
        year = None
    condition = CONDITIONS.get(_squeeze(c["status"]).lower())
    if condition is None:
        problems.append(
            (
                f"status {c['status']!r} is not one of: New, Second hand, Second hand but modernized",
                "status",
            )
        )
    designation = _squeeze(c["Weapon designation"])
    if not designation:
        problems.append(("Weapon designation is empty", "Weapon designation"))
    if problems:
        for reason, column in problems:
            report.reject(reason, file=file, line=row.line, field=column)
        return None
    if parties["supplier"] is not None:
        values["supplier"] = parties["supplier"]
    if parties["recipient"] is not None:
        values["recipient"] = parties["recipient"]
    if year is not None:
        values["order_date"] = str(year)
    if quantity is not None:
        values["quantity"] = quantity
    values["unit"] = "system"
    values["delivered"] = delivered if delivered is not None else 0
    if years:
        values["delivery_years"] = years
    values["condition"] = condition
    values.update({k: v for k, v in tivs.items() if v is not None})
    comments = _squeeze(c["Comments"])
    amount = _value(comments)
    if amount is not None:
        values["value"] = {"amount": amount, "currency": "USD"}
    if comments:
        values["note"] = comments
    uncertain = [FLAGGED[col] for col in FLAGGED if row.flags.get(col) == "?"]
    if uncertain:
        values["uncertain"] = uncertain
    unknown = [f for f in ("supplier", "recipient") if parties[f] is None]
    if unknown:
        values["unknown"] = unknown
    return _Deal(row, parties["supplier"], parties["recipient"], designation, year, values)


# the order fields are written in (for a readable YAML excerpt)
_ORDER = (
    "supplier recipient system order_date quantity unit delivered delivery_years condition "
    "tiv_unit tiv_order tiv_delivered value note uncertain unknown"
).split()


def _deal_ids(deals: list[_Deal]) -> dict[int, str]:
    """``sipri-<supplier>-<recipient>-<year>-<system>``; the second such deal gets ``-2``...

    A suffixed id must not be another deal's plain one (a system may be called "Brimstone-2").
    """
    bases = [
        f"sipri-{d.supplier or 'unknown'}-{d.recipient or 'unknown'}-{d.year or 'undated'}-"
        f"{d.values['system']}"
        for d in deals
    ]
    taken = set(bases)
    seen: set[str] = set()
    ids = {}
    for d, base in zip(deals, bases):
        ident, n = base, 1
        if base in seen:
            while ident in taken:
                n += 1
                ident = f"{base}-{n}"
        seen.add(base)
        taken.add(ident)
        ids[id(d)] = ident
    return ids


def _mentions(names: set[str]) -> re.Pattern:
    """Whole-word mentions of any of ``names`` ("S-400", not the "S-400" in "FCS-4008")."""
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def import_sipri(
    path: Path | str,
    out: Path | str | None = None,
    *,
    seeds: Path | str | None = None,
    system: str | None = None,
    max_rejects: int = 0,
) -> ImportReport:
    """Import a trade-register export; write one source (Turtle, or YAML for ``.yaml``).

    ``system`` keeps only the rows about one weapon system (its own deals, and rows whose
    comments name it, such as its missiles): an excerpt small enough for ``seeds/``.
    """
    reg = read_register(path)
    file = str(reg.path)
    ctx = load_context(seeds)
    source = sipri_source(reg.generated)
    report = ImportReport(KIND, source.id, [reg.path.name])
    report.lines = reg.data_lines
    report.read = len(reg.rows) + len(reg.problems)
    report.rejected.extend(reg.problems)
    report.notes.append(f"encoding {reg.encoding}; export generated {reg.generated.isoformat()}")
    if reg.joined:
        report.notes.append(
            f"joined {len(reg.joined)} records broken over two lines (lines "
            + ", ".join(f"{a}-{b}" for a, b in reg.joined)
            + ")"
        )
    names = _Names(ctx, SipriNames.load(crosswalk_dir(ctx.seeds) / "sipri.csv"))
    deals = [d for d in (_row_values(r, names, report, file) for r in reg.rows) if d]

    # weapon systems: a designation the seeds know keeps its entity; others get one each
    curated = _curated_systems(ctx)
    taken = {k.id for k, t in ctx.index.types.items() if t == "WeaponSystem"}
    system_of: dict[str, str] = {}
    descriptions: dict[str, set[str]] = defaultdict(set)
    first_row: dict[str, SipriRow] = {}
    for d in deals:
        if d.designation not in system_of:
            sid = curated.get(d.designation)
            if sid is None:
                base = sid = _slug(d.designation)
                n = 1
                while sid in taken:
                    n += 1
                    sid = f"{base}-{n}"
                taken.add(sid)
            system_of[d.designation] = sid
            first_row[sid] = d.row
        sid = system_of[d.designation]
        d.values["system"] = sid
        descriptions[sid].add(_squeeze(d.row.cells["Weapon description"]))

    selected = deals
    if system is not None:
        key = curated.get(_squeeze(system)) or system_of.get(_squeeze(system))
        if key is None:
            try:
                key = ctx.index.resolve(system, "WeaponSystem").id
            except ResolutionError as e:
                raise InputError(f"--system {system!r}: {e.reason}") from e
        wanted = {n for n, sid in curated.items() if sid == key}
        wanted |= {n for n, sid in system_of.items() if sid == key}
        pattern = _mentions(wanted)
        selected = [
            d for d in deals if d.values["system"] == key or pattern.search(d.row.cells["Comments"])
        ]
        report.notes.append(
            f"excerpt: {len(selected)} records about {system} (its deals, and rows whose "
            f"comments name it: {', '.join(sorted(wanted))})"
        )

    # identifiers, and the deals another source already describes
    graph = ctx.schema.entity_iri("Source", source.id)
    known = _curated_deals(ctx, graph)
    ids = _deal_ids(deals)
    claims: dict[str, list[_Deal]] = defaultdict(list)
    for d in deals:
        if d.supplier is None or d.recipient is None or d.year is None:
            continue
        fits = [
            c
            for c in known.get((d.supplier, d.recipient, d.values["system"]), [])
            if (c.earliest is None or c.earliest.year <= d.year)
            and (c.latest is None or d.year <= c.latest.year)
        ]
        if len(fits) == 1:
            claims[fits[0].id].append(d)
    for deal_id, rows in sorted(claims.items()):
        if len(rows) == 1:
            ids[id(rows[0])] = deal_id
            report.notes.append(
                f"line {rows[0].row.line}: the deal {deal_id} of another source (same supplier, "
                "recipient, system and year of order)"
            )
        else:
            report.notes.append(
                f"deal {deal_id} of another source fits {len(rows)} rows (lines "
                + ", ".join(str(r.row.line) for r in rows)
                + "); none is linked to it"
            )

    records: list[Record] = []
    used_systems = {d.values["system"] for d in selected}
    for sid in sorted(used_systems):
        label = next(n for n, s in system_of.items() if s == sid)
        values: dict = {}
        curated_label = ctx.label("system", sid) if sid in curated.values() else None
        if curated_label is None or curated_label == label:
            values["label"] = label
        else:
            values["aliases"] = [label]
        values["description"] = sorted(descriptions[sid])
        records.append(
            Record("WeaponSystem", sid, values, file, first_row[sid].line, {}, source.id)
        )
    for d in selected:
        sup = ctx.label("actor", d.supplier) if d.supplier else "unknown supplier"
        rec = ctx.label("actor", d.recipient) if d.recipient else "unknown recipient"
        qty = f"{d.values['quantity']} " if "quantity" in d.values else ""
        when = f" (ordered {d.year})" if d.year else ""
        values = {"label": f"{sup} to {rec}: {qty}{d.designation}{when}"}
        values.update(sorted(d.values.items(), key=lambda kv: _ORDER.index(kv[0])))
        records.append(Record("ArmsDeal", ids[id(d)], values, file, d.row.line, {}, source.id))
    if system is not None:
        report.selected_from, report.read = report.read, len(selected)
    header = _header(reg, source.id, system)
    return finish(report, source, records, ctx, out, max_rejects=max_rejects, header=header)


def _header(reg: Register, source_id: str, system: str | None) -> str:
    if system is None:
        return (
            f"SIPRI Arms Transfers Database, trade register generated {reg.generated.isoformat()}\n"
            f"({reg.path.name}), imported by `kg import sipri` as source {source_id}.\n"
            "(c) SIPRI. Its terms restrict redistribution: keep this file out of the repository."
        )
    return (
        f"The rows of SIPRI's trade register about the {system} (export generated "
        f"{reg.generated.isoformat()}):\n"
        "a small excerpt of facts, cited to SIPRI (c) SIPRI, so that the default build shows how\n"
        "its figures compare with other sources'. Generated, not edited: regenerate with\n"
        f"  kg import sipri {reg.path.name} --system {system} -o seeds/<this file>"
    )
