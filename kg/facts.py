"""The facts of the dataset as the analyses see them: deals and relations with spans in time.

:class:`Facts` reads a :class:`~kg.store.Store` through a handful of SPARQL SELECTs (one
predicate scan each, linear in the size of the dataset) and keeps each source's claims apart.
:meth:`Facts.select` then keeps the claims of some sources or of some certainty, merges each
deal's and relation's claims across the sources that remain (:class:`Deal`, :class:`Relation`)
and keeps those that hold in a window of time (:func:`window`, :class:`Span`). The rules for
time, sources and certainty are documented in :mod:`kg.project`, whose projections are built
on these selections.

A deal whose supplier or recipient the source does not know (SIPRI's "unknown supplier(s)")
has no edge to draw and is left out of the selections; so is a membership or sanction
missing one of its two ends.

Merging: dates given by several sources become the interval covering them all; figures
(TIV, value, quantities) take the largest, since sources' figures for one deal are
alternatives, not addends; a deal whose sources disagree on supplier or recipient becomes one
:class:`Deal` per pair, each with the sources that name it. Records of one deal in several
sources, linked by ``kg:reportsDeal``, share a ``cluster`` and count once.

>>> from kg.build import dataset_from_paths
>>> facts = Facts.read(dataset_from_paths())
>>> sel = facts.select(as_of="2019-12-31", sources=["episkopos-2021-s400"])
>>> sorted(d.label for d in sel.deals)
['Russia-China S-400 deal (2015)', 'Russia-India S-400 deal (2018)', 'Russia-Turkey S-400 deal (2017)']
"""

from __future__ import annotations

import functools
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kg import fuzzydate
from kg.errors import AnalysisError, FuzzyDateError
from kg.fuzzydate import FuzzyDate
from kg.resolve import normalise
from kg.schema import Schema, load_schema
from kg.store import Store

__all__ = [
    "RELATION_TYPES",
    "RUSSIA",
    "Window",
    "Span",
    "Entity",
    "Deal",
    "Relation",
    "Event",
    "Selection",
    "Facts",
    "window",
    "read_facts",
    "date_text",
    "merge_dates",
]

log = logging.getLogger(__name__)

#: The kg classes whose records become relation edges, and the relation each gives.
RELATION_TYPES = {
    "Dispute": "dispute",
    "Partnership": "partnership",
    "Crisis": "crisis",
    "Sanction": "sanction",
    "Membership": "membership",
}
#: Russia in the seeds (used by examples).
RUSSIA = "https://w3id.org/kg/id/actor/RUS"

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA = "https://schema.org/"
_DCTERMS = "http://purl.org/dc/terms/"


# --------------------------------------------------------------------------- time


@dataclass(frozen=True)
class Window:
    """The days a question is about: one day (``as of``) or a period, either end open."""

    first: date
    last: date
    point: bool = False

    def __str__(self) -> str:
        if self.point:
            return f"as of {self.first.isoformat()}"
        a = "" if self.first == date.min else self.first.isoformat()
        b = "" if self.last == date.max else self.last.isoformat()
        return f"{a or '...'} to {b or '...'}"

    def as_dict(self) -> dict[str, Any]:
        if self.point:
            return {"as_of": self.first.isoformat()}
        return {
            "since": None if self.first == date.min else self.first.isoformat(),
            "until": None if self.last == date.max else self.last.isoformat(),
        }


def _day(value: Any, end: bool, what: str) -> date:
    """A day from a date, a year or a fuzzy date text: its first day, or its last if ``end``."""
    if isinstance(value, date):
        return value
    try:
        fd = fuzzydate.parse(value)
    except FuzzyDateError as e:
        raise AnalysisError(f"{what}: {e}") from e
    bound = fd.latest if end else fd.earliest
    if bound is None:
        raise AnalysisError(f"{what}: {value!r} has no {'last' if end else 'first'} day")
    return bound


def window(as_of: Any = None, period: tuple[Any, Any] | None = None) -> Window | None:
    """The window of ``as_of`` (a day) or ``period`` (first, last), or None for all time.

    Years and fuzzy dates are accepted: ``as_of="2019"`` is 31 December 2019 (the day by
    which all of 2019 is past), a period ``(1950, 1959)`` runs from 1 January 1950 to
    31 December 1959.

    >>> window(as_of="2019")
    Window(first=datetime.date(2019, 12, 31), last=datetime.date(2019, 12, 31), point=True)
    >>> str(window(period=(1950, None)))
    '1950-01-01 to ...'
    """
    if as_of is not None and period is not None:
        raise AnalysisError("give a day (as of) or a period (since/until), not both")
    if as_of is not None:
        day = _day(as_of, True, "as of")
        return Window(day, day, True)
    if period is None or (period[0] is None and period[1] is None):
        return None
    first = date.min if period[0] is None else _day(period[0], False, "since")
    last = date.max if period[1] is None else _day(period[1], True, "until")
    if last < first:
        raise AnalysisError(f"the period ends ({last}) before it starts ({first})")
    return Window(first, last)


@dataclass(frozen=True)
class Span:
    """When a fact holds: its fuzzy start and end, and the two bounds the time rules use.

    ``begun_by`` is the day by which it had certainly started (``date.min`` when unknown);
    ``ends_from`` the first day on which it may have ended (``date.max`` when it has no end).
    """

    start: FuzzyDate | None
    end: FuzzyDate | None
    begun_by: date
    ends_from: date

    def holds(self, w: Window | None) -> bool:
        """Whether the fact certainly holds in ``w`` (see the module's time rules)."""
        if w is None:
            return True
        if w.point:
            return self.begun_by <= w.first < self.ends_from
        return self.begun_by <= w.last and self.ends_from >= w.first

    @property
    def possible_start(self) -> date:
        """The earliest day the fact may have started (``date.min`` when unknown)."""
        if self.start is not None and self.start.earliest is not None:
            return self.start.earliest
        return date.min

    @property
    def possible_end(self) -> date:
        """The last day the fact may have gone on."""
        if self.end is None:
            return date.max
        return self.end.latest if self.end.latest is not None else date.max


def _relation_span(
    start: FuzzyDate | None, end: FuzzyDate | None, ongoing: Iterable[date] = ()
) -> Span:
    begun = date.min
    if start is not None:
        begun = start.latest or start.earliest or date.min
    ends = date.max
    if end is not None:
        ends = end.earliest or date.min
    for day in ongoing:
        begun = min(begun, day)
        ends = max(ends, day + timedelta(days=1))
    return Span(start, end, begun, ends)


def _deal_span(order: FuzzyDate | None, years: tuple[int, ...], open_end: bool = False) -> Span:
    """A deal runs from its order to its last year of delivery; ``open_end`` when a source's
    account gives no delivery years (it goes on), which the covering interval keeps open."""
    start = order
    if start is None and years:
        start = FuzzyDate(str(years[0]), date(years[0], 1, 1), date(years[0], 12, 31), "year")
    end = None
    if years and not open_end:
        end = FuzzyDate(str(years[-1]), date(years[-1], 1, 1), date(years[-1], 12, 31), "year")
    begun = date.min
    if start is not None:
        begun = start.latest or start.earliest or date.min
    ends = date(years[-1], 12, 31) if years and not open_end else date.max
    return Span(start, end, begun, ends)


def date_text(fd: FuzzyDate | None) -> dict[str, str | None]:
    """A fuzzy date as the text written and its bounds, for tables and JSON.

    >>> date_text(fuzzydate.parse("summer 2020"))
    {'text': 'summer 2020', 'earliest': '2020-06-01', 'latest': '2020-08-31'}
    """
    if fd is None:
        return {"text": None, "earliest": None, "latest": None}
    return {
        "text": fd.text,
        "earliest": fd.earliest.isoformat() if fd.earliest else None,
        "latest": fd.latest.isoformat() if fd.latest else None,
    }


def merge_dates(values: Iterable[FuzzyDate]) -> FuzzyDate | None:
    """Several sources' dates for one thing: the interval that covers them all.

    >>> d = merge_dates([fuzzydate.parse("1984"), fuzzydate.parse("early 1985")])
    >>> d.text, d.earliest.isoformat(), d.latest.isoformat()
    ('1984 | early 1985', '1984-01-01', '1985-04-30')
    """
    uniq = sorted(set(values), key=lambda d: (d.earliest or date.min, d.latest or date.max, d.text))
    if not uniq:
        return None
    if len(uniq) == 1:
        return uniq[0]
    earliest = None if any(d.earliest is None for d in uniq) else min(d.earliest for d in uniq)
    latest = None if any(d.latest is None for d in uniq) else max(d.latest for d in uniq)
    text = " | ".join(dict.fromkeys(d.text for d in uniq))
    return FuzzyDate(text, earliest, latest, "range" if earliest and latest else "open")


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Entity:
    """An actor, weapon system or other entity: what a node shows."""

    iri: str
    label: str
    kind: str


@dataclass(frozen=True)
class Deal:
    """An arms deal as the selected sources describe it (one per supplier-recipient pair).

    ``cluster`` is the same for the deals that several sources' records describe (linked by
    ``kg:reportsDeal``): they count once. ``delivery_sources`` says, for each year of
    ``delivery_years``, which sources give it (a source may say nothing of deliveries), and
    ``order_sources`` which sources give the order date.
    """

    iri: str
    supplier: str
    recipient: str
    label: str
    systems: tuple[str, ...]
    order: FuzzyDate | None
    delivery_years: tuple[int, ...]
    tiv_delivered: float | None
    delivered: int | None
    quantity: int | None
    value: tuple[tuple[str, float], ...]
    status: str | None
    certainty: str | None
    sources: tuple[str, ...]
    span: Span
    cluster: str = ""
    delivery_sources: tuple[tuple[int, tuple[str, ...]], ...] = ()
    order_sources: tuple[str, ...] = ()

    def sources_of_year(self, year: int) -> tuple[str, ...]:
        """The sources that give ``year`` as a year of delivery.

        >>> deal = next(d for d in facts.select().deals if d.iri.endswith("/ru-cn-s400-2015"))
        >>> [s.rsplit("/", 1)[-1] for s in deal.sources]
        ['episkopos-2021-s400', 'sipri-trade-register-2025-03-13']
        >>> [s.rsplit("/", 1)[-1] for s in deal.sources_of_year(2018)]
        ['sipri-trade-register-2025-03-13']
        """
        return dict(self.delivery_sources).get(year, ())

    def tiv_in(self, w: Window | None) -> float | None:
        """TIV delivered within ``w``: spread evenly over the years of delivery."""
        if self.tiv_delivered is None or w is None or not self.delivery_years:
            return self.tiv_delivered
        if w.point:
            inside = [y for y in self.delivery_years if date(y, 12, 31) <= w.first]
        else:
            inside = [
                y
                for y in self.delivery_years
                if date(y, 1, 1) >= w.first and date(y, 12, 31) <= w.last
            ]
        return self.tiv_delivered * len(inside) / len(self.delivery_years)


@dataclass(frozen=True)
class Relation:
    """A dispute, partnership, crisis, sanction or membership, as the selected sources say.

    ``sides`` are the groups that oppose each other (a dispute's side A and side B, or every
    party on its own when no sides are given); ``pairs()`` gives the edges it makes.
    ``start_sources`` and ``end_sources`` say which sources give its start and its end, and
    ``ongoing_sources``, for each day of ``ongoing_at``, which sources say it went on then
    (a source may describe a relation without dating it).
    """

    iri: str
    relation: str
    label: str
    parties: tuple[str, ...]
    sides: tuple[tuple[str, ...], ...]
    source_node: str | None  # imposer / member
    target_node: str | None  # target / organisation
    span: Span
    ongoing_at: tuple[date, ...]
    certainty: str | None
    sources: tuple[str, ...]
    deals: tuple[str, ...] = ()  # deals it is about (a crisis over a deal, a removal for one)
    sided: bool = False  # True when the source named side A and side B
    start_sources: tuple[str, ...] = ()
    end_sources: tuple[str, ...] = ()
    ongoing_sources: tuple[tuple[date, tuple[str, ...]], ...] = ()

    def sources_of_ongoing(self, day: date) -> tuple[str, ...]:
        """The sources that say the relation was going on on ``day``.

        >>> rel = next(r for r in facts.select().relations if r.iri.endswith("/ru-in-defence"))
        >>> [s.rsplit("/", 1)[-1] for s in rel.sources_of_ongoing(date(2021, 2, 7))]
        ['episkopos-2021-s400']
        >>> rel.sources_of_ongoing(date(2021, 2, 8))
        ()
        """
        return dict(self.ongoing_sources).get(day, ())

    def pairs(self) -> Iterator[tuple[str, str]]:
        """The (u, v) pairs the relation joins: directed for sanctions and memberships,
        with u < v for symmetric relations."""
        if self.source_node is not None and self.target_node is not None:
            if self.source_node != self.target_node:
                yield self.source_node, self.target_node
            return
        seen = set()
        for i, side in enumerate(self.sides):
            for other in self.sides[i + 1 :]:
                for a in side:
                    for b in other:
                        if a != b:
                            pair = (a, b) if a < b else (b, a)
                            if pair not in seen:
                                seen.add(pair)
                                yield pair

    def opposes(self) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Each pair of opposing sides."""
        for i, side in enumerate(self.sides):
            for other in self.sides[i + 1 :]:
                yield side, other


@dataclass(frozen=True)
class Event:
    """Something dated that happened to a deal: a deal event or a statement about it."""

    iri: str
    deal: str
    kind: str
    label: str
    date: FuzzyDate | None
    certainty: str | None
    attributed_to: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass
class _DealRecord:
    """One source's account of one deal."""

    iri: str
    source: str
    suppliers: set = field(default_factory=set)
    recipients: set = field(default_factory=set)
    systems: set = field(default_factory=set)
    years: set = field(default_factory=set)
    tiv: float | None = None
    delivered: int | None = None
    quantity: int | None = None
    value: dict = field(default_factory=dict)
    status: str | None = None
    reports: set = field(default_factory=set)


@dataclass
class _RelationRecord:
    """One source's account of one relation."""

    iri: str
    source: str
    relation: str
    roles: dict = field(default_factory=lambda: defaultdict(set))
    ongoing: set = field(default_factory=set)
    deals: set = field(default_factory=set)


@dataclass
class Selection:
    """The facts that pass a set of filters, merged across the sources that remain."""

    facts: Facts
    window: Window | None
    sources: tuple[str, ...] | None
    min_certainty: str | None
    deals: list[Deal]
    relations: list[Relation]

    def params(self) -> dict[str, Any]:
        """The filters, for ``G.graph`` and JSON output."""
        out: dict[str, Any] = self.window.as_dict() if self.window else {}
        if self.sources is not None:
            out["sources"] = list(self.sources)
        if self.min_certainty is not None:
            out["min_certainty"] = self.min_certainty
        return out


class Facts:
    """Everything the projections need, read from a store once.

    Reading is linear in the size of the dataset: a handful of SELECTs, each one predicate
    scan. Keep the object to project many times, with different filters.

    >>> facts = Facts.read(store)
    >>> facts.entities[RUSSIA].label, facts.entities[RUSSIA].kind
    ('Russia', 'State')
    """

    def __init__(self, schema: Schema | None = None):
        self.schema = schema or load_schema()
        self.entities: dict[str, Entity] = {}
        self.source_titles: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        self._deal_records: dict[tuple[str, str], _DealRecord] = {}
        self._relation_records: dict[tuple[str, str], _RelationRecord] = {}
        self._dates: dict[tuple[str, str, str], FuzzyDate] = {}  # (subject, field, graph)
        self._labels: dict[tuple[str, str], str] = {}  # (subject, graph) -> label
        self._typed_deals: set[tuple[str, str]] = set()  # (deal, graph) typed ArmsDeal there
        self._certainty: dict[tuple[str, str], str] = {}
        self._attributed: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._events: dict[tuple[str, str], tuple[str, str]] = {}  # (iri, graph) -> (deal, kind)
        self._statements: dict[tuple[str, str], tuple[str, str, str]] = {}
        # merged deals and relations by (sources, certainty rank): selections reuse them
        self._merged: dict[tuple, tuple[list[Deal], list[Relation]]] = {}

    # ------------------------------------------------------------------ reading
    @classmethod
    def read(cls, store: Store, schema: Schema | None = None) -> Facts:
        """Read the facts of ``store``."""
        self = cls(schema)
        self._read_entities(store)
        self._read_deals(store)
        self._read_relations(store)
        self._read_common(store)
        self._read_events(store)
        log.info(
            "read %d deal records, %d relation records, %d entities",
            len(self._deal_records),
            len(self._relation_records),
            len(self.entities),
        )
        return self

    def _pred(self, type_name: str, field_name: str) -> str:
        return f"<{self.schema.types[type_name].fields[field_name].predicate}>"

    def _kg(self, local: str) -> str:
        return f"<{self.schema.term(local)}>"

    def _read_entities(self, store: Store) -> None:
        types = [t for t in self.schema.types.values() if not t.abstract and t.name != "Source"]
        by_iri = {str(t.iri): t.name for t in types}
        values = " ".join(f"<{t.iri}>" for t in types)
        kinds: dict[str, set[str]] = defaultdict(set)
        deal_type = str(self.schema.types["ArmsDeal"].iri)
        for e, t, g in store.values(
            f"SELECT ?e ?t ?g WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?e a ?t }} }}",
        ):
            kinds[e].add(by_iri[t])
            if t == deal_type:
                self._typed_deals.add((e, g))
        name_preds = {f"<{_RDFS}label>", f"<{_SKOS}altLabel>"}
        for t in types:
            for f in t.fields.values():
                if f.identifies:
                    name_preds.add(f"<{f.predicate}>")
        label_pred = f"{_RDFS}label"
        labels: dict[str, Counter] = defaultdict(Counter)
        rows = store.values(
            "SELECT ?e ?p ?name ?g WHERE { VALUES ?p { "
            + " ".join(sorted(name_preds))
            + " } GRAPH ?g { ?e ?p ?name } }",
        )
        for e, p, name, g in rows:
            if e not in kinds:
                continue
            self.names[normalise(name)].add(e)
            if p == label_pred:
                labels[e][name] += 1
                self._labels[(e, g)] = name
        depth = {t.name: self._depth(t.name) for t in types}
        for e, ks in kinds.items():
            kind = max(sorted(ks), key=lambda k: depth[k])
            if labels[e]:
                label = min(labels[e].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            else:
                label = e.rsplit("/", 1)[-1]
            self.entities[e] = Entity(e, label, kind)
            self.names[normalise(e.rsplit("/", 1)[-1])].add(e)

    def _depth(self, name: str) -> int:
        n, d = self.schema.types[name].parent, 0
        while n is not None:
            n, d = self.schema.types[n].parent, d + 1
        return d

    def _record(self, deal: str, g: str) -> _DealRecord:
        rec = self._deal_records.get((deal, g))
        if rec is None:
            rec = self._deal_records[(deal, g)] = _DealRecord(deal, g)
        return rec

    def _read_deals(self, store: Store) -> None:
        sup, rec_ = self._pred("ArmsDeal", "supplier"), self._pred("ArmsDeal", "recipient")
        for deal, g, s, r in store.values(
            f"SELECT ?deal ?g ?s ?r WHERE {{ GRAPH ?g {{ ?deal {sup} ?s ; {rec_} ?r }} }}"
        ):
            rec = self._record(deal, g)
            rec.suppliers.add(s)
            rec.recipients.add(r)
        props = {
            self._pred("ArmsDeal", n).strip("<>"): n
            for n in (
                "system",
                "delivery_years",
                "tiv_delivered",
                "delivered",
                "quantity",
                "status",
                "reports_deal",
            )
        }
        values = " ".join(f"<{p}>" for p in props)
        # the type is checked against the typed deals read with the entities, not joined in
        # the query: a lookup for each of 200,000 figures cost 1.7 s on SIPRI + COW
        for deal, g, p, o in store.values(
            f"SELECT ?deal ?g ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?deal ?p ?o }} }}",
        ):
            if (deal, g) not in self._typed_deals:
                continue
            rec = self._record(deal, g)
            name = props[p]
            if name == "system":
                rec.systems.add(o)
            elif name == "delivery_years":
                rec.years.add(int(o))
            elif name == "tiv_delivered":
                rec.tiv = float(o)
            elif name == "delivered":
                rec.delivered = int(o)
            elif name == "quantity":
                rec.quantity = int(o)
            elif name == "status":
                rec.status = o.rsplit("/", 1)[-1]
            elif name == "reports_deal":
                rec.reports.add(o)
        value = self._pred("ArmsDeal", "value")
        for deal, g, amount, currency in store.values(
            f"SELECT ?deal ?g ?amount ?currency WHERE {{ GRAPH ?g {{ ?deal {value} ?v . "
            f"?v <{_SCHEMA}value> ?amount ; <{_SCHEMA}currency> ?currency }} }}",
        ):
            self._record(deal, g).value[currency] = float(Decimal(amount))

    def _read_relations(self, store: Store) -> None:
        types = {str(self.schema.types[t].iri): rel for t, rel in RELATION_TYPES.items()}
        roles = {}
        for t, names in (
            ("Dispute", ("parties", "side_a", "side_b")),
            ("Crisis", ("parties",)),
            ("Partnership", ("parties",)),
            ("Sanction", ("imposer", "target")),
            ("Membership", ("member", "organization")),
        ):
            for n in names:
                roles[str(self.schema.types[t].fields[n].predicate)] = n
        q = (
            "SELECT ?r ?g ?t ?p ?a WHERE { VALUES ?t { "
            + " ".join(f"<{t}>" for t in sorted(types))
            + " } VALUES ?p { "
            + " ".join(f"<{p}>" for p in sorted(roles))
            + " } GRAPH ?g { ?r a ?t ; ?p ?a } }"
        )
        for r, g, t, p, a in store.values(q):
            key = (r, g)
            rec = self._relation_records.get(key)
            if rec is None:
                rec = self._relation_records[key] = _RelationRecord(r, g, types[t])
            rec.roles[roles[p]].add(a)
        ongoing = self._pred("Dispute", "ongoing_at")
        for r, g, d in store.values(f"SELECT ?r ?g ?d WHERE {{ GRAPH ?g {{ ?r {ongoing} ?d }} }}"):
            rec = self._relation_records.get((r, g))
            if rec is not None:
                rec.ongoing.add(date.fromisoformat(d))
        about = {
            self._pred("Crisis", "about"),
            self._pred("Sanction", "about"),
            self._pred("Membership", "ended_because_of"),
        }
        for r, g, d in store.values(
            "SELECT ?r ?g ?d WHERE { VALUES ?p { "
            + " ".join(sorted(about))
            + " } GRAPH ?g { ?r ?p ?d } }",
        ):
            rec = self._relation_records.get((r, g))
            if rec is not None:
                rec.deals.add(d)

    def _read_common(self, store: Store) -> None:
        preds = {
            self._pred("ArmsDeal", "order_date"): "order_date",
            self._pred("Dispute", "start"): "start",
            self._pred("Dispute", "end"): "end",
            self._pred("DealEvent", "date"): "date",
        }
        q = (
            "SELECT ?x ?g ?p ?text ?earliest ?latest ?precision WHERE { VALUES ?p { "
            + " ".join(preds)
            + " } GRAPH ?g { ?x ?p ?d . OPTIONAL { ?d <"
            + _RDFS
            + "label> ?text } OPTIONAL { ?d "
            + self._kg("earliest")
            + " ?earliest } OPTIONAL { ?d "
            + self._kg("latest")
            + " ?latest } OPTIONAL { ?d "
            + self._kg("precision")
            + " ?precision } } }"
        )
        names = {p.strip("<>"): n for p, n in preds.items()}
        for x, g, p, text, earliest, latest, precision in store.values(q):
            e = date.fromisoformat(earliest) if earliest is not None else None
            la = date.fromisoformat(latest) if latest is not None else None
            prec = precision.rsplit("/", 1)[-1] if precision is not None else "range"
            text = text if text is not None else _bounds_text(e, la)
            try:
                fd = FuzzyDate(text, e, la, prec)
            except FuzzyDateError as err:
                log.warning("skipping the date of %s in %s: %s", x, g, err)
                continue
            self._dates[(x, names[p], g)] = fd
        certainty = self._pred("ArmsDeal", "certainty")
        for x, g, c in store.values(
            f"SELECT ?x ?g ?c WHERE {{ GRAPH ?g {{ ?x {certainty} ?c }} }}"
        ):
            self._certainty[(x, g)] = c.rsplit("/", 1)[-1]
        attributed = self._pred("ArmsDeal", "attributed_to")
        for x, g, who in store.values(
            f"SELECT ?x ?g ?who WHERE {{ GRAPH ?g {{ ?x {attributed} ?who }} }}"
        ):
            self._attributed[(x, g)].add(who)
        for g, title in store.values(
            f"SELECT ?g ?title WHERE {{ GRAPH ?g {{ ?g <{_DCTERMS}title> ?title }} }}"
        ):
            self.source_titles[g] = title

    def _read_events(self, store: Store) -> None:
        deal, kind = self._pred("DealEvent", "deal"), self._pred("DealEvent", "event_type")
        for ev, g, d, k in store.values(
            f"SELECT ?ev ?g ?d ?k WHERE {{ GRAPH ?g {{ ?ev {deal} ?d ; {kind} ?k }} }}"
        ):
            self._events[(ev, g)] = (d, k.rsplit("/", 1)[-1])
        speaker, about = self._pred("Statement", "speaker"), self._pred("Statement", "about")
        content = self._pred("Statement", "content")
        for st, g, who, d, text in store.values(
            f"SELECT ?st ?g ?who ?d ?text WHERE {{ GRAPH ?g {{ ?st {speaker} ?who ; {about} ?d . "
            f"OPTIONAL {{ ?st {content} ?text }} }} }}",
        ):
            self._statements[(st, g)] = (d, who, text or "")

    # ------------------------------------------------------------------ helpers
    def label(self, iri: str) -> str:
        """The label of an entity, or the last segment of its IRI."""
        e = self.entities.get(iri)
        return e.label if e is not None else iri.rsplit("/", 1)[-1]

    def kind(self, iri: str) -> str:
        e = self.entities.get(iri)
        return e.kind if e is not None else "Actor"

    def titles(self, sources: Iterable[str]) -> list[str]:
        """The titles of sources, in the given order."""
        return [self.source_titles.get(s, s.rsplit("/", 1)[-1]) for s in sources]

    def source_iri(self, name: str) -> str:
        """The IRI of a source named by its id or IRI; an unknown source is an error."""
        iri = name if "://" in name else str(self.schema.entity_iri("Source", name))
        if iri not in self.source_titles:
            known = ", ".join(s.rsplit("/", 1)[-1] for s in sorted(self.source_titles))
            raise AnalysisError(f"unknown source {name!r}; the dataset holds: {known}")
        return iri

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> str:
        """The IRI of the one entity that ``name`` (an id, label, alias, code or IRI) names.

        ``kinds`` restricts the candidates to those kg classes and their subclasses.

        >>> facts.resolve("Moscow", ["Actor"])
        'https://w3id.org/kg/id/actor/RUS'
        """
        allowed = None
        if kinds is not None:
            allowed = {s for k in kinds for s in self.schema.subtypes(k)}
        if name in self.entities:
            found = [name]
        else:
            found = sorted(self.names.get(normalise(name), ()))
        if allowed is not None:
            found = [e for e in found if self.entities[e].kind in allowed]
        if len(found) == 1:
            return found[0]
        what = " or ".join(kinds) if kinds else "entity"
        if not found:
            raise AnalysisError(f"no {what} is called {name!r} (try its id, label or code)")
        options = "; ".join(f"{self.entities[e].label} ({e.rsplit('/', 1)[-1]})" for e in found)
        raise AnalysisError(f"{name!r} may mean {options}; give the id instead")

    def _keep(self, subject: str, graph: str, sources: set[str] | None, rank: int | None) -> bool:
        if sources is not None and graph not in sources:
            return False
        if rank is not None:
            c = self._certainty.get((subject, graph), _DEFAULT_CERTAINTY)
            return self._ranks.get(c, len(self._ranks)) <= rank
        return True

    @functools.cached_property
    def _ranks(self) -> dict[str, int]:
        """Certainty levels by rank, most certain first (the order of the scheme)."""
        return {c: i for i, c in enumerate(self.schema.schemes["Certainty"].concepts)}

    def _certainty_of(self, subject: str, graphs: Iterable[str]) -> str | None:
        found = [self._certainty.get((subject, g), _DEFAULT_CERTAINTY) for g in graphs]
        if not found:
            return None
        ranks = self._ranks
        return min(found, key=lambda c: ranks.get(c, len(ranks)))

    # ------------------------------------------------------------------ selecting
    def select(
        self,
        as_of: Any = None,
        period: tuple[Any, Any] | None = None,
        sources: Iterable[str] | None = None,
        min_certainty: str | None = None,
        *,
        timed: bool = True,
    ) -> Selection:
        """The deals and relations that pass the filters, each merged across its sources.

        With ``timed=False`` the window is recorded but not applied (analyses that relate
        facts to each other in time, such as dual supply, apply it themselves).

        >>> selection = facts.select(as_of="2016-12-31", sources=["episkopos-2021-s400"])
        >>> [d.label for d in selection.deals]
        ['Russia-China S-400 deal (2015)']
        """
        w = window(as_of, period)
        src = None
        if sources is not None:
            src = tuple(sorted({self.source_iri(s) for s in sources}))
        rank = None
        if min_certainty is not None:
            if min_certainty not in self._ranks:
                raise AnalysisError(
                    f"unknown certainty {min_certainty!r}; choose one of " + ", ".join(self._ranks)
                )
            rank = self._ranks[min_certainty]
        merged = self._merged.get((src, rank))
        if merged is None:
            src_set = set(src) if src is not None else None
            merged = self._merge_deals(src_set, rank), self._merge_relations(src_set, rank)
            self._merged[(src, rank)] = merged
        deals = [d for d in merged[0] if not timed or d.span.holds(w)]
        relations = [r for r in merged[1] if not timed or r.span.holds(w)]
        return Selection(self, w, src, min_certainty, deals, relations)

    def _merge_deals(self, sources: set[str] | None, rank: int | None) -> list[Deal]:
        by_deal: dict[str, list[_DealRecord]] = defaultdict(list)
        for (iri, g), rec in self._deal_records.items():
            if self._keep(iri, g, sources, rank):
                by_deal[iri].append(rec)
        out = []
        links: dict[str, set[str]] = defaultdict(set)
        for iri in sorted(by_deal):
            recs = sorted(by_deal[iri], key=lambda r: r.source)
            graphs = [r.source for r in recs]
            years = tuple(sorted(set().union(*(r.years for r in recs))))
            year_sources = tuple(
                (y, tuple(sorted({r.source for r in recs if y in r.years}))) for y in years
            )
            order_graphs = tuple(g for g in graphs if (iri, "order_date", g) in self._dates)
            order = merge_dates(self._dates[(iri, "order_date", g)] for g in order_graphs)
            tivs = [r.tiv for r in recs if r.tiv is not None]
            value: dict[str, float] = {}
            for r in recs:
                for cur, amt in r.value.items():
                    value[cur] = max(value.get(cur, amt), amt)
            systems = tuple(sorted(set().union(*(r.systems for r in recs))))
            label = next((self._labels[(iri, g)] for g in graphs if (iri, g) in self._labels), None)
            for r in recs:
                for other in r.reports:
                    links[iri].add(other)
                    links[other].add(iri)
            pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
            for r in recs:
                for s in r.suppliers:
                    for t in r.recipients:
                        pairs[(s, t)].append(r.source)
            for (s, t), srcs in sorted(pairs.items()):
                out.append(
                    Deal(
                        iri=iri,
                        supplier=s,
                        recipient=t,
                        label=label or self._deal_label(s, t, systems, order),
                        systems=systems,
                        order=order,
                        delivery_years=years,
                        tiv_delivered=max(tivs) if tivs else None,
                        delivered=max(
                            (r.delivered for r in recs if r.delivered is not None), default=None
                        ),
                        quantity=max(
                            (r.quantity for r in recs if r.quantity is not None), default=None
                        ),
                        value=tuple(sorted(value.items())),
                        status=next((r.status for r in recs if r.status), None),
                        certainty=self._certainty_of(iri, srcs),
                        sources=tuple(sorted(set(srcs))),
                        span=_deal_span(order, years, any(not r.years for r in recs)),
                        delivery_sources=year_sources,
                        order_sources=tuple(sorted(set(order_graphs))),
                    )
                )
        clusters = _components(links, {d.iri for d in out})
        return [replace(d, cluster=clusters.get(d.iri, d.iri)) for d in out]

    def _deal_label(
        self, supplier: str, recipient: str, systems: tuple[str, ...], order: FuzzyDate | None
    ) -> str:
        what = ", ".join(self.label(s) for s in systems) or "arms"
        when = f" ({order.text})" if order is not None else ""
        return f"{what}: {self.label(supplier)} to {self.label(recipient)}{when}"

    def _merge_relations(self, sources: set[str] | None, rank: int | None) -> list[Relation]:
        by_rel: dict[str, list[_RelationRecord]] = defaultdict(list)
        for (iri, g), rec in self._relation_records.items():
            if self._keep(iri, g, sources, rank):
                by_rel[iri].append(rec)
        out = []
        for iri in sorted(by_rel):
            recs = sorted(by_rel[iri], key=lambda r: r.source)
            graphs = [r.source for r in recs]
            roles: dict[str, set[str]] = defaultdict(set)
            for r in recs:
                for k, v in r.roles.items():
                    roles[k] |= v
            rel = recs[0].relation
            parties = tuple(sorted(roles["parties"]))
            if roles["side_a"] and roles["side_b"]:
                sides = (tuple(sorted(roles["side_a"])), tuple(sorted(roles["side_b"])))
                parties = tuple(sorted(set(parties) | set(sides[0]) | set(sides[1])))
            else:
                sides = tuple((p,) for p in parties)
            src_node = tgt_node = None
            if rel == "sanction":
                src_node, tgt_node = _one(roles["imposer"]), _one(roles["target"])
                parties = tuple(sorted(roles["imposer"] | roles["target"]))
            elif rel == "membership":
                src_node, tgt_node = _one(roles["member"]), _one(roles["organization"])
                parties = tuple(sorted(roles["member"] | roles["organization"]))
            if rel in ("sanction", "membership") and (src_node is None or tgt_node is None):
                continue
            start_graphs = tuple(g for g in graphs if (iri, "start", g) in self._dates)
            end_graphs = tuple(g for g in graphs if (iri, "end", g) in self._dates)
            start = merge_dates(self._dates[(iri, "start", g)] for g in start_graphs)
            end = merge_dates(self._dates[(iri, "end", g)] for g in end_graphs)
            ongoing = tuple(sorted(set().union(*(r.ongoing for r in recs))))
            ongoing_sources = tuple(
                (day, tuple(r.source for r in recs if day in r.ongoing)) for day in ongoing
            )
            label = next((self._labels[(iri, g)] for g in graphs if (iri, g) in self._labels), None)
            out.append(
                Relation(
                    iri=iri,
                    relation=rel,
                    label=label or f"{rel}: " + " / ".join(self.label(p) for p in parties),
                    parties=parties,
                    sides=sides,
                    source_node=src_node,
                    target_node=tgt_node,
                    span=_relation_span(start, end, ongoing),
                    ongoing_at=ongoing,
                    certainty=self._certainty_of(iri, graphs),
                    sources=tuple(graphs),
                    deals=tuple(sorted(set().union(*(r.deals for r in recs)))),
                    sided=bool(roles["side_a"] and roles["side_b"]),
                    start_sources=start_graphs,
                    end_sources=end_graphs,
                    ongoing_sources=ongoing_sources,
                )
            )
        return out

    def events(
        self, deals: Iterable[str], sources: Iterable[str] | None = None, min_certainty=None
    ) -> list[Event]:
        """The deal events and statements about ``deals``, merged across sources."""
        wanted = set(deals)
        src = {self.source_iri(s) for s in sources} if sources is not None else None
        rank = self._ranks.get(min_certainty) if min_certainty is not None else None
        grouped: dict[str, list[str]] = defaultdict(list)
        info: dict[str, tuple[str, str, str]] = {}
        for (ev, g), (deal, kind) in self._events.items():
            if deal in wanted and self._keep(ev, g, src, rank):
                grouped[ev].append(g)
                info[ev] = (deal, kind, "")
        for (st, g), (deal, who, text) in self._statements.items():
            if deal in wanted and self._keep(st, g, src, rank):
                grouped[st].append(g)
                info[st] = (deal, "statement", f"{self.label(who)}: {text}".strip())
        out = []
        for ev in sorted(grouped):
            graphs = sorted(grouped[ev])
            deal, kind, text = info[ev]
            label = text or next(
                (self._labels[(ev, g)] for g in graphs if (ev, g) in self._labels),
                kind.replace("-", " "),
            )
            attributed = sorted(
                set().union(*(self._attributed.get((ev, g), set()) for g in graphs))
            )
            out.append(
                Event(
                    iri=ev,
                    deal=deal,
                    kind=kind,
                    label=label,
                    date=merge_dates(
                        self._dates[(ev, "date", g)]
                        for g in graphs
                        if (ev, "date", g) in self._dates
                    ),
                    certainty=self._certainty_of(ev, graphs),
                    attributed_to=tuple(attributed),
                    sources=tuple(graphs),
                )
            )
        return out


_DEFAULT_CERTAINTY = "confirmed"


def _bounds_text(earliest: date | None, latest: date | None) -> str:
    a = earliest.isoformat() if earliest else "..."
    b = latest.isoformat() if latest else "..."
    return a if a == b else f"{a} to {b}"


def _one(values: set[str]) -> str | None:
    return min(values) if values else None


def _components(links: dict[str, set[str]], present: set[str]) -> dict[str, str]:
    """Each present deal -> the smallest IRI of its group of linked deals (present ones only)."""
    out: dict[str, str] = {}
    for start in sorted(links):
        if start not in present or start in out:
            continue
        group, stack = {start}, [start]
        while stack:
            for nxt in links.get(stack.pop(), ()):
                if nxt in present and nxt not in group:
                    group.add(nxt)
                    stack.append(nxt)
        root = min(group)
        for member in group:
            out[member] = root
    return out


def read_facts(store: Store | Facts) -> Facts:
    """The facts of ``store`` (read now), or ``store`` itself if it already is :class:`Facts`."""
    return store if isinstance(store, Facts) else Facts.read(store)
