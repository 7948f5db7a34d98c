"""Benchmark: import the full SIPRI register and the four COW files, build, and query.

Each step runs as its own ``kg`` command in a child process, so that its peak memory is its
own: the figures are wall-clock seconds and the peak resident memory of that process. This is
a script that prints figures, not a timed test::

    python benchmarks/import_build.py                    # data from ../shared/data
    python benchmarks/import_build.py --validate         # also the build with SHACL validation
    python benchmarks/import_build.py --data DIR --json results.json

The datasets are read where they are (``../shared/data`` beside the project by default) and
never copied; the imports and builds go to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "sipri": "sipri_trade_register_2025-03-13.csv",
    "cow-states": "cow_states2016.csv",
    "cow-alliances": "cow_alliance_v4.1_by_member.csv",
    "mida": "cow_MIDA_4.3.csv",
    "midb": "cow_MIDB_4.3.csv",
}


def run(step: str, args: list[str]) -> dict:
    """Run ``python -m kg.cli ARGS``; return its seconds and peak memory (MB)."""
    cmd = [sys.executable, "-m", "kg.cli", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{step} failed ({' '.join(args)}):\n{out}")
    return {"step": step, "seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--validate", action="store_true", help="also build with validation")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args()
    paths = {k: args.data / name for k, name in FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        sys.exit("missing datasets: " + ", ".join(missing))

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    imports, build = tmp / "imports", tmp / "build"
    try:
        steps = [
            run("import sipri", ["import", "sipri", str(paths["sipri"]), "-o", str(imports)]),
            run(
                "import cow-states",
                ["import", "cow-states", str(paths["cow-states"]), "-o", str(imports)],
            ),
            run(
                "import cow-alliances",
                ["import", "cow-alliances", str(paths["cow-alliances"]), "-o", str(imports)],
            ),
            run(
                "import cow-mids",
                ["import", "cow-mids", str(paths["mida"]), str(paths["midb"]), "-o", str(imports)],
            ),
            run(
                "build (no validation)",
                ["build", "seeds", str(imports), "--out", str(build), "--no-validate"],
            ),
        ]
        if args.validate:
            steps.append(
                run("build (validated)", ["build", "seeds", str(imports), "--out", str(tmp / "v")])
            )
        for query, params in (
            ("dispute-suppliers", ["-p", "years=1"]),
            ("deal-sources", []),
            ("source-disagreements", []),
        ):
            steps.append(
                run(
                    f"query {query}",
                    ["query", query, *params, "--data", str(build), "--format", "csv"],
                )
            )
        quads = json.loads((build / "manifest.json").read_text(encoding="utf-8"))["quads"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    imports_s = sum(s["seconds"] for s in steps if s["step"].startswith("import"))
    build_s = next(s["seconds"] for s in steps if s["step"] == "build (no validation)")
    width = max(len(s["step"]) for s in steps)
    print(f"{'step':<{width}}  {'seconds':>8}  {'peak MB':>8}")
    for s in steps:
        print(f"{s['step']:<{width}}  {s['seconds']:>8.2f}  {s['peak_mb']:>8}")
    print(f"{'imports + build':<{width}}  {imports_s + build_s:>8.2f}  "
          f"{max(s['peak_mb'] for s in steps if not s['step'].startswith('query')):>8}")  # fmt: skip
    print(f"quads built: {quads:,}")
    if args.json:
        args.json.write_text(json.dumps({"steps": steps, "quads": quads}, indent=2) + "\n")


if __name__ == "__main__":
    main()
