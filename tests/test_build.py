"""Building the dataset: deterministic, atomic, and the same graph in every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Dataset

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    _build_in_subprocess(tmp_path / "a", "1")
    _build_in_subprocess(tmp_path / "b", "4242")
    for name in ("kg.trig", "kg.nq", "manifest.json"):
        a, b = (tmp_path / d / name for d in "ab")
        assert a.read_bytes() == b.read_bytes(), name


def test_trig_and_nquads_hold_the_same_quads(tmp_path):
    build(out_dir=tmp_path / "out")
    trig = Dataset().parse(tmp_path / "out" / "kg.trig", format="trig")
    nq = Dataset().parse(tmp_path / "out" / "kg.nq", format="nquads")
    as_set = lambda ds: {(s, p, o, g) for s, p, o, g in ds.quads()}  # noqa: E731
    assert as_set(trig) == as_set(nq)
    assert len(as_set(nq)) > 3000, len(as_set(nq))


def test_every_source_has_its_own_named_graph_and_the_manifest_counts_them(tmp_path):
    result = build(out_dir=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["graphs"] == result.counts
    assert set(manifest["graphs"]) == {
        "https://w3id.org/kg/id/source/country-converter",
        "https://w3id.org/kg/id/source/episkopos-2021-s400",
        "https://w3id.org/kg/id/source/kg-curators",
        "https://w3id.org/kg/id/source/sipri-trade-register-2025-03-13",
        "https://w3id.org/kg/ontology",
    }, manifest["graphs"]
    assert manifest["quads"] == sum(result.counts.values())


def test_a_rebuild_replaces_the_output_and_leaves_no_temporary_folders(tmp_path):
    out = tmp_path / "out"
    build(out_dir=out)
    (out / "stale.txt").write_text("from an older build")
    build(out_dir=out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["kg.nq", "kg.trig", "manifest.json", "store"], names
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
