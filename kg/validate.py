"""SHACL validation of each source's graph, reported in plain words with file, line and field.

Each source is checked on its own (two sources may give a deal different quantities: that is a
disagreement to show, not an error), together with the types of every entity it refers to and
the ontology, so that ``sh:class`` sees subclasses.

Two engines apply the same shapes (``ontology/shapes.ttl``, generated from the schema):

- ``sparql`` (the default) compiles each constraint of the shapes into a SPARQL query and runs
  it on an Oxigraph store holding every source, one named graph each. It checks a million
  triples in seconds, and can check a store on disk (:func:`validate_store`).
- ``shacl`` runs pySHACL on each source's graph: the reference implementation, kept to
  cross-check the compiled queries (the tests run both on the same bad input), but it needs
  minutes for a hundred thousand triples.

The compiler knows the constraint components the shapes use (min/max count, datatype, class,
pattern, minimum, node shapes of a concept list, node kind, less-than-or-equals); a shape with
any other component is an error, so the shapes cannot outgrow the queries silently.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.errors import InputError, KGError
from kg.load import LoadResult
from kg.ontology import ONTOLOGY_IRI, ontology_triples
from kg.schema import Schema, load_schema
from kg.serialize import nquads_text
from kg.shapes import field_of_shape, shape_triples
from kg.store import Store

__all__ = [
    "validate_load",
    "validate_store",
    "describe_violation",
    "shape_checks",
    "ShapeCheck",
    "ENGINES",
]

ENGINES = ("sparql", "shacl")

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
    return _describe(
        load,
        graph_iri,
        result.value(node, SH.focusNode),
        result.value(node, SH.sourceShape),
        str(result.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        result.value(node, SH.value),
        result.value(node, SH.resultPath),
        str(result.value(node, SH.resultMessage)),
    )


def _describe(
    load: LoadResult | None,
    graph_iri: str,
    focus,
    shape,
    component: str,
    value,
    path,
    message: str = "",
) -> InputError:
    field = field_of_shape(shape) if shape is not None else None
    subject = str(focus)
    file, line = None, None
    if load is not None:
        if subject in load.aux:  # a fuzzy date or money node: report against its record's field
            subject, field = load.aux[subject]
        file, line = load.origins.get((subject, graph_iri), (None, None))
        if path is not None:
            line = load.field_lines.get((subject, str(path), graph_iri), line)
    if file is None and (load is None or (subject, graph_iri) not in load.origins):
        file = f"graph <{graph_iri}>"  # facts without a curated file: say where they are
    words = _WORDS.get(component) or message
    shown = (
        f" (value {value.n3() if not isinstance(value, Literal) else repr(str(value))})"
        if value is not None and value != focus
        else ""
    )
    entity = subject.rsplit("/", 1)[-1]
    return InputError(f"'{entity}': {words}{shown}", file=file, line=line or None, field=field)


def validate_load(
    load: LoadResult, schema: Schema | None = None, engine: str = "sparql"
) -> list[InputError]:
    """Check every source graph of ``load`` against the shapes; return the violations.

    >>> from kg.load import load_paths
    >>> from kg.paths import seeds_dir
    >>> validate_load(load_paths([seeds_dir()]))
    []
    """
    schema = schema or load_schema()
    if engine == "sparql":
        store = Store("oxigraph")
        assert store.ox is not None
        ontology = [(s, p, o, ONTOLOGY_IRI) for s, p, o in ontology_triples(schema)]
        text = nquads_text(list(load.quads) + ontology)
        store.ox.bulk_load(text.encode("utf-8"), format=_NQUADS)
        del text
        return validate_store(store, load, schema)
    if engine != "shacl":
        raise KGError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
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
    return _unique(problems)


def _unique(problems: list[InputError]) -> list[InputError]:
    """Each problem once (a node may break the same rule under two of its classes), sorted."""
    seen, unique = set(), []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    return sorted(unique, key=lambda p: (p.file or "", p.line or 0, str(p)))


# ------------------------------------------------------------------ shapes as SPARQL

_NQUADS = ox.RdfFormat.N_QUADS
_IMPLEMENTED = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.pattern,
    SH.minInclusive,
    SH.node,
    SH.nodeKind,
    SH.lessThanOrEquals,
}
_ANNOTATIONS = {SH.path, SH.name, SH.description, RDF.type}
# required fields: the query of several of them, for one set of classes, is shared
_REQUIRED = ("MinCountConstraintComponent", "OrConstraintComponent")
# Well-formed lexical forms: a cast from the text gives a value back only when it reads.
_CASTABLE = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#boolean",
    "http://www.w3.org/2001/XMLSchema#date",
}
_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


@dataclass(frozen=True)
class ShapeCheck:
    """One constraint of the shapes, for every class that has it: one SPARQL query."""

    component: str  # the SHACL constraint component, e.g. MinCountConstraintComponent
    path: URIRef
    param: Any
    targets: tuple[tuple[URIRef, URIRef], ...]  # (target class, property shape), schema order
    message: str = ""  # the shape's sh:message, for components reported by their message

    def query(self, classes: dict[URIRef, list[URIRef]]) -> str:
        """The SPARQL that lists the violations: rows of ?g ?s ?t ?v (?v may be unbound)."""
        types = sorted({t for c, _ in self.targets for t in classes[c]}, key=str)
        values = "VALUES ?t { " + " ".join(t.n3() for t in types) + " }"
        p = self.path.n3()
        skip = f"FILTER (?g != {ONTOLOGY_IRI.n3()})"
        c = self.component
        if c in ("MinCountConstraintComponent", "OrConstraintComponent"):
            return _min_count_query(types, [(self.path, int(self.param))])
        if c == "MaxCountConstraintComponent":
            # count first, over every value of the path; type only the few that break the rule
            return (
                f"SELECT ?g ?s ?t WHERE {{\n"
                f"  {{ SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s {p} ?v }} {skip} }}\n"
                f"    GROUP BY ?g ?s HAVING (COUNT(DISTINCT ?v) > {int(self.param)}) }}\n"
                f"  {values} ?s rdf:type ?t .\n}}"
            )
        if c == "LessThanOrEqualsConstraintComponent":
            return (
                f"SELECT DISTINCT ?g ?s ?t ?v WHERE {{ {values} ?s rdf:type ?t .\n"
                f"  GRAPH ?g {{ ?s {p} ?v . ?s {self.param.n3()} ?w }} {skip}\n"
                f"  FILTER (!COALESCE(?v <= ?w, false)) }}"
            )
        # test each distinct value once (a million deals name two hundred states), then find
        # the records that use the bad ones; MINUS builds its side once, where FILTER NOT
        # EXISTS would evaluate a property path per value (2.2 s instead of 0.02 s at 1M)
        if c == "ClassConstraintComponent":
            kinds = " ".join(k.n3() for k in classes[self.param])
            test = f"MINUS {{ ?v rdf:type ?k . VALUES ?k {{ {kinds} }} }}"
        elif c == "NodeConstraintComponent":
            test = " ".join(f"MINUS {{ ?v {a.n3()} {b.n3()} }}" for a, b in self.param)
        else:
            test = f"FILTER ({self._bad_value()})"
        return (
            f"SELECT DISTINCT ?g ?s ?t ?v WHERE {{\n"
            f"  {{ SELECT ?v WHERE {{\n"
            f"    {{ SELECT DISTINCT ?v WHERE {{ GRAPH ?g {{ ?s {p} ?v }} {skip} }} }}\n"
            f"    {test} }} }}\n"
            f"  GRAPH ?g {{ ?s {p} ?v }} {skip}\n"
            f"  {values} ?s rdf:type ?t .\n}}"
        )

    def _bad_value(self) -> str:
        c, param = self.component, self.param
        if c == "DatatypeConstraintComponent":
            test = f"!isLiteral(?v) || DATATYPE(?v) != {param.n3()}"
            if str(param) in _CASTABLE:
                test += f' || sameTerm(COALESCE({param.n3()}(STR(?v)), "ill-formed"), "ill-formed")'
            return test
        if c == "PatternConstraintComponent":
            return f"isBlank(?v) || !REGEX(STR(?v), {Literal(str(param)).n3()})"
        if c == "MinInclusiveConstraintComponent":
            return f"!COALESCE(?v >= {param.n3()}, false)"
        if c == "NodeKindConstraintComponent":
            if param != SH.IRI:
                raise KGError(f"validation knows sh:nodeKind sh:IRI only, not {param}")
            return "!isIRI(?v)"
        raise KGError(f"validation cannot compile {c}")


def _unknown() -> URIRef:
    """kg:unknown, where a source lists the fields it says it does not know."""
    return load_schema().common_fields["unknown"].predicate


def _min_count_query(types: list[URIRef], paths: list[tuple[URIRef, int]]) -> str:
    """Records of ``types`` that give fewer than n values of a path in their source's graph.

    A record counts in every graph where its node has a triple (SHACL's focus nodes of that
    source); the required paths of one class are checked in one query, so the records are
    listed once.
    """
    values = "VALUES ?t { " + " ".join(t.n3() for t in types) + " }"
    skip = f"FILTER (?g != {ONTOLOGY_IRI.n3()})"
    focus = (
        f"{{ SELECT DISTINCT ?g ?s ?t WHERE {{ {values} ?s rdf:type ?t . "
        f"GRAPH ?g {{ ?s ?anyP ?anyO }} {skip} }} }}"
    )
    ones = [p for p, n in paths if n == 1]
    if len(ones) == len(paths):
        required = " ".join(p.n3() for p in ones)
        return (
            f"SELECT ?g ?s ?t ?path WHERE {{\n  {focus}\n  VALUES ?path {{ {required} }}\n"
            f"  MINUS {{ VALUES ?path {{ {required} }} GRAPH ?g {{ ?s ?path ?v }} }}\n"
            f"  MINUS {{ VALUES ?path {{ {required} }} GRAPH ?g {{ ?s {_unknown().n3()} ?path }} }}\n}}"
        )
    if len(paths) != 1:
        raise KGError("a minimum count above 1 is checked one path at a time")
    ((path, n),) = paths
    return (
        f"SELECT ?g ?s ?t ?path WHERE {{\n  {focus}\n"
        f"  OPTIONAL {{ GRAPH ?g {{ ?s {path.n3()} ?v }} }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s {_unknown().n3()} {path.n3()} }} }}\n"
        f"  BIND ({path.n3()} AS ?path)\n"
        f"}} GROUP BY ?g ?s ?t ?path HAVING (COUNT(DISTINCT ?v) < {n})"
    )


def shape_checks(schema: Schema | None = None) -> list[ShapeCheck]:
    """The constraints of the generated shapes, grouped so that each becomes one query.

    >>> checks = shape_checks()
    >>> [c.message for c in checks if str(c.path).endswith("#supplier")
    ...  and c.component == "OrConstraintComponent"]
    ["is required but missing (or list it under 'unknown')"]
    """
    schema = schema or load_schema()
    shapes = _graph(shape_triples(schema))
    groups: dict[tuple, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    messages: dict[tuple, str] = {}
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        target = shapes.value(node, SH.targetClass)
        if target is None:
            continue  # a node shape used through sh:node (the concept lists)
        for alternatives in shapes.objects(node, SH["or"]):
            # "required, or listed under 'unknown'": the first alternative holds the path and
            # its minimum count; the second (kg:unknown hasValue path) is what the query's
            # second MINUS accepts. Reported as pySHACL does: the node shape and its message.
            given, unknown = _required_or_unknown(shapes, alternatives, node)
            path = shapes.value(given, SH.path)
            n = int(shapes.value(given, SH.minCount))
            key = ("OrConstraintComponent", path, n)
            groups[key].append((target, node))
            messages[key] = str(shapes.value(node, SH.message) or "")
        for prop in shapes.objects(node, SH.property):
            path = shapes.value(prop, SH.path)
            for pred, obj in sorted(shapes.predicate_objects(prop)):
                if pred in _ANNOTATIONS:
                    continue
                if pred not in _IMPLEMENTED:
                    raise KGError(f"validation cannot compile {pred} of shape {prop}")
                component = str(pred).rsplit("#", 1)[-1]
                component = component[0].upper() + component[1:] + "ConstraintComponent"
                param: Any = obj
                if pred in (SH.minCount, SH.maxCount):
                    param = int(obj)
                elif pred == SH.node:
                    param = _node_param(shapes, obj)
                groups[(component, path, param)].append((target, prop))
    order = {t.iri: i for i, t in enumerate(schema.types.values())}
    out = []
    for (component, path, param), targets in groups.items():
        targets.sort(key=lambda tp: (order.get(tp[0], len(order)), str(tp[0]), str(tp[1])))
        message = messages.get((component, path, param), "")
        out.append(ShapeCheck(component, path, param, tuple(targets), message))
    return sorted(out, key=lambda c: (c.component, str(c.path), str(c.param)))


def _required_or_unknown(shapes: Graph, alternatives, node) -> tuple:
    """The two alternatives of a "required or unknown" shape; any other sh:or is an error."""
    items = list(Collection(shapes, alternatives))
    unknown_path = _unknown()
    if (
        len(items) != 2
        or shapes.value(items[0], SH.minCount) is None
        or shapes.value(items[1], SH.path) != unknown_path
        or shapes.value(items[1], SH.hasValue) != shapes.value(items[0], SH.path)
    ):
        raise KGError(f"validation cannot compile the sh:or of shape {node}")
    return items[0], items[1]


def _node_param(shapes: Graph, node) -> tuple[tuple[URIRef, URIRef], ...]:
    """A node shape given by sh:node, as (path, required value) pairs: the concept lists."""
    pairs = []
    for prop in shapes.objects(node, SH.property):
        for pred, obj in shapes.predicate_objects(prop):
            if pred == SH.hasValue:
                pairs.append((shapes.value(prop, SH.path), obj))
            elif pred not in _ANNOTATIONS:
                raise KGError(f"validation cannot compile {pred} of node shape {node}")
    return tuple(sorted(pairs))


def _shapes_of(check: ShapeCheck, classes: dict) -> dict:
    """(class, path) -> (property shape, path): the shape a row of the check's query breaks."""
    out: dict = {}
    for target, shape in check.targets:
        for t in classes[target]:
            out.setdefault((t, check.path), (shape, check.path))
            out.setdefault((t, None), (shape, check.path))
    return out


def validate_store(
    store: Store, load: LoadResult | None = None, schema: Schema | None = None
) -> list[InputError]:
    """Check every source graph of an Oxigraph store against the shapes, with SPARQL.

    ``load`` (the result of loading the curated files) lets the problems name file, line and
    field; without it they name the graph.
    """
    schema = schema or load_schema()
    if store.ox is None:
        raise KGError("SPARQL validation runs on an Oxigraph store, not on rdflib's Memory store")
    checks = shape_checks(schema)
    wanted = {target for check in checks for target, _ in check.targets}
    wanted |= {c.param for c in checks if c.component == "ClassConstraintComponent"}
    classes: dict[URIRef, list[URIRef]] = {}
    for target in sorted(wanted, key=str):
        rows = store.ox.query(
            _PREFIXES + f"SELECT DISTINCT ?t WHERE {{ ?t rdfs:subClassOf* {target.n3()} }}",
            use_default_graph_as_union=True,
        )
        classes[target] = sorted({URIRef(r[0].value) for r in rows} | {target}, key=str)

    # one query per check, except that the required fields of one set of classes share one
    # query, (type, path) -> shape, component, message
    jobs: list[tuple[str, dict, str, str]] = []
    required: dict[tuple, list[ShapeCheck]] = defaultdict(list)
    for check in checks:
        types = tuple(sorted({t for c, _ in check.targets for t in classes[c]}, key=str))
        if check.component in _REQUIRED and check.param == 1:
            required[(check.component, check.message, types)].append(check)
            continue
        shapes = _shapes_of(check, classes)
        jobs.append((check.query(classes), shapes, check.component, check.message))
    for (component, message, types), group in required.items():
        query = _min_count_query(list(types), [(c.path, 1) for c in group])
        shapes = {k: v for c in group for k, v in _shapes_of(c, classes).items()}
        jobs.append((query, shapes, component, message))

    def run(job: tuple[str, dict, str, str]) -> list[InputError]:
        query, shapes, component, message = job
        result = store.ox.query(_PREFIXES + query, use_default_graph_as_union=True)
        names = {v.value for v in result.variables}
        raw = [
            (
                row["g"].value,
                row["s"],
                row["t"].value,
                row["path"].value if "path" in names else None,
                row["v"] if "v" in names else None,
            )
            for row in result
        ]
        # Oxigraph's results belong to this thread: let them go before anything may log
        del result
        out = []
        for g, s, t, path, v in raw:
            shape, check_path = (
                shapes.get((URIRef(t), path and URIRef(path))) or shapes[(URIRef(t), None)]
            )
            value = from_ox(v) if v is not None else None
            problem = _describe(load, g, from_ox(s), shape, component, value, check_path, message)
            out.append(problem)
        return out

    # Oxigraph releases the GIL while it evaluates: the queries share the cores
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        problems = [p for found in pool.map(run, jobs) for p in found]
    log.info(
        "checked %d constraints in %d queries: %d problems", len(checks), len(jobs), len(problems)
    )
    return _unique(problems)
