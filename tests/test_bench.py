"""The benchmark runs end to end (on a tiny world: it is a script, its figures are not tested)."""

from __future__ import annotations

import json

from benchmarks.bench import main, parse_size
from kg.query import named_queries


def test_sizes_are_written_in_thousands_or_millions():
    assert [parse_size(s) for s in ("100k", "1m", "2.5M", "5000")] == [
        100_000,
        1_000_000,
        2_500_000,
        5000,
    ]


def test_the_benchmark_measures_every_named_query_and_writes_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    # rdflib's Memory store is left out: on some named queries it needs minutes
    args = ["--sizes", "8k", "--runs", "1", "--memory-max", "0", "--json", str(out)]
    assert main([*args, "--work", str(tmp_path / "work")]) == 0
    report = json.loads(out.read_text())
    (world,) = report["worlds"]
    assert set(world["queries"]) == set(named_queries()), world["queries"].keys()
    for name, q in world["queries"].items():
        assert q["oxigraph_disk"]["answer"] == q["oxigraph_memory"]["answer"], name
    assert world["build"]["peak_mb"] > 0 and world["reopen_seconds"] > 0, world
    printed = capsys.readouterr().out
    assert "store reopen" in printed and "dual-supply" in printed, printed
