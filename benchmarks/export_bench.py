"""How long exports take, how big the files are, and how soon the page is interactive.

Run from the project root (needs Chromium at /usr/bin/chromium, or KG_CHROMIUM, and Playwright)::

    python -m benchmarks.export_bench                  # all three cases below
    python -m benchmarks.export_bench --data build     # case 2 on a build folder (SIPRI + COW)

1. A synthetic relation graph of 5,000 actors and 20,000 edges with the projection's attributes
   (power-law degrees: a few suppliers reach hundreds of recipients), reduced to a view.
2. The SIPRI + COW-shaped synthetic dataset of :mod:`benchmarks.synthetic` (200 states,
   30,000 deals, 2,500 disputes, 400 alliances) through the real pipeline of
   ``kg export html --analysis dual-supply``: facts, relation graph, analysis, view, page.
3. The seeds' ``kg export html --analysis dual-supply`` page (the acceptance case).

Each page is opened in headless Chromium from file://. Time to interactive is the page's own
clock: milliseconds from navigation start until the physics layout has stabilised and been
switched off (``kg.readyAt``); "wall" is the same seen from Python, page load included.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import write_html
from kg.export.networkx_formats import write_gexf, write_graphml
from kg.export.view import MAX_EDGES, MAX_NODES, view

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


def synthetic_relation_graph(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
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


class Timer:
    def __init__(self):
        self.rows: list[tuple[str, float, int | None]] = []

    def run(self, name: str, func, *args, **kwargs):
        t = time.perf_counter()
        out = func(*args, **kwargs)
        size = out.stat().st_size if isinstance(out, Path) else None
        self.rows.append((name, time.perf_counter() - t, size))
        return out

    def print(self) -> None:
        print(f"\n{'step':<62} {'seconds':>8} {'size':>10}")
        for name, secs, size in self.rows:
            shown = "" if size is None else f"{size / 1024:,.0f} KiB"
            print(f"{name:<62} {secs:>8.2f} {shown:>10}")


def page_ready(page, path: Path) -> tuple[float, float]:
    """(wall seconds from goto to ready, page clock ms from navigation start to ready)."""
    t = time.perf_counter()
    page.goto(path.as_uri())
    # a locator, not wait_for_function: the page's CSP forbids the eval the latter polls with
    page.locator("body[data-ready='true']").wait_for(state="attached", timeout=600_000)
    return time.perf_counter() - t, page.evaluate("kg.readyAt")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000, help="case 1: actors")
    ap.add_argument("--edges", type=int, default=20000, help="case 1: edges")
    ap.add_argument("--max-nodes", type=int, default=MAX_NODES)
    ap.add_argument("--max-edges", type=int, default=MAX_EDGES)
    ap.add_argument("--data", type=Path, help="case 2 on this build folder instead")
    args = ap.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="kg-export-bench-"))
    timer = Timer()
    pages: list[tuple[str, Path, nx.Graph]] = []

    # 1. a large synthetic relation graph
    g = timer.run(
        "1. make a synthetic relation graph", synthetic_relation_graph, args.nodes, args.edges
    )
    v = timer.run("1. view: reduce", view, g, max_nodes=args.max_nodes, max_edges=args.max_edges)
    html = timer.run(
        f"1. html ({v.number_of_nodes():,} of {g.number_of_nodes():,} nodes, "
        f"{v.number_of_edges():,} of {g.number_of_edges():,} edges)",
        write_html,
        v,
        out / "synthetic.html",
    )
    pages.append(("1. synthetic 5k/20k, reduced view", html, v))
    timer.run("1. graphml of the whole graph", write_graphml, g, out / "synthetic.graphml")
    timer.run("1. gexf of the whole graph", write_gexf, g, out / "synthetic.gexf")

    # 2. the SIPRI + COW-shaped dataset through the real pipeline
    from kg.export.select import select
    from kg.facts import Facts

    if args.data:
        from kg.build import open_build

        store = timer.run(f"2. open the build {args.data}", open_build, args.data)
        label = f"2. {args.data}"
    else:
        from benchmarks.synthetic import synthetic_store

        store = timer.run("2. synthetic SIPRI + COW-shaped store", synthetic_store)
        label = "2. SIPRI + COW-shaped"
    facts = timer.run("2. read the facts", Facts.read, store)
    rel = timer.run(
        "2. relation graph + dual-supply findings",
        select,
        store,
        analysis="dual-supply",
        facts=facts,
    )
    rv = timer.run("2. view: reduce", view, rel, max_nodes=args.max_nodes, max_edges=args.max_edges)
    html2 = timer.run(
        f"2. html ({rv.number_of_nodes():,} of {rel.number_of_nodes():,} nodes, "
        f"{rv.number_of_edges():,} of {rel.number_of_edges():,} edges)",
        write_html,
        rv,
        out / "sipri-cow.html",
    )
    pages.append((f"{label}, dual supply", html2, rv))
    timer.run(
        "2. graphml of the whole relation graph", write_graphml, rel, out / "sipri-cow.graphml"
    )
    timer.run("2. gexf of the whole relation graph", write_gexf, rel, out / "sipri-cow.gexf")

    # 3. the seeds
    from kg.build import dataset_from_paths

    seeds = dataset_from_paths()
    sv = timer.run(
        "3. seeds: select --analysis dual-supply + view",
        lambda: view(select(seeds, analysis="dual-supply")),
    )
    s400 = timer.run("3. seeds: html", write_html, sv, out / "s400.html")
    pages.append(("3. seeds, dual supply (acceptance)", s400, sv))

    timer.print()
    for name, _, graph in pages:
        for note in graph.graph.get("notes", []):
            print(f"  {name}: {note}")

    from playwright.sync_api import sync_playwright

    print(f"\n{'page in Chromium (file://)':<62} {'wall s':>8} {'TTI ms':>10}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, _ in pages:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            wall, tti = page_ready(page, path)
            print(f"{name:<62} {wall:>8.2f} {tti:>10,.0f}")
            page.close()
        browser.close()
    print(f"\nfiles in {out}")


if __name__ == "__main__":
    main()
