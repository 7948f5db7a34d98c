"""SPARQL for users: screened for safety, named queries with parameters, tabular results.

Queries from outside never reach the network or the file system: ``SERVICE``, ``LOAD`` and
``FROM``/``FROM NAMED`` clauses that name anything but a graph of the dataset are refused
before any engine sees the query (both rdflib and Oxigraph would follow them), unless the
caller opts in with ``allow_remote=True``.

Named queries live in ``kg/queries/NAME.rq``; the first comment lines state the question, and
``# @param NAME TYPE DEFAULT -- help`` lines declare parameters, written ``$NAME`` in the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.query import Result

from kg.errors import QueryError, QuerySecurityError
from kg.paths import queries_dir
from kg.store import Store

__all__ = [
    "NamedQuery",
    "QueryResult",
    "named_queries",
    "check_safe",
    "bind_params",
    "run_query",
    "PARAM_TYPES",
]

PARAM_TYPES = ("string", "integer", "date", "iri")
_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)\s+(\S+)\s*(?:--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    help: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, the question it answers, its parameters and text."""

    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    path: Path


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``).

    >>> "dual-supply" in named_queries()
    True
    """
    folder = folder or queries_dir()
    out = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        question, params = [], []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = _PARAM.match(line)
            if m:
                if m.group(2) not in PARAM_TYPES:
                    raise QueryError(
                        f"{path}: parameter {m.group(1)} has unknown type {m.group(2)}"
                    )
                params.append(Param(m.group(1), m.group(2), m.group(3), m.group(4) or ""))
            elif not params:
                question.append(line.lstrip("# ").rstrip())
        out[path.stem] = NamedQuery(
            path.stem, " ".join(q for q in question if q), tuple(params), text, path
        )
    return out


def _term(value: str, ptype: str, name: str):
    try:
        if ptype == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if ptype == "date":
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        if ptype == "iri":
            if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value):
                raise ValueError("not an absolute IRI")
            return URIRef(value)
    except ValueError as e:
        raise QueryError(f"parameter {name}={value!r} is not a valid {ptype} ({e})") from None
    return Literal(value)


def bind_params(q: NamedQuery, given: dict[str, str]) -> str:
    """The query text with each ``$param`` replaced by the given (or default) value as an RDF
    term, written by rdflib so that a value can never break out of its literal."""
    names = {p.name for p in q.params}
    unknown = sorted(set(given) - names)
    if unknown:
        known = ", ".join(sorted(names)) or "none"
        raise QueryError(
            f"query {q.name} has no parameter {', '.join(unknown)} (it takes: {known})"
        )
    text = q.text
    for p in q.params:
        written = _term(given.get(p.name, p.default), p.type, p.name).n3()
        text = re.sub(rf"\${p.name}\b", lambda _m, t=written: t, text)
    return text


def _walk(node: Any, found: list[str]) -> None:
    if isinstance(node, algebra.CompValue):
        if node.name == "ServiceGraphPattern":
            found.append("SERVICE")
        for v in node.values():
            _walk(v, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for v in node:
            _walk(v, found)


def check_safe(text: str, graphs: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
    """Refuse a query that would read files or reach the network; refuse updates.

    >>> check_safe("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QuerySecurityError: SERVICE is refused: kg queries do not reach the network ...
    """
    try:
        parsed = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryError(f"malformed SPARQL: {e}") from None
        raise QuerySecurityError(
            "updates (INSERT, DELETE, LOAD, CLEAR...) are refused: kg queries only read the dataset"
        ) from None
    clauses = parsed[1].get("datasetClause")
    clauses = clauses if isinstance(clauses, list) else []
    allowed = set(map(str, graphs() if callable(graphs) and clauses else graphs if clauses else ()))
    for clause in clauses:
        iri = clause.get("default") or clause.get("named")
        if str(iri) not in allowed:
            raise QuerySecurityError(
                f"FROM <{iri}> is refused: it is not a graph of the dataset, and kg queries do "
                "not read files or the network (opt in with --allow-remote)"
            )
    found: list[str] = []
    _walk(parsed, found)
    if found:
        raise QuerySecurityError(
            "SERVICE is refused: kg queries do not reach the network (opt in with --allow-remote)"
        )


@dataclass
class QueryResult:
    """Variables and rows of a SELECT (or the boolean of an ASK), convertible to a DataFrame."""

    vars: list[str]
    rows: list[tuple]
    boolean: bool | None = None
    truncated: bool = False  # a row limit stopped the query: it has more rows than these

    @classmethod
    def from_rdflib(cls, result: Result) -> QueryResult:
        if result.type == "ASK":
            return cls([], [], bool(result.askAnswer))
        if result.type != "SELECT":
            raise QueryError("only SELECT and ASK queries are supported")
        names = [str(v) for v in result.vars]
        return cls(names, [tuple(row) for row in result])

    def to_dataframe(self):
        """The rows as a pandas DataFrame, values as Python objects (str, int, date...)."""
        import pandas as pd

        return pd.DataFrame([[_py(v) for v in row] for row in self.rows], columns=self.vars)

    def records(self) -> list[dict[str, Any]]:
        return [{k: _py(v) for k, v in zip(self.vars, row)} for row in self.rows]

    def to_csv(self, sep: str = ",") -> str:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=sep, lineterminator="\n")
        w.writerow(self.vars)
        for row in self.rows:
            w.writerow(["" if v is None else str(v) for v in row])
        return buf.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}, indent=2) + "\n"
        bindings = []
        for row in self.rows:
            b = {}
            for k, v in zip(self.vars, row):
                if v is None:
                    continue
                if isinstance(v, URIRef):
                    b[k] = {"type": "uri", "value": str(v)}
                elif isinstance(v, BNode):
                    b[k] = {"type": "bnode", "value": str(v)}
                else:
                    b[k] = {"type": "literal", "value": str(v)}
                    if v.language:
                        b[k]["xml:lang"] = v.language
                    elif v.datatype:
                        b[k]["datatype"] = str(v.datatype)
            bindings.append(b)
        return (
            json.dumps(
                {"head": {"vars": self.vars}, "results": {"bindings": bindings}},
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )

    def to_table(self, width: int = 60) -> str:
        """A plain-text table for the terminal."""
        if self.boolean is not None:
            return "yes\n" if self.boolean else "no\n"
        cells = [[_short(v, width) for v in row] for row in self.rows]
        widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(self.vars)]
        line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        out = [line(self.vars), line(["-" * w for w in widths])] + [line(r) for r in cells]
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out) + "\n"


def _py(v):
    if v is None:
        return None
    if isinstance(v, Literal):
        return v.toPython()
    return str(v)


def _short(v, width: int) -> str:
    if v is None:
        return ""
    text = str(v)
    for prefix in (
        "https://w3id.org/kg/id/",
        "https://w3id.org/kg/vocab/",
        "https://w3id.org/kg/ontology#",
    ):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_query(
    store: Store,
    query: str,
    params: dict[str, str] | None = None,
    *,
    allow_remote: bool = False,
    timeout: float | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Run a named query (by name) or a SPARQL text on ``store``.

    ``timeout`` (seconds) stops a query that runs longer, with
    :class:`~kg.errors.QueryTimeoutError`; ``limit`` keeps the first rows only and marks the
    result ``truncated`` when there were more.

    >>> from kg.build import dataset_from_paths
    >>> store = dataset_from_paths()
    >>> rows = run_query(store, "dual-supply").records()
    >>> sorted({r["recipientLabel"] for r in rows})
    ['China', 'India']
    >>> result = run_query(store, "sources", limit=1, timeout=60)
    >>> len(result.rows), result.truncated
    (1, True)
    """
    library = named_queries()
    if query in library:
        # the library's own text, its parameters written as RDF terms: screened by the tests
        # (test_every_named_query_is_safe), not on each run, where parsing cost up to 0.14 s
        text = bind_params(library[query], params or {})
        screened = True
    else:
        screened = False
        if params:
            raise QueryError(
                "--param works with named queries only; "
                f"'{query[:40]}' is not one (see kg query --list)"
            )
        if re.fullmatch(r"[\w-]+", query.strip()):
            raise QueryError(f"no named query '{query}'; see kg query --list")
        text = query
    if not (allow_remote or screened):
        check_safe(text, graphs=store.graph_names)
    try:
        answer = store.run(text, timeout=timeout, limit=limit)
    except (ParseException, SyntaxError, ValueError) as e:
        raise QueryError(f"the query failed: {e}") from None
    return QueryResult(answer.vars, answer.rows, answer.boolean, answer.truncated)
