"""A query that runs too long is stopped; a long answer is cut; nothing reaches outside."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.build import build, open_build
from kg.cli import main
from kg.errors import QuerySecurityError, QueryTimeoutError
from kg.query import named_queries, run_query

# Every triple against every triple against every triple: about 4,000^3 rows on the seeds,
# far more than any machine counts in the deadlines below.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEADLINE = 1.0
# Generous: a stopped query returns within a second or two of its deadline on a busy machine.
RETURNS_WITHIN = 15.0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("safety") / "build"
    build(out_dir=out)
    return out


@pytest.fixture(params=["oxigraph-on-disk", "oxigraph-in-memory", "memory"])
def each_store(request, built, seed_store, memory_store):
    """The three ways kg holds data: each runs deadlines its own way (worker, fork, fork)."""
    return {
        "oxigraph-on-disk": open_build(built),
        "oxigraph-in-memory": seed_store,
        "memory": memory_store,
    }[request.param]


def _children() -> set[str]:
    """The processes this one has started and not yet reaped (Linux)."""
    found: set[str] = set()
    for task in Path("/proc/self/task").glob("*/children"):
        found.update(task.read_text().split())
    return found


def test_a_query_past_its_deadline_is_stopped_with_a_clear_message(each_store):
    before = _children()
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 1 s \(--timeout\)"):
        run_query(each_store, ENDLESS, timeout=DEADLINE)
    elapsed = time.monotonic() - started
    assert elapsed < RETURNS_WITHIN, elapsed
    assert multiprocessing.active_children() == [], "the query's process was left running"
    if Path("/proc/self/task").is_dir():
        assert _children() <= before, _children() - before


def test_a_query_within_its_deadline_gives_the_same_answer_as_without(each_store):
    # rdflib's Memory store needs minutes for some named queries: two quick ones show it there
    names = list(named_queries())
    if each_store.backend == "memory":
        names = ["sources", "suspension-explanations"]
    for name in names:
        plain = run_query(each_store, name)
        timed = run_query(each_store, name, timeout=60)
        assert timed.to_csv() == plain.to_csv(), name
        assert timed.to_json() == plain.to_json(), name


@pytest.mark.parametrize("timeout", [None, 60], ids=["here", "with-deadline"])
def test_a_row_limit_keeps_the_first_rows_and_says_there_were_more(each_store, timeout):
    full = run_query(each_store, "sources")
    cut = run_query(each_store, "sources", limit=2, timeout=timeout)
    assert cut.rows == full.rows[:2], cut.rows
    assert cut.truncated and not full.truncated


def test_a_limit_above_the_number_of_rows_cuts_nothing(each_store):
    full = run_query(each_store, "sources")
    same = run_query(each_store, "sources", limit=len(full.rows))
    assert same.rows == full.rows and not same.truncated, same


def test_kg_query_says_when_the_deadline_stopped_the_query(built):
    result = CliRunner().invoke(
        main, ["query", ENDLESS, "--data", str(built), "--timeout", str(DEADLINE)]
    )
    assert result.exit_code == 1, result.output
    assert "stopped after 1 s (--timeout)" in result.output, result.output


def test_kg_query_says_when_the_limit_cut_the_answer(built):
    result = CliRunner().invoke(main, ["query", "sources", "--data", str(built), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "showing the first 1 rows: the query has more" in result.output, result.output


# ------------------------------------------------------------------ SERVICE stays off


def test_oxigraph_itself_follows_service_to_any_host(local_endpoint):
    """Unscreened, pyoxigraph calls the endpoint: the refusals below are what prevent it."""
    url, counter = local_endpoint
    store = pyoxigraph.Store()
    # it may then fail to read the little server's answer: the connection is what counts
    with contextlib.suppress(RuntimeError, OSError, SyntaxError):
        list(store.query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    assert counter.hits >= 1, counter.hits


@pytest.mark.parametrize("timeout", [None, 30], ids=["here", "with-deadline"])
def test_kg_refuses_service_on_every_store_and_makes_no_connection(
    each_store, local_endpoint, timeout
):
    url, counter = local_endpoint
    with pytest.raises(QuerySecurityError, match="SERVICE is refused"):
        run_query(
            each_store, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", timeout=timeout
        )
    assert counter.hits == 0, counter.hits


def test_kg_query_on_the_store_on_disk_makes_no_connection(built, local_endpoint):
    url, counter = local_endpoint
    q = f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}"
    for extra in ([], ["--timeout", "30"]):
        result = CliRunner().invoke(main, ["query", q, "--data", str(built), *extra])
        assert result.exit_code == 1, result.output
        assert "SERVICE is refused" in result.output, result.output
    assert counter.hits == 0, counter.hits
