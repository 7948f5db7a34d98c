"""The one module that touches the RDF store, so the store can be swapped.

kg keeps its dataset in Oxigraph (through oxrdflib, which gives it rdflib's API) by default, and
in rdflib's own Memory store on request. Both answer SPARQL with the default graph taken as the
union of all named graphs, so queries see every source unless they ask for one with GRAPH.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Dataset, URIRef
from rdflib.query import Result

from kg.errors import StoreError

__all__ = ["Store", "BACKENDS"]

log = logging.getLogger(__name__)
BACKENDS = ("oxigraph", "memory")
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)
_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "ntriples"}


class Store:
    """An RDF dataset, one named graph per source.

    >>> from rdflib import URIRef, Literal
    >>> s = Store("memory")
    >>> g = URIRef("https://w3id.org/kg/id/source/x")
    >>> s.add_quads([(URIRef("urn:a"), URIRef("urn:b"), Literal(1), g)])
    >>> len(s)
    1
    """

    def __init__(self, backend: str = "oxigraph"):
        if backend not in BACKENDS:
            raise StoreError(f"unknown store {backend!r}; choose one of {', '.join(BACKENDS)}")
        self.backend = backend
        store = "Oxigraph" if backend == "oxigraph" else "Memory"
        self.dataset = Dataset(store=store, default_union=True)

    def add_quads(self, quads: Iterable[tuple]) -> None:
        """Add ``(subject, predicate, object, graph IRI)`` quads.

        Oxigraph takes them as N-Quads text, which it parses in bulk: twice as fast as adding
        them one by one through rdflib (10 s for the 860,000 quads of SIPRI and the MIDs).
        """
        if self.backend == "oxigraph":
            from kg.serialize import nquads_text

            self.dataset.parse(data=nquads_text(quads), format="ox-nquads")
            return
        self.dataset.addN((s, p, o, self.dataset.graph(g)) for s, p, o, g in quads)

    def load(self, path: Path | str) -> None:
        """Load an N-Quads, TriG, Turtle or N-Triples file."""
        path = Path(path)
        fmt = _FORMATS.get(path.suffix)
        if fmt is None:
            raise StoreError(f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}")
        if self.backend == "oxigraph":
            fmt = "ox-" + fmt
        self.dataset.parse(path, format=fmt)

    def quads(self) -> Iterator[tuple]:
        """Every quad, as ``(s, p, o, graph IRI)``."""
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            yield s, p, o, (g.identifier if hasattr(g, "identifier") else g)

    def graph_names(self) -> set[URIRef]:
        """The IRIs of the named graphs that hold at least one quad."""
        return {
            URIRef(str(row[0]))
            for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        }

    def query(self, text: str) -> Result:
        """Run a SPARQL query that the caller has already screened (see :mod:`kg.query`)."""
        with _no_graph_loading():
            if self.backend == "oxigraph" and _DATASET_CLAUSE.search(text):
                # oxrdflib would make the union of all graphs the default graph even when the
                # query names its own with FROM; without the union flag, Oxigraph honours FROM
                return self.dataset.store.query(text, dict(self.dataset.namespaces()), {}, None)
            return self.dataset.query(text)

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0][0])


@contextlib.contextmanager
def _no_graph_loading():
    """rdflib fetches the IRI of every FROM clause by default; keep it to the dataset."""
    previous = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = previous
