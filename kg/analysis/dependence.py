"""Dependence: how concentrated each recipient's arms supply is, and on whom it depends.

For each recipient, every supplier's share of the volume it received over the period, and
the Herfindahl-Hirschman index of those shares (the sum of squared shares: 1.0 when one
supplier delivers everything, 1/n for n equal suppliers). Volume is SIPRI's TIV delivered
(spread over the years of delivery, see :mod:`kg.project`) or, when no deal carries a TIV,
the number of deals; the rows say which.

As of a day, the shares are those of the deals under way that day (their TIV delivered by
then); for everything delivered up to a day, take the period ``(None, day)`` (``--until``).

A recipient is *exposed* when a supplier it depends on (a share of at least ``min_share``)
also arms one of its adversaries: an actor on an opposing side of a dispute that holds in
the same window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.result import AnalysisResult
from kg.errors import AnalysisError
from kg.facts import Facts, read_facts
from kg.project import transfer_network_of
from kg.store import Store

__all__ = ["dependence", "herfindahl", "volume_measure", "MEASURES"]

QUESTION = (
    "What share of each recipient's arms comes from each supplier, how concentrated is it "
    "(HHI), and does a supplier it depends on also arm its adversary?"
)
COLUMNS = (
    ("recipient_label", "recipient"),
    ("volume", "volume"),
    ("measure", "measure"),
    ("hhi", "HHI"),
    ("shares_label", "suppliers (share)"),
    ("exposed_label", "supplier also arms adversary"),
    ("sources", "sources"),
)
MEASURES = ("auto", "tiv", "deals")


def herfindahl(shares: Iterable[float]) -> float:
    """The Herfindahl-Hirschman index of shares that sum to 1.

    >>> herfindahl([1.0]), herfindahl([0.5, 0.5]), round(herfindahl([0.6, 0.3, 0.1]), 2)
    (1.0, 0.5, 0.46)
    """
    return sum(s * s for s in shares)


def volume_measure(g: nx.DiGraph, measure: str = "auto") -> str:
    """The measure to weigh a transfer network by: ``tiv`` or ``deals``.

    ``auto`` is ``tiv`` when any supply edge carries a TIV, else ``deals``.

    >>> from kg.project import transfer_network
    >>> g = transfer_network(facts, sources=["episkopos-2021-s400"])
    >>> volume_measure(g)  # the article gives no TIV
    'deals'
    """
    if measure not in MEASURES:
        raise AnalysisError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    if measure != "auto":
        return measure
    has_tiv = any(t for *_, t in g.edges(data="tiv_delivered"))
    return "tiv" if has_tiv else "deals"


def _weight(data: dict, measure: str) -> float:
    if measure == "tiv":
        return float(data["tiv_delivered"] or 0.0)
    return float(data["deals"])


def dependence(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    measure: str = "auto",
    min_share: float = 0.25,
    exposed_only: bool = False,
) -> AnalysisResult:
    """Suppliers' shares of each recipient's arms, the HHI, and suppliers arming adversaries.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts read from it.
    as_of, period, sources, min_certainty
        The filters of :func:`kg.project.transfer_network`.
    measure : {"auto", "tiv", "deals"}
        What volume is: TIV delivered, or the number of deals; ``auto`` takes TIV when any
        deal of the selection carries one.
    min_share : float
        The share from which a recipient depends on a supplier (for exposure).
    exposed_only : bool
        Only the recipients whose supplier also arms an adversary.

    Returns
    -------
    AnalysisResult
        One row per recipient, the largest volume first: the suppliers and their shares,
        the HHI, the exposures (supplier, share, adversary, dispute) and the sources of the
        deals and disputes involved.

    Examples
    --------
    >>> result = dependence(facts, as_of="2021-02-07", sources=["episkopos-2021-s400"])
    >>> [(r["recipient_label"], r["hhi"], r["shares_label"]) for r in result.rows]
    [('China', 1.0, ['Russia 100%']), ('India', 1.0, ['Russia 100%']), ('Türkiye', 1.0, ['Russia 100%'])]
    >>> result.rows[0]["exposed_label"]
    ['Russia arms India (China-India Himalayan border dispute)']
    """
    if not 0.0 <= min_share <= 1.0:
        raise AnalysisError(f"min_share must lie between 0 and 1, not {min_share}")
    facts = read_facts(store)
    sel = facts.select(as_of, period, sources, min_certainty)
    g = transfer_network_of(sel)
    used = volume_measure(g, measure)
    with_tiv: dict[str, set[str]] = defaultdict(set)
    clusters: dict[str, set[str]] = defaultdict(set)
    for d in sel.deals:
        clusters[d.recipient].add(d.cluster)
        if d.tiv_delivered is not None:
            with_tiv[d.recipient].add(d.cluster)

    adversaries: dict[str, set[tuple[str, str]]] = defaultdict(set)
    disputes = {}
    for r in sel.relations:
        if r.relation != "dispute":
            continue
        disputes[r.iri] = r
        for side, other in r.opposes():
            for p in side:
                for q in other:
                    if p != q:
                        adversaries[p].add((q, r.iri))
                        adversaries[q].add((p, r.iri))

    rows = []
    for recipient in sorted(g.nodes):
        incoming = [(s, d) for s, _, d in g.in_edges(recipient, data=True)]
        total = sum(_weight(d, used) for _, d in incoming)
        if not incoming:
            continue
        suppliers = []
        for s, d in incoming:
            w = _weight(d, used)
            suppliers.append(
                {
                    "supplier": s,
                    "label": facts.label(s),
                    "volume": w,
                    "share": w / total if total else None,
                    "deals": d["deals"],
                    "tiv_delivered": d["tiv_delivered"],
                }
            )
        suppliers.sort(key=lambda x: (-(x["share"] or 0.0), x["label"], x["supplier"]))
        exposed = []
        dispute_sources: set[str] = set()
        for sup in suppliers:
            if sup["share"] is None or sup["share"] < min_share:
                continue
            for adversary, dispute in sorted(adversaries.get(recipient, ())):
                if adversary != sup["supplier"] and g.has_edge(sup["supplier"], adversary):
                    edge = g.edges[sup["supplier"], adversary]
                    exposed.append(
                        {
                            "supplier": sup["supplier"],
                            "supplier_label": sup["label"],
                            "share": sup["share"],
                            "adversary": adversary,
                            "adversary_label": facts.label(adversary),
                            "adversary_volume": _weight(edge, used),
                            "dispute": dispute,
                            "dispute_label": disputes[dispute].label,
                        }
                    )
                    dispute_sources.update(disputes[dispute].sources)
                    dispute_sources.update(edge["sources"])
        if exposed_only and not exposed:
            continue
        sources = sorted({s for _, d in incoming for s in d["sources"]} | dispute_sources)
        hhi = herfindahl(x["share"] for x in suppliers) if total else None
        rows.append(
            {
                "recipient": recipient,
                "recipient_label": facts.label(recipient),
                "measure": used,
                "volume": total,
                "deals": sum(d["deals"] for _, d in incoming),
                "deals_without_tiv": len(clusters[recipient] - with_tiv[recipient])
                if used == "tiv"
                else None,
                "hhi": hhi,
                "suppliers": suppliers,
                "shares_label": [
                    f"{x['label']} {x['share']:.0%}" for x in suppliers if x["share"] is not None
                ],
                "top_supplier": suppliers[0]["supplier"],
                "top_share": suppliers[0]["share"],
                "exposed": exposed,
                "exposed_label": [
                    f"{e['supplier_label']} arms {e['adversary_label']} ({e['dispute_label']})"
                    for e in exposed
                ],
                "sources": sources,
                "source_titles": facts.titles(sources),
            }
        )
    rows.sort(key=lambda r: (-r["volume"], r["recipient_label"], r["recipient"]))
    params = dict(sel.params(), measure=used, min_share=min_share)
    summary = {
        "recipients": len(rows),
        "exposed_recipients": sum(1 for r in rows if r["exposed"]),
        "measure": used,
    }
    return AnalysisResult("dependence", QUESTION, COLUMNS, rows, params, summary)
