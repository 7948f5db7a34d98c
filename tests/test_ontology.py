"""The ontology, the shapes and the loader share one definition: ontology/schema.yaml."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kg.fuzzydate import PRECISIONS
from kg.ontology import ontology_text
from kg.schema import load_schema
from kg.shapes import shapes_text

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def test_the_committed_ontology_and_shapes_are_generated_from_the_schema():
    assert (ONTOLOGY / "kg.ttl").read_text(encoding="utf-8") == ontology_text(), (
        "ontology/kg.ttl is stale: run `kg ontology`"
    )
    assert (ONTOLOGY / "shapes.ttl").read_text(encoding="utf-8") == shapes_text(), (
        "ontology/shapes.ttl is stale: run `kg ontology`"
    )


def test_every_class_property_and_concept_has_a_label_and_a_definition():
    g = Graph().parse(ONTOLOGY / "kg.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
    terms = {s for k in kinds for s in g.subjects(RDF.type, k)}
    assert len(terms) > 100, len(terms)
    missing = sorted(
        str(t)
        for t in terms
        if not (g.value(t, RDFS.label) or g.value(t, SKOS.prefLabel))
        or not g.value(t, SKOS.definition)
    )
    assert missing == [], missing


def test_the_ontology_reuses_standard_vocabularies():
    g = Graph().parse(ONTOLOGY / "kg.ttl")
    parents = {str(o) for o in g.objects(None, RDFS.subClassOf)}
    for iri in (
        "http://www.w3.org/ns/prov#Agent",
        "http://www.w3.org/ns/prov#Entity",
        "http://www.w3.org/ns/org#Membership",
        "http://www.w3.org/ns/org#FormalOrganization",
        "http://www.w3.org/2006/time#TemporalEntity",
        "https://schema.org/MonetaryAmount",
    ):
        assert iri in parents, iri


def test_the_actor_kinds_the_analysts_need_exist():
    schema = load_schema()
    assert set(schema.subtypes("Actor")) >= {
        "State",
        "InternationalOrganization",
        "Alliance",
        "GovernmentAgency",
        "Company",
        "MediaOutlet",
        "Person",
        "NonStateArmedGroup",
        "Programme",
    }


def test_date_precisions_are_the_same_in_the_schema_and_the_date_parser():
    assert tuple(load_schema().schemes["Precision"].concepts) == PRECISIONS


def test_an_unknown_ontology_term_is_an_error_not_a_new_iri():
    schema = load_schema()
    assert str(schema.term("supplier")).endswith("#supplier")
    try:
        schema.term("suplier")
    except Exception as e:  # noqa: BLE001 - the type is checked below
        assert "not a term of the kg ontology" in str(e), e
    else:
        raise AssertionError("a misspelt term was accepted")
