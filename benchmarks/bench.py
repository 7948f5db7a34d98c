"""Benchmark kg at scale: builds, stores, named queries, projections, analyses and export.

For synthetic worlds of about 100k, 1M and 5M triples (``kg synth``, built with the seeds) and,
when given, a real build (``--data build``, e.g. the SIPRI + COW graph) or real inputs to build
(``--real seeds imports``), it measures:

- the build with and without validation: seconds per step and peak memory, each in a fresh
  process;
- the reopening of the store on disk (a fresh process opens it and answers a first query);
- every named query, median of ``--runs`` runs, on Oxigraph on disk (as ``kg query`` uses it),
  Oxigraph in memory, and rdflib's Memory store (up to ``--memory-max`` quads, in a separate
  process: it is slow and large), with the ratio Memory/Oxigraph and whether the stores agree
  (rows compared as sorted lists);
- the projections, analyses and HTML export of :mod:`kg.project`, :mod:`kg.analysis` and
  :mod:`kg.export` when those modules are installed (see :data:`STEPS`).

It prints one table per world and writes everything as JSON (``--json``). A figure taken on a
machine shared with other work varies by tens of percent: compare runs of the same day.

Examples::

    python -m benchmarks.bench --sizes 100k,1m
    python -m benchmarks.bench --sizes 5m --runs 3 --json bench-5m.json
    python -m benchmarks.bench --sizes none --data build
    python -m benchmarks.bench --sizes none --datasets ../shared/data
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import gc
import importlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = "100k,1m,5m"


def parse_size(text: str) -> int:
    """``100k`` -> 100000, ``1m`` -> 1000000, ``2.5m`` -> 2500000."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale != 1 else text
    return int(float(number) * scale)


# ------------------------------------------------------------------ helpers


def _peak_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def _child(args: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run ``python -m benchmarks.bench CHILD ...`` in a fresh process; return its JSON."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _rows_key(result) -> list[str]:
    """The rows of a result as sorted CSV lines: stores may order ties differently."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in result.rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return sorted(buf.getvalue().splitlines())


def _digest(lines: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------ children (fresh processes)


def child_build(out: str, validate: bool, paths: list[str]) -> dict[str, Any]:
    from kg.build import build

    started = time.monotonic()
    result = build(paths, out, validate=validate)
    return {
        "seconds": round(time.monotonic() - started, 2),
        "steps": result.timings,
        "peak_mb": _peak_mb(),
        "quads": sum(result.counts.values()),
        "graphs": len(result.counts),
    }


# The real datasets (the files of ../shared/data): file names and importer of each kind.
REAL_FILES = {
    "sipri": (["sipri_trade_register_2025-03-13.csv"], "import_sipri"),
    "cow-states": (["cow_states2016.csv"], "import_cow_states"),
    "cow-alliances": (["cow_alliance_v4.1_by_member.csv"], "import_cow_alliances"),
    "cow-mids": (["cow_MIDA_4.3.csv", "cow_MIDB_4.3.csv"], "import_cow_mids"),
}


def child_import(kind: str, out: str, files: list[str]) -> dict[str, Any]:
    """One import of a real dataset, timed in a fresh process."""
    from kg.imports import cow, sipri

    importer = getattr(sipri if kind == "sipri" else cow, REAL_FILES[kind][1])
    started = time.monotonic()
    importer(files[0] if len(files) == 1 else files, out)
    return {"seconds": round(time.monotonic() - started, 2), "peak_mb": _peak_mb()}


def child_reopen(store_path: str) -> dict[str, Any]:
    started = time.monotonic()
    from kg.store import Store

    imported = time.monotonic()
    store = Store.open(store_path)
    graphs = len(store.graph_names())
    answer = store.run("ASK { ?s a <https://w3id.org/kg/ontology#ArmsDeal> }")
    done = time.monotonic()
    return {
        "seconds": round(done - imported, 4),
        "import_seconds": round(imported - started, 4),
        "graphs": graphs,
        "ask": answer.boolean,
    }


def child_memory(nquads: str, runs: int, timeout: float, limit_gb: float) -> dict[str, Any]:
    """rdflib's Memory store: load ``kg.nq``, then run every named query.

    Its queries run in forks of this process; an address-space limit keeps a query whose
    joins explode (rdflib joins subqueries with nested loops) from taking the machine down.
    """
    from kg.query import named_queries
    from kg.store import Store

    limit = int(limit_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = time.monotonic()
    store = Store("memory")
    store.load(nquads)
    out: dict[str, Any] = {
        "load_seconds": round(time.monotonic() - started, 2),
        "load_peak_mb": _peak_mb(),
        "queries": {},
    }
    for name in named_queries():
        out["queries"][name] = _time_query(store, name, runs, timeout, slow=10.0)
    out["peak_mb"] = _peak_mb()
    return out


def _time_query(store, name: str, runs: int, timeout: float, slow: float = 5.0) -> dict:
    """Median of ``runs`` runs; the first has a deadline (a query that runs away is stopped)."""
    from kg.errors import QueryError, QueryTimeoutError
    from kg.query import run_query

    started = time.monotonic()
    try:
        result = run_query(store, name, timeout=timeout)
    except QueryTimeoutError:
        return {"median": None, "timeout": timeout, "runs": 0}
    except QueryError as e:  # e.g. out of memory in the query's process
        return {"median": None, "error": str(e)[:200], "runs": 0}
    first = time.monotonic() - started
    times = []
    # a slow query is timed once (its guarded run, which includes the child process)
    for _ in range(runs if first < slow else 0):
        t = time.monotonic()
        result = run_query(store, name)
        times.append(time.monotonic() - t)
    lines = _rows_key(result)
    return {
        "median": _median(times) if times else round(first, 4),
        "runs": len(times) or 1,
        "rows": len(result.rows),
        "answer": _digest(lines),
    }


# ------------------------------------------------------------------ one world


def bench_store(label: str, build_dir: Path, args, build: dict | None) -> dict[str, Any]:
    """Everything measured on one build folder (with its store on disk)."""
    from kg.build import open_build
    from kg.query import named_queries
    from kg.store import Store

    record: dict[str, Any] = {"world": label, "build_dir": str(build_dir)}
    if build:
        record.update(build)
    store_dir = build_dir / "store"
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    record["quads"] = manifest["quads"]
    record["nquads_mb"] = round((build_dir / "kg.nq").stat().st_size / 1e6, 1)

    reopen = [_child(["child-reopen", str(store_dir)]) for _ in range(3)]
    record["reopen_seconds"] = _median([r["seconds"] for r in reopen])

    disk = open_build(build_dir)  # the store on disk, read-only, as kg query uses it
    assert disk.path is not None, "the build has no store on disk"
    t = time.monotonic()
    mem = Store("oxigraph")
    mem.load(build_dir / "kg.nq")
    record["oxigraph_memory_load_seconds"] = round(time.monotonic() - t, 2)

    queries: dict[str, dict[str, Any]] = {}
    for name in named_queries():
        queries[name] = {
            "oxigraph_disk": _time_query(disk, name, args.runs, args.query_timeout),
            "oxigraph_memory": _time_query(mem, name, args.runs, args.query_timeout),
        }
        _say(f"  {label} {name}: {queries[name]['oxigraph_disk']}")
    del mem
    gc.collect()
    if record["quads"] <= args.memory_max:
        _say(f"  {label}: rdflib Memory store (a separate process)")
        memory = _child(
            [
                "child-memory",
                str(build_dir / "kg.nq"),
                str(args.runs),
                str(args.memory_query_timeout),
                str(args.memory_limit_gb),
            ]
        )
        record["memory_load_seconds"] = memory["load_seconds"]
        record["memory_load_peak_mb"] = memory["load_peak_mb"]
        for name, m in memory["queries"].items():
            queries[name]["memory"] = m
    record["queries"] = queries
    record["analyses"] = bench_analyses(disk, build_dir, args)
    return record


def _timed(fn, *a, **kw) -> tuple[float, Any]:
    t = time.monotonic()
    value = fn(*a, **kw)
    return round(time.monotonic() - t, 3), value


def bench_analyses(store, build_dir: Path, args) -> dict[str, Any]:
    """Projections, analyses and the HTML export (:data:`STEPS`), each timed once.

    The modules come from other parts of kg; a step whose module is missing is left out, and
    a step that fails is reported with its error rather than stopping the benchmark.
    """
    out: dict[str, Any] = {}
    try:
        from kg.facts import Facts
    except ImportError:
        return out
    out["facts.read"], facts = _timed(Facts.read, store)
    for name, step in STEPS:
        try:
            out[name], _ = _timed(step, store, facts)
        except ImportError:
            continue
        except Exception as e:  # a failing step is reported, not fatal to the benchmark
            out[name] = f"failed: {type(e).__name__}: {e}"[:200]
    timed = [v for k, v in out.items() if isinstance(v, (int, float))]
    out["total_seconds"] = round(sum(timed), 3)
    return out


def _projection(name: str):
    def step(store, facts):
        from kg import project

        return getattr(project, name)(facts)

    return step


def _analysis(module: str, **kwargs):
    def step(store, facts):
        fn = getattr(importlib.import_module(f"kg.analysis.{module}"), module)
        return fn(facts, **kwargs)

    return step


def _timeline(store, facts):
    from kg.analysis.timeline import timeline

    top = collections.Counter(d.supplier for d in facts.select().deals).most_common(1)
    return timeline(facts, top[0][0]) if top else None


def _top_by_decade(store, facts):
    from kg.analysis.centrality import top_by_decade

    return top_by_decade(facts)


def _export_html(store, facts):
    """The page ``kg export html --analysis dual-supply`` writes, on the whole graph."""
    from kg.export.html import write_html
    from kg.export.select import select
    from kg.export.view import view

    graph = select(store, analysis="dual-supply", facts=facts)
    return write_html(view(graph), Path(tempfile.mkdtemp()) / "graph.html")


# (name, step(store, facts)): what `kg analyze` and `kg export` do, as their benchmark does
STEPS = [
    ("project.transfer_network", _projection("transfer_network")),
    ("project.relation_graph", _projection("relation_graph")),
    ("project.signed_graph", _projection("signed_graph")),
    ("analysis.dual_supply", _analysis("dual_supply", period=("1950", None))),
    ("analysis.balance", _analysis("balance", limit=100)),
    ("analysis.dependence", _analysis("dependence")),
    ("analysis.centrality", _analysis("centrality")),
    ("analysis.top_by_decade", _top_by_decade),
    ("analysis.timeline", _timeline),
    ("analysis.changes", _analysis("changes", first="1990", second="2000")),
    ("export.html", _export_html),
]


def bench_synthetic(size: str, args, work: Path) -> dict[str, Any]:
    from kg.paths import seeds_dir
    from kg.synth import spec_for_triples, write_world

    spec = spec_for_triples(parse_size(size), seed=args.seed)
    world = work / f"world-{size}"
    t = time.monotonic()
    summary = write_world(world, spec)
    synth = {
        "spec": {"deals": spec.deals, "disputes": spec.disputes, "states": spec.states},
        "synth_seconds": round(time.monotonic() - t, 2),
        "yaml_mb": round(sum(f.stat().st_size for f in world.glob("*.yaml")) / 1e6, 1),
        "records": sum(summary.records.values()),
    }
    _say(f"world {size}: {synth}")
    paths = [str(seeds_dir()), str(world)]
    return bench_build_and_store(f"synth-{size}", paths, args, work, synth)


def bench_real_datasets(data: Path, args, work: Path) -> dict[str, Any]:
    """Import SIPRI and the four COW files (one fresh process each), then build with the seeds."""
    from kg.paths import seeds_dir

    imports = work / "imports"
    timings = {}
    for kind, (names, _) in REAL_FILES.items():
        files = [str(data / n) for n in names]
        _say(f"import {kind}")
        timings[kind] = _child(["child-import", kind, str(imports), *files], args.build_timeout)
    extra = {
        "imports": timings,
        "import_seconds": round(sum(t["seconds"] for t in timings.values()), 2),
        "import_peak_mb": max(t["peak_mb"] for t in timings.values()),
    }
    return bench_build_and_store("sipri+cow", [str(seeds_dir()), str(imports)], args, work, extra)


def bench_build_and_store(label, paths, args, work: Path, extra: dict) -> dict[str, Any]:
    out_nv, out = work / f"build-{label}-novalidate", work / f"build-{label}"
    timeout = args.build_timeout
    _say(f"{label}: build without validation")
    no_validation = _child(["child-build", str(out_nv), "no", *paths], timeout)
    shutil.rmtree(out_nv, ignore_errors=True)
    _say(f"{label}: build with validation")
    with_validation = _child(["child-build", str(out), "yes", *paths], timeout)
    record = bench_store(
        label,
        out,
        args,
        dict(extra, build=with_validation, build_without_validation=no_validation),
    )
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return record


# ------------------------------------------------------------------ report


def _fmt(seconds) -> str:
    if seconds is None:
        return "-"
    if isinstance(seconds, str):
        return seconds[:24]
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _cell(q: dict | None) -> str:
    """A query's median, ``>T`` when stopped at the deadline T, ``failed`` on an error."""
    if not q:
        return "-"
    if q.get("median") is not None:
        return _fmt(q["median"])
    return f">{q['timeout']:g}" if q.get("timeout") else "failed"


def _ratio(slow: dict | None, fast: dict) -> str:
    if not slow or not fast.get("median"):
        return "-"
    if slow.get("median") is not None:
        return f"{slow['median'] / fast['median']:.0f}x"
    return f">{slow['timeout'] / fast['median']:.0f}x" if slow.get("timeout") else "-"


def table(record: dict[str, Any]) -> str:
    """One world's figures as a plain-text table."""
    lines = [f"== {record['world']}: {record['quads']:,} quads, kg.nq {record['nquads_mb']} MB"]
    if "imports" in record:
        parts = ", ".join(f"{k} {v['seconds']:.1f}" for k, v in record["imports"].items())
        lines.append(
            f"{'imports':24s} {record['import_seconds']:8.1f} s  peak "
            f"{record['import_peak_mb'] / 1024:.2f} GB  ({parts})"
        )
    for key, title in (
        ("build", "build, validation on"),
        ("build_without_validation", "build, validation off"),
    ):
        b = record.get(key)
        if b:
            steps = ", ".join(f"{k} {v:.1f}" for k, v in b["steps"].items())
            lines.append(
                f"{title:24s} {b['seconds']:8.1f} s  peak {b['peak_mb'] / 1024:.2f} GB  ({steps})"
            )
    lines.append(
        f"{'store reopen':24s} {record['reopen_seconds']:8.3f} s  (fresh process: open + first query)"
    )
    load = f"{'load kg.nq':24s} Oxigraph in memory {record['oxigraph_memory_load_seconds']} s"
    if "memory_load_seconds" in record:
        load += (
            f"; rdflib Memory {record['memory_load_seconds']} s, "
            f"peak {record['memory_load_peak_mb'] / 1024:.2f} GB"
        )
    lines.append(load)
    head = (
        f"{'named query (median, s)':26s} {'rows':>7s} {'ox disk':>9s} {'ox mem':>9s} "
        f"{'rdflib mem':>11s} {'mem/ox':>8s} {'same':>5s}"
    )
    lines += [head, "-" * len(head)]
    for name, q in record["queries"].items():
        d, m, r = q["oxigraph_disk"], q["oxigraph_memory"], q.get("memory")
        same = "-"
        if r and r.get("answer"):
            same = "yes" if r["answer"] == d.get("answer") else "NO"
        lines.append(
            f"{name:26s} {d.get('rows', '-')!s:>7s} {_cell(d):>9s} {_cell(m):>9s} "
            f"{_cell(r):>11s} {_ratio(r, d):>8s} {same:>5s}"
        )
    if record.get("analyses"):
        done = ", ".join(f"{k} {_fmt(v)}" for k, v in record["analyses"].items())
        lines.append(f"projections, analyses, export (s): {done}")
    else:
        lines.append("projections, analyses, export: modules not installed")
    return "\n".join(lines) + "\n"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="synthetic worlds, in triples (100k,1m,5m), or none"
    )
    parser.add_argument(
        "--datasets",
        type=Path,
        help="the folder of the SIPRI and COW files: import them, build with the seeds, measure",
    )
    parser.add_argument(
        "--data", type=Path, help="an existing build folder to measure too (e.g. SIPRI + COW)"
    )
    parser.add_argument(
        "--real",
        nargs="+",
        metavar="PATH",
        help="curated inputs to build and measure (e.g. seeds imports)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per query (the median is reported)"
    )
    parser.add_argument(
        "--memory-max",
        type=float,
        default=1.1e6,
        help="measure rdflib's Memory store up to this many quads",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=300,
        help="seconds before an Oxigraph query is stopped",
    )
    parser.add_argument(
        "--memory-query-timeout",
        type=float,
        default=120,
        help="seconds before a Memory-store query is stopped",
    )
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=8,
        help="address space allowed to the Memory-store process and its queries",
    )
    parser.add_argument(
        "--build-timeout", type=float, default=3600, help="seconds before a build is stopped"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work", type=Path, help="folder for worlds and builds (default: a temporary one)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the worlds and builds")
    parser.add_argument(
        "--json", type=Path, default=Path("bench.json"), help="where to write the figures"
    )
    sub = parser.add_subparsers(dest="child")
    b = sub.add_parser("child-build")
    b.add_argument("out")
    b.add_argument("validate", choices=["yes", "no"])
    b.add_argument("paths", nargs="+")
    i = sub.add_parser("child-import")
    i.add_argument("kind", choices=list(REAL_FILES))
    i.add_argument("out")
    i.add_argument("files", nargs="+")
    r = sub.add_parser("child-reopen")
    r.add_argument("store")
    m = sub.add_parser("child-memory")
    m.add_argument("nquads")
    m.add_argument("runs", type=int)
    m.add_argument("timeout", type=float)
    m.add_argument("limit_gb", type=float)
    args = parser.parse_args(argv)

    if args.child == "child-build":
        print(json.dumps(child_build(args.out, args.validate == "yes", args.paths)))
        return 0
    if args.child == "child-import":
        print(json.dumps(child_import(args.kind, args.out, args.files)))
        return 0
    if args.child == "child-reopen":
        print(json.dumps(child_reopen(args.store)))
        return 0
    if args.child == "child-memory":
        print(json.dumps(child_memory(args.nquads, args.runs, args.timeout, args.limit_gb)))
        return 0

    sizes = [] if args.sizes == "none" else [s.strip().lower() for s in args.sizes.split(",")]
    for size in sizes:
        try:
            parse_size(size)
        except ValueError:
            parser.error(f"unreadable size {size!r}: write it as 100k, 1m or 2.5m")
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "worlds": [],
    }
    try:
        for size in sizes:
            record = bench_synthetic(size, args, work)
            report["worlds"].append(record)
            print(table(record), flush=True)
            _write_json(args.json, report)
        if args.datasets:
            record = bench_real_datasets(args.datasets, args, work)
            report["worlds"].append(record)
            print(table(record), flush=True)
            _write_json(args.json, report)
        if args.real:
            record = bench_build_and_store("real", args.real, args, work, {"inputs": args.real})
            report["worlds"].append(record)
            print(table(record), flush=True)
        if args.data:
            record = bench_store(f"data {args.data}", args.data, args, None)
            report["worlds"].append(record)
            print(table(record), flush=True)
    finally:
        _write_json(args.json, report)
        if not args.keep and args.work is None:
            with contextlib.suppress(OSError):
                shutil.rmtree(work)
    _say(f"figures written to {args.json}")
    return 0


def _write_json(path: Path, report: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    sys.exit(main())
