"""Build the dataset: load curated files, validate them, write TriG and N-Quads atomically.

The output folder holds ``kg.trig``, ``kg.nq`` and ``manifest.json``. They are byte-identical
for the same input, and a failed build leaves the previous output untouched: everything is
written to a temporary folder beside it, which then takes its place.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.errors import StoreError, ValidationError
from kg.load import LoadResult, load_paths
from kg.ontology import ONTOLOGY_IRI, ontology_triples
from kg.paths import DEFAULT_BUILD_DIR, seeds_dir
from kg.schema import Schema, load_schema
from kg.serialize import nquads_text, trig_text
from kg.store import Store
from kg.validate import validate_load

__all__ = ["BuildResult", "assemble", "build", "open_build", "dataset_from_paths", "OUTPUTS"]

log = logging.getLogger(__name__)
OUTPUTS = ("kg.trig", "kg.nq", "manifest.json")


@dataclass
class BuildResult:
    """What a build produced: the quads, and the counts reported to the user."""

    quads: list[tuple]
    load: LoadResult
    out_dir: Path | None
    counts: dict[str, int]  # quads per named graph


def assemble(
    paths: Iterable[Path | str] | None = None,
    *,
    validate: bool = True,
    schema: Schema | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load and validate curated files; return the quads, the ontology graph included."""
    schema = schema or load_schema()
    paths = list(paths) if paths else [seeds_dir()]
    result = load_paths(paths, schema, progress=progress)
    if validate:
        if progress:
            progress("validating")
        problems = validate_load(result, schema)
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
) -> BuildResult:
    """Build the dataset from ``paths`` (default: the seeds) into ``out_dir``.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
    >>> result = build(out_dir=out)
    >>> sorted(p.name for p in out.iterdir())
    ['kg.nq', 'kg.trig', 'manifest.json']
    """
    schema = load_schema()
    result = assemble(paths, validate=validate, schema=schema, progress=progress)
    out_dir = Path(out_dir)
    if progress:
        progress("writing")
    manifest = {
        "graphs": result.counts,
        "quads": sum(result.counts.values()),
        "files": [Path(f).as_posix() for f in result.load.files],
        "schema_version": schema.version,
    }
    texts = {
        "kg.trig": trig_text(
            result.quads, dict(schema.prefixes, source=schema.id_base + "source/")
        ),
        "kg.nq": nquads_text(result.quads),
        "manifest.json": json.dumps(manifest, indent=2, sort_keys=True) + "\n",
    }
    _write_folder(out_dir, texts)
    result.out_dir = out_dir
    return result


def _write_folder(out_dir: Path, texts: dict[str, str]) -> None:
    """Write all files into a fresh folder beside ``out_dir``, then swap it into place."""
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    try:
        for name, text in texts.items():
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
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


def open_build(out_dir: Path | str = DEFAULT_BUILD_DIR, backend: str = "oxigraph") -> Store:
    """The dataset of an earlier ``kg build``, in a store."""
    path = Path(out_dir) / "kg.nq"
    if not path.is_file():
        raise StoreError(f"no build found at {path}: run `kg build` first, or pass --data DIR")
    store = Store(backend)
    store.load(path)
    return store


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
