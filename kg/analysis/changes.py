"""What changed between two dates: the relations and arms transfers that began or ended.

A fact *began* between the days ``first`` and ``second`` when it had not certainly begun on
``first`` (its start's latest day is after it) and had certainly begun by ``second``; it
*ended* when it was certainly still going on at ``first`` (its end's earliest day is after
it) and had certainly ended by ``second`` (its end's latest day is on or before it). So a
dispute that both broke out and was settled in between shows twice. A fact whose start or
end is known only vaguely enough that it may have changed before ``first`` is marked
``certain: False``. Arms deals begin with their order and end with their last year of
delivery (see :mod:`kg.project`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kg.analysis.result import AnalysisResult
from kg.errors import AnalysisError
from kg.facts import Deal, Facts, Relation, Span, date_text, merge_dates, read_facts, window
from kg.fuzzydate import FuzzyDate
from kg.store import Store

__all__ = ["changes"]

QUESTION = "Which relations and arms transfers began or ended between {first} and {second}?"
COLUMNS = (
    ("change", "change"),
    ("relation", "relation"),
    ("label", "what"),
    ("actors_label", "between"),
    ("date", "date"),
    ("certain", "certainly in between"),
    ("sources", "sources"),
)


def _began(span: Span, first: date, second: date) -> bool:
    return span.start is not None and first < span.begun_by <= second


def _ended(span: Span, end: FuzzyDate | None, first: date, second: date) -> bool:
    if end is None or end.latest is None:
        return False
    return span.ends_from > first and end.latest <= second


def changes(
    store: Store | Facts,
    first: Any,
    second: Any,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> AnalysisResult:
    """The relations and arms transfers that began or ended between two days.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    first, second : date, year or fuzzy date text
        The two days; a year stands for its first day (``first``) or its last (``second``).
    sources, min_certainty
        As for :func:`kg.project.transfer_network`.

    Returns
    -------
    AnalysisResult
        One row per change, by date: ``began`` or ``ended``, the relation (``supply`` for a
        deal), the actors, the start or end as written, and the sources.

    Examples
    --------
    >>> article = ["episkopos-2021-s400"]  # the seed article's claims only
    >>> rows = changes(facts, "2019-12-31", "2021-02-07", sources=article).rows
    >>> [(r["change"], r["relation"], r["label"]) for r in rows]
    [('began', 'dispute', 'China-India Himalayan border dispute')]
    >>> [(r["change"], r["label"]) for r in changes(facts, 2016, 2018, sources=article).rows]
    [('began', 'Turkey-NATO crisis over the S-400'), ('began', 'Russia-Turkey S-400 deal (2017)'), ('began', 'Russia-India S-400 deal (2018)')]
    """
    w = window(period=(first, second))
    if w is None or w.first == date.min or w.last == date.max:
        raise AnalysisError("changes are between two days: give both")
    facts = read_facts(store)
    sel = facts.select(None, None, sources, min_certainty, timed=False)
    rows: list[dict[str, Any]] = []
    # Records of one deal in several sources (kg:reportsDeal) change together: one row.
    grouped: dict[tuple, list[tuple[Deal | Relation, FuzzyDate | None]]] = {}
    for fact in [*sel.deals, *sel.relations]:
        span = fact.span
        for change, fd, happened in (
            ("began", span.start, _began(span, w.first, w.last)),
            ("ended", span.end, _ended(span, span.end, w.first, w.last)),
        ):
            if not happened:
                continue
            if isinstance(fact, Deal):
                key = (change, fact.cluster, fact.supplier, fact.recipient)
            else:
                key = (change, fact.iri)
            grouped.setdefault(key, []).append((fact, fd))
    for (change, *_), members in grouped.items():
        rows.append(_row(facts, change, members, w.first))
    rows.sort(
        key=lambda r: (
            r["latest"] or r["earliest"] or "",
            r["earliest"] or "",
            r["change"],
            r["label"],
            r["fact"],
        )
    )
    # the selection has no window (the two days are not a period the facts hold in)
    params = {"first": w.first.isoformat(), "second": w.last.isoformat(), **sel.params()}
    summary = {
        "began": sum(1 for r in rows if r["change"] == "began"),
        "ended": sum(1 for r in rows if r["change"] == "ended"),
    }
    question = QUESTION.format(first=params["first"], second=params["second"])
    return AnalysisResult("changes", question, COLUMNS, rows, params, summary)


def _row(
    facts: Facts,
    change: str,
    members: list[tuple[Deal | Relation, FuzzyDate | None]],
    first: date,
) -> dict[str, Any]:
    members.sort(key=lambda m: m[0].iri)
    fact = members[0][0]
    fd = merge_dates(d for _, d in members if d is not None)
    t = date_text(fd)
    if isinstance(fact, Deal):
        relation, actors = "supply", [fact.supplier, fact.recipient]
    else:
        relation = fact.relation
        actors = (
            [fact.source_node, fact.target_node]
            if fact.source_node is not None
            else list(fact.parties)
        )
    certain = fd is not None and fd.earliest is not None and fd.earliest > first
    src = sorted({s for m, _ in members for s in m.sources})
    return {
        "change": change,
        "relation": relation,
        "fact": fact.iri,
        "facts": sorted({m.iri for m, _ in members}),
        "label": fact.label,
        "actors": actors,
        "actors_label": [facts.label(a) for a in actors],
        "date": t["text"],
        "earliest": t["earliest"],
        "latest": t["latest"],
        "certain": certain,
        "sources": src,
        "source_titles": facts.titles(src),
    }
