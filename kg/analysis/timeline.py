"""Timelines: the dated events of a deal, a weapon system, an actor or a pair of actors.

Events are the deals' orders and years of delivery, their recorded events (shipments,
suspensions, training...), statements about them, and the starts, ends and "still going on"
days of the relations involved (disputes, partnerships, crises, sanctions, memberships),
including those that are about the deals (a crisis over a purchase, a removal from a
programme). Two sources' records of one deal (linked by ``kg:reportsDeal``) appear together.

Fuzzy dates are shown as written ("early 2018", "later that year") with their bounds. Events
are ordered by the day by which they had certainly happened (their latest possible day; the
earliest for open-ended dates such as "since 2017"), then by their earliest possible day, so
"by mid-2020" comes before "summer 2020". Undated events come last.
With a window, events that may fall within it are kept (and undated ones).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kg.analysis.result import AnalysisResult
from kg.errors import AnalysisError
from kg.facts import Deal, Facts, Relation, Window, date_text, read_facts
from kg.fuzzydate import FuzzyDate
from kg.store import Store

__all__ = ["timeline"]

QUESTION = "What happened, and when, to {what}?"
COLUMNS = (
    ("date", "date"),
    ("bounds", "between"),
    ("event", "event"),
    ("label", "what"),
    ("fact_label", "deal or relation"),
    ("certainty", "certainty"),
    ("attributed_label", "according to"),
    ("sources", "sources"),
)


def _may_fall_in(fd: FuzzyDate | None, w: Window | None) -> bool:
    if w is None or fd is None:
        return True
    last = w.last
    first = date.min if w.point else w.first
    return (fd.earliest or date.min) <= last and (fd.latest or date.max) >= first


def timeline(
    store: Store | Facts,
    *names: str,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> AnalysisResult:
    """The ordered, dated events of a deal, a weapon system, an actor or a pair of actors.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    *names : str
        One name (a deal, a weapon system or an actor: id, label, alias or code) or two
        actors (their deals with each other and the relations between them).
    as_of : optional
        Only events that may have happened by that day.
    period : (since, until), optional
        Only events that may fall within the period.
    sources, min_certainty
        As for :func:`kg.project.transfer_network`.

    Returns
    -------
    AnalysisResult
        One row per event, with its date as written and its bounds, the deal or relation it
        belongs to, its certainty, whom the source attributes it to, and the sources.

    Examples
    --------
    >>> rows = timeline(facts, "ru-cn-s400-2015", sources=["episkopos-2021-s400"]).rows
    >>> [(r["date"], r["event"]) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('2015', 'order'), ('early 2018', 'shipments-began'), ('later that year', 'fire-test'),
     ('by mid-2020', 'partial-delivery'), ('summer 2020', 'suspension'), (None, 'resumption')]
    >>> [r["event"] for r in timeline(facts, "China", "India").rows]
    ['dispute began', 'dispute ongoing']
    """
    if len(names) not in (1, 2):
        raise AnalysisError("a timeline is of one deal, system or actor, or of two actors")
    facts = read_facts(store)
    # the window is recorded (for the params) but applied to events below, not to the facts
    sel = facts.select(as_of, period, sources, min_certainty, timed=False)
    w = sel.window
    if len(names) == 2:
        a, b = (facts.resolve(n, ["Actor"]) for n in names)
        pair = {a, b}
        what = f"{facts.label(a)} and {facts.label(b)}"
        deals = [d for d in sel.deals if {d.supplier, d.recipient} == pair]
        relations = [r for r in sel.relations if pair <= set(r.parties)]
        target = [a, b]
    else:
        t = facts.resolve(names[0], ["ArmsDeal", "WeaponSystem", "Actor"])
        kind = facts.kind(t)
        what = facts.label(t)
        target = [t]
        relations = []
        if kind == "ArmsDeal":
            clusters = {d.cluster for d in sel.deals if d.iri == t}
            deals = [d for d in sel.deals if d.cluster in clusters or d.iri == t]
        elif kind == "WeaponSystem":
            deals = [d for d in sel.deals if t in d.systems]
        else:
            deals = [d for d in sel.deals if t in (d.supplier, d.recipient)]
            relations = [r for r in sel.relations if t in r.parties]
    deal_iris = {d.iri for d in deals}
    relations = {r.iri: r for r in relations}
    for r in sel.relations:
        if deal_iris & set(r.deals):
            relations.setdefault(r.iri, r)
    rows: list[dict[str, Any]] = []
    by_iri: dict[str, Deal] = {}
    for d in deals:
        by_iri.setdefault(d.iri, d)
    events = facts.events(by_iri, sources, min_certainty)
    ordered = {e.deal for e in events if e.kind == "order"}
    for d in by_iri.values():
        if d.order is not None and d.iri not in ordered:
            rows.append(
                _row(
                    facts,
                    "order",
                    f"{d.label} ordered",
                    d.order,
                    d,
                    d.certainty,
                    (),
                    d.order_sources,  # the sources that give the order date, not all the deal's
                )
            )
        for y in d.delivery_years:
            fd = FuzzyDate(str(y), date(y, 1, 1), date(y, 12, 31), "year")
            rows.append(
                _row(
                    facts,
                    "delivery",
                    f"deliveries in {y}",
                    fd,
                    d,
                    d.certainty,
                    (),
                    d.sources_of_year(y),  # the sources that give this year, not all the deal's
                )
            )
    for e in events:
        d = by_iri[e.deal]
        rows.append(
            _row(facts, e.kind, e.label, e.date, d, e.certainty, e.attributed_to, e.sources)
        )
    # each row cites the sources that give its date, not all the relation's
    for r in relations.values():
        name = r.relation
        if r.span.start is not None:
            rows.append(
                _row(
                    facts,
                    f"{name} began",
                    r.label,
                    r.span.start,
                    r,
                    r.certainty,
                    (),
                    r.start_sources,
                )
            )
        for day in r.ongoing_at:
            fd = FuzzyDate(day.isoformat(), day, day, "day")
            rows.append(
                _row(
                    facts,
                    f"{name} ongoing",
                    r.label,
                    fd,
                    r,
                    r.certainty,
                    (),
                    r.sources_of_ongoing(day),
                )
            )
        if r.span.end is not None:
            rows.append(
                _row(facts, f"{name} ended", r.label, r.span.end, r, r.certainty, (), r.end_sources)
            )
    rows = [r for r in rows if _may_fall_in(r.pop("_date"), w)]
    rows.sort(
        key=lambda r: (
            r["earliest"] is None and r["latest"] is None,
            r["latest"] or r["earliest"] or "",
            r["earliest"] or "",
            r["label"],
            r["fact"],
        )
    )
    params = {"of": target, **sel.params()}
    summary = {"events": len(rows), "deals": len(by_iri), "relations": len(relations)}
    return AnalysisResult("timeline", QUESTION.format(what=what), COLUMNS, rows, params, summary)


def _row(
    facts: Facts,
    event: str,
    label: str,
    fd: FuzzyDate | None,
    fact: Deal | Relation,
    certainty: str | None,
    attributed: Iterable[str],
    sources: Iterable[str] | None = None,
) -> dict[str, Any]:
    t = date_text(fd)
    src = sorted(sources if sources is not None else fact.sources)
    attributed = sorted(attributed)
    bounds = None
    if fd is not None and (t["earliest"] != t["latest"] or t["text"] != t["earliest"]):
        bounds = f"{t['earliest'] or '...'} to {t['latest'] or '...'}"
    return {
        "_date": fd,
        "date": t["text"],
        "earliest": t["earliest"],
        "latest": t["latest"],
        "precision": fd.precision if fd is not None else None,
        "bounds": bounds,
        "event": event,
        "label": label,
        "fact": fact.iri,
        "fact_label": fact.label,
        "certainty": certainty,
        "attributed_to": attributed,
        "attributed_label": [facts.label(a) for a in attributed],
        "sources": src,
        "source_titles": facts.titles(src),
    }
