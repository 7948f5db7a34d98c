"""The shapes as SPARQL: the same problems as pySHACL, named with file, line and field."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import SH

from kg import validate as validate_module
from kg.build import build
from kg.errors import KGError
from kg.load import load_paths
from kg.shapes import SHAPES, shape_triples
from kg.store import Store
from kg.validate import shape_checks, validate_load, validate_store

ROOT = Path(__file__).resolve().parents[1]
STATES = ROOT / "seeds" / "states.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "shape-violations.ttl"

# (field, words): one breach of each kind of constraint in tests/fixtures/shape-violations.ttl
EXPECTED = {
    "missing-required": ("supplier", "'no-supplier': is required but missing"),
    "two-values": ("supplier", "'two-suppliers': takes one value, but this source gives several"),
    "ill-formed-number": ("quantity", "'two-suppliers': has a value of the wrong datatype"),
    "text-for-number": ("quantity", "'system-as-recipient': has a value of the wrong datatype"),
    "below-minimum": ("delivered", "'two-suppliers': is below the allowed minimum"),
    "wrong-class": ("recipient", "'system-as-recipient': refers to an entity of the wrong type"),
    "not-in-list": ("status", "'system-as-recipient': is not a term of its controlled list"),
    "ends-before-start": ("earliest", "starts after it ends (earliest later than latest)"),
    "money-without-currency": ("currency", "#value-broken-facts': is required but missing"),
    "language-tagged-label": ("label", "'sam-x': has a value of the wrong datatype"),
    "pattern": ("iso3", "'XXA': does not match the expected pattern"),
    "not-an-iri": ("wikidata", "'XXA': must be an IRI"),
    "one-party": ("parties", "'one-sided': needs at least 2 values"),
}


@pytest.fixture(scope="module")
def broken():
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # it warns about "many"^^integer
    return load_paths([STATES, BROKEN])


@pytest.fixture(scope="module")
def sparql_problems(broken):
    return [str(p) for p in validate_load(broken, engine="sparql")]


@pytest.mark.parametrize("case", list(EXPECTED), ids=list(EXPECTED))
def test_each_kind_of_breach_is_reported_with_file_and_field(sparql_problems, case):
    field, words = EXPECTED[case]
    hits = [p for p in sparql_problems if f"(field '{field}')" in p and words in p]
    assert len(hits) == 1, (case, sparql_problems)
    assert hits[0].startswith(str(BROKEN.relative_to(ROOT))) or str(BROKEN) in hits[0], hits[0]


def test_the_sparql_engine_finds_everything_pyshacl_finds(broken, sparql_problems):
    shacl = {str(p) for p in validate_load(broken, engine="shacl")}
    extra = set(sparql_problems) - shacl
    assert shacl <= set(sparql_problems), shacl - set(sparql_problems)
    # pySHACL, given focus nodes, skips the nested sh:node check of a concept that is not in
    # its list (the unknown status); the compiled query applies it as the shapes say
    assert len(extra) == 1 and "is not a term of its controlled list" in extra.pop(), extra


def test_the_seeds_are_valid_for_both_engines():
    seeds = load_paths([ROOT / "seeds"])
    assert validate_load(seeds, engine="sparql") == validate_load(seeds, engine="shacl") == []


def test_every_constraint_of_the_shapes_is_checked():
    shapes = shape_triples()
    constraints = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern}
    constraints |= {SH.minInclusive, SH.node, SH.nodeKind, SH.lessThanOrEquals}
    # the property shapes of each class, and the "required, or listed under 'unknown'" node
    # shapes (whose alternatives are compiled with them)
    attached = {o for _, p, o in shapes if p == SH.property}
    targeted = {s for s, p, _ in shapes if p == SH.targetClass}
    in_shapes = {(s, p) for s, p, _ in shapes if p in constraints and s in attached}
    in_shapes |= {(s, p) for s, p, _ in shapes if p == SH["or"] and s in targeted}
    compiled = set()
    for check in shape_checks():
        for _, shape in check.targets:
            compiled.add((shape, check.component))
    as_components = {
        (
            s,
            str(p).rsplit("#", 1)[-1][0].upper()
            + str(p).rsplit("#", 1)[-1][1:]
            + "ConstraintComponent",
        )
        for s, p in in_shapes
    }
    assert as_components == compiled, as_components ^ compiled


def test_a_constraint_the_compiler_does_not_know_is_an_error(monkeypatch):
    extra = (SHAPES["ArmsDeal-quantity"], SH.maxInclusive, Literal(10))
    monkeypatch.setattr(validate_module, "shape_triples", lambda schema: shape_triples() + [extra])
    with pytest.raises(KGError, match="cannot compile"):
        shape_checks()


def test_a_store_on_disk_can_be_checked_without_its_input_files(tmp_path):
    out = tmp_path / "build"
    build([STATES, BROKEN], out_dir=out, validate=False)
    problems = [str(p) for p in validate_store(Store.open(out / "store"))]
    graph = "graph <https://w3id.org/kg/id/source/broken-facts>"
    assert any(p.startswith(graph) and "'no-supplier'" in p for p in problems), problems


def test_an_unknown_engine_is_refused(broken):
    with pytest.raises(KGError, match="unknown validation engine"):
        validate_load(broken, engine="owl")
