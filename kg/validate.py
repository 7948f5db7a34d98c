"""SHACL validation of each source's graph, reported in plain words with file, line and field.

Each source is checked on its own (two sources may give a deal different quantities: that is a
disagreement to show, not an error), together with the types of every entity it refers to and
the ontology, so that ``sh:class`` sees subclasses.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SH

from kg.errors import InputError
from kg.load import LoadResult
from kg.ontology import ontology_triples
from kg.schema import Schema, load_schema
from kg.shapes import field_of_shape, shape_triples

__all__ = ["validate_load", "describe_violation"]

log = logging.getLogger(__name__)

_WORDS = {
    "MinCountConstraintComponent": "is required but missing",
    "MaxCountConstraintComponent": "takes one value, but this source gives several",
    "DatatypeConstraintComponent": "has a value of the wrong datatype",
    "ClassConstraintComponent": "refers to an entity of the wrong type",
    "PatternConstraintComponent": "does not match the expected pattern",
    "MinInclusiveConstraintComponent": "is below the allowed minimum",
    "NodeConstraintComponent": "is not a term of its controlled list",
    "NodeKindConstraintComponent": "must be an IRI",
    "LessThanOrEqualsConstraintComponent": "starts after it ends (earliest later than latest)",
}


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def describe_violation(result: Graph, node, load: LoadResult, graph_iri: str) -> InputError:
    """One SHACL result as an :class:`InputError` naming file, line and field."""
    focus = result.value(node, SH.focusNode)
    shape = result.value(node, SH.sourceShape)
    component = str(result.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
    value = result.value(node, SH.value)
    field = field_of_shape(shape) if shape is not None else None
    subject = str(focus)
    if subject in load.aux:  # a fuzzy date or money node: report against its record's field
        subject, field = load.aux[subject]
    file, line = load.origins.get((subject, graph_iri), (None, None))
    path = result.value(node, SH.resultPath)
    if path is not None:
        line = load.field_lines.get((subject, str(path), graph_iri), line)
    words = _WORDS.get(component) or str(result.value(node, SH.resultMessage))
    shown = (
        f" (value {value.n3() if not isinstance(value, Literal) else repr(str(value))})"
        if value is not None and value != focus
        else ""
    )
    entity = subject.rsplit("/", 1)[-1]
    return InputError(f"'{entity}': {words}{shown}", file=file, line=line or None, field=field)


def validate_load(load: LoadResult, schema: Schema | None = None) -> list[InputError]:
    """Check every source graph of ``load`` against the shapes; return the violations."""
    schema = schema or load_schema()
    shapes = _graph(shape_triples(schema))
    ontology = ontology_triples(schema)
    by_graph: dict[str, list] = defaultdict(list)
    typing = []
    for s, p, o, g in load.quads:
        by_graph[str(g)].append((s, p, o))
        if p == RDF.type:
            typing.append((s, p, o))
    problems: list[InputError] = []
    for g in sorted(by_graph):
        data = _graph(by_graph[g])
        # only this source's own subjects are checked; the types of what it refers to, from any
        # source, let sh:class see them
        focus = sorted(set(data.subjects()), key=str)
        for t in typing:
            data.add(t)
        for t in ontology:
            data.add(t)
        conforms, results, _ = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            focus_nodes=focus,
        )
        if conforms:
            continue
        for node in sorted(
            results.subjects(RDF.type, SH.ValidationResult),
            key=lambda n: str(results.value(n, SH.focusNode)),
        ):
            problems.append(describe_violation(results, node, load, g))
    seen, unique = set(), []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    return sorted(unique, key=lambda p: (p.file or "", p.line or 0, str(p)))
