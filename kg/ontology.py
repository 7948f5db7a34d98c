"""The OWL ontology and SKOS vocabularies, generated from ``ontology/schema.yaml``.

``ontology/kg.ttl`` is this module's output, committed so that people and tools that read
Turtle find it; a test regenerates it and fails when the committed file is stale.

>>> g = ontology_triples()
>>> any(str(s).endswith("#ArmsDeal") for s, _, _ in g)
True
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.schema import Field, Schema, load_schema
from kg.serialize import turtle_text

__all__ = ["ontology_triples", "ontology_text", "ONTOLOGY_IRI", "DATATYPES"]

ONTOLOGY_IRI = URIRef("https://w3id.org/kg/ontology")

# The XSD datatype each literal field kind is written with (one place for loader and shapes).
DATATYPES = {
    "string": XSD.string,
    "text": XSD.string,
    "code": XSD.string,
    "integer": XSD.integer,
    "year": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "date": XSD.date,
    "url": XSD.anyURI,
}


def _range(f: Field, schema: Schema) -> URIRef | None:
    if f.kind == "ref":
        return schema.types[f.range].iri
    if f.kind == "concept":
        return SKOS.Concept
    if f.kind == "fuzzy-date":
        return schema.term(schema.extras["fuzzy_date"]["class"]["name"])
    if f.kind == "money":
        return schema.term(schema.extras["money"]["class"]["name"])
    if f.kind == "field-list":
        return RDF.Property
    return DATATYPES.get(f.kind)


def ontology_triples(schema: Schema | None = None) -> list[tuple]:
    """Every triple of the ontology: classes, properties, concept schemes and concepts."""
    schema = schema or load_schema()
    t: list[tuple] = []
    add = t.append
    add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    add((ONTOLOGY_IRI, RDFS.label, Literal("kg ontology")))
    add((ONTOLOGY_IRI, OWL.versionInfo, Literal(schema.version)))
    add(
        (
            ONTOLOGY_IRI,
            DCTERMS.description,
            Literal(
                "Actors, weapon systems, arms deals and their events, disputes and relations between "
                "actors, with the provenance and fuzzy dates of every fact."
            ),
        )
    )

    def cls(iri, label, definition, parents):
        add((iri, RDF.type, OWL.Class))
        add((iri, RDFS.label, Literal(label)))
        add((iri, SKOS.definition, Literal(definition)))
        add((iri, RDFS.isDefinedBy, ONTOLOGY_IRI))
        for p in parents:
            add((iri, RDFS.subClassOf, p))

    for rt in schema.types.values():
        parents = ([schema.types[rt.parent].iri] if rt.parent else []) + list(rt.superclasses)
        cls(rt.iri, rt.label, rt.definition, parents)
    for key in ("fuzzy_date", "money"):
        spec = schema.extras[key]["class"]
        cls(
            schema.term(spec["name"]),
            spec["label"],
            spec["definition"],
            [schema.expand(c) for c in spec.get("superclasses", [])],
        )

    # properties minted in kg:, each described once even when several types share it
    owners: dict[URIRef, list[tuple[str | None, Field]]] = {}
    for rt in schema.types.values():
        for name in rt.own_fields:
            f = rt.fields[name]
            owners.setdefault(f.predicate, []).append((rt.name, f))
    for f in schema.common_fields.values():
        owners.setdefault(f.predicate, []).append((None, f))
    for pred, uses in owners.items():
        if not str(pred).startswith(schema.kg):
            continue
        _, f = uses[0]
        literal = f.kind in DATATYPES
        add((pred, RDF.type, OWL.DatatypeProperty if literal else OWL.ObjectProperty))
        add((pred, RDFS.label, Literal(f.label)))
        add((pred, SKOS.definition, Literal(f.definition)))
        add((pred, RDFS.isDefinedBy, ONTOLOGY_IRI))
        domains = {o for o, _ in uses}
        if len(domains) == 1 and None not in domains:
            add((pred, RDFS.domain, schema.types[domains.pop()].iri))
        ranges = {_range(u, schema) for _, u in uses}
        if len(ranges) == 1 and None not in ranges:
            add((pred, RDFS.range, ranges.pop()))
    fd = schema.extras["fuzzy_date"]
    fd_class = schema.term(fd["class"]["name"])
    for name in ("earliest", "latest", "precision"):
        pred = schema.term(name)
        add((pred, RDF.type, OWL.ObjectProperty if name == "precision" else OWL.DatatypeProperty))
        add((pred, RDFS.label, Literal(fd[name]["label"])))
        add((pred, SKOS.definition, Literal(fd[name]["definition"])))
        add((pred, RDFS.isDefinedBy, ONTOLOGY_IRI))
        add((pred, RDFS.domain, fd_class))
        add((pred, RDFS.range, SKOS.Concept if name == "precision" else XSD.date))

    for scheme in schema.schemes.values():
        add((scheme.iri, RDF.type, SKOS.ConceptScheme))
        add((scheme.iri, SKOS.prefLabel, Literal(scheme.label)))
        add((scheme.iri, SKOS.definition, Literal(scheme.definition)))
        for notation, definition in scheme.concepts.items():
            c = scheme.concept(notation)
            add((c, RDF.type, SKOS.Concept))
            add((c, SKOS.inScheme, scheme.iri))
            add((c, SKOS.topConceptOf, scheme.iri))
            add((c, SKOS.notation, Literal(notation)))
            add((c, SKOS.prefLabel, Literal(notation.replace("-", " "))))
            add((c, SKOS.definition, Literal(definition)))
    return t


def ontology_text(schema: Schema | None = None) -> str:
    """The ontology as sorted Turtle, as committed in ``ontology/kg.ttl``."""
    schema = schema or load_schema()
    return turtle_text(
        ontology_triples(schema),
        schema.prefixes,
        header="The kg ontology. Generated from ontology/schema.yaml by "
        "`kg ontology`: edit that file, not this one.",
    )
