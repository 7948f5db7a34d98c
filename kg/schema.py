"""The schema: record types and fields of the curated format, read from ``ontology/schema.yaml``.

This module is the only reader of that file. The loader, the OWL ontology and the SHACL shapes
all take their list of types and fields from :func:`load_schema`, so the three cannot drift.

>>> schema = load_schema()
>>> schema.types["ArmsDeal"].fields["supplier"].range
'Actor'
>>> str(schema.term("supplier"))
'https://w3id.org/kg/ontology#supplier'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import URIRef

from kg.errors import KGError
from kg.paths import ontology_dir

__all__ = ["Field", "RecordType", "Scheme", "Schema", "load_schema", "FIELD_KINDS"]

FIELD_KINDS = frozenset(
    "ref string text integer decimal boolean year date fuzzy-date concept money code url "
    "wikidata field-list".split()
)


@dataclass(frozen=True)
class Field:
    """One field of a record type, and the RDF property it becomes."""

    name: str
    kind: str
    predicate: URIRef
    label: str
    definition: str
    required: bool = False
    many: bool = False
    range: str | None = None
    scheme: str | None = None
    pattern: str | None = None
    min: float | None = None
    min_count: int | None = None
    identifies: bool = False
    owner: str | None = None  # the type that declares it; None for common fields


@dataclass(frozen=True)
class RecordType:
    """A type of record (an OWL class), with its own and inherited fields."""

    name: str
    iri: URIRef
    label: str
    definition: str
    segment: str
    parent: str | None
    superclasses: tuple[URIRef, ...]
    abstract: bool
    fields: dict[str, Field]  # every field a record of this type may carry, common ones included
    own_fields: tuple[str, ...]


@dataclass(frozen=True)
class Scheme:
    """A controlled list, published as a SKOS concept scheme."""

    name: str
    iri: URIRef
    label: str
    definition: str
    concepts: dict[str, str]  # notation -> definition

    def concept(self, notation: str) -> URIRef:
        return URIRef(f"{self.iri}/{notation}")


@dataclass(frozen=True)
class Schema:
    """The whole schema: prefixes, types, schemes and the helper classes' terms."""

    version: str
    prefixes: dict[str, str]
    types: dict[str, RecordType]
    schemes: dict[str, Scheme]
    common_fields: dict[str, Field]
    extras: dict = field(default_factory=dict)

    @property
    def kg(self) -> str:
        return self.prefixes["kg"]

    @property
    def id_base(self) -> str:
        return self.prefixes["id"]

    def term(self, local: str) -> URIRef:
        """The ``kg:`` IRI of a class or property; an unknown name is an error, not a new IRI."""
        if local not in self._terms:
            raise KGError(f"'{local}' is not a term of the kg ontology (ontology/schema.yaml)")
        return URIRef(self.kg + local)

    @functools.cached_property
    def _terms(self) -> frozenset[str]:
        names = set(self.types)
        for t in self.types.values():
            for f in t.fields.values():
                if f.predicate.startswith(self.kg):
                    names.add(f.predicate[len(self.kg) :])
        for key in ("fuzzy_date", "money"):
            spec = self.extras[key]
            names.add(spec["class"]["name"])
            names.update(k for k in spec if k != "class")
        names.update(("inScheme", "amount", "currency", "sourceFile"))
        return frozenset(names)

    def expand(self, curie: str) -> URIRef:
        """``prov:Entity`` -> full IRI, with the schema's prefixes."""
        prefix, _, local = curie.partition(":")
        if prefix not in self.prefixes:
            raise KGError(f"unknown prefix in '{curie}' (ontology/schema.yaml)")
        return URIRef(self.prefixes[prefix] + local)

    def subtypes(self, name: str) -> list[str]:
        """``name`` and every type below it, in schema order."""
        out = []
        for t in self.types.values():
            n: str | None = t.name
            while n is not None:
                if n == name:
                    out.append(t.name)
                    break
                n = self.types[n].parent
        return out

    def entity_iri(self, type_name: str, ident: str) -> URIRef:
        """The IRI of entity ``ident`` of a type: ``id:<segment>/<ident>``."""
        return URIRef(f"{self.id_base}{self.types[type_name].segment}/{ident}")


def _field(name: str, spec: dict, schema_prefixes: dict[str, str], owner: str | None) -> Field:
    kind = spec["kind"]
    if kind not in FIELD_KINDS:
        raise KGError(f"ontology/schema.yaml: field '{name}' has unknown kind '{kind}'")
    pred = spec.get("predicate")
    if pred:
        prefix, _, local = pred.partition(":")
        predicate = URIRef(schema_prefixes[prefix] + local)
    else:
        predicate = URIRef(schema_prefixes["kg"] + _camel(name))
    return Field(
        name=name,
        kind=kind,
        predicate=predicate,
        label=spec["label"],
        definition=spec["definition"],
        required=bool(spec.get("required", False)),
        many=bool(spec.get("many", False)),
        range=spec.get("range"),
        scheme=spec.get("scheme"),
        pattern=spec.get("pattern"),
        min=spec.get("min"),
        min_count=spec.get("min_count"),
        identifies=bool(spec.get("identifies", False)),
        owner=owner,
    )


def _camel(name: str) -> str:
    """``order_date`` -> ``orderDate``: the kg property for a field."""
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


@functools.cache
def load_schema(path: Path | None = None) -> Schema:
    """Read and check ``schema.yaml`` (by default the one :func:`kg.paths.ontology_dir` finds)."""
    path = path or ontology_dir() / "schema.yaml"
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    prefixes = dict(raw["prefixes"])
    common = {n: _field(n, s, prefixes, None) for n, s in raw["common_fields"].items()}
    # the record id is the IRI, not a triple
    types: dict[str, RecordType] = {}
    for name, spec in raw["types"].items():
        parent = spec.get("parent")
        if parent and parent not in types:
            raise KGError(f"ontology/schema.yaml: type '{name}' names parent '{parent}' before it")
        fields = dict(types[parent].fields) if parent else dict(common)
        own = []
        for fname, fspec in (spec.get("fields") or {}).items():
            fields[fname] = _field(fname, fspec, prefixes, name)
            own.append(fname)
        segment = spec.get("segment") or (types[parent].segment if parent else None)
        if not segment:
            raise KGError(f"ontology/schema.yaml: type '{name}' has no segment")
        types[name] = RecordType(
            name=name,
            iri=URIRef(prefixes["kg"] + name),
            label=spec["label"],
            definition=spec["definition"],
            segment=segment,
            parent=parent,
            superclasses=tuple(
                URIRef(prefixes[p.split(":")[0]] + p.split(":")[1])
                for p in spec.get("superclasses", [])
            ),
            abstract=bool(spec.get("abstract", False)),
            fields=fields,
            own_fields=tuple(own),
        )
    schemes = {
        name: Scheme(
            name=name,
            iri=URIRef(prefixes["vocab"] + _kebab(name)),
            label=spec["label"],
            definition=spec["definition"],
            concepts=dict(spec["concepts"]),
        )
        for name, spec in raw["schemes"].items()
    }
    for t in types.values():
        for f in t.fields.values():
            if f.kind == "ref" and f.range not in types:
                raise KGError(f"ontology/schema.yaml: field '{f.name}' ranges over unknown type")
            if f.kind == "concept" and f.scheme not in schemes:
                raise KGError(f"ontology/schema.yaml: field '{f.name}' names unknown scheme")
    return Schema(
        version=str(raw["version"]),
        prefixes=prefixes,
        types=types,
        schemes=schemes,
        common_fields=common,
        extras={"fuzzy_date": raw["fuzzy_date"], "money": raw["money"]},
    )


def _kebab(name: str) -> str:
    """``DealStatus`` -> ``deal-status``."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("-")
        out.append(ch.lower())
    return "".join(out)
