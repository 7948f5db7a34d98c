"""Shared fixtures: the seed graph, built once per session, in both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import dataset_from_paths

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_store():
    """The seeds in the default (Oxigraph) store."""
    return dataset_from_paths([SEEDS])


@pytest.fixture(scope="session")
def memory_store():
    """The seeds in rdflib's Memory store."""
    return dataset_from_paths([SEEDS], backend="memory")


@pytest.fixture(params=["oxigraph", "memory"])
def any_store(request, seed_store, memory_store):
    """Each store in turn: answers must not depend on the engine."""
    return seed_store if request.param == "oxigraph" else memory_store
