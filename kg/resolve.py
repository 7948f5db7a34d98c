"""Entity resolution: turn the names analysts write ("Moscow", "RUS", "the Kremlin") into entities.

Every record is indexed under its id, its label, its aliases and its identifying codes (fields
marked ``identifies`` in the schema). A reference resolves when exactly one entity of the
expected type answers to it; an unknown or ambiguous reference is an error that says which
entities were meant or close.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, URIRef
from rdflib import Graph as RDFGraph

from kg.errors import InputError, ResolutionError
from kg.schema import Schema

if TYPE_CHECKING:
    from kg.load import Record

__all__ = ["EntityKey", "EntityIndex", "normalise"]

SKOS_ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")


@dataclass(frozen=True, order=True)
class EntityKey:
    """An entity's identity: the IRI segment of its kind and its id (``actor``, ``RUS``)."""

    segment: str
    id: str


def normalise(name: Any) -> str:
    """The form names are compared in: case-folded, spaces squeezed, a leading "the" dropped.

    >>> normalise("  The  Kremlin ")
    'kremlin'
    """
    text = re.sub(r"\s+", " ", str(name)).strip().casefold()
    return re.sub(r"^the ", "", text)


class EntityIndex:
    """All entities of a build, by key and by every name they answer to."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.types: dict[EntityKey, str] = {}
        self.labels: dict[EntityKey, str] = {}
        self.defined: dict[tuple[EntityKey, str], tuple[str, int]] = {}  # (key, source) -> where
        self._names: dict[str, set[EntityKey]] = {}
        self._segments = {t.segment for t in schema.types.values()}

    # -- building
    def _add_name(self, name: Any, key: EntityKey) -> None:
        n = normalise(name)
        if n:
            self._names.setdefault(n, set()).add(key)

    def add_record(self, rec: Record, problems: list[InputError]) -> None:
        rtype = self.schema.types[rec.type]
        key = EntityKey(rtype.segment, rec.id)
        where = (rec.file, rec.line)
        if (key, rec.source) in self.defined:
            f, line = self.defined[(key, rec.source)]
            problems.append(
                InputError(
                    f"duplicate identifier: {rtype.label} '{rec.id}' is already described by source "
                    f"'{rec.source}' at {f}:{line}",
                    file=rec.file,
                    line=rec.line_of("id"),
                    field="id",
                )
            )
            return
        known = self.types.get(key)
        if known is not None and known != rec.type:
            f, line = next(w for (k, _), w in self.defined.items() if k == key)
            problems.append(
                InputError(
                    f"wrong type: '{rec.id}' is a {self.schema.types[known].label} at {f}:{line}, "
                    f"not a {rtype.label}",
                    file=rec.file,
                    line=rec.line_of("type"),
                    field="type",
                )
            )
            return
        self.types[key] = rec.type
        self.defined[(key, rec.source)] = where
        self._add_name(rec.id, key)
        label = rec.values.get("label")
        if isinstance(label, str):
            self.labels.setdefault(key, label)
            self._add_name(label, key)
        aliases = rec.values.get("aliases") or []
        for alias in aliases if isinstance(aliases, list) else [aliases]:
            if isinstance(alias, (str, int)):
                self._add_name(alias, key)
        for fname, f in rtype.fields.items():
            if f.identifies and isinstance(rec.values.get(fname), (str, int)):
                self._add_name(rec.values[fname], key)

    def add_graph(self, graph: RDFGraph, file: str, problems: list[InputError]) -> None:
        """Index the entities a Turtle file types with kg classes."""
        by_iri = {t.iri: t for t in self.schema.types.values()}
        for s, cls in sorted(graph.subject_objects(RDF.type)):
            rtype = by_iri.get(cls)
            if rtype is None or rtype.name == "Source":
                continue
            key = self.key_of(s)
            if key is None:
                problems.append(
                    InputError(f"<{s}> is not an IRI under {self.schema.id_base}", file=file)
                )
                continue
            self.types.setdefault(key, rtype.name)
            self._add_name(key.id, key)
            for p in (RDFS.label, SKOS_ALT):
                for o in graph.objects(s, p):
                    self._add_name(o, key)
            self.labels.setdefault(key, str(graph.value(s, RDFS.label) or key.id))

    def finish(self, problems: list[InputError]) -> None:
        """Called once all records are in; nothing to check yet beyond what add_* did."""

    # -- looking up
    def key_of(self, iri: URIRef | str) -> EntityKey | None:
        """The key of an entity IRI, or None if it is not one of ours."""
        text = str(iri)
        if not text.startswith(self.schema.id_base):
            return None
        segment, _, ident = text[len(self.schema.id_base) :].partition("/")
        if segment not in self._segments or not ident or "#" in ident:
            return None
        return EntityKey(segment, ident)

    def iri(self, key: EntityKey) -> URIRef:
        return URIRef(f"{self.schema.id_base}{key.segment}/{key.id}")

    def candidates(self, name: Any) -> set[EntityKey]:
        """Every entity that answers to ``name``, whatever its type."""
        return set(self._names.get(normalise(name), ()))

    def resolve(
        self,
        value: Any,
        range_: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> EntityKey:
        """The one entity of type ``range_`` (or a subtype) that ``value`` names.

        Raises :class:`ResolutionError` when none or several do, naming them.
        """
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ResolutionError(
                f"expected the id, name or code of a "
                f"{self.schema.types[range_].label}, got {value!r}",
                file=file,
                line=line,
                field=field,
            )
        allowed = set(self.schema.subtypes(range_))
        segment = self.schema.types[range_].segment
        exact = EntityKey(segment, str(value))
        if exact in self.types and self.types[exact] in allowed:
            return exact
        found = sorted(self.candidates(value))
        fitting = [k for k in found if self.types[k] in allowed]
        if len(fitting) == 1:
            return fitting[0]
        what = self.schema.types[range_].label
        if len(fitting) > 1:
            names = "; ".join(f"{self.labels.get(k, k.id)} ({k.id})" for k in fitting)
            raise ResolutionError(
                f"ambiguous reference {value!r}: it may mean {names}; write the id instead",
                file=file,
                line=line,
                field=field,
            )
        if found:
            others = "; ".join(
                f"{k.id} is a {self.schema.types[self.types[k]].label}" for k in found
            )
            raise ResolutionError(
                f"wrong type: {value!r} must name a {what}, but {others}",
                file=file,
                line=line,
                field=field,
            )
        close = difflib.get_close_matches(normalise(value), list(self._names), n=3, cutoff=0.8)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ResolutionError(
            f"unknown {what} {value!r}: no id, label, alias or code matches{hint}",
            file=file,
            line=line,
            field=field,
        )
