"""The HTML export in a real browser: headless Chromium (Debian's package), driven by Playwright.

Each page is opened from file:// in a fresh browser context that records every request,
console message, page error and dialog, with ``window.alert`` replaced by a recorder, and is
waited for until its layout has stabilised. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from export_graphs import EVIL, HOSTILE, HOSTILE_SCRIPT, hostile_graph, star_forest

from kg.export.html import notebook_view, write_html
from kg.export.select import select
from kg.export.view import view

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY_TIMEOUT_MS = 60_000  # generous: the seeds' page is ready in well under a second
#: Runs before any script of the page: any alert, confirm or prompt is recorded, not shown.
RECORDER = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function () { window.__ran.push(name); };
}
"""
S400_CAST = [
    "China",
    "F-35 programme",
    "India",
    "North Atlantic Treaty Organization",
    "Russia",
    "Türkiye",
]
#: Every actor with a relation in the default seeds: the article's cast, and Belarus, whose
#: S-400s (ordered 2021) only SIPRI's trade register records.
SEED_ACTORS = sorted([*S400_CAST, "Belarus"])


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is missing: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@dataclass
class Opened:
    """A page and everything it did while loading."""

    page: object
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def eval(self, js: str):
        return self.page.evaluate(js)

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "about:"))]


def open_page(browser, path: Path | None = None, html: str | None = None) -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on(
        "console",
        lambda m: (
            opened.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: opened.console.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.add_init_script(RECORDER)
    if path is not None:
        page.goto(path.as_uri())
        wait_ready(page)
    else:
        page.set_content(html)
    return opened


def wait_ready(page_or_frame) -> None:
    """Wait until the page has laid out its graph and stopped the physics. A locator, not
    wait_for_function: the page's Content-Security-Policy forbids the eval the latter uses."""
    page_or_frame.locator("body[data-ready='true']").wait_for(
        state="attached", timeout=READY_TIMEOUT_MS
    )


def screenshot(opened: Opened, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    opened.page.screenshot(path=str(path))
    return path


@pytest.fixture(scope="module")
def s400(browser, seed_store, tmp_path_factory):
    """`kg export html --analysis dual-supply` on the seeds, opened."""
    graph = view(select(seed_store, analysis="dual-supply"))
    path = write_html(graph, tmp_path_factory.mktemp("html") / "s400.html")
    opened = open_page(browser, path)
    yield graph, opened
    opened.page.context.close()


@pytest.fixture(scope="module")
def hostile(browser, tmp_path_factory):
    path = write_html(
        hostile_graph(), tmp_path_factory.mktemp("html") / "hostile.html", title=HOSTILE
    )
    opened = open_page(browser, path)
    yield opened
    opened.page.context.close()


def test_the_s400_page_opens_offline_without_errors_or_requests(s400):
    _, opened = s400
    assert opened.console == [], opened.console
    assert opened.outside_requests() == [], opened.outside_requests()
    assert [u.split(":")[0] for u in opened.requests] == ["file"], opened.requests
    shot = screenshot(opened, "s400-dual-supply.png")
    assert shot.stat().st_size > 10_000, "the screenshot is blank"  # a drawn graph is > 10 kB


def test_the_s400_page_draws_the_cast_with_the_dual_supply_edges_highlighted(s400):
    graph, opened = s400
    labels = sorted(opened.eval("kg.nodes.get().map(n => n.label)"))
    assert set(S400_CAST) <= set(labels), labels
    assert labels == SEED_ACTORS, labels  # no filter: the whole default graph is drawn
    findings = opened.eval(
        "Array.from(document.querySelectorAll('#kg-findings li'), li => li.textContent)"
    )
    assert len(findings) == 1 and findings[0].startswith("Russia arms both sides"), findings
    highlighted = opened.eval(
        "kg.edges.get().filter(e => e.title.includes('★')).map(e => e.relation).sort()"
    )
    assert highlighted == ["dispute", "supply", "supply"], highlighted


def test_the_page_holds_exactly_the_nodes_and_edges_of_the_projection(s400):
    graph, opened = s400
    ids = sorted(opened.eval("kg.nodes.getIds()"))
    assert ids == sorted(graph.nodes), ids
    assert opened.eval("kg.edges.length") == graph.number_of_edges()
    ends = sorted(opened.eval("kg.edges.get().map(e => [e.from, e.to, e.relation])"))
    assert ends == sorted([u, v, k] for u, v, k in graph.edges(keys=True)), ends


def test_physics_stops_once_the_layout_has_stabilised(s400):
    _, opened = s400
    assert opened.eval("kg.network.physics.physicsEnabled") is False
    assert opened.eval("document.body.dataset.ready") == "true"


def test_a_hostile_label_shows_as_text_and_runs_nothing(hostile):
    assert hostile.eval("window.__ran") == [] and hostile.dialogs == [], hostile.dialogs
    assert hostile.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert hostile.eval("document.scripts.length") == 3, "a script was injected"
    assert hostile.eval("document.getElementById('kg-title').textContent") == HOSTILE
    assert hostile.eval("document.title") == HOSTILE
    notes = hostile.eval(
        "Array.from(document.querySelectorAll('#kg-notes li'), li => li.textContent)"
    )
    assert notes == [HOSTILE_SCRIPT], notes
    assert hostile.console == [] and hostile.outside_requests() == [], (
        hostile.console,
        hostile.requests,
    )
    screenshot(hostile, "hostile-labels.png")


def test_hostile_names_in_the_search_list_and_the_legend_are_text(hostile):
    options = hostile.eval(
        "Array.from(document.querySelectorAll('#kg-names option'), o => o.value)"
    )
    assert HOSTILE in options, options
    legend = hostile.eval("document.getElementById('kg-panel').innerText")
    assert HOSTILE in legend and HOSTILE_SCRIPT in legend, legend


def test_the_tooltip_of_a_hostile_node_is_plain_text(hostile):
    x, y = hostile.eval(
        f"""(() => {{
        const p = kg.network.canvasToDOM(kg.network.getPositions([{EVIL!r}])[{EVIL!r}]);
        const box = document.getElementById('kg-graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }})()"""
    )
    hostile.page.mouse.move(x, y)
    hostile.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
    text, tags = hostile.eval(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return [t.innerText, Array.from(t.querySelectorAll('*'), e => e.tagName)]; })()"
    )
    title = hostile.eval(f"kg.nodes.get({EVIL!r}).title")
    assert text == title and HOSTILE in text, text
    # innerText turns line breaks into <br>; any other element would be markup from the data
    assert set(tags) <= {"BR"}, tags
    hostile.page.mouse.click(x, y)
    details = hostile.eval("document.getElementById('kg-details').textContent")
    assert details == title, details
    assert hostile.eval("window.__ran") == []


def test_switching_a_relation_off_in_the_legend_hides_its_edges(hostile):
    box = hostile.page.locator("#kg-legend-relations li", has_text="dispute").locator("input")
    box.uncheck()
    shown = hostile.eval("document.getElementById('kg-counts').textContent")
    box.check()
    assert shown == "Showing 4 of 4 nodes, 3 of 4 edges.", shown


def test_a_reduced_large_view_becomes_interactive_and_says_it_is_reduced(browser, tmp_path):
    graph = view(star_forest(stars=10, leaves=200))  # 2,010 nodes, reduced to 1,500
    opened = open_page(browser, write_html(graph, tmp_path / "large.html"))
    assert opened.eval("kg.nodes.length") == graph.number_of_nodes() == 1500
    notes = opened.eval("document.getElementById('kg-notes').textContent")
    assert "Reduced view: the 1,500 best-connected of 2,010 nodes" in notes, notes
    assert opened.console == [] and opened.outside_requests() == []
    screenshot(opened, "reduced-view.png")
    opened.page.context.close()


def test_the_notebook_view_draws_the_same_graph_inline(browser):
    graph = hostile_graph()
    opened = open_page(browser, html=notebook_view(graph, title=HOSTILE).data)
    frame = opened.page.frames[1]
    wait_ready(frame)
    counts = frame.evaluate("[kg.nodes.length, kg.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()], counts
    assert frame.evaluate("window.__ran") == [] and opened.dialogs == []
    assert opened.console == [] and opened.outside_requests() == [], (
        opened.console,
        opened.requests,
    )
    screenshot(opened, "notebook-view.png")
    opened.page.context.close()


def test_the_harness_would_catch_a_script_that_runs_and_a_request_that_leaves(browser, tmp_path):
    """A control: the recorders above are not blind. Markup that runs script and fetches
    from the network is caught by the very checks the pages pass."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<body data-ready="true"><img src="http://127.0.0.1:9/x.png" onerror="alert(1)">'
    )
    opened = open_page(browser, bad)
    for _ in range(50):  # the failed fetch fires onerror within moments
        if opened.eval("window.__ran.length"):
            break
        opened.page.wait_for_timeout(100)
    assert opened.eval("window.__ran") == ["alert"]
    assert opened.outside_requests() == ["http://127.0.0.1:9/x.png"], opened.requests
    opened.page.context.close()
