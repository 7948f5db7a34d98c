"""What every importer shares: the curated context, the report, and writing the result.

An importer reads a dataset as its publisher ships it and turns each row into records of the
curated vocabulary (the field names of ``ontology/schema.yaml``), which :func:`finish`
converts with the same code as curated YAML (:func:`kg.load.convert_records`). So an imported
deal is the same RDF a curated deal would be, and a bad value is caught the same way.

The result is one source in one named graph, written as a Turtle file (``kg build`` loads it
beside the seeds) or, for an excerpt meant for ``seeds/``, as curated YAML. Nothing is dropped
silently: a row that cannot be imported is *rejected*, with its file, line and reason; a value
left out of a row that is imported is a *warning*. With more rejections than the caller allows,
nothing is written.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF

from kg.errors import InputError, KGError
from kg.load import LoadResult, Record, SourceDecl, convert_records, load_paths
from kg.paths import seeds_dir
from kg.resolve import EntityIndex, EntityKey
from kg.schema import Schema, load_schema
from kg.serialize import turtle_text

__all__ = [
    "Context",
    "ImportReport",
    "RejectedRecordsError",
    "load_context",
    "finish",
    "output_path",
]

log = logging.getLogger(__name__)

FORMATS = {".ttl": "turtle", ".yaml": "yaml", ".yml": "yaml"}


class RejectedRecordsError(KGError):
    """An import rejected more records than allowed; nothing was written.

    ``report`` lists every rejection with its line and reason.
    """

    def __init__(self, report: ImportReport, allowed: int):
        self.report = report
        n = len(report.rejected)
        super().__init__(
            f"{n} record{'s' if n != 1 else ''} rejected (allowed: {allowed}), so nothing was "
            "written; fix the input or the crosswalks, or pass --max-rejects "
            f"{n} to import the rest"
        )


@dataclass
class Context:
    """The curated knowledge an import resolves against: the seeds' entities and their index."""

    schema: Schema
    seeds: Path
    load: LoadResult
    index: EntityIndex

    def entity_type(self, segment: str, ident: str) -> str | None:
        """The record type of an entity (``State``), or None if the seeds do not know it."""
        return self.index.types.get(EntityKey(segment, ident))

    def label(self, segment: str, ident: str) -> str:
        """An entity's label, or its id if it has none."""
        return self.index.labels.get(EntityKey(segment, ident), ident)


def load_context(seeds: Path | str | None = None) -> Context:
    """Load the curated files under ``seeds`` (default: the project's seeds) for an import.

    >>> ctx = load_context()
    >>> ctx.entity_type("actor", "soviet-union"), ctx.label("actor", "TUR")
    ('State', 'Türkiye')
    """
    schema = load_schema()
    folder = Path(seeds) if seeds else seeds_dir()
    result = load_paths([folder], schema)
    return Context(schema, folder, result, result.index)


@dataclass
class ImportReport:
    """What an import read, imported, rejected and wrote."""

    kind: str
    source_id: str
    files: list[str]
    lines: int = 0  # data lines read (a record broken over two lines counts two)
    read: int = 0  # records read
    imported: int = 0
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unresolved: Counter = field(default_factory=Counter)  # names or codes -> rows
    written: Counter = field(default_factory=Counter)  # records written, by type
    output: Path | None = None
    selected_from: int | None = None  # an excerpt: how many records it was chosen from

    def reject(self, reason: str, *, file: str, line: int, field: str | None = None) -> None:
        self.rejected.append(InputError(reason, file=file, line=line, field=field))

    def warn(self, reason: str, *, file: str, line: int, field: str | None = None) -> None:
        self.warnings.append(InputError(reason, file=file, line=line, field=field))

    def summary(self) -> list[str]:
        """The report in plain lines, as ``kg import`` prints it."""
        read = f"read {self.read:,} records"
        if self.selected_from is not None:
            read = f"selected {self.read:,} of {self.selected_from:,} records"
        out = [
            f"{self.kind}: {read} from {self.lines:,} data lines of {', '.join(self.files)}",
            f"imported {self.imported:,}, rejected {len(self.rejected):,}, "
            f"warnings {len(self.warnings):,}",
        ]
        out += [f"  {n}" for n in self.notes]
        if self.written:
            out.append(
                "records written: "
                + ", ".join(f"{n:,} {t}" for t, n in sorted(self.written.items()))
            )
        if self.unresolved:
            out.append("not resolved (add them to seeds/ or seeds/crosswalks/):")
            out += [
                f"  {name}: {n:,} row{'s' if n != 1 else ''}"
                for name, n in sorted(self.unresolved.items())
            ]
        if self.rejected:
            out.append("rejected:")
            out += [f"  {e}" for e in self.rejected]
        if self.warnings:
            out.append("warnings (imported without the value):")
            out += [f"  {e}" for e in self.warnings]
        if self.output:
            out.append(f"wrote {self.output} (source {self.source_id})")
        return out


def output_path(out: Path | str | None, source_id: str, default_suffix: str = ".ttl") -> Path:
    """Where to write: ``out`` itself if it names a file, else ``<out>/<source id>.ttl``.

    >>> str(output_path(None, "cow-mid-4.3")), str(output_path("seeds/x.yaml", "cow-mid-4.3"))
    ('imports/cow-mid-4.3.ttl', 'seeds/x.yaml')
    """
    target = Path(out) if out is not None else Path("imports")
    if target.suffix in FORMATS:
        return target
    return target / f"{source_id}{default_suffix}"


def finish(
    report: ImportReport,
    source: SourceDecl,
    records: list[Record],
    ctx: Context,
    out: Path | str | None = None,
    *,
    max_rejects: int = 0,
    header: str = "",
) -> ImportReport:
    """Index and convert ``records``, then write them (unless too many were rejected)."""
    problems: list[InputError] = []
    # the seeds may hold an excerpt of this very source: the import supersedes it
    for key in [k for k in ctx.index.defined if k[1] == source.id]:
        del ctx.index.defined[key]
    kept = []
    for rec in records:
        before = len(problems)
        ctx.index.add_record(rec, problems)
        if len(problems) > before:
            report.rejected.extend(problems[before:])
        else:
            kept.append(rec)
    conversion = convert_records(kept, source, ctx.index, ctx.schema)
    for _, problems in conversion.rejected:
        report.rejected.extend(problems)
    lost = {id(rec) for rec, _ in conversion.rejected}
    # a row may give several records (a deal and its weapon system): a row is imported when
    # none of its records was rejected
    rows_rejected = {(p.file, p.line) for p in report.rejected}
    report.imported = report.read - len(rows_rejected)
    report.rejected.sort(key=lambda e: (e.file or "", e.line or 0, str(e)))
    report.warnings.sort(key=lambda e: (e.file or "", e.line or 0, str(e)))
    if len(rows_rejected) > max_rejects:
        raise RejectedRecordsError(report, max_rejects)
    by_type = {t.iri: t.name for t in ctx.schema.types.values()}
    graph = ctx.schema.entity_iri("Source", source.id)
    report.written = Counter(
        by_type[o]
        for s, p, o, _ in conversion.quads
        if p == RDF.type and o in by_type and s != graph
    )
    target = output_path(out, source.id)
    fmt = FORMATS.get(target.suffix)
    if fmt == "yaml":
        written = [r for r in kept if id(r) not in lost]
        text = yaml_text(source, written, header)
    else:
        prefixes = dict(ctx.schema.prefixes)
        for t in ctx.schema.types.values():  # deal:x rather than <https://w3id.org/kg/id/deal/x>
            prefixes.setdefault(t.segment, f"{ctx.schema.id_base}{t.segment}/")
        text = turtle_text(((s, p, o) for s, p, o, _ in conversion.quads), prefixes, header)
    write_atomic(target, text)
    report.output = target
    return report


def _plain(value: Any) -> Any:
    """A record value as YAML can write it: decimals become numbers, tuples lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def yaml_text(source: SourceDecl, records: list[Record], header: str = "") -> str:
    """Records in the curated YAML format, headed by comment lines.

    >>> src = SourceDecl("s", {"id": "s", "title": "S"}, "-", 1)
    >>> print(yaml_text(src, [Record("WeaponSystem", "W", {"label": "W"}, "-", 1, {}, "s")], "Hi"))
    # Hi
    source:
      id: s
      title: S
    records:
    - type: WeaponSystem
      id: W
      label: W
    <BLANKLINE>
    """
    doc = {
        "source": {k: _plain(v) for k, v in source.values.items()},
        "records": [{"type": r.type, "id": r.id, **_plain(r.values)} for r in records],
    }
    head = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    return head + body


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` beside ``target`` and rename it into place: a reader never sees half.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out" / "x.ttl"
    >>> write_atomic(target, "# empty"); target.read_text()
    '# empty'
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
