"""What the import tests share: the hand-written dataset files, their imports, and the real
datasets in ``../shared/data`` (read from there, never copied into the project).

The fixtures are in ``tests/import_fixtures.py``, which the test modules that use them load as
a plugin (``pytest_plugins``), apart from the suite's ``conftest.py``.
"""

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
