"""`kg export`, as a user types it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-cli") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def export(built: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", *args, "--data", str(built)])
    assert result.exit_code == 0, result.output
    return result.output


def fails(built: Path, *args: str, data: bool = True) -> str:
    extra = ["--data", str(built)] if data else []
    result = CliRunner().invoke(main, ["export", *args, *extra])
    assert result.exit_code != 0, result.output
    return result.output


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(
        re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S).group(
            1
        )
    )


def test_the_acceptance_export_draws_the_s400_cast(built, tmp_path):
    out = export(built, "html", "--analysis", "dual-supply", "-o", str(tmp_path / "s400.html"))
    # the article's 8 edges (3 supply, 2 partnerships, the dispute, the crisis, the F-35
    # membership) and SIPRI's Russia -> Belarus supply; SIPRI's other rows (the article's
    # deals again, and their missiles and radar) join the three supply edges already there
    assert out.startswith(f"wrote {tmp_path / 's400.html'}: 7 nodes, 9 edges"), out
    data = page_data(tmp_path / "s400.html")
    labels = sorted(n["label"] for n in data["nodes"])
    s400_cast = {
        "China",
        "F-35 programme",
        "India",
        "North Atlantic Treaty Organization",
        "Russia",
        "Türkiye",
    }
    assert s400_cast <= set(labels), labels
    assert labels == sorted([*s400_cast, "Belarus"]), labels  # no filter: the whole graph
    assert len(data["findings"]) == 1 and len(data["findings"][0]["edges"]) == 3, data["findings"]


@pytest.mark.parametrize(
    "args, nodes",
    [
        (["--focus", "Turkey"], 4),
        (["--focus", "NATO", "--depth", "2"], 4),
        (["--as-of", "2016-12-31"], 5),  # before Turkey's deal and the crisis with NATO
        # the article's cast; Belarus ordered its S-400s in 2021, after the period
        (["--period", "2017..2018"], 6),
        (["--since", "2017", "--until", "2018"], 6),
        (["--graph", "transfers"], 5),  # Russia and its four S-400 clients, Belarus too
        # the seven actors but the F-35 programme: a membership has no sign
        (["--graph", "signed", "--analysis", "balance"], 6),
        (["--source", "episkopos-2021-s400", "--min-certainty", "reported"], 6),  # no Belarus
        # Russia, China, India, the dispute and five deals: the article's two (SIPRI's rows
        # for them share their IRIs) and SIPRI's three missile orders (two by China, one by India)
        (["--query", "dual-supply"], 9),
        (["--query", "dual-supply", "--link", "supplier", "recipient"], 3),
        # the article's three deals, which SIPRI's rows share, and SIPRI's order from Belarus
        (["--query", "system-orders", "-p", "system=S-400"], 4),
        (["--max-nodes", "2"], 2),
        (["--title", "S-400"], 7),  # the whole graph: the article's six actors and Belarus
    ],
    ids=[
        "focus",
        "depth",
        "as-of",
        "period",
        "since-until",
        "transfers",
        "signed-balance",
        "source-certainty",
        "query",
        "query-link",
        "query-param",
        "max-nodes",
        "title",
    ],
)
def test_html_options_choose_what_is_drawn(built, tmp_path, args, nodes):
    path = tmp_path / "g.html"
    export(built, "html", *args, "-o", str(path))
    data = page_data(path)
    assert len(data["nodes"]) == nodes, [n["label"] for n in data["nodes"]]
    if "--title" in args:
        assert data["title"] == "S-400", data["title"]


def test_max_edges_keeps_the_heaviest_and_says_so(built, tmp_path):
    out = export(built, "html", "--max-edges", "3", "-o", str(tmp_path / "g.html"))
    # the article's 8 edges and SIPRI's Russia -> Belarus supply
    assert "the 3 heaviest of 9 edges" in out, out
    # no findings, so SIPRI's TIV delivered decides: China 965, India 621, Türkiye 279.5
    # (Belarus 160.8); Belarus, NATO and the F-35 programme lose their only edges
    assert out.startswith(f"wrote {tmp_path / 'g.html'}: 4 nodes, 3 edges"), out
    assert "nor the 3 nodes they alone connected" in out, out
    data = page_data(tmp_path / "g.html")
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    kept = sorted((labels[e["from"]], labels[e["to"]], e["relation"]) for e in data["edges"])
    assert kept == [
        ("Russia", "China", "supply"),
        ("Russia", "India", "supply"),
        ("Russia", "Türkiye", "supply"),
    ], kept


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_for_gephi_and_cytoscape(built, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    out = export(built, fmt, "--as-of", "2021-02-07", "-o", str(path))
    back = (
        nx.read_graphml(io.BytesIO(path.read_bytes())) if fmt == "graphml" else nx.read_gexf(path)
    )
    assert out.startswith(
        f"wrote {path}: {back.number_of_nodes()} nodes, {back.number_of_edges()} edges"
    ), out


@pytest.mark.parametrize(
    "args, suffix",
    [(["--deal", "ru-cn-s400-2015"], ".svg"), (["--pair", "Russia", "Turkey"], ".png")],
    ids=["deal-svg", "pair-png"],
)
def test_timeline_charts(built, tmp_path, args, suffix):
    path = tmp_path / f"t{suffix}"
    out = export(built, "timeline", *args, "-o", str(path))
    assert out.startswith(f"wrote {path}: "), out
    assert path.stat().st_size > 10_000, "an empty chart"  # the smallest real chart is ~60 kB


def test_timeline_options_narrow_the_events(built, tmp_path):
    out = export(
        built,
        "timeline",
        "--deal",
        "ru-cn-s400-2015",
        "--period",
        "2020..",
        "--min-certainty",
        "reported",
        "--source",
        "episkopos-2021-s400",
        "--title",
        "China",
        "-o",
        str(tmp_path / "t.svg"),
    )
    # of the article's six events of the deal, two may fall in 2020 or later and are at least
    # "reported" (SIPRI's delivery years, 2018 and 2019, are another source's and earlier)
    assert out.startswith(f"wrote {tmp_path / 't.svg'}: 2 events"), out


@pytest.mark.parametrize(
    "args, message",
    [
        (["html", "--focus", "Narnia", "-o", "x.html"], "no entity is called 'Narnia'"),
        (["html", "--period", "2015-2020", "-o", "x.html"], "--period takes SINCE..UNTIL"),
        (["html", "--period", "2015..", "--since", "2015", "-o", "x.html"], "not both"),
        (
            ["html", "--as-of", "2020", "--period", "2015..", "-o", "x.html"],
            "give --as-of or a period",
        ),
        (
            ["html", "--query", "dual-supply", "--graph", "signed", "-o", "x.html"],
            "--query or --graph",
        ),
        (
            ["html", "--query", "dual-supply", "--as-of", "2020", "-o", "x.html"],
            "a query selects its own rows",
        ),
        (["html", "--link", "a", "b", "-o", "x.html"], "--param and --link go with --query"),
        (["html", "--query", "dual-supply", "-p", "nonsense", "-o", "x.html"], "NAME=VALUE"),
        (["html", "--analysis", "centrality", "-o", "x.html"], "Invalid value for '--analysis'"),
        (["timeline", "-o", "t.svg"], "give --deal NAME or --pair A B"),
        (["timeline", "--deal", "ru-cn-s400-2015", "-o", "t.pdf"], "FILE.png or FILE.svg"),
        (["html"], "Missing option '-o'"),
    ],
    ids=[
        "unknown-focus",
        "bad-period",
        "period-and-since",
        "as-of-and-period",
        "query-and-graph",
        "query-and-as-of",
        "link-without-query",
        "bad-param",
        "unknown-analysis",
        "timeline-of-nothing",
        "timeline-suffix",
        "no-output",
    ],
)
def test_bad_options_exit_non_zero_with_the_fix(built, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    out = fails(built, *args)
    assert message in out, out
    assert list(tmp_path.iterdir()) == [], "a failed export left a file behind"


def test_export_without_a_build_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(
        main, ["export", "html", "-o", str(tmp_path / "g.html"), "--data", str(tmp_path / "none")]
    )
    assert result.exit_code == 1 and "run `kg build` first" in result.output, result.output


def test_a_failed_export_leaves_the_previous_file_untouched(built, tmp_path):
    path = tmp_path / "g.html"
    path.write_text("previous")
    fails(built, "html", "--focus", "Narnia", "-o", str(path))
    assert path.read_text() == "previous"
