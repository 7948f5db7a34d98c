"""Read the curated format (YAML, or Turtle) into quads, one named graph per source.

A curated YAML file names its source and lists records::

    source: episkopos-2021-s400        # the id of a source defined elsewhere, or a mapping
    records:
      - type: ArmsDeal                 # a type of ontology/schema.yaml
        id: ru-cn-s400-2015
        supplier: Moscow               # any id, label, code or alias of an actor
        recipient: China
        system: S-400
        quantity: 2
        unit: regiment
        order_date: 2015               # fuzzy dates: "early 2018", "mid-2020", ...

Every field, its kind and its RDF property come from :mod:`kg.schema`. Problems are collected
over all files and raised together, each naming file, line and field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib import Graph as RDFGraph

from kg import fuzzydate
from kg.errors import FuzzyDateError, InputError, KGError, ValidationError
from kg.resolve import EntityIndex, EntityKey
from kg.schema import Field, Schema, load_schema

__all__ = [
    "Record",
    "SourceDecl",
    "Document",
    "LoadResult",
    "Conversion",
    "load_paths",
    "collect_files",
    "convert_records",
]

log = logging.getLogger(__name__)

SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA_NS = "https://schema.org/"
WIKIDATA = "http://www.wikidata.org/entity/"
Quad = tuple[URIRef, URIRef, Any, URIRef]
_RESERVED = {"type", "id"}


# ------------------------------------------------------------------ YAML with line numbers


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]


# Scale (issue 7): libyaml's parser when PyYAML has it, 2.7x faster than the pure-Python one on
# large files; mappings are still built by _construct_mapping below, with the same line numbers.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        if key in out:
            raise yaml.MarkedYAMLError(
                "while reading a mapping",
                node.start_mark,
                f"key '{key}' appears twice",
                key_node.start_mark,
            )
        out[key] = value
        out.lines[str(key)] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text: kg reads them itself (fuzzy dates, and a clear error for 2021-02-30, which
# PyYAML's own timestamp reader would turn into a bare ValueError).
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# ------------------------------------------------------------------ documents


@dataclass
class SourceDecl:
    """A source defined in a file: its id, its metadata and where it was written."""

    id: str
    values: dict
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Record:
    """One record of a curated file, before conversion to RDF."""

    type: str
    id: str
    values: dict
    file: str
    line: int
    lines: dict[str, int]
    source: str  # source id

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Document:
    """A parsed file: the source it belongs to, and its records (or its Turtle graph)."""

    file: str
    source: str | None
    source_line: int
    declared: SourceDecl | None
    records: list[Record]
    turtle: RDFGraph | None = None  # a Turtle file's types and names, for the entity index
    triples: list[tuple] = field(default_factory=list)  # a Turtle file's triples


@dataclass
class LoadResult:
    """The quads of every source, and where each subject was written (for error messages)."""

    quads: list[Quad]
    sources: dict[str, SourceDecl]
    origins: dict[tuple[str, str], tuple[str, int]]  # (subject IRI, graph IRI) -> (file, line)
    field_lines: dict[tuple[str, str, str], int]  # (subject, predicate, graph) -> line
    index: EntityIndex
    files: list[str]
    aux: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # date/money node -> (subject, field)


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """The curated files under ``paths``, sorted so builds do not depend on the file system."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                f for f in p.rglob("*") if f.suffix in (".yaml", ".yml", ".ttl") and f.is_file()
            )
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return sorted(set(files), key=lambda f: f.as_posix())


def _read_document(path: Path, schema: Schema, problems: list[InputError]) -> Document | None:
    name = str(path)
    if path.suffix == ".ttl":
        return _read_turtle(path, schema, problems)
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except UnicodeDecodeError as e:
        problems.append(InputError(f"not UTF-8 text ({e.reason})", file=name))
        return None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        start = getattr(e, "context_mark", None) or mark
        line = start.line + 1 if start else None
        noticed = f" (noticed at line {mark.line + 1})" if mark and start is not mark else ""
        context = f"{e.context}: " if getattr(e, "context", None) else ""
        problems.append(
            InputError(
                f"malformed YAML: {context}{getattr(e, 'problem', e)}{noticed}",
                file=name,
                line=line,
            )
        )
        return None
    if raw is None:
        return Document(name, None, 1, None, [])
    if not isinstance(raw, dict):
        problems.append(
            InputError("expected a mapping with 'source' and 'records'", file=name, line=1)
        )
        return None
    unknown = set(raw) - {"source", "records"}
    for key in sorted(unknown):
        problems.append(
            InputError(
                "unknown top-level key; expected 'source' and 'records'",
                file=name,
                line=raw.lines[key],
                field=key,
            )
        )
    src = raw.get("source")
    src_line = raw.lines.get("source", 1)
    declared = None
    if isinstance(src, dict):
        if not isinstance(src.get("id"), str) or not src["id"]:
            problems.append(
                InputError("a source needs an 'id'", file=name, line=src.line, field="source")
            )
            return None
        declared = SourceDecl(src["id"], dict(src), name, src.line, dict(src.lines))
        source_id = src["id"]
    elif isinstance(src, str):
        source_id = src
    elif src is None:
        source_id = None
    else:
        problems.append(
            InputError(
                "'source' must be a source id or a mapping",
                file=name,
                line=src_line,
                field="source",
            )
        )
        return None
    records = []
    raw_records = raw.get("records") or []
    if not isinstance(raw_records, list):
        problems.append(
            InputError(
                "'records' must be a list",
                file=name,
                line=raw.lines.get("records"),
                field="records",
            )
        )
        return None
    if raw_records and source_id is None:
        problems.append(
            InputError(
                "these facts have no source: add 'source:' (an id or a mapping)",
                file=name,
                line=1,
                field="source",
            )
        )
        return None
    for item in raw_records:
        if not isinstance(item, dict):
            problems.append(
                InputError(
                    "a record must be a mapping with 'type' and 'id'", file=name, line=src_line
                )
            )
            continue
        rtype, rid = item.get("type"), item.get("id")
        if rtype not in schema.types or schema.types[rtype].abstract:
            known = ", ".join(
                n for n, t in schema.types.items() if not t.abstract and n != "Source"
            )
            problems.append(
                InputError(
                    f"unknown record type {rtype!r}; known types: {known}",
                    file=name,
                    line=item.lines.get("type", item.line),
                    field="type",
                )
            )
            continue
        if isinstance(rid, int):
            rid = str(rid)
        if not isinstance(rid, str) or not rid.strip() or re.search(r"[\s<>\"{}|\\^`#]", rid):
            problems.append(
                InputError(
                    "a record needs an 'id' without spaces or <>\"{}|\\^`#",
                    file=name,
                    line=item.lines.get("id", item.line),
                    field="id",
                )
            )
            continue
        records.append(Record(rtype, rid, dict(item), name, item.line, dict(item.lines), source_id))
    return Document(name, source_id, src_line, declared, records)


def _read_turtle(path: Path, schema: Schema, problems: list[InputError]) -> Document | None:
    try:
        triples = _turtle_triples(path)
    except (SyntaxError, ValueError, OSError) as e:
        problems.append(InputError(f"malformed Turtle: {e}", file=str(path)))
        return None
    src_cls = schema.types["Source"].iri
    sources = sorted({s for s, p, o in triples if p == RDF.type and o == src_cls})
    if len(sources) != 1:
        problems.append(
            InputError(
                "a Turtle file must describe exactly one kg:Source, whose graph its facts go to "
                f"(found {len(sources)})",
                file=str(path),
            )
        )
        return None
    iri = str(sources[0])
    prefix = schema.id_base + schema.types["Source"].segment + "/"
    if not iri.startswith(prefix):
        problems.append(InputError(f"the source's IRI must start with {prefix}", file=str(path)))
        return None
    names = RDFGraph()
    for t in triples:
        if t[1] in _NAMING:
            names.add(t)
    return Document(str(path), iri[len(prefix) :], 1, None, [], turtle=names, triples=triples)


_NAMING = {RDF.type, RDFS.label, URIRef(SKOS_NS + "altLabel")}
_XSD_STRING = str(XSD.string)


def _turtle_triples(path: Path) -> list[tuple]:
    """The triples of a Turtle file as rdflib terms, parsed by Oxigraph.

    An imported dataset is hundreds of thousands of triples, which rdflib's own parser reads
    ten times more slowly; terms repeat a lot, so each is converted once.
    """
    import pyoxigraph as ox

    cache: dict = {}

    def term(t):
        key = (type(t), str(t))
        found = cache.get(key)
        if found is not None:
            return found
        if isinstance(t, ox.NamedNode):
            out = URIRef(t.value)
        elif isinstance(t, ox.BlankNode):
            out = BNode(t.value)
        elif t.language:
            out = Literal(t.value, lang=t.language)
        elif t.datatype.value == _XSD_STRING:
            out = Literal(t.value)
        else:
            out = Literal(t.value, datatype=URIRef(t.datatype.value))
        cache[key] = out
        return out

    with open(path, "rb") as fh:
        return [
            (term(q.subject), term(q.predicate), term(q.object))
            for q in ox.parse(fh, ox.RdfFormat.TURTLE, without_named_graphs=True)
        ]


# ------------------------------------------------------------------ values


class _Converter:
    """Turns the raw values of one record into RDF objects, reporting problems with lines."""

    def __init__(self, schema: Schema, index: EntityIndex, problems: list[InputError]):
        self.schema = schema
        self.index = index
        self.problems = problems
        self._concepts: dict[tuple[str, str], URIRef] = {}

    def problem(self, rec: Record, fname: str, msg: str) -> None:
        self.problems.append(InputError(msg, file=rec.file, line=rec.line_of(fname), field=fname))

    def objects(
        self, rec: Record, f: Field, raw: Any, subject: URIRef, graph: URIRef, dates: dict
    ) -> list[Any]:
        values = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, list) and not f.many:
            self.problem(rec, f.name, "takes one value, not a list")
            return []
        out = []
        for v in values:
            try:
                out.extend(self.one(rec, f, v, subject, graph, dates))
            except (InputError, FuzzyDateError) as e:
                if isinstance(e, InputError) and e.file:
                    self.problems.append(e)
                else:
                    reason = e.reason if isinstance(e, InputError) else str(e)
                    self.problem(rec, f.name, reason)
        return out

    def one(
        self, rec: Record, f: Field, v: Any, subject: URIRef, graph: URIRef, dates: dict
    ) -> list[Any]:
        k = f.kind
        if v is None:
            raise InputError("is empty; give a value or leave the field out")
        if k == "ref":
            target = self.index.resolve(
                v, f.range, file=rec.file, line=rec.line_of(f.name), field=f.name
            )
            return [self.index.iri(target)]
        if k in ("string", "text", "code"):
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise InputError(f"expected text, got {type(v).__name__}")
            text = str(v).strip()
            if k == "string" and "\n" in text:
                raise InputError("expected one line of text")
            if k == "code" and not re.fullmatch(f.pattern or ".*", text):
                raise InputError(f"{text!r} does not match the pattern {f.pattern}")
            return [Literal(text)]
        if k in ("integer", "year"):
            if isinstance(v, bool) or not isinstance(v, int):
                if isinstance(v, str) and re.fullmatch(r"-?\d+", v.strip()):
                    v = int(v)
                else:
                    raise InputError(f"expected a whole number, got {v!r}")
            if k == "year" and not 1000 <= v <= 2999:
                raise InputError(f"{v} is not a four-digit year")
            if f.min is not None and v < f.min:
                raise InputError(f"must be at least {f.min:g}, got {v}")
            return [Literal(v, datatype=XSD.integer)]
        if k == "decimal":
            d = _decimal(v)
            if f.min is not None and d < Decimal(str(f.min)):
                raise InputError(f"must be at least {f.min:g}, got {v}")
            return [Literal(d, datatype=XSD.decimal)]
        if k == "boolean":
            if not isinstance(v, bool):
                raise InputError(f"expected true or false, got {v!r}")
            return [Literal(v)]
        if k == "date":
            if isinstance(v, str):
                try:
                    v = date.fromisoformat(v.strip())
                except ValueError:
                    raise InputError(f"{v!r} is not a day in the form YYYY-MM-DD") from None
            if not isinstance(v, date):
                raise InputError(f"expected a day in the form YYYY-MM-DD, got {v!r}")
            return [Literal(v.isoformat(), datatype=XSD.date)]
        if k == "fuzzy-date":
            return [dates[f.name]] if f.name in dates else []
        if k == "concept":
            return [self.concept(f.scheme, v)]
        if k == "money":
            return [self.money(v, subject, f, graph)]
        if k == "url":
            if not isinstance(v, str) or not re.fullmatch(r"https?://\S+", v.strip()):
                raise InputError(f"expected an http(s) address, got {v!r}")
            return [Literal(v.strip(), datatype=XSD.anyURI)]
        if k == "wikidata":
            if not isinstance(v, str) or not re.fullmatch(r"Q[1-9]\d*", v.strip()):
                raise InputError(f"expected a Wikidata item id such as Q159, got {v!r}")
            return [URIRef(WIKIDATA + v.strip())]
        if k == "field-list":
            rtype = self.schema.types[rec.type]
            if v not in rtype.fields or v in _RESERVED:
                raise InputError(f"{v!r} is not a field of {rec.type}")
            return [rtype.fields[v].predicate]
        raise KGError(f"field kind {k} has no converter")  # schema.py rejects unknown kinds

    def concept(self, scheme_name: str, v: Any) -> URIRef:
        # Scale (issue 7): a big file repeats a few terms; remember each one once checked
        cached = self._concepts.get((scheme_name, v)) if isinstance(v, str) else None
        if cached is not None:
            return cached
        iri = self._concept(scheme_name, v)
        if isinstance(v, str):
            self._concepts[(scheme_name, v)] = iri
        return iri

    def _concept(self, scheme_name: str, v: Any) -> URIRef:
        scheme = self.schema.schemes[scheme_name]
        key = re.sub(r"[\s_]+", "-", str(v).strip().lower())
        if key not in scheme.concepts:
            allowed = ", ".join(scheme.concepts)
            raise InputError(f"{v!r} is not in the list {scheme_name}: {allowed}")
        return scheme.concept(key)

    def money(self, v: Any, subject: URIRef, f: Field, graph: URIRef) -> URIRef:
        if isinstance(v, dict):
            amount, currency = v.get("amount"), v.get("currency")
        elif isinstance(v, str):
            m = re.fullmatch(
                r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(thousand|million|billion)?\s+([A-Za-z]{3})\s*",
                v,
            )
            if not m:
                raise InputError(
                    f"expected an amount and a currency, such as '5.43 billion USD', got {v!r}"
                )
            scale = {"thousand": 10**3, "million": 10**6, "billion": 10**9}.get(m.group(2) or "", 1)
            amount, currency = _decimal(m.group(1).replace(",", "")) * scale, m.group(3)
        else:
            raise InputError(f"expected {{amount: N, currency: CODE}}, got {v!r}")
        amount = _decimal(amount)
        if amount < 0:
            raise InputError(f"an amount of money cannot be negative, got {amount}")
        code = str(currency or "").strip().upper()
        if not _is_currency(code):
            raise InputError(
                f"{currency!r} is not an ISO 4217 currency code (such as USD, EUR, RUB)"
            )
        node = URIRef(f"{subject}#{f.name}-{_graph_tag(graph)}")
        self.aux[str(node)] = (str(subject), f.name)
        self.extra.extend(
            [
                (
                    node,
                    RDF.type,
                    self.schema.term(self.schema.extras["money"]["class"]["name"]),
                    graph,
                ),
                (
                    node,
                    URIRef(SCHEMA_NS + "value"),
                    Literal(
                        amount.normalize() if amount == amount.to_integral() else amount,
                        datatype=XSD.decimal,
                    ),
                    graph,
                ),
                (node, URIRef(SCHEMA_NS + "currency"), Literal(code), graph),
            ]
        )
        return node

    extra: list[Quad]
    aux: dict[str, tuple[str, str]]


def _graph_tag(graph: URIRef) -> str:
    return str(graph).rsplit("/", 1)[-1]


def _decimal(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise InputError(f"expected a number, got {v!r}")
    try:
        d = Decimal(str(v).strip())
    except InvalidOperation:
        raise InputError(f"expected a number, got {v!r}") from None
    if not d.is_finite():
        raise InputError(f"expected a finite number, got {v!r}")
    return d


def _is_currency(code: str) -> bool:
    import pycountry

    return (
        bool(re.fullmatch(r"[A-Z]{3}", code)) and pycountry.currencies.get(alpha_3=code) is not None
    )


# ------------------------------------------------------------------ the load


def load_paths(
    paths: Iterable[Path | str], schema: Schema | None = None, progress=None
) -> LoadResult:
    """Load curated files into quads; raise :class:`ValidationError` listing every problem.

    ``progress``, if given, is called with each file name as it is read.
    """
    schema = schema or load_schema()
    problems: list[InputError] = []
    files = collect_files(paths)
    docs: list[Document] = []
    for path in files:
        if progress:
            progress(str(path))
        doc = _read_document(path, schema, problems)
        if doc is not None:
            docs.append(doc)

    sources: dict[str, SourceDecl] = {}
    for doc in docs:
        d = doc.declared
        if d is None:
            continue
        if d.id in sources:
            prev = sources[d.id]
            problems.append(
                InputError(
                    f"duplicate identifier: source '{d.id}' is already defined "
                    f"at {prev.file}:{prev.line}",
                    file=d.file,
                    line=d.line,
                    field="source",
                )
            )
            continue
        sources[d.id] = d
    for doc in docs:
        if doc.source is not None and doc.source not in sources and doc.turtle is None:
            problems.append(
                InputError(
                    f"refers to source '{doc.source}', which no file defines",
                    file=doc.file,
                    line=doc.source_line,
                    field="source",
                )
            )

    index = EntityIndex(schema)
    for doc in docs:
        if doc.source in sources or doc.turtle is not None:
            for rec in doc.records:
                index.add_record(rec, problems)
        if doc.turtle is not None:
            index.add_graph(doc.turtle, doc.file, problems)
    index.finish(problems)

    quads: list[Quad] = []
    origins: dict[tuple[str, str], tuple[str, int]] = {}
    field_lines: dict[tuple[str, str, str], int] = {}
    conv = _Converter(schema, index, problems)
    conv.extra = quads
    conv.aux = {}
    src_type = schema.types["Source"]
    for sid, decl in sorted(sources.items()):
        rec = Record("Source", sid, decl.values, decl.file, decl.line, decl.lines, sid)
        g = schema.entity_iri("Source", sid)
        _emit(rec, src_type.iri, g, g, schema, conv, quads, origins, field_lines, {}, skip={"id"})
    for doc in docs:
        if doc.turtle is not None:
            g = schema.entity_iri("Source", doc.source)
            for s, p, o in doc.triples:
                quads.append((s, p, o, g))
            for s in {t[0] for t in doc.triples}:
                origins[(str(s), str(g))] = (doc.file, 0)
            continue
        if doc.source not in sources:
            continue
        g = schema.entity_iri("Source", doc.source)
        dates = _DateResolver(doc.records, index, problems, conv.aux)
        for rec in doc.records:
            rtype = schema.types[rec.type]
            subject = index.iri(EntityKey(rtype.segment, rec.id))
            _emit(
                rec,
                rtype.iri,
                subject,
                g,
                schema,
                conv,
                quads,
                origins,
                field_lines,
                dates.for_record(rec, subject, g, schema, quads),
            )
    if problems:
        raise ValidationError([str(p) for p in _dedupe(problems)], problems=_dedupe(problems))
    return LoadResult(
        quads, sources, origins, field_lines, index, [str(f) for f in files], conv.aux
    )


def _dedupe(problems: list[InputError]) -> list[InputError]:
    seen, out = set(), []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _emit(
    rec: Record,
    cls: URIRef,
    subject: URIRef,
    graph: URIRef,
    schema: Schema,
    conv: _Converter,
    quads: list[Quad],
    origins: dict,
    field_lines: dict,
    dates: dict,
    skip: set[str] = frozenset(),
) -> None:
    rtype = schema.types[rec.type]
    quads.append((subject, RDF.type, cls, graph))
    origins[(str(subject), str(graph))] = (rec.file, rec.line)
    for name, raw in rec.values.items():
        if name in _RESERVED or name in skip:
            continue
        f = rtype.fields.get(name)
        if f is None:
            conv.problem(
                rec,
                name,
                f"{rec.type} has no field '{name}'; its fields are: "
                + ", ".join(n for n in rtype.fields if n not in _RESERVED),
            )
            continue
        for obj in conv.objects(rec, f, raw, subject, graph, dates):
            quads.append((subject, f.predicate, obj, graph))
            field_lines[(str(subject), str(f.predicate), str(graph))] = rec.line_of(name)


class _DateResolver:
    """Parses the fuzzy dates of one file's records; "later that year" counts from ``after``."""

    def __init__(
        self,
        records: list[Record],
        index: EntityIndex,
        problems: list[InputError],
        aux: dict[str, tuple[str, str]],
    ):
        self.aux = aux
        self.by_key = {(r.type, r.id): r for r in records}
        self.index = index
        self.problems = problems
        self.parsed: dict[tuple[str, str, str], fuzzydate.FuzzyDate | None] = {}

    def parse(self, rec: Record, fname: str, stack: tuple = ()) -> fuzzydate.FuzzyDate | None:
        key = (rec.type, rec.id, fname)
        if key in self.parsed:
            return self.parsed[key]
        if key in stack:
            raise FuzzyDateError("relative dates refer to each other in a circle")
        raw = rec.values.get(fname)
        anchor = None
        after = rec.values.get("after")
        if after is not None and fname == "date":
            anchor = self.parse(self._anchor(after), "date", stack + (key,))
        result = fuzzydate.parse(raw, anchor=anchor)
        self.parsed[key] = result
        return result

    def _anchor(self, after: Any) -> Record:
        for (rtype, rid), r in self.by_key.items():
            if rtype == "DealEvent" and (rid == after or str(r.values.get("label", "")) == after):
                return r
        raise FuzzyDateError(f"'after: {after}' names no deal event of the same source")

    def for_record(
        self, rec: Record, subject: URIRef, graph: URIRef, schema: Schema, quads: list[Quad]
    ) -> dict[str, URIRef]:
        out = {}
        fd = schema.extras["fuzzy_date"]
        cls = schema.term(fd["class"]["name"])
        for fname, f in schema.types[rec.type].fields.items():
            if f.kind != "fuzzy-date" or fname not in rec.values:
                continue
            try:
                value = self.parse(rec, fname)
            except FuzzyDateError as e:
                self.problems.append(
                    InputError(str(e), file=rec.file, line=rec.line_of(fname), field=fname)
                )
                continue
            node = URIRef(f"{subject}#{fname}-{_graph_tag(graph)}")
            self.aux[str(node)] = (str(subject), fname)
            quads.append((node, RDF.type, cls, graph))
            quads.append((node, RDFS.label, Literal(value.text), graph))
            if value.earliest is not None:
                quads.append(
                    (
                        node,
                        schema.term("earliest"),
                        Literal(value.earliest.isoformat(), datatype=XSD.date),
                        graph,
                    )
                )
            if value.latest is not None:
                quads.append(
                    (
                        node,
                        schema.term("latest"),
                        Literal(value.latest.isoformat(), datatype=XSD.date),
                        graph,
                    )
                )
            quads.append(
                (
                    node,
                    schema.term("precision"),
                    schema.schemes["Precision"].concept(value.precision),
                    graph,
                )
            )
            out[fname] = node
        return out


@dataclass
class Conversion:
    """The quads of one source's records, and the records left out with their problems."""

    quads: list[Quad]
    rejected: list[tuple[Record, list[InputError]]]


def convert_records(
    records: list[Record],
    source: SourceDecl,
    index: EntityIndex,
    schema: Schema | None = None,
) -> Conversion:
    """Turn the records of one source into quads, as :func:`load_paths` does for a curated file.

    Importers build records in the curated vocabulary (field names of ``schema.yaml``) and
    convert them here, so that an imported deal becomes exactly the RDF a curated one would.
    Unlike :func:`load_paths`, a record with a problem does not stop the others: it is left
    out and returned in ``rejected`` with its problems. Every reference must already be in
    ``index`` (add the records with :meth:`EntityIndex.add_record` first).

    >>> from kg.resolve import EntityIndex
    >>> schema = load_schema()
    >>> index = EntityIndex(schema)
    >>> src = SourceDecl("demo", {"id": "demo", "title": "Demo"}, "demo.csv", 1)
    >>> recs = [Record("WeaponSystem", "W", {"label": "W", "note": 1.5}, "demo.csv", 2, {}, "demo"),
    ...         Record("WeaponSystem", "V", {"label": "V", "year": 2}, "demo.csv", 3, {}, "demo")]
    >>> for r in recs:
    ...     index.add_record(r, [])
    >>> out = convert_records(recs, src, index, schema)
    >>> [(rec.id, [p.reason[:24] for p in problems]) for rec, problems in out.rejected]
    [('V', ['WeaponSystem has no fiel'])]
    """
    schema = schema or load_schema()
    problems: list[InputError] = []
    quads: list[Quad] = []
    conv = _Converter(schema, index, problems)
    conv.aux = {}
    graph = schema.entity_iri("Source", source.id)
    conv.extra = quads
    src_rec = Record("Source", source.id, source.values, source.file, source.line, {}, source.id)
    _emit(
        src_rec, schema.types["Source"].iri, graph, graph, schema, conv, quads, {}, {}, {}, {"id"}
    )
    if problems:
        return Conversion([], [(src_rec, list(problems))])
    dates = _DateResolver(records, index, problems, conv.aux)
    rejected: list[tuple[Record, list[InputError]]] = []
    for rec in records:
        rtype = schema.types[rec.type]
        subject = index.iri(EntityKey(rtype.segment, rec.id))
        mine: list[Quad] = []
        conv.extra = mine
        before = len(problems)
        _emit(
            rec,
            rtype.iri,
            subject,
            graph,
            schema,
            conv,
            mine,
            {},
            {},
            dates.for_record(rec, subject, graph, schema, mine),
        )
        if len(problems) > before:
            rejected.append((rec, _dedupe(problems[before:])))
        else:
            quads.extend(mine)
    return Conversion(quads, rejected)


def iter_graphs(quads: Iterable[Quad]) -> Iterator[URIRef]:
    """The distinct graph names of ``quads``, sorted."""
    return iter(sorted({q[3] for q in quads}))
