"""The HTML page, read as a file: self-contained, escaped, deterministic, styled.

What the page does in a browser is tested in test_export_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from export_graphs import CHINA, EVIL, HOSTILE, HOSTILE_SCRIPT, INDIA, RUSSIA, hostile_graph

from kg.export.html import (
    html_document,
    json_for_html,
    notebook_view,
    page_data,
    vis_network_js,
    write_html,
)
from kg.export.style import KINDS, RELATIONS
from kg.project import RELATIONS as PROJECTED_RELATIONS
from kg.schema import load_schema

ROOT = Path(__file__).resolve().parents[1]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def hostile_doc() -> str:
    return html_document(hostile_graph(), title=HOSTILE)


def parsed(doc: str) -> _Tags:
    p = _Tags()
    p.feed(doc)
    return p


def test_the_page_loads_nothing_from_anywhere(hostile_doc):
    outward = [(t, a) for t, a in parsed(hostile_doc).tags if {"src", "href", "action"} & set(a)]
    assert outward == [], outward
    assert "<link" not in hostile_doc and "@import" not in hostile_doc


def test_the_page_has_exactly_three_scripts_data_library_and_page(hostile_doc):
    scripts = parsed(hostile_doc).scripts
    kinds = [a.get("type", "text/javascript") for a, _ in scripts]
    assert kinds == ["application/json", "text/javascript", "text/javascript"], kinds


def test_the_content_security_policy_allows_only_the_pages_own_scripts(hostile_doc):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', hostile_doc)
    assert csp, "no Content-Security-Policy"
    policy = csp.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy, policy
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    executable = [t for a, t in parsed(hostile_doc).scripts if "type" not in a]
    digests = {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in executable}
    assert digests == allowed, (digests, allowed)


def test_hostile_strings_never_reach_the_page_as_markup(hostile_doc):
    for raw in ("<img src=x", "<script>alert(2)", "onerror=alert(1)>", "<!-- href"):
        assert raw not in hostile_doc, raw


def test_the_heading_and_the_title_are_escaped_text(hostile_doc):
    escaped = "&lt;img src=x onerror=alert(1)&gt; href"
    assert f"<title>{escaped}</title>" in hostile_doc
    assert f'<h1 id="kg-title">{escaped}</h1>' in hostile_doc


def test_the_data_in_the_page_is_the_graph_with_every_string_intact(hostile_doc):
    data_text = next(
        t for a, t in parsed(hostile_doc).scripts if a.get("type") == "application/json"
    )
    data = json.loads(data_text)
    node = next(n for n in data["nodes"] if n["id"] == EVIL)
    assert node["label"] == HOSTILE and node["kind"] == HOSTILE_SCRIPT, node
    assert HOSTILE in node["title"], node["title"]
    assert (len(data["nodes"]), len(data["edges"])) == (4, 4)
    assert data["notes"] == [HOSTILE_SCRIPT]


@pytest.mark.parametrize(
    "value",
    [HOSTILE, HOSTILE_SCRIPT, "a & b > c", "line\u2028separator\u2029", {"k</script>": ["<!--"]}],
    ids=["img", "script", "ampersand", "line-separators", "nested"],
)
def test_json_for_html_round_trips_and_has_no_angle_brackets(value):
    text = json_for_html(value)
    assert not set("<>&\u2028\u2029") & set(text), text
    assert json.loads(text) == value


def test_vis_network_is_inlined_without_its_source_map():
    js = vis_network_js()
    assert "@version 9.1.2" in js[:400] and "sourceMappingURL" not in js


def test_tooltips_show_dates_volume_and_sources():
    data = page_data(hostile_graph())
    edge = next(e for e in data["edges"] if (e["from"], e["to"]) == (RUSSIA, CHINA))
    lines = edge["title"].split("\n")
    assert lines[0] == "Russia → China: arms supply", lines
    assert "from 2015 (2015-01-01 … 2015-12-31), no end recorded" in lines, lines
    assert "1 deal · value USD 5,430,000,000" in lines, lines
    assert lines[lines.index("Sources:") + 1] == f"  {HOSTILE}", lines


def test_symmetric_relations_are_drawn_without_arrows():
    data = page_data(hostile_graph())
    arrows = {e["relation"]: e["arrows"]["to"]["enabled"] for e in data["edges"]}
    assert arrows["supply"] is True and arrows["dispute"] is False, arrows


def test_supply_edges_are_as_wide_as_their_volume():
    g = nx.DiGraph()
    for i, tiv in enumerate((1.0, 10.0, 1000.0)):
        g.add_edge("s", f"r{i}", relation="supply", tiv_delivered=tiv)
    widths = [e["width"] for e in page_data(g)["edges"]]
    assert widths == sorted(widths) and widths[0] < widths[-1], widths


def test_parallel_edges_between_one_pair_bend_apart():
    g = nx.MultiDiGraph()
    for rel in ("supply", "partnership", "dispute"):
        g.add_edge("a", "b", key=rel, relation=rel)
    smooth = [e.get("smooth") for e in page_data(g)["edges"]]
    shapes = {(s["enabled"], s["type"], s["roundness"]) for s in smooth}
    assert len(shapes) == 3, smooth


def test_every_kind_of_actor_and_every_relation_has_a_style():
    actors = set(load_schema().subtypes("Actor")) - {"Actor"}
    assert actors <= set(KINDS), actors - set(KINDS)
    assert set(PROJECTED_RELATIONS) <= set(RELATIONS), set(PROJECTED_RELATIONS) - set(RELATIONS)


def test_findings_are_listed_with_their_edges():
    from kg.export.view import Finding, mark

    g = mark(
        hostile_graph(), [Finding("two clients", (RUSSIA,), ((RUSSIA, INDIA, "supply"),))], "cap"
    )
    data = page_data(g)
    edge = next(e for e in data["edges"] if (e["from"], e["to"]) == (RUSSIA, INDIA))
    assert data["findings"] == [{"text": "two clients", "nodes": [RUSSIA], "edges": [edge["id"]]}]
    assert data["highlight"] == "cap" and edge["title"].endswith("★ two clients"), edge["title"]


def test_writing_the_page_is_atomic_and_readable_by_others(tmp_path):
    path = write_html(hostile_graph(), tmp_path / "out" / "g.html")
    assert sorted(p.name for p in path.parent.iterdir()) == ["g.html"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask, oct(path.stat().st_mode)


_RENDER = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from export_graphs import hostile_graph
from kg.export.html import html_document
print(hashlib.sha256(html_document(hostile_graph()).encode()).hexdigest())
"""


def test_the_same_graph_gives_the_same_bytes_whatever_the_hash_seed():
    code = _RENDER.format(tests=str(ROOT / "tests"))
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env=dict(os.environ, PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1, digests


def test_the_notebook_view_is_the_same_page_in_a_sandboxed_iframe():
    import html

    out = notebook_view(hostile_graph(), title=HOSTILE).data
    srcdoc = re.search(r'srcdoc="([^"]*)"', out).group(1)
    assert html.unescape(srcdoc) == html_document(hostile_graph(), title=HOSTILE)
    assert 'sandbox="allow-scripts allow-downloads"' in out and "allow-same-origin" not in out
    assert "<img" not in out


def test_tooltips_of_heavy_edges_stay_short():
    g = nx.DiGraph()
    many = [f"deal {i}" for i in range(300)]
    g.add_edge(
        "a",
        "b",
        relation="supply",
        label="300 deals: " + "; ".join(many),
        facts=many,
        findings=many,
    )
    title = page_data(g)["edges"][0]["title"]
    assert len(title) < 2_000, len(title)  # 300 deals would be ~5,000 characters in full
    assert "… and 288 more" in title and "★ … and 288 more findings" in title, title


def test_the_panel_lists_at_most_max_findings_and_says_how_many_there_are():
    from kg.export.html import MAX_FINDINGS
    from kg.export.view import Finding, mark

    g = nx.path_graph([f"n{i}" for i in range(MAX_FINDINGS + 11)])
    g = mark(g, [Finding(f"finding {n}", (n,)) for n in g], "many")
    data = page_data(g)
    assert len(data["findings"]) == MAX_FINDINGS
    assert data["notes"][-1].startswith(
        f"The panel lists the first {MAX_FINDINGS:,} of {MAX_FINDINGS + 11:,}"
    ), data["notes"]


def test_the_focus_is_drawn_with_a_dashed_border_and_said_in_its_tooltip():
    from kg.export.view import focus

    data = page_data(focus(hostile_graph(), CHINA, 1))
    node = next(n for n in data["nodes"] if n["id"] == CHINA)
    assert node["shapeProperties"]["borderDashes"] and node["title"].endswith("(the focus)"), node
