"""The timeline chart: fuzzy dates as spans, every event listed, the same bytes every time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.analysis.result import AnalysisResult
from kg.analysis.timeline import timeline
from kg.errors import ExportError
from kg.export.timeline import MAX_ROWS, timeline_bytes, timeline_figure, write_timeline

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def facts(seed_store):
    from kg.facts import Facts

    return Facts.read(seed_store)


def event(label: str, earliest: str | None, latest: str | None, **more) -> dict:
    row = {
        "date": more.pop("date", earliest),
        "earliest": earliest,
        "latest": latest,
        "event": "order",
        "label": label,
        "fact": "https://w3id.org/kg/id/deal/d",
        "fact_label": "a deal",
        "certainty": None,
        "source_titles": ["A source"],
    }
    row.update(more)
    return row


def result_of(rows: list[dict]) -> AnalysisResult:
    return AnalysisResult("timeline", "What happened?", (), rows)


def bars(fig) -> list[tuple[float, float]]:
    """(start, width) of each bar, in matplotlib date units (days)."""
    return [(round(p.get_x(), 3), round(p.get_width(), 3)) for p in fig.axes[0].patches]


def test_the_chinese_deal_has_every_event_in_order_and_the_undated_one_said_so(facts):
    fig = timeline_figure(timeline(facts, "ru-cn-s400-2015"))
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # the article's six events, and a row for each of the deal's years of delivery in
    # SIPRI's row for the same deal (2018 and 2019), placed by date among them
    assert rows == [
        "China orders two S-400 regiments",
        "First S-400 shipments reach China",
        "China's first S-400 fire tests",
        "deliveries in 2018",
        "deliveries in 2019",
        "China's S-400 order only partly delivered",
        "Russia halts S-400 deliveries to China",
        "Resumption of S-400 deliveries to China",
    ], rows
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "  no date recorded (unclear)" in texts, texts
    assert any(t.strip() == "summer 2020 (reported)" for t in texts), texts


def test_a_fuzzy_season_is_a_bar_over_its_months_and_a_day_is_a_diamond():
    fig = timeline_figure(
        result_of(
            [
                event("halt", "2020-06-01", "2020-08-31", date="summer 2020"),
                event("signing", "2021-02-07", "2021-02-07"),
            ]
        )
    )
    assert [w for _, w in bars(fig)] == [92.0], bars(fig)  # June, July, August: 92 days
    diamonds = [line for line in fig.axes[0].lines if line.get_marker() == "D"]
    assert len(diamonds) == 1


def test_an_open_date_runs_off_the_chart_on_its_open_side():
    fig = timeline_figure(
        result_of(
            [
                event("crisis", "2017-01-01", None, date="since 2017"),
                event("order", "2015-01-01", "2015-12-31"),
            ]
        )
    )
    right = fig.axes[0].get_xlim()[1]
    start, width = bars(fig)[0]
    assert round(start + width, 3) == round(right, 3), (bars(fig), right)
    assert [line.get_marker() for line in fig.axes[0].lines] == [">"]


def test_an_actor_pairs_chart_names_its_deals_and_relations(facts):
    fig = timeline_figure(timeline(facts, "Russia", "Turkey"))
    legend = sorted(t.get_text() for t in fig.legends[0].get_texts())
    # SIPRI lists the 48N6 missiles and the 64N6 radar for Turkey's S-400s as deals of their
    # own; its S-400 row shares the article's deal, which keeps the article's label
    assert legend == [
        "Russia to Türkiye: 1 64N6 (ordered 2017)",
        "Russia to Türkiye: 125 48N6 (ordered 2017)",
        "Russia-Turkey S-400 deal (2017)",
        "Turkey in the F-35 programme",
        "Turkey-NATO crisis over the S-400",
    ], legend


def test_long_timelines_say_how_many_events_are_left_out():
    rows = [
        event(f"delivery {i}", f"{1950 + i}-01-01", f"{1950 + i}-12-31")
        for i in range(MAX_ROWS + 5)
    ]
    fig = timeline_figure(result_of(rows))
    assert len(fig.axes[0].get_yticklabels()) == MAX_ROWS
    assert any("5 later events are not drawn" in t.get_text() for t in fig.texts)


def test_dollar_signs_in_labels_are_text_not_mathematics():
    fig = timeline_figure(result_of([event("a $5bn deal for $x$", "2015-01-01", "2015-12-31")]))
    data = timeline_bytes(
        result_of([event("a $5bn deal for $x$", "2015-01-01", "2015-12-31")]), "svg"
    )
    assert fig.axes[0].get_yticklabels()[0].get_text() == r"a \$5bn deal for \$x\$"
    assert data.startswith(b"<?xml")


def test_hostile_labels_cannot_become_svg_markup():
    hostile = "--><script>alert(1)</script><!-- <img src=x onerror=alert(1)>"
    svg = timeline_bytes(result_of([event(hostile, "2015-01-01", "2015-12-31")]), "svg")
    assert b"<script" not in svg and b"<img" not in svg and b"onerror=alert(1)>" not in svg


@pytest.mark.parametrize(
    "suffix, head", [(".svg", b"<?xml"), (".png", PNG_SIGNATURE)], ids=["svg", "png"]
)
def test_the_suffix_chooses_the_format(facts, tmp_path, suffix, head):
    path = write_timeline(timeline(facts, "Russia", "India"), tmp_path / f"t{suffix}")
    assert path.read_bytes().startswith(head)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"t{suffix}"]


def test_an_unknown_suffix_names_the_formats(facts, tmp_path):
    with pytest.raises(ExportError, match=r"FILE\.png or FILE\.svg"):
        write_timeline(timeline(facts, "Russia", "India"), tmp_path / "t.pdf")


def test_a_chart_of_another_analysis_is_refused():
    with pytest.raises(ExportError, match="draws a timeline"):
        timeline_figure(AnalysisResult("balance", "?", (), []))


def test_the_svg_carries_no_date_of_writing(facts):
    svg = timeline_bytes(timeline(facts, "ru-cn-s400-2015"), "svg")
    assert b"<dc:date>" not in svg, "a creation date would change the bytes every run"


_DRAW = """
import hashlib
from kg.build import dataset_from_paths
from kg.analysis.timeline import timeline
from kg.export.timeline import timeline_bytes
result = timeline(dataset_from_paths(), "ru-cn-s400-2015")
print(hashlib.sha256(timeline_bytes(result, "svg")).hexdigest(), hashlib.sha256(timeline_bytes(result, "png")).hexdigest())
"""


def test_the_same_events_give_the_same_bytes_whatever_the_hash_seed():
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DRAW],
            env=dict(os.environ, PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1, digests
