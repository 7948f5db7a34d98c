"""Time every projection and analysis of kg on a large graph, and print the seconds.

Run from the project root::

    python -m benchmarks.analysis_bench                   # a synthetic graph (default sizes)
    python -m benchmarks.analysis_bench --deals 100000    # bigger
    python -m benchmarks.analysis_bench --data build      # a build folder, e.g. SIPRI + COW

The synthetic graph (:mod:`benchmarks.synthetic`) is shaped like the SIPRI trade register and
the COW dispute and alliance data: by default 200 states, 30,000 deals, 2,500 disputes and
400 alliances. Each step runs once, after reading the facts once, as the command line does.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import synthetic_store


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a build folder holding kg.nq")
    parser.add_argument("--store", default="oxigraph", choices=("oxigraph", "memory"))
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--deals", type=int, default=30_000)
    parser.add_argument("--disputes", type=int, default=2_500)
    parser.add_argument("--alliances", type=int, default=400)
    parser.add_argument("--since", default="1950", help="period start for dual supply")
    args = parser.parse_args(argv)

    from kg.analysis.balance import balance
    from kg.analysis.centrality import centrality, top_by_decade
    from kg.analysis.changes import changes
    from kg.analysis.dependence import dependence
    from kg.analysis.dual_supply import dual_supply
    from kg.analysis.timeline import timeline
    from kg.build import open_build
    from kg.facts import Facts
    from kg.project import relation_graph, signed_graph, transfer_network

    figures: list[tuple[str, float, str]] = []

    def timed(name: str, func: Callable, describe: Callable = lambda r: ""):
        start = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - start
        figures.append((name, seconds, describe(result)))
        print(f"{name:<34} {seconds:8.2f} s  {describe(result)}", flush=True)
        return result

    print(f"python {sys.version.split()[0]}, store {args.store}")
    if args.data:
        store = timed(f"open {args.data}", lambda: open_build(args.data, args.store))
    else:
        sizes = dict(
            states=args.states, deals=args.deals, disputes=args.disputes, alliances=args.alliances
        )
        store = timed(
            "generate + load synthetic graph",
            lambda: synthetic_store(args.store, **sizes),
            lambda s: ", ".join(f"{k}={v}" for k, v in sizes.items()),
        )
    quads = len(store)
    print(f"{'quads':<34} {quads:>8}")
    facts = timed(
        "read facts (SPARQL)",
        lambda: Facts.read(store),
        lambda f: f"{len(f._deal_records)} deal records, {len(f._relation_records)} relations",
    )
    timed(
        "merge + select (all time)",
        lambda: facts.select(),
        lambda s: f"{len(s.deals)} deals, {len(s.relations)} relations",
    )

    def size(g) -> str:
        return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"

    timed("transfer network", lambda: transfer_network(facts), size)
    timed("transfer network as of 2000", lambda: transfer_network(facts, as_of="2000"), size)
    timed("transfer network 1990-1999", lambda: transfer_network(facts, period=(1990, 1999)), size)
    timed("relation graph", lambda: relation_graph(facts), size)
    timed("signed graph", lambda: signed_graph(facts), size)

    def rows(r) -> str:
        return f"{len(r.rows)} rows; " + ", ".join(
            f"{k}={v}" for k, v in r.summary.items() if not isinstance(v, (dict, list))
        )

    timed(
        f"dual supply since {args.since}",
        lambda: dual_supply(facts, period=(args.since, None)),
        rows,
    )
    timed("balance (all time, 100 rows)", lambda: balance(facts, limit=100), rows)
    timed("balance as of 2000", lambda: balance(facts, as_of="2000", limit=100), rows)
    timed("dependence (all time)", lambda: dependence(facts), rows)
    timed("dependence 1990-1999", lambda: dependence(facts, period=(1990, 1999)), rows)
    timed("centrality (all time)", lambda: centrality(facts), rows)
    timed("top suppliers and brokers by decade", lambda: top_by_decade(facts), rows)
    top = Counter(d.supplier for d in facts.select().deals).most_common(1)
    if top:
        name = top[0][0]
        timed(f"timeline of {facts.label(name)}", lambda: timeline(facts, name), rows)
    timed("changes 1990 to 2000", lambda: changes(facts, "1990", "2000"), rows)
    print(f"{'peak memory':<34} {_peak_mb():8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
