"""How long exports take, how big they are, and how soon the page is interactive.

Run from the project root (needs Chromium at /usr/bin/chromium, or KG_CHROMIUM, and Playwright):

    .venv/bin/python benchmarks/export_bench.py [--nodes 5000] [--edges 20000]

A synthetic relation graph with the projection's attributes (power-law degrees, as in the arms
trade: a few suppliers reach hundreds of recipients) is reduced to a view, written as HTML,
GraphML and GEXF, and the HTML is opened in headless Chromium from file://. Time to
interactive is the page's own clock: milliseconds from navigation start until the physics
layout has stabilised and been switched off (``kg.readyAt``). The seeds' dual-supply page is
measured the same way.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.export.html import write_html  # noqa: E402
from kg.export.networkx_formats import write_gexf, write_graphml  # noqa: E402
from kg.export.view import MAX_EDGES, MAX_NODES, view  # noqa: E402

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KINDS = ["State"] * 8 + ["Company", "NonStateArmedGroup", "InternationalOrganization"]
RELATIONS = ["supply"] * 6 + ["dispute", "alliance", "partnership", "sanction", "crisis"]


def synthetic(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
    """A relation graph of ``nodes`` actors and about ``edges`` edges, power-law degrees."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(nodes, max(1, round(edges / nodes)), seed=seed)
    g = nx.MultiDiGraph(projection="relations")
    iri = [f"https://w3id.org/kg/id/actor/x{i:05d}" for i in range(nodes)]
    g.add_nodes_from(
        (iri[i], {"label": f"Actor {i}", "kind": rng.choice(KINDS), "iri": iri[i]})
        for i in range(nodes)
    )
    src = "https://w3id.org/kg/id/source/synthetic"
    g.add_edges_from(
        (
            iri[u],
            iri[v],
            rel,
            {
                "relation": rel,
                "directed": rel in ("supply", "sanction"),
                "label": f"{rel} {u}-{v}",
                "start": str(1990 + (u + v) % 30),
                "start_earliest": f"{1990 + (u + v) % 30}-01-01",
                "start_latest": f"{1990 + (u + v) % 30}-12-31",
                "end": None,
                "sources": [src],
                "source_titles": ["Synthetic"],
                "facts": [f"https://w3id.org/kg/id/deal/d{u}-{v}"],
                **(
                    {"deals": 1 + (u * v) % 7, "tiv_delivered": float((u + v) % 500)}
                    if rel == "supply"
                    else {}
                ),
            },
        )
        for u, v, rel in ((u, v, rng.choice(RELATIONS)) for u, v in base.edges())
    )
    return g


def page_ready(page, path: Path) -> tuple[float, float]:
    """(wall seconds from goto to ready, page clock ms from navigation start to ready)."""
    t = time.perf_counter()
    page.goto(path.as_uri())
    # a locator, not wait_for_function: the page's CSP forbids the eval the latter polls with
    page.locator("body[data-ready='true']").wait_for(state="attached", timeout=600_000)
    return time.perf_counter() - t, page.evaluate("kg.readyAt")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--max-nodes", type=int, default=MAX_NODES)
    ap.add_argument("--max-edges", type=int, default=MAX_EDGES)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="kg-export-bench-"))

    t = time.perf_counter()
    g = synthetic(args.nodes, args.edges)
    print(
        f"synthetic graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"({time.perf_counter() - t:.2f} s to make)"
    )
    rows = []
    t = time.perf_counter()
    v = view(g, max_nodes=args.max_nodes, max_edges=args.max_edges)
    t_view = time.perf_counter() - t
    t = time.perf_counter()
    html = write_html(v, out / "large.html")
    t_html = time.perf_counter() - t
    rows.append(("view (reduce)", t_view, None))
    rows.append(
        (
            f"html ({v.number_of_nodes():,} nodes, {v.number_of_edges():,} edges)",
            t_html,
            html.stat().st_size,
        )
    )
    for name, write in (
        ("graphml (whole graph)", write_graphml),
        ("gexf (whole graph)", write_gexf),
    ):
        t = time.perf_counter()
        p = write(g, out / f"large.{name.split()[0]}")
        rows.append((name, time.perf_counter() - t, p.stat().st_size))

    from kg.build import dataset_from_paths
    from kg.export.select import select

    store = dataset_from_paths()
    t = time.perf_counter()
    seeds = view(select(store, analysis="dual-supply"))
    s400 = write_html(seeds, out / "s400.html")
    rows.append(
        (
            "seeds: select + html --analysis dual-supply",
            time.perf_counter() - t,
            s400.stat().st_size,
        )
    )

    print(f"\n{'export':<52} {'seconds':>8} {'size':>10}")
    for name, secs, size in rows:
        print(f"{name:<52} {secs:>8.2f} {'' if size is None else f'{size / 1024:,.0f} KiB':>10}")
    for note in v.graph.get("notes", []):
        print(f"  note: {note}")

    from playwright.sync_api import sync_playwright

    print(f"\n{'page in Chromium (file://)':<52} {'wall s':>8} {'TTI ms':>10}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for name, path in (("seeds dual-supply", s400), ("large, reduced view", html)):
            wall, tti = page_ready(page, path)
            print(f"{name:<52} {wall:>8.2f} {tti:>10,.0f}")
        browser.close()
    print(f"\nfiles in {out}")


if __name__ == "__main__":
    main()
