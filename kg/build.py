"""Build the dataset: load curated files, validate them, write TriG and N-Quads atomically.

The output folder holds ``kg.trig``, ``kg.nq`` and ``manifest.json``. They are byte-identical
for the same input, and a failed build leaves the previous output untouched: everything is
written to a temporary folder beside it, which then takes its place.

It also holds ``store/``, the dataset in an Oxigraph store on disk, bulk-loaded from ``kg.nq``
(``store_path`` puts it elsewhere, ``store=False`` leaves it out). Validation runs on that
store with SPARQL (see :mod:`kg.validate`) before anything takes the place of the old output.
Commands that read a build (:func:`open_build`) reopen the store in a fraction of a second
instead of parsing ``kg.nq`` again.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.errors import StoreError, ValidationError
from kg.load import LoadResult, load_paths
from kg.ontology import ONTOLOGY_IRI, ontology_triples
from kg.paths import DEFAULT_BUILD_DIR, seeds_dir
from kg.schema import Schema, load_schema
from kg.serialize import nquads_lines, trig_text
from kg.store import StagedStore, Store, is_store, read_store_info
from kg.validate import validate_load, validate_store

__all__ = [
    "BuildResult",
    "assemble",
    "build",
    "open_build",
    "dataset_from_paths",
    "OUTPUTS",
    "STORE_DIR",
]

log = logging.getLogger(__name__)
OUTPUTS = ("kg.trig", "kg.nq", "manifest.json")
STORE_DIR = "store"  # the store's folder inside a build folder, unless --store-path says else


@dataclass
class BuildResult:
    """What a build produced: the quads, and the counts reported to the user."""

    quads: list[tuple]
    load: LoadResult
    out_dir: Path | None
    counts: dict[str, int]  # quads per named graph
    store_path: Path | None = None  # where the store on disk was written, if it was
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


def assemble(
    paths: Iterable[Path | str] | None = None,
    *,
    validate: bool = True,
    schema: Schema | None = None,
    progress: Callable[[str], None] | None = None,
    engine: str = "sparql",
) -> BuildResult:
    """Load and validate curated files; return the quads, the ontology graph included."""
    schema = schema or load_schema()
    paths = list(paths) if paths else [seeds_dir()]
    with _paused_gc():
        result = load_paths(paths, schema, progress=progress)
    if validate:
        if progress:
            progress("validating")
        problems = validate_load(result, schema, engine=engine)
        if problems:
            raise ValidationError([str(p) for p in problems], problems=problems)
    quads = list(result.quads)
    quads.extend((s, p, o, ONTOLOGY_IRI) for s, p, o in ontology_triples(schema))
    counts: dict[str, int] = {}
    for q in set(quads):
        counts[str(q[3])] = counts.get(str(q[3]), 0) + 1
    return BuildResult(quads, result, None, dict(sorted(counts.items())))


def build(
    paths: Iterable[Path | str] | None = None,
    out_dir: Path | str = DEFAULT_BUILD_DIR,
    *,
    validate: bool = True,
    progress: Callable[[str], None] | None = None,
    store: bool = True,
    store_path: Path | str | None = None,
    engine: str = "sparql",
) -> BuildResult:
    """Build the dataset from ``paths`` (default: the seeds) into ``out_dir``.

    The store on disk goes to ``out_dir/store`` unless ``store_path`` names another folder;
    ``store=False`` writes none. ``engine`` is the validator: ``sparql`` (fast, on the store)
    or ``shacl`` (pySHACL).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
    >>> result = build(out_dir=out)
    >>> sorted(p.name for p in out.iterdir())
    ['kg.nq', 'kg.trig', 'manifest.json', 'store']
    >>> len(open_build(out)) == sum(result.counts.values())
    True
    """
    timings: dict[str, float] = {}
    with _paused_gc():
        return _build(paths, Path(out_dir), validate, progress, store, store_path, engine, timings)


def _build(paths, out_dir, validate, progress, store, store_path, engine, timings) -> BuildResult:
    def step(name: str, started: float) -> float:
        now = time.monotonic()
        timings[name] = round(now - started, 3)
        return now

    t = time.monotonic()
    schema = load_schema()
    shacl = validate and engine == "shacl"
    result = assemble(paths, validate=shacl, engine=engine, schema=schema, progress=progress)
    t = step("load", t)
    with _staged_folder(out_dir) as tmp:
        if progress:
            progress("writing kg.nq")
        digest, count = _write_nquads(tmp / "kg.nq", result.quads)
        t = step("write_nquads", t)
        target = Path(store_path) if store_path is not None else tmp / STORE_DIR
        if validate and not shacl:
            # in memory: the checks run three times faster than on the store on disk
            if progress:
                progress("validating")
            checked = Store("oxigraph")
            checked.load(tmp / "kg.nq")
            problems = validate_store(checked, result.load, schema)
            del checked
            if problems:
                raise ValidationError([str(p) for p in problems], problems=problems)
            t = step("validate", t)
        with contextlib.ExitStack() as stack:
            staged = None
            if store:
                if progress:
                    progress("loading the store")
                staged = stack.enter_context(StagedStore(target, tmp / "kg.nq"))
                t = step("store", t)
            if progress:
                progress("writing kg.trig")
            manifest = {
                "graphs": result.counts,
                "quads": sum(result.counts.values()),
                "files": [Path(f).as_posix() for f in result.load.files],
                "schema_version": schema.version,
                "nquads_sha256": digest,
            }
            prefixes = dict(schema.prefixes, source=schema.id_base + "source/")
            _write_text(tmp / "kg.trig", trig_text(result.quads, prefixes))
            _write_text(
                tmp / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n"
            )
            t = step("write_trig", t)
            if staged is not None:
                staged.commit(
                    {
                        "quads": count,
                        "nquads_sha256": digest,
                        "schema_version": schema.version,
                        "build": str(out_dir.resolve()),
                    }
                )
                result.store_path = (
                    Path(store_path) if store_path is not None else out_dir / STORE_DIR
                )
    result.out_dir = out_dir
    result.timings = timings
    return result


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _write_nquads(path: Path, quads: Iterable[tuple]) -> tuple[str, int]:
    """Write sorted N-Quads without joining them into one string; return digest and count."""
    lines = nquads_lines(quads)
    digest = hashlib.sha256()
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for start in range(0, len(lines), 50_000):
            chunk = "".join(lines[start : start + 50_000])
            fh.write(chunk)
            digest.update(chunk.encode("utf-8"))
    return digest.hexdigest(), len(lines)


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while millions of long-lived terms are made.

    Each full collection walks every live object; a build makes few cycles but millions of
    objects, and the collections made loading a million triples 3.5 times slower. Reference
    counting still frees everything else as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _staged_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``out_dir`` that takes its place if the block succeeds."""
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            os.rename(out_dir, old / "previous")
        os.rename(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def open_build(
    out_dir: Path | str = DEFAULT_BUILD_DIR,
    backend: str = "oxigraph",
    store_path: Path | str | None = None,
) -> Store:
    """The dataset of an earlier ``kg build``, in a store.

    With Oxigraph, the store on disk is reopened (read-only) when there is one: ``store_path``
    if given, else ``out_dir/store`` if it holds the same ``kg.nq`` as ``out_dir``. Otherwise
    (or with the Memory store) ``kg.nq`` is loaded.
    """
    out_dir = Path(out_dir)
    if backend == "oxigraph" and store_path is not None:
        return Store.open(store_path)
    default = out_dir / STORE_DIR
    if backend == "oxigraph" and is_store(default):
        if _same_build(default, out_dir):
            return Store.open(default)
        log.warning("%s was not written with %s/kg.nq; reading kg.nq instead", default, out_dir)
    path = out_dir / "kg.nq"
    if not path.is_file():
        if store_path is not None:  # the Memory store, filled from a store on disk
            store = Store(backend)
            store.add_quads(Store.open(store_path).quads())
            return store
        raise StoreError(f"no build found at {path}: run `kg build` first, or pass --data DIR")
    store = Store(backend)
    store.load(path)
    return store


def _same_build(store_dir: Path, out_dir: Path) -> bool:
    """True if the store was loaded from the ``kg.nq`` that ``out_dir``'s manifest describes."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    info = read_store_info(store_dir) or {}
    return bool(manifest.get("nquads_sha256")) and manifest["nquads_sha256"] == info.get(
        "nquads_sha256"
    )


def dataset_from_paths(
    paths: Iterable[Path | str] | None = None, backend: str = "oxigraph", validate: bool = True
) -> Store:
    """Build in memory, without writing files: the quickest way to a queryable store."""
    store = Store(backend)
    store.add_quads(assemble(paths, validate=validate).quads)
    return store


def graph_iri(source_id: str) -> URIRef:
    """The named graph of a source."""
    schema = load_schema()
    return schema.entity_iri("Source", source_id)
