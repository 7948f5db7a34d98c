"""Deterministic RDF text: sorted N-Quads, TriG and Turtle, the same bytes for the same graph.

rdflib's serializers follow the store's iteration order, which moves with PYTHONHASHSEED; builds
must be diffable, so kg writes its outputs here, every subject, predicate and object sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib import Graph as RDFGraph
from rdflib.namespace import NamespaceManager, split_uri

__all__ = ["nquads_text", "nquads_lines", "trig_text", "turtle_text", "namespace_manager"]

Triple = tuple[URIRef, URIRef, object]


def namespace_manager(prefixes: dict[str, str]) -> NamespaceManager:
    """A namespace manager that knows exactly ``prefixes`` (and no rdflib defaults)."""
    nm = NamespaceManager(RDFGraph(), bind_namespaces="none")
    for prefix, ns in sorted(prefixes.items()):
        nm.bind(prefix, URIRef(ns), override=True, replace=True)
    return nm


def _key(term) -> tuple:
    if isinstance(term, URIRef):
        return (0, str(term), "")
    if isinstance(term, BNode):
        return (1, str(term), "")
    assert isinstance(term, Literal)
    return (2, str(term), str(term.datatype or term.language or ""))


def _n3(term, nm: NamespaceManager | None) -> str:
    if isinstance(term, URIRef) and nm is not None:
        text = _prefixed(term, nm)
        # a prefixed name whose local part holds characters Turtle does not allow stays whole
        if not text.startswith("<") and any(c in text.split(":", 1)[1] for c in "/#()'@,;=&"):
            return f"<{term}>"
        return text
    return term.n3(nm) if nm is not None else term.n3()


def _prefixed(term: URIRef, nm: NamespaceManager) -> str:
    """``term.n3(nm)``, the same text, without rdflib's cost for IRIs of unbound namespaces.

    rdflib files the namespace of every IRI it is asked to shorten in a trie whose insertion
    scans its siblings: quadratic in the number of distinct namespaces, and every fuzzy-date
    node (``<deal>#order_date-<source>``) has its own. An IRI whose namespace has no prefix is
    written whole by rdflib anyway, so it is written here without asking it.
    """
    try:
        namespace, _ = split_uri(term)
    except ValueError:
        return term.n3()
    if namespace not in _bound(nm):
        return term.n3()
    return term.n3(nm)


def _bound(nm: NamespaceManager) -> frozenset[str]:
    cached = getattr(nm, "_kg_bound", None)
    if cached is None:
        cached = frozenset(str(ns) for _, ns in nm.namespaces())
        nm._kg_bound = cached  # type: ignore[attr-defined]
    return cached


def nquads_text(quads: Iterable[tuple]) -> str:
    """One sorted N-Quads line per quad (a quad whose graph is None goes to the default graph)."""
    return "".join(nquads_lines(quads))


def nquads_lines(quads: Iterable[tuple]) -> list[str]:
    """The sorted, distinct lines of :func:`nquads_text`, to write without joining them first."""
    lines = set()
    for s, p, o, g in quads:
        tail = f" {g.n3()}" if g is not None else ""
        lines.add(f"{s.n3()} {p.n3()} {o.n3()}{tail} .\n")
    return sorted(lines)


def _block(triples: Iterable[Triple], nm: NamespaceManager, indent: str) -> list[str]:
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    out = []
    for s in sorted(by_subject, key=_key):
        preds = by_subject[s]
        parts = []
        for p in sorted(preds, key=_key):
            objs = ", ".join(_n3(o, nm) for o in sorted(preds[p], key=_key))
            parts.append(f"{'a' if str(p).endswith('rdf-syntax-ns#type') else _n3(p, nm)} {objs}")
        body = f" ;\n{indent}    ".join(parts)
        out.append(f"{indent}{_n3(s, nm)} {body} .\n")
    return out


def _prefix_lines(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"


def turtle_text(triples: Iterable[Triple], prefixes: dict[str, str], header: str = "") -> str:
    """Sorted Turtle for ``triples``; ``header`` is written first as comment lines."""
    nm = namespace_manager(prefixes)
    head = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return head + _prefix_lines(prefixes) + "\n".join(_block(triples, nm, ""))


def trig_text(quads: Iterable[tuple], prefixes: dict[str, str]) -> str:
    """Sorted TriG: one block per named graph, graphs in IRI order."""
    nm = namespace_manager(prefixes)
    graphs: dict = defaultdict(list)
    for s, p, o, g in quads:
        graphs[g].append((s, p, o))
    chunks = [_prefix_lines(prefixes)]
    for g in sorted(graphs, key=lambda x: (x is not None, str(x))):
        if g is None:
            chunks.append("".join(_block(graphs[g], nm, "")) + "\n")
            continue
        chunks.append(f"{_n3(g, nm)} {{\n" + "\n".join(_block(graphs[g], nm, "    ")) + "}\n\n")
    return "".join(chunks)
