"""Dual supply: suppliers that arm opposing sides of the same dispute.

The seed's question: can Russia keep selling the S-400 to both China and India while the two
clash on their border? A supplier is *exposed* on a dispute when it has deals with parties on
two or more opposing sides (a dispute's side A and side B; or, when no sides are given, any
two of its parties).

A deal counts for a dispute when it may have been running during the dispute or in the
``years`` before it began: its possible span (order to last delivery year; open while no
delivery is recorded) overlaps the dispute's possible span, widened by ``years`` before its
earliest start. The window (``as_of``/``period``) selects the disputes that certainly hold in
it (see :mod:`kg.project`) and drops deals that had not certainly begun by its last day.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from kg.analysis.result import AnalysisResult
from kg.facts import Deal, Facts, Relation, date_text, read_facts
from kg.project import deal_totals
from kg.store import Store

__all__ = ["dual_supply"]

QUESTION = (
    "Which suppliers have deals with parties on opposing sides of a dispute active in the "
    "period, and how large is the exposure?"
)
COLUMNS = (
    ("supplier_label", "supplier"),
    ("dispute_label", "dispute"),
    ("dispute_dates", "dispute dates"),
    ("armed", "sides armed (deals)"),
    ("deals", "deals"),
    ("tiv_delivered", "TIV delivered"),
    ("value", "value"),
    ("sources", "sources"),
)


def _years_before(day: date, years: int) -> date:
    if day == date.min:
        return day
    try:
        return day.replace(year=max(day.year - years, 1))
    except ValueError:  # 29 February
        return day.replace(year=max(day.year - years, 1), day=28)


def dual_supply(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    years: int = 5,
) -> AnalysisResult:
    """Suppliers with deals to two or more opposing sides of a dispute.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    as_of, period, sources, min_certainty
        The filters of :func:`kg.project.transfer_network`; the window selects disputes.
    years : int
        How many years before a dispute began a deal still counts towards it.

    Returns
    -------
    AnalysisResult
        One row per supplier and dispute, largest exposure (TIV, then deals) first: the
        recipients armed on each side with their deals, the number of deals (two sources'
        records of one deal count once), the TIV delivered under those deals (all their
        deliveries) and their value by currency, whether the supplier is itself a party,
        and the sources of the deals and of the dispute.

    Examples
    --------
    >>> result = dual_supply(facts, sources=["episkopos-2021-s400"])
    >>> [(r["supplier_label"], r["dispute_label"], r["armed"]) for r in result.rows]
    [('Russia', 'China-India Himalayan border dispute', ['China (1)', 'India (1)'])]
    >>> result.rows[0]["source_titles"][0][:17]
    'More S-400 Troubl'
    >>> len(dual_supply(facts, as_of="2019-12-31"))  # the dispute began in 2020
    0
    """
    if years < 0:
        from kg.errors import AnalysisError

        raise AnalysisError(f"years must be 0 or more, not {years}")
    facts = read_facts(store)
    sel = facts.select(as_of, period, sources, min_certainty, timed=False)
    w = sel.window
    last = w.last if w is not None else date.max
    by_recipient: dict[str, list[Deal]] = defaultdict(list)
    for d in sel.deals:
        if d.span.begun_by <= last:
            by_recipient[d.recipient].append(d)
    starts: dict[str, list[date]] = {}
    for r, deals in by_recipient.items():
        deals.sort(key=lambda d: (d.span.possible_start, d.iri))
        starts[r] = [d.span.possible_start for d in deals]

    rows = []
    for dispute in sel.relations:
        if dispute.relation != "dispute" or not dispute.span.holds(w):
            continue
        lo = _years_before(dispute.span.possible_start, years)
        hi = dispute.span.possible_end
        # supplier -> side index -> recipient -> deals
        armed: dict[str, dict[int, dict[str, list[Deal]]]] = defaultdict(lambda: defaultdict(dict))
        for i, side in enumerate(dispute.sides):
            for party in side:
                deals = by_recipient.get(party)
                if not deals:
                    continue
                stop = bisect.bisect_right(starts[party], hi)
                for d in deals[:stop]:
                    if d.span.possible_end >= lo:
                        armed[d.supplier][i].setdefault(party, []).append(d)
        for supplier, sides in armed.items():
            if len(sides) >= 2:
                rows.append(_row(facts, supplier, dispute, sides))
    rows.sort(
        key=lambda r: (
            -(r["tiv_delivered"] or 0.0),
            -r["deals"],
            r["supplier_label"],
            r["dispute_label"],
            r["supplier"],
            r["dispute"],
        )
    )
    params = dict(sel.params(), years=years)
    return AnalysisResult(
        "dual-supply",
        QUESTION,
        COLUMNS,
        rows,
        params,
        {
            "cases": len(rows),
            "suppliers": len({r["supplier"] for r in rows}),
            "disputes": len({r["dispute"] for r in rows}),
        },
    )


def _side_name(facts: Facts, dispute: Relation, i: int) -> str:
    """Side A or B when the source named sides; else the one party the side is."""
    return "AB"[i] if dispute.sided else facts.label(dispute.sides[i][0])


def _row(
    facts: Facts, supplier: str, dispute: Relation, sides: dict[int, dict[str, list[Deal]]]
) -> dict[str, Any]:
    side_rows = []
    armed_text = []
    clusters: dict[str, list[Deal]] = defaultdict(list)
    for i in sorted(sides):
        recipients = []
        for party in sorted(sides[i], key=lambda p: (facts.label(p), p)):
            deals = sides[i][party]
            n = len({d.cluster for d in deals})
            armed_text.append(f"{facts.label(party)} ({n})")
            recipients.append(
                {
                    "recipient": party,
                    "label": facts.label(party),
                    "deals": [
                        {
                            "deal": d.iri,
                            "label": d.label,
                            "order_date": date_text(d.order)["text"],
                            "delivery_years": list(d.delivery_years),
                            "tiv_delivered": d.tiv_delivered,
                            "value": dict(d.value),
                            "sources": list(d.sources),
                        }
                        for d in deals
                    ],
                }
            )
            for d in deals:
                clusters[d.cluster].append(d)
        side_rows.append({"side": _side_name(facts, dispute, i), "recipients": recipients})
    tiv, value = deal_totals(clusters.values())  # all their deliveries: no window
    sources = sorted(
        {s for ms in clusters.values() for m in ms for s in m.sources} | set(dispute.sources)
    )
    start, end = date_text(dispute.span.start), date_text(dispute.span.end)
    return {
        "supplier": supplier,
        "supplier_label": facts.label(supplier),
        "dispute": dispute.iri,
        "dispute_label": dispute.label,
        "dispute_start": start["text"],
        "dispute_end": end["text"],
        "dispute_dates": f"{start['text'] or '?'} to {end['text'] or '...'}",
        "sides": side_rows,
        "armed": armed_text,
        "supplier_is_party": supplier in dispute.parties,
        "deals": len(clusters),
        "tiv_delivered": tiv,
        "value": value,
        "facts": sorted({m.iri for ms in clusters.values() for m in ms} | {dispute.iri}),
        "sources": sources,
        "source_titles": facts.titles(sources),
    }
