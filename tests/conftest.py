"""Shared fixtures: the seed graph, built once per session, in both stores; the seeds with the
invented records of the analysis tests, a synthetic graph, a build.

``seed_facts`` (the seeds' facts) comes from the project's root conftest.py.
"""

from __future__ import annotations

import http.server
import threading
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


class _CountingEndpoint(http.server.BaseHTTPRequestHandler):
    """Answers any GET or POST with an empty SPARQL result, and counts them in ``hits``."""

    hits = 0

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture()
def local_endpoint():
    """A SPARQL-looking HTTP server on 127.0.0.1 that counts the requests it receives.

    Yields its URL and the handler class, whose ``hits`` is the count: a test that a query
    reaches no outside endpoint asserts it stays 0.
    """
    _CountingEndpoint.hits = 0
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _CountingEndpoint
    server.shutdown()
    server.server_close()


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
