"""Shared fixtures: the seed graph, built once per session, in both stores; the seeds with the
invented records of the analysis tests, a synthetic graph, a build.

``seed_facts`` (the seeds' facts) comes from the project's root conftest.py.
"""

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


FIXTURES = Path(__file__).parent / "fixtures"
#: The two invented sources of tests/fixtures/analysis/.
FIXTURE_SOURCES = ("fixture-trade", "fixture-register")


@pytest.fixture(scope="session")
def fixture_store():
    """The seeds plus the invented records of tests/fixtures/analysis (two sources)."""
    from kg.build import dataset_from_paths
    from kg.paths import seeds_dir

    return dataset_from_paths([seeds_dir(), FIXTURES / "analysis"])


@pytest.fixture(scope="session")
def fixture_facts(fixture_store):
    from kg.facts import Facts

    return Facts.read(fixture_store)


@pytest.fixture(scope="session")
def synthetic_facts():
    """A small synthetic graph shaped like SIPRI + COW (40 states, 600 deals, 80 disputes)."""
    from benchmarks.synthetic import synthetic_store
    from kg.facts import Facts

    store = synthetic_store(states=40, deals=600, disputes=80, alliances=12, seed=7)
    return Facts.read(store)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """A build folder of the seeds, for the command line."""
    from kg.build import build

    out = tmp_path_factory.mktemp("analysis") / "build"
    build(out_dir=out)
    return out
