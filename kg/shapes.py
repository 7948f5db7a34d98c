"""SHACL shapes for everything users write, generated from ``ontology/schema.yaml``.

One node shape per concrete record type, one property shape per field, with the cardinality,
datatype, class, pattern and bounds the schema gives. Shapes are IRIs, never blank nodes, so
the generated ``ontology/shapes.ttl`` is byte-stable.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, Namespace, URIRef
from rdflib.namespace import SH, SKOS

from kg.ontology import DATATYPES
from kg.schema import Field, Schema, load_schema
from kg.serialize import turtle_text

__all__ = ["SHAPES", "shape_triples", "shapes_text", "field_of_shape"]

SHAPES = Namespace("https://w3id.org/kg/shapes#")
SCHEMA_NS = Namespace("https://schema.org/")


def _prop_shape(t: list, shape: URIRef, f: Field, schema: Schema) -> None:
    add = t.append
    add((shape, RDF.type, SH.PropertyShape))
    add((shape, SH.path, f.predicate))
    add((shape, SH.name, Literal(f.name)))
    add((shape, SH.description, Literal(f.definition)))
    if not f.many:
        add((shape, SH.maxCount, Literal(1)))
    if f.kind in DATATYPES:
        add((shape, SH.datatype, DATATYPES[f.kind]))
    if f.pattern:
        add((shape, SH.pattern, Literal(f.pattern)))
    if f.min is not None:
        add(
            (
                shape,
                SH.minInclusive,
                Literal(f.min, datatype=XSD.decimal)
                if f.kind == "decimal"
                else Literal(int(f.min)),
            )
        )
    if f.kind == "ref":
        add((shape, SH["class"], schema.types[f.range].iri))
    elif f.kind == "concept":
        add((shape, SH.node, SHAPES[f"in-{f.scheme}"]))
    elif f.kind == "fuzzy-date":
        add((shape, SH["class"], schema.term(schema.extras["fuzzy_date"]["class"]["name"])))
    elif f.kind == "money":
        add((shape, SH["class"], schema.term(schema.extras["money"]["class"]["name"])))
    elif f.kind in ("wikidata", "field-list"):
        add((shape, SH.nodeKind, SH.IRI))


def _required_shape(t: list, type_name: str, cls: URIRef, f: Field, schema: Schema) -> None:
    """A required field must have a value, unless the record lists it as ``unknown``.

    SIPRI writes "unknown supplier(s)" where it does not know the supplier: a placeholder, not
    an actor. Such a deal states ``kg:unknown kg:supplier`` instead of naming a supplier, and
    this shape accepts either. The shape's own IRI (``shape:ArmsDeal-supplier-required``) lets
    :func:`field_of_shape` name the field in a violation.
    """
    add = t.append
    base = f"{type_name}-{f.name}-required"
    node, given, unknown = SHAPES[base], SHAPES[f"{base}-given"], SHAPES[f"{base}-unknown"]
    add((node, RDF.type, SH.NodeShape))
    add((node, SH.targetClass, cls))
    need = (
        "is required but missing"
        if (f.min_count or 1) == 1
        else f"needs at least {f.min_count} values"
    )
    add((node, SH.message, Literal(f"{need} (or list it under 'unknown')")))
    first, rest = SHAPES[f"{base}-or-1"], SHAPES[f"{base}-or-2"]
    add((node, SH["or"], first))
    add((first, RDF.first, given))
    add((first, RDF.rest, rest))
    add((rest, RDF.first, unknown))
    add((rest, RDF.rest, RDF.nil))
    add((given, RDF.type, SH.PropertyShape))
    add((given, SH.path, f.predicate))
    add((given, SH.minCount, Literal(f.min_count or 1)))
    add((unknown, RDF.type, SH.PropertyShape))
    add((unknown, SH.path, schema.common_fields["unknown"].predicate))
    add((unknown, SH.hasValue, f.predicate))


def shape_triples(schema: Schema | None = None) -> list[tuple]:
    schema = schema or load_schema()
    t: list[tuple] = []
    add = t.append
    for rt in schema.types.values():
        if rt.abstract:
            continue
        node = SHAPES[rt.name]
        add((node, RDF.type, SH.NodeShape))
        add((node, SH.targetClass, rt.iri))
        for name, f in rt.fields.items():
            if name == "id":
                continue  # the id is the IRI, not a triple
            shape = SHAPES[f"{rt.name}-{name}"]
            add((node, SH.property, shape))
            _prop_shape(t, shape, f, schema)
            if f.required:
                _required_shape(t, rt.name, rt.iri, f, schema)
    for scheme in schema.schemes.values():
        node = SHAPES[f"in-{scheme.name}"]
        add((node, RDF.type, SH.NodeShape))
        add((node, SH.message, Literal(f"not a term of the list {scheme.name}")))
        add((node, SH.property, SHAPES[f"in-{scheme.name}-scheme"]))
        add((SHAPES[f"in-{scheme.name}-scheme"], SH.path, SKOS.inScheme))
        add((SHAPES[f"in-{scheme.name}-scheme"], SH.hasValue, scheme.iri))
    fd = schema.extras["fuzzy_date"]
    node = SHAPES["FuzzyDate"]
    add((node, RDF.type, SH.NodeShape))
    add((node, SH.targetClass, schema.term(fd["class"]["name"])))
    for name in ("earliest", "latest"):
        shape = SHAPES[f"FuzzyDate-{name}"]
        add((node, SH.property, shape))
        add((shape, SH.path, schema.term(name)))
        add((shape, SH.name, Literal(name)))
        add((shape, SH.maxCount, Literal(1)))
        add((shape, SH.datatype, XSD.date))
    add((SHAPES["FuzzyDate-earliest"], SH.lessThanOrEquals, schema.term("latest")))
    shape = SHAPES["FuzzyDate-precision"]
    add((node, SH.property, shape))
    add((shape, SH.path, schema.term("precision")))
    add((shape, SH.name, Literal("precision")))
    add((shape, SH.minCount, Literal(1)))
    add((shape, SH.maxCount, Literal(1)))
    add((shape, SH.node, SHAPES["in-Precision"]))
    node = SHAPES["MonetaryAmount"]
    add((node, RDF.type, SH.NodeShape))
    add((node, SH.targetClass, schema.term(schema.extras["money"]["class"]["name"])))
    for name, extra in (
        ("value", (SH.datatype, XSD.decimal)),
        ("currency", (SH.pattern, Literal("^[A-Z]{3}$"))),
    ):
        shape = SHAPES[f"MonetaryAmount-{name}"]
        add((node, SH.property, shape))
        add((shape, SH.path, SCHEMA_NS[name]))
        add((shape, SH.name, Literal(name)))
        add((shape, SH.minCount, Literal(1)))
        add((shape, SH.maxCount, Literal(1)))
        add((shape,) + extra)
    return t


def shapes_text(schema: Schema | None = None) -> str:
    """The shapes as sorted Turtle, as committed in ``ontology/shapes.ttl``."""
    schema = schema or load_schema()
    prefixes = dict(schema.prefixes, shape=str(SHAPES))
    return turtle_text(
        shape_triples(schema),
        prefixes,
        header="SHACL shapes of the kg curated format. Generated from "
        "ontology/schema.yaml by `kg ontology`: edit that file, not this one.",
    )


def field_of_shape(shape: URIRef | str) -> str | None:
    """``shape:ArmsDeal-supplier`` -> ``supplier``: the field a property shape checks.

    >>> field_of_shape(SHAPES["ArmsDeal-supplier-required"])
    'supplier'
    """
    text = str(shape)
    if not text.startswith(str(SHAPES)) or "-" not in text:
        return None
    return text[len(str(SHAPES)) :].split("-")[1]  # field names never hold "-"
