"""A static timeline chart of a deal's or a pair of actors' events, PNG or SVG, for reports.

The events come from :func:`kg.analysis.timeline.timeline` (orders, deliveries, shipments,
suspensions, statements; the starts and ends of disputes, crises, memberships...). Each event
is a row, in that analysis's order. Fuzzy dates are drawn as what they are, spans:
"summer 2020" is a bar from June to August, "2015" a bar over the year, an exact day a
diamond; an open date ("since 2017", "by mid-2020") is a bar that runs off the chart on its
open side, and an undated event says so. The date as the source wrote it is printed beside
each bar. Colours tell the deals and relations apart (the legend names them); hatched bars
are claims the source does not give as confirmed (reported, estimated, disputed, unclear).
The footer lists the sources.

Output is deterministic: matplotlib's SVG ids are salted with a fixed string instead of a
random one, and neither file carries a creation date or software version, so the same
events give the same bytes. Text from the data is drawn as text, never as mathtext (``$``
is escaped), and SVG text becomes paths (comments in the file are XML-escaped by matplotlib).
"""

from __future__ import annotations

import logging
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kg.analysis.result import AnalysisResult
from kg.errors import ExportError
from kg.export.output import write_atomic
from kg.export.style import RELATIONS

__all__ = ["FORMATS", "MAX_ROWS", "timeline_figure", "timeline_bytes", "write_timeline"]

log = logging.getLogger(__name__)

FORMATS = ("png", "svg")
#: Rows drawn at most; a chart taller than a page is no longer read (the rest are counted).
MAX_ROWS = 60
_RC = {
    "svg.hashsalt": "kg-timeline",  # fixed ids: byte-identical SVG for the same events
    "svg.fonttype": "path",  # text as paths: the file looks the same without the fonts
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine draws the same
    "font.size": 9,
}
_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}
_PALETTE = (
    RELATIONS["supply"].color,
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7f7f7f",
    "#4e79a7",
    "#9c755f",
    "#b07aa1",
)
_RELATION_COLOUR = {name: style.color for name, style in RELATIONS.items()}


def _text(value: Any, width: int | None = None) -> str:
    """Data text for matplotlib: no mathtext, shortened to ``width`` characters."""
    text = " ".join(str(value).split())
    if width and len(text) > width:
        text = text[: width - 1] + "\u2026"
    return text.replace("$", r"\$")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row_label(r: dict[str, Any]) -> str:
    """What a row says: the event's label, and for a relation what happened to it."""
    label = str(r["label"])
    if label == r.get("fact_label") and r.get("event"):
        label = f"{label}: {r['event']}"
    return "\n".join(textwrap.wrap(_text(label), 46, max_lines=2, placeholder=" \u2026"))


def _colours(rows: list[dict[str, Any]]) -> dict[str, str]:
    """A colour per deal or relation: a relation in its relation's colour when that is free,
    else the next colour of the palette, in order of first appearance."""
    out: dict[str, str] = {}
    used: set[str] = set()
    spare = iter(_PALETTE * (1 + len(rows) // len(_PALETTE)))
    for r in rows:
        fact = r["fact"]
        if fact in out:
            continue
        relation = str(r["event"]).split(" ", 1)[0]
        wanted = _RELATION_COLOUR.get(relation)
        if wanted is None or wanted in used:
            wanted = next(c for c in spare if c not in used or len(used) >= len(_PALETTE))
        out[fact] = wanted
        used.add(wanted)
    return out


def timeline_figure(result: AnalysisResult, title: str | None = None, max_rows: int = MAX_ROWS):
    """The chart of a timeline result, as a matplotlib Figure (no pyplot, no global state).

    >>> from kg.analysis.timeline import timeline
    >>> fig = timeline_figure(timeline(facts, "ru-cn-s400-2015"))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
    ['China orders two S-400 regiments', 'First S-400 shipments reach China']
    """
    import matplotlib
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure

    if result.analysis != "timeline":
        raise ExportError(f"a timeline chart draws a timeline, not {result.analysis!r}")
    rows = list(result.rows)
    left_out = max(0, len(rows) - max_rows)
    rows = rows[:max_rows]
    days = [d for r in rows for d in (_day(r["earliest"]), _day(r["latest"])) if d is not None]
    if days:
        lo, hi = min(days), max(days)
    else:
        lo = hi = date(2000, 1, 1)  # nothing dated: any axis will do, every row says "no date"
    pad = max(timedelta(days=120), (hi - lo) * 0.08)
    x0, x1 = lo - pad, hi + pad
    colours = _colours(rows)
    n = max(len(rows), 1)

    sources = sorted({t for r in result.rows for t in r.get("source_titles") or []})
    footer = [
        "Bars span the days a fuzzy date allows; \u25c6 an exact day; a bar running off the "
        "chart is open on that side. Hatched: reported, estimated, disputed or unclear claims."
    ]
    if left_out:
        footer.append(f"{left_out} later events are not drawn (narrow the period to see them).")
    if sources:
        footer += textwrap.wrap("Sources: " + "; ".join(sources), 150)
    legend_rows = (len(colours) + 1) // 2

    # the layout in inches, top to bottom: title, events, date axis, legend, footer
    title_h, row_h, axis_h, legend_h, line_h, pad = 0.55, 0.34, 0.45, 0.2, 0.15, 0.1
    footer_h = line_h * len(footer)
    below = pad + footer_h + legend_h * legend_rows + axis_h
    height = title_h + row_h * n + below
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(11, height), dpi=100)
        ax = fig.add_axes((0.33, below / height, 0.52, row_h * n / height))
        ax.set_xlim(mdates.date2num(x0), mdates.date2num(x1))
        ax.set_ylim(n - 0.5, -0.5)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_row_label(r) for r in rows])
        ax.tick_params(axis="y", length=0, labelsize=8.5)
        left_edge, right_edge = mdates.date2num(x0), mdates.date2num(x1)
        for y, r in enumerate(rows):
            colour = colours[r["fact"]]
            doubtful = r.get("certainty") not in (None, "confirmed")
            start, end = _day(r["earliest"]), _day(r["latest"])
            written = _text(r["date"] or "no date recorded", 40)
            if doubtful:
                written += f" ({_text(r['certainty'])})"
            if start is None and end is None:
                ax.text(
                    left_edge,
                    y,
                    "  " + written,
                    va="center",
                    ha="left",
                    color="#777777",
                    style="italic",
                )
                continue
            a = mdates.date2num(start) if start else left_edge
            b = mdates.date2num(end + timedelta(days=1)) if end else right_edge
            if start is not None and start == end:
                ax.plot(
                    [(a + b) / 2],
                    [y],
                    marker="D",
                    markersize=7,
                    color=colour,
                    markeredgecolor="#222222",
                    markeredgewidth=0.6,
                )
            else:
                ax.barh(
                    y,
                    b - a,
                    left=a,
                    height=0.55,
                    color=colour,
                    alpha=0.35 if doubtful else 0.75,
                    hatch="////" if doubtful else None,
                    edgecolor=colour,
                    linewidth=0.8,
                )
                if start is None:
                    ax.plot([a], [y], marker="<", color=colour, markersize=6, clip_on=False)
                if end is None:
                    ax.plot([b], [y], marker=">", color=colour, markersize=6, clip_on=False)
            if end is not None:  # the date as written, after the bar (or the diamond)
                ax.text(
                    b,
                    y,
                    ("   " if start == end else " ") + written,
                    va="center",
                    ha="left",
                    fontsize=8,
                    color="#333333",
                    clip_on=False,
                )
            else:  # open to the right: inside the bar, at its start
                ax.text(
                    a,
                    y,
                    f" {written} ",
                    va="center",
                    ha="left",
                    fontsize=8,
                    color="#222222",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
                )
        fig.suptitle(
            _text(title or result.question, 120),
            x=0.02,
            y=1 - 0.12 / height,
            ha="left",
            va="top",
            fontsize=11,
            fontweight="bold",
        )
        handles = [
            matplotlib.patches.Patch(
                color=c, label=_text(next(r["fact_label"] for r in rows if r["fact"] == f), 70)
            )
            for f, c in colours.items()
        ]
        if handles:
            fig.legend(
                handles=handles,
                loc="upper left",
                ncols=2,
                frameon=False,
                fontsize=8,
                bbox_to_anchor=(0.02, (pad + footer_h + legend_h * legend_rows + 0.05) / height),
            )
        fig.text(
            0.02,
            pad / height,
            "\n".join(_text(f) for f in footer),
            fontsize=7,
            color="#555555",
            va="bottom",
            ha="left",
        )
    return fig


def timeline_bytes(result: AnalysisResult, fmt: str = "svg", title: str | None = None) -> bytes:
    """The chart as PNG or SVG bytes, the same bytes for the same events.

    >>> from kg.analysis.timeline import timeline
    >>> timeline_bytes(timeline(facts, "Russia", "India"), "svg")[:5]
    b'<?xml'
    """
    import io

    import matplotlib

    if fmt not in FORMATS:
        raise ExportError(f"a timeline is written as {' or '.join(FORMATS)}, not {fmt!r}")
    fig = timeline_figure(result, title)
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt], dpi=150 if fmt == "png" else 100)
    return buf.getvalue()


def write_timeline(result: AnalysisResult, path: Path | str, title: str | None = None) -> Path:
    """Write the chart to ``path`` (``.png`` or ``.svg``, by its suffix), atomically."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(
            f"{path}: name the chart FILE.png or FILE.svg (got {path.suffix or 'no suffix'!r})"
        )
    return write_atomic(path, timeline_bytes(result, fmt, title))
