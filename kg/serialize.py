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

__all__ = ["nquads_lines", "nquads_text", "trig_text", "turtle_text", "namespace_manager"]

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


class _Names:
    """Writes terms with the given prefixes: IRIs by a plain lookup, literals through rdflib.

    rdflib's ``NamespaceManager.normalizeUri`` files the namespace of every IRI it sees in a
    trie, which takes time quadratic in the number of distinct namespaces: an imported dataset
    has one per fuzzy-date node (``deal/x#orderDate-...``), and writing it took minutes. The
    rule here is rdflib's own: an IRI whose namespace (as ``split_uri`` finds it) is bound to a
    prefix is written ``prefix:local``, any other IRI whole.
    """

    def __init__(self, nm: NamespaceManager):
        self.nm = nm
        self.prefix_of = {str(ns): prefix for prefix, ns in nm.namespaces()}
        self.written: dict = {}  # terms repeat: each is written once

    def __call__(self, term) -> str:
        text = self.written.get(term)
        if text is None:
            text = self.iri(term) if isinstance(term, URIRef) else term.n3(self.nm)
            self.written[term] = text
        return text

    def iri(self, term: URIRef) -> str:
        try:
            namespace, local = split_uri(term)
        except ValueError:
            return term.n3()
        prefix = self.prefix_of.get(namespace)
        # a prefixed name whose local part holds characters Turtle does not allow stays whole
        if prefix is None or any(c in local for c in "/#()'@,;=&"):
            return term.n3()
        return f"{prefix}:{local}"


def _n3(term, nm: _Names | None) -> str:
    return term.n3() if nm is None else nm(term)


def nquads_lines(quads: Iterable[tuple]) -> list[str]:
    """The sorted, distinct N-Quads lines of ``quads`` (a quad whose graph is None goes to the
    default graph), to write one by one without joining them first."""
    lines = set()
    for s, p, o, g in quads:
        tail = f" {g.n3()}" if g is not None else ""
        lines.add(f"{s.n3()} {p.n3()} {o.n3()}{tail} .\n")
    return sorted(lines)


def nquads_text(quads: Iterable[tuple]) -> str:
    """One sorted N-Quads line per quad, as one text."""
    return "".join(nquads_lines(quads))


def _block(triples: Iterable[Triple], nm: _Names, indent: str) -> list[str]:
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
    nm = _Names(namespace_manager(prefixes))
    head = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return head + _prefix_lines(prefixes) + "\n".join(_block(triples, nm, ""))


def trig_text(quads: Iterable[tuple], prefixes: dict[str, str]) -> str:
    """Sorted TriG: one block per named graph, graphs in IRI order."""
    nm = _Names(namespace_manager(prefixes))
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
