"""The one module that touches the RDF store, so the store can be swapped.

kg keeps its dataset in Oxigraph (through oxrdflib, which gives it rdflib's API) by default, and
in rdflib's own Memory store on request. Both answer SPARQL with the default graph taken as the
union of all named graphs, so queries see every source unless they ask for one with GRAPH.

An Oxigraph store can also live on disk (:func:`write_store`, :meth:`Store.open`): ``kg build``
writes one beside its files, and later commands reopen it in a fraction of a second instead of
parsing ``kg.nq`` again. A store folder holds ``kg-store.json`` (what was loaded, and from
which build) and ``oxigraph/`` (Oxigraph's own files); it is written into a fresh folder beside
its target and swapped in, so a failed build leaves the previous store usable.

Queries may be given a deadline and a row limit (:meth:`Store.run`). A query with a deadline
runs in a child process that is killed when the deadline passes, so the work really stops
(neither engine can be interrupted from Python): for a store on disk the child opens the store
read-only itself; for a store in memory the child is a fork of this process, which shares the
data without copying it (where fork is not available, the query runs in a thread that is left
to finish in the background, and only the caller gets control back).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql as rdflib_sparql
from oxrdflib import OxigraphStore
from oxrdflib._converter import from_ox
from rdflib import Dataset, URIRef
from rdflib.query import Result

from kg.errors import QueryError, QueryTimeoutError, StoreError

__all__ = [
    "Store",
    "Answer",
    "BACKENDS",
    "STORE_INFO",
    "write_store",
    "StagedStore",
    "read_store_info",
    "is_store",
    "file_digest",
]

log = logging.getLogger(__name__)
BACKENDS = ("oxigraph", "memory")
STORE_INFO = "kg-store.json"  # in a store folder: what it holds and where it came from
_OX_DIR = "oxigraph"  # in a store folder: Oxigraph's own files
_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "ntriples"}
_OX_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


@dataclass
class Answer:
    """The rows of a SELECT (or the boolean of an ASK), as rdflib terms.

    ``truncated`` is True when a row limit stopped the query before its last row.
    """

    vars: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False


class Store:
    """An RDF dataset, one named graph per source.

    >>> from rdflib import URIRef, Literal
    >>> s = Store("memory")
    >>> g = URIRef("https://w3id.org/kg/id/source/x")
    >>> s.add_quads([(URIRef("urn:a"), URIRef("urn:b"), Literal(1), g)])
    >>> len(s)
    1
    >>> s.run("SELECT ?o WHERE { ?s ?p ?o }", timeout=30).rows
    [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)]
    """

    def __init__(self, backend: str = "oxigraph", *, oxigraph: ox.Store | None = None):
        if backend not in BACKENDS:
            raise StoreError(f"unknown store {backend!r}; choose one of {', '.join(BACKENDS)}")
        self.backend = backend
        self.path: Path | None = None  # the store folder, for a store opened from disk
        self.info: dict[str, Any] = {}
        if backend == "oxigraph":
            self.ox: ox.Store | None = oxigraph if oxigraph is not None else ox.Store()
        else:
            self.ox = None
            self._dataset = Dataset(store="Memory", default_union=True)

    @property
    def dataset(self) -> Dataset:
        """The rdflib view of the store (made on first use: Oxigraph's own API is faster)."""
        if not hasattr(self, "_dataset"):
            self._dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        return self._dataset

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Reopen a store folder written by :func:`write_store`, read-only.

        Several processes may read one store at the same time.
        """
        path = Path(path)
        info = read_store_info(path)
        if info is None:
            raise StoreError(
                f"{path} is not a kg store (no {STORE_INFO}): write one with "
                f"`kg build --store-path {path}`"
            )
        try:
            handle = ox.Store.read_only(str(path / _OX_DIR))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the store ({e})") from e
        store = cls("oxigraph", oxigraph=handle)
        store.path, store.info = path, info
        return store

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
        """Load an N-Quads, TriG, Turtle or N-Triples file (Oxigraph's bulk loader when empty)."""
        path = Path(path)
        fmt = _FORMATS.get(path.suffix)
        if fmt is None:
            raise StoreError(f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}")
        if self.ox is not None:
            try:
                if next(iter(self.ox.quads_for_pattern(None, None, None)), None) is None:
                    self.ox.bulk_load(path=str(path), format=_OX_FORMATS[path.suffix])
                else:
                    self.ox.load(path=str(path), format=_OX_FORMATS[path.suffix])
            except (OSError, SyntaxError) as e:
                raise StoreError(f"{path}: cannot load ({e})") from e
            return
        self.dataset.parse(path, format=fmt)

    def quads(self) -> Iterator[tuple]:
        """Every quad, as ``(s, p, o, graph IRI)``."""
        if self.ox is not None:
            for q in self.ox.quads_for_pattern(None, None, None):
                g = None if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name)
                yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g
            return
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            yield s, p, o, (g.identifier if hasattr(g, "identifier") else g)

    def graph_names(self) -> set[URIRef]:
        """The IRIs of the named graphs that hold at least one quad."""
        if self.ox is not None:
            return {URIRef(g.value) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode)}
        return {
            URIRef(str(row[0]))
            for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        }

    def query(self, text: str) -> Result:
        """Run a SPARQL query that the caller has already screened (see :mod:`kg.query`).

        The default graph is the union of the named graphs, unless the query names its own
        dataset with FROM / FROM NAMED (oxrdflib would otherwise let the union override it).
        """
        with _no_graph_loading():
            if self.backend == "oxigraph" and _DATASET_CLAUSE.search(text):
                return self.dataset.store.query(text, {}, {}, "__QUERY_DATASET__")
            return self.dataset.query(text)

    def values(self, text: str) -> list[tuple[str | None, ...]]:
        """The rows of a screened SELECT as plain values: IRIs, lexical forms, None if unbound.

        For code that reads many rows and needs no terms: on Oxigraph the query goes to
        pyoxigraph directly, because rdflib's wrapping of each result term costs about eight
        times the query itself (3.3 s against 0.4 s for 180k rows). The default graph is the
        union of the named graphs, as for :meth:`query`.

        >>> from rdflib import URIRef, Literal
        >>> s = Store("oxigraph")
        >>> g = URIRef("https://w3id.org/kg/id/source/x")
        >>> s.add_quads([(URIRef("urn:a"), URIRef("urn:b"), Literal(1), g)])
        >>> s.values("SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o ?p ?none } }")
        [('urn:a', '1', None)]
        """
        if self.ox is None:
            return [tuple(None if t is None else str(t) for t in row) for row in self.query(text)]
        union = not _DATASET_CLAUSE.search(text)
        solutions = self.ox.query(text, use_default_graph_as_union=union, prefixes=_prefixes())
        return [tuple(None if t is None else t.value for t in row) for row in solutions]

    def run(self, text: str, *, timeout: float | None = None, limit: int | None = None) -> Answer:
        """Run a screened SELECT or ASK query; stop it after ``timeout`` seconds or ``limit`` rows.

        Raises :class:`~kg.errors.QueryTimeoutError` when the deadline passes; a limit is not an
        error: the answer says it was ``truncated``.
        """
        if limit is not None and limit < 0:
            raise QueryError(f"the row limit must be 0 or more, not {limit}")
        if not timeout:
            return self._run_here(text, limit)
        if timeout < 0:
            raise QueryError(f"the timeout must be a positive number of seconds, not {timeout}")
        if self.path is not None:
            return self._run_in_worker(text, timeout, limit)
        if "fork" in multiprocessing.get_all_start_methods():
            return self._run_in_fork(text, timeout, limit)
        return self._run_in_thread(text, timeout, limit)

    def _run_here(self, text: str, limit: int | None) -> Answer:
        if self.ox is not None:
            return self._run_oxigraph(text, limit)
        try:
            result = self.query(text)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"the query failed: {e}") from None
        if result.type == "ASK":
            return Answer([], [], bool(result.askAnswer))
        if result.type != "SELECT":
            raise QueryError("only SELECT and ASK queries are supported")
        names = [str(v) for v in result.vars]
        rows = [
            tuple(r) for r in (result if limit is None else itertools.islice(result, limit + 1))
        ]
        truncated = limit is not None and len(rows) > limit
        return Answer(names, rows[:limit] if truncated else rows, None, truncated)

    def _run_oxigraph(self, text: str, limit: int | None) -> Answer:
        """Oxigraph's own API: rdflib's wrapper adds time, and keeps Oxigraph's result alive
        in reference cycles that may be collected on another thread, which Oxigraph refuses."""
        assert self.ox is not None
        try:
            # a query that names its dataset (FROM, FROM NAMED) gets it; others see the union
            union = not _DATASET_CLAUSE.search(text)
            result = self.ox.query(text, use_default_graph_as_union=union, prefixes=_prefixes())
            if isinstance(result, ox.QueryBoolean):
                return Answer([], [], bool(result))
            if not isinstance(result, ox.QuerySolutions):
                raise QueryError("only SELECT and ASK queries are supported")
            names = [v.value for v in result.variables]
            solutions = result if limit is None else itertools.islice(result, limit + 1)
            raw = [tuple(s) for s in solutions]
        except (OSError, SyntaxError, ValueError) as e:
            raise QueryError(f"the query failed: {e}") from None
        # converting may log (an ill-typed literal); a kept log record must not keep the result
        del result, solutions
        convert = _term_converter()
        rows = [tuple(convert(t) for t in r) for r in raw]
        truncated = limit is not None and len(rows) > limit
        return Answer(names, rows[:limit] if truncated else rows, None, truncated)

    def _run_in_fork(self, text: str, timeout: float, limit: int | None) -> Answer:
        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_forked_query, args=(self, text, limit, sender), daemon=True)
        started = time.monotonic()
        child.start()
        sender.close()
        try:
            if not receiver.poll(timeout):
                raise _timeout(timeout)
            kind, payload = receiver.recv()
        except EOFError:
            raise QueryError("the query process ended without an answer") from None
        finally:
            if child.is_alive() and time.monotonic() - started >= timeout:
                child.kill()
            child.join()
            receiver.close()
        if kind == "error":
            raise QueryError(payload)
        return payload

    def _run_in_worker(self, text: str, timeout: float, limit: int | None) -> Answer:
        assert self.path is not None
        request = {
            "store": str(self.path / _OX_DIR),
            "query": text,
            "limit": limit,
            "prefixes": _prefixes(),
            "union": not _DATASET_CLAUSE.search(text),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg._oxworker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            out, err = proc.communicate(json.dumps(request).encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise _timeout(timeout) from None
        if proc.returncode != 0:
            raise QueryError(f"the query failed: {err.decode('utf-8', 'replace').strip()}")
        return _decode_answer(out)

    def _run_in_thread(self, text: str, timeout: float, limit: int | None) -> Answer:
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["answer"] = self._run_here(text, limit)
            except BaseException as e:  # handed to the caller below
                box["error"] = e

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise _timeout(timeout)
        if "error" in box:
            raise box["error"]
        return box["answer"]

    def __len__(self) -> int:
        answer = self._run_here("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", None)
        return int(answer.rows[0][0])


@functools.cache
def _prefixes() -> dict[str, str]:
    """The prefixes rdflib binds in a new dataset: a query may use them on either store."""
    return {p: str(ns) for p, ns in Dataset().namespaces()}


def _timeout(seconds: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query was stopped after {seconds:g} s (--timeout): make it more selective, "
        "or give it more time with a larger --timeout"
    )


def _forked_query(store: Store, text: str, limit: int | None, sender) -> None:
    """In the forked child: run the query, send the answer (or the error) back."""
    try:
        sender.send(("ok", store._run_here(text, limit)))
    except QueryError as e:
        sender.send(("error", str(e)))
    except Exception as e:  # anything else the engine raises, as text for the parent
        sender.send(("error", f"the query failed: {e}"))
    finally:
        sender.close()


def _term_converter() -> Callable[[Any], Any]:
    """A converter of Oxigraph terms to rdflib terms that converts each distinct term once.

    The rows of a result repeat the same labels, sources and IRIs, and building an rdflib
    literal is slow (it parses the value): on 10,000 rows of ``dual-supply`` over SIPRI + COW,
    converting every cell took 1.1 s, converting each distinct term once 0.12 s.

    >>> convert = _term_converter()
    >>> one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    >>> convert(one).toPython(), convert(one) is convert(one), convert(None)
    (1, True, None)
    """
    seen: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        if term is None:
            return None
        try:
            return seen[term]
        except KeyError:
            value = seen[term] = from_ox(term)
            return value

    return convert


def _decode_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """A term as :mod:`kg._oxworker` writes it (a JSON list), back as an Oxigraph term."""
    if value is None:
        return None
    kind = value[0]
    if kind == "u":
        return ox.NamedNode(value[1])
    if kind == "b":
        return ox.BlankNode(value[1])
    if value[3]:
        return ox.Literal(value[1], language=value[3])
    return ox.Literal(value[1], datatype=ox.NamedNode(value[2]))


def _decode_answer(data: bytes) -> Answer:
    lines = data.decode("utf-8").splitlines()
    head = json.loads(lines[0])
    if "boolean" in head:
        return Answer([], [], bool(head["boolean"]))
    tail = json.loads(lines[-1])
    convert = _term_converter()
    rows = [tuple(convert(_decode_term(v)) for v in json.loads(line)) for line in lines[1:-1]]
    return Answer(head["vars"], rows, None, bool(tail["truncated"]))


_DATASET_CLAUSE = re.compile(r"\bFROM\s+(NAMED\s+)?<", re.IGNORECASE)


@contextlib.contextmanager
def _no_graph_loading():
    """rdflib fetches the IRI of every FROM clause by default; keep it to the dataset."""
    previous = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = previous


# ------------------------------------------------------------------ stores on disk


def file_digest(path: Path | str) -> str:
    """The SHA-256 of a file, read in blocks (a store records the digest of its ``kg.nq``)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def is_store(path: Path | str) -> bool:
    """True if ``path`` is a store folder written by :func:`write_store`."""
    return (Path(path) / STORE_INFO).is_file() and (Path(path) / _OX_DIR).is_dir()


def read_store_info(path: Path | str) -> dict[str, Any] | None:
    """What a store folder says about itself, or None if it is not a store."""
    if not is_store(path):
        return None
    try:
        return json.loads((Path(path) / STORE_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"{path}: unreadable {STORE_INFO} ({e})") from e


class StagedStore:
    """A new store, loaded into a private folder beside ``target``; :meth:`commit` swaps it in.

    Until then the previous store at ``target`` stays as it was, and readers keep using it;
    :meth:`abort` (or leaving a ``with`` block on an error) throws the new one away.
    """

    def __init__(self, target: Path | str, nquads: Path | str):
        self.target, self.nquads = Path(target), Path(nquads)
        parent = self.target.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        if self.target.exists() and not is_store(self.target) and any(self.target.iterdir()):
            raise StoreError(
                f"{self.target} exists and is not a kg store; choose another --store-path "
                "or remove it"
            )
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=parent))
        self.started = time.monotonic()
        try:
            handle = ox.Store(str(self.tmp / _OX_DIR))
            handle.bulk_load(path=str(self.nquads), format=ox.RdfFormat.N_QUADS)
            handle.flush()
            handle.optimize()
        except (OSError, SyntaxError) as e:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise StoreError(f"{self.nquads}: cannot load into a store ({e})") from e
        self.store: Store | None = Store("oxigraph", oxigraph=handle)
        self.store.path = self.tmp
        self.load_seconds = round(time.monotonic() - self.started, 3)

    def commit(self, info: dict[str, Any] | None = None) -> dict[str, Any]:
        """Describe the new store in ``kg-store.json`` and put it in the place of the old one."""
        store = self.store
        assert store is not None and store.ox is not None, "commit or abort only once"
        full = dict(info or {})
        if "quads" not in full:
            full["quads"] = len(store)
        full.update(
            {
                "format": 1,
                "graphs": sorted(str(g) for g in store.graph_names()),
                "loaded_from": self.nquads.name,
                "nquads_sha256": full.get("nquads_sha256") or file_digest(self.nquads),
                "load_seconds": self.load_seconds,
            }
        )
        self._release()
        try:
            (self.tmp / STORE_INFO).write_text(
                json.dumps(full, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            _set_mode(self.tmp)
            _swap(self.tmp, self.target)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        log.info("wrote the store %s (%d quads)", self.target, full["quads"])
        return full

    def abort(self) -> None:
        """Throw the new store away; the old one stays."""
        self._release()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _release(self) -> None:
        # drop every reference to Oxigraph's handle so that its files are closed before moving;
        # rdflib's Dataset holds reference cycles, freed only by a collection
        had_dataset = self.store is not None and hasattr(self.store, "_dataset")
        self.store = None
        if had_dataset:
            gc.collect()

    def __enter__(self) -> StagedStore:
        return self

    def __exit__(self, kind, error, tb) -> None:
        if kind is not None and self.tmp.exists():
            self.abort()


def write_store(
    path: Path | str,
    nquads: Path | str,
    info: dict[str, Any] | None = None,
    *,
    check=None,
) -> dict[str, Any]:
    """Bulk-load an N-Quads file into a new store folder at ``path``, replacing it atomically.

    ``check``, if given, is called with the new (still private) :class:`Store` before it takes
    the place of the old one; if it raises, the old store stays as it was. Returns the info
    written into ``kg-store.json``.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "g.nq").write_text('<urn:a> <urn:b> "c" <urn:g> .\\n')
    >>> write_store(tmp / "store", tmp / "g.nq")["quads"]
    1
    >>> len(Store.open(tmp / "store"))
    1
    """
    with StagedStore(path, nquads) as stage:
        if check is not None:
            assert stage.store is not None
            check(stage.store)
        return stage.commit(info)


def _set_mode(folder: Path) -> None:
    """mkdtemp makes private folders; give the new folder the user's usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target``; the old one is removed only once replaced."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.resolve().parent))
    os.rename(target, old / "previous")
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)
