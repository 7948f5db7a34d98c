"""Fixtures shared by the tests: the hand-written dataset files, their imports, and the real
datasets in ``../shared/data`` (read from there, never copied into the project)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

KG = Namespace("https://w3id.org/kg/ontology#")
ID = Namespace("https://w3id.org/kg/id/")
VOCAB = Namespace("https://w3id.org/kg/vocab/")


def shared_file(name: str) -> Path:
    """A real dataset from ../shared/data; the test is skipped, saying so, if it is absent."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"real dataset missing: {path} (these tests read ../shared/data/{name})")
    return path


def turtle(path: Path) -> Graph:
    """An imported file, parsed."""
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def fixture_imports(tmp_path_factory) -> dict:
    """The four hand-written datasets imported into one folder, with their reports."""
    from kg.imports.cow import import_cow_alliances, import_cow_mids, import_cow_states
    from kg.imports.sipri import import_sipri

    out = tmp_path_factory.mktemp("imports")
    reports = {
        "sipri": import_sipri(DATA / "sipri_small.csv", out),
        "cow-states": import_cow_states(DATA / "cow_states_small.csv", out),
        "cow-alliances": import_cow_alliances(DATA / "cow_alliances_small.csv", out),
        "cow-mids": import_cow_mids([DATA / "cow_MIDA_small.csv"], out),
    }
    return {"folder": out, "reports": reports}


@pytest.fixture(scope="session")
def fixture_store(fixture_imports):
    """The seeds and the four imports, built (and validated) into one store."""
    from kg.build import dataset_from_paths
    from kg.paths import seeds_dir

    return dataset_from_paths([seeds_dir(), fixture_imports["folder"]])
