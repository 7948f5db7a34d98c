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
    assert out.startswith(f"wrote {tmp_path / 's400.html'}: 6 nodes, 8 edges"), out
    data = page_data(tmp_path / "s400.html")
    assert sorted(n["label"] for n in data["nodes"]) == [
        "China",
        "F-35 programme",
        "India",
        "North Atlantic Treaty Organization",
        "Russia",
        "Türkiye",
    ]
    assert len(data["findings"]) == 1 and len(data["findings"][0]["edges"]) == 3, data["findings"]


@pytest.mark.parametrize(
    "args, nodes",
    [
        (["--focus", "Turkey"], 4),
        (["--focus", "NATO", "--depth", "2"], 4),
        (["--as-of", "2016-12-31"], 5),  # before Turkey's deal and the crisis with NATO
        (["--period", "2017..2018"], 6),
        (["--since", "2017", "--until", "2018"], 6),
        (["--graph", "transfers"], 4),
        (["--graph", "signed", "--analysis", "balance"], 5),
        (["--source", "episkopos-2021-s400", "--min-certainty", "reported"], 6),
        (["--query", "dual-supply"], 6),
        (["--query", "dual-supply", "--link", "supplier", "recipient"], 3),
        (["--query", "system-orders", "-p", "system=S-400"], 3),
        (["--max-nodes", "2"], 2),
        (["--title", "S-400"], 6),
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
    assert "the 3 heaviest of 8 edges" in out, out


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
    # of the deal's six events, two may fall in 2020 or later and are at least "reported"
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
