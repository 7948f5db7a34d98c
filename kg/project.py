"""Projections: the RDF dataset as NetworkX graphs whose nodes and edges lead back to the facts.

SPARQL answers "what is recorded"; structural questions (who is exposed to whom, which
triangles are under strain, who brokers the trade) need graphs. This module reads the facts
of a :class:`~kg.store.Store` through SPARQL once (:class:`Facts`), selects them by date,
source and certainty, and projects them onto three graphs:

- :func:`transfer_network`: a :class:`networkx.DiGraph`, supplier -> recipient, one edge per
  pair, weighted by deals, TIV delivered and value;
- :func:`relation_graph`: a :class:`networkx.MultiDiGraph` keyed by relation, one edge per
  pair and relation (supply, dispute, alliance, membership, sanction, crisis, partnership);
- :func:`signed_graph`: an undirected :class:`networkx.Graph`, +1 for cooperation (supply,
  partnership, alliance), -1 for hostility (dispute, sanction, crisis), for balance analysis.

Each function takes a store, or the :class:`Facts` already read from one (read once, project
many times), and the same filters: ``as_of`` or ``period``, ``sources``, ``min_certainty``.

The contract (what pyvis views and the analyses rely on)
--------------------------------------------------------
Nodes are entity IRIs (``str``) with the attributes ``label``, ``kind`` (the kg class local
name: ``State``, ``Alliance``, ``Programme``, ``WeaponSystem``...) and ``iri``.

Edges carry:

``relation``
    ``supply``, ``dispute``, ``alliance``, ``membership``, ``sanction``, ``crisis`` or
    ``partnership`` (in the signed graph: the relation that decided the sign; ``relations``
    lists them all).
``sign``
    +1 or -1 (:data:`SIGNS`); membership of an organisation has no sign.
``directed``
    False for symmetric relations (dispute, alliance, crisis, partnership), which are stored
    once, from the smaller IRI to the larger; True for supply, sanction and membership.
``label``
    the fact's label, or ``"N deals: a; b; ..."`` when several facts make the edge.
``start``, ``end``
    the fuzzy date text as written (``"2015"``, ``"since 2017"``) of the earliest start and the
    latest end among the facts (``end`` is None while any of them goes on), with
    ``start_earliest``, ``start_latest``, ``end_earliest``, ``end_latest`` as ISO dates or None.
``sources``, ``source_titles``
    the sorted IRIs of the sources (named graphs) the facts come from, and their titles in the
    same order.
``facts``
    the sorted IRIs of the deals or relations the edge rests on.
``deals``, ``tiv_delivered``, ``value`` (supply edges)
    the number of deals (two sources' accounts of one deal, linked by ``kg:reportsDeal``,
    count once), the SIPRI trend-indicator value delivered (millions; None when no deal gives
    one) and the value by currency (``{"USD": 5.43e9}``). TIV measures volume, not price: it
    is never added to money.

Several facts between the same pair aggregate into one edge per relation: the transfer
network is a DiGraph with one supply edge per (supplier, recipient); the relation graph is a
MultiDiGraph whose edge keys are the relation names. ``G.graph`` records the projection's
name and filters.

Time: which facts hold when
---------------------------
Every fact has a span from its start to its end, both fuzzy (:mod:`kg.fuzzydate`). A relation
starts at ``kg:start`` and ends at ``kg:end``; ``kg:ongoingAt`` days are days it certainly
held. An arms deal starts at its order date (or, without one, at its first year of
delivery) and ends with the last day of its last year of delivery (``kg:deliveryYears``);
without delivery years it goes on. An alliance edge holds while both memberships hold.

- **As of a day D**, a fact holds if it certainly started by D (its start's latest day is on
  or before D, or its start is unknown) and has not certainly ended (its end's earliest day
  is after D, or it has no end). An open start such as "since 2017" counts from its earliest
  day; an end whose earliest day is unknown ("by 2019") is taken as certainly past.
- **Over a period [A, B]**, a fact holds if it certainly held at some moment of the period:
  it started by B (start latest <= B, or unknown) and did not end before A (end earliest
  >= A, or no end). ``period=(None, B)`` is everything begun by B.
- TIV delivered is counted as delivered, year by year: a deal's TIV is spread evenly over its
  years of delivery (the trade register gives no yearly split), and only the years certainly
  within the period (or, as of D, certainly over by D) count. A deal without delivery years
  counts whole.

Sources and certainty
---------------------
``sources`` keeps the claims of the named sources only (ids such as ``episkopos-2021-s400``
or full IRIs). ``min_certainty`` keeps the claims at least that certain, in the order of the
``Certainty`` scheme of ``ontology/schema.yaml`` (confirmed, reported, estimated, disputed,
unclear); a claim with no certainty is a plain statement of fact by its source and counts as
``confirmed``. Labels and kinds of entities are read from every source.

The examples in this package's docstrings use ``store``, the seeds built in memory, and
``facts``, what was read from it:

>>> from kg.build import dataset_from_paths
>>> store = dataset_from_paths()
>>> facts = Facts.read(store)
>>> g = transfer_network(facts, as_of="2019-12-31")
>>> sorted(g.nodes[r]["label"] for r in g.successors(RUSSIA))
['China', 'India', 'Türkiye']
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import Literal

from kg import fuzzydate
from kg.errors import AnalysisError, FuzzyDateError
from kg.fuzzydate import FuzzyDate
from kg.resolve import normalise
from kg.schema import Schema, load_schema
from kg.store import Store

__all__ = [
    "RELATIONS",
    "SIGNS",
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
    "transfer_network",
    "relation_graph",
    "signed_graph",
    "transfer_network_of",
    "relation_graph_of",
    "signed_graph_of",
    "supply_attrs",
    "date_text",
]

log = logging.getLogger(__name__)

#: The relations an edge may stand for, in the order used to break ties.
RELATIONS = ("supply", "alliance", "partnership", "membership", "dispute", "crisis", "sanction")
#: The sign of each relation in the signed graph (membership of an organisation has none).
SIGNS = {
    "supply": 1,
    "alliance": 1,
    "partnership": 1,
    "dispute": -1,
    "crisis": -1,
    "sanction": -1,
}
#: Relations stored once per unordered pair.
SYMMETRIC = frozenset({"dispute", "alliance", "crisis", "partnership"})
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
_PROV = "http://www.w3.org/ns/prov#"


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


def _deal_span(order: FuzzyDate | None, years: tuple[int, ...]) -> Span:
    start = order
    if start is None and years:
        start = FuzzyDate(str(years[0]), date(years[0], 1, 1), date(years[0], 12, 31), "year")
    end = None
    if years:
        end = FuzzyDate(str(years[-1]), date(years[-1], 1, 1), date(years[-1], 12, 31), "year")
    begun = date.min
    if start is not None:
        begun = start.latest or start.earliest or date.min
    ends = date(years[-1], 12, 31) if years else date.max
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


def _merge_dates(values: Iterable[FuzzyDate]) -> FuzzyDate | None:
    """Several sources' dates for one thing: the interval that covers them all."""
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
    ``kg:reportsDeal``): they count once.
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
        self._certainty: dict[tuple[str, str], str] = {}
        self._attributed: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._events: dict[tuple[str, str], tuple[str, str]] = {}  # (iri, graph) -> (deal, kind)

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
        for e, t in store.query(
            f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {values} }} ?e a ?t }}"
        ):
            kinds[str(e)].add(by_iri[str(t)])
        name_preds = {f"<{_RDFS}label>", f"<{_SKOS}altLabel>"}
        for t in types:
            for f in t.fields.values():
                if f.identifies:
                    name_preds.add(f"<{f.predicate}>")
        label_pred = f"{_RDFS}label"
        labels: dict[str, Counter] = defaultdict(Counter)
        rows = store.query(
            "SELECT ?e ?p ?name ?g WHERE { VALUES ?p { "
            + " ".join(sorted(name_preds))
            + " } GRAPH ?g { ?e ?p ?name } }"
        )
        for e, p, name, g in rows:
            e = str(e)
            if e not in kinds:
                continue
            self.names[normalise(name)].add(e)
            if str(p) == label_pred:
                labels[e][str(name)] += 1
                self._labels[(e, str(g))] = str(name)
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
        for deal, g, s, r in store.query(
            f"SELECT ?deal ?g ?s ?r WHERE {{ GRAPH ?g {{ ?deal {sup} ?s ; {rec_} ?r }} }}"
        ):
            rec = self._record(str(deal), str(g))
            rec.suppliers.add(str(s))
            rec.recipients.add(str(r))
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
        deal_type = f"<{self.schema.types['ArmsDeal'].iri}>"
        for deal, g, p, o in store.query(
            f"SELECT ?deal ?g ?p ?o WHERE {{ VALUES ?p {{ {values} }} "
            f"GRAPH ?g {{ ?deal ?p ?o ; a {deal_type} }} }}"
        ):
            rec = self._record(str(deal), str(g))
            name = props[str(p)]
            if name == "system":
                rec.systems.add(str(o))
            elif name == "delivery_years":
                rec.years.add(int(o))
            elif name == "tiv_delivered":
                rec.tiv = float(o.toPython())
            elif name == "delivered":
                rec.delivered = int(o)
            elif name == "quantity":
                rec.quantity = int(o)
            elif name == "status":
                rec.status = str(o).rsplit("/", 1)[-1]
            elif name == "reports_deal":
                rec.reports.add(str(o))
        value = self._pred("ArmsDeal", "value")
        for deal, g, amount, currency in store.query(
            f"SELECT ?deal ?g ?amount ?currency WHERE {{ GRAPH ?g {{ ?deal {value} ?v . "
            f"?v <{_SCHEMA}value> ?amount ; <{_SCHEMA}currency> ?currency }} }}"
        ):
            amt = amount.toPython() if isinstance(amount, Literal) else amount
            self._record(str(deal), str(g)).value[str(currency)] = float(Decimal(str(amt)))

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
        for r, g, t, p, a in store.query(q):
            key = (str(r), str(g))
            rec = self._relation_records.get(key)
            if rec is None:
                rec = self._relation_records[key] = _RelationRecord(str(r), str(g), types[str(t)])
            rec.roles[roles[str(p)]].add(str(a))
        ongoing = self._pred("Dispute", "ongoing_at")
        for r, g, d in store.query(f"SELECT ?r ?g ?d WHERE {{ GRAPH ?g {{ ?r {ongoing} ?d }} }}"):
            rec = self._relation_records.get((str(r), str(g)))
            if rec is not None:
                rec.ongoing.add(d.toPython())
        about = {
            self._pred("Crisis", "about"),
            self._pred("Sanction", "about"),
            self._pred("Membership", "ended_because_of"),
        }
        for r, g, d in store.query(
            "SELECT ?r ?g ?d WHERE { VALUES ?p { "
            + " ".join(sorted(about))
            + " } GRAPH ?g { ?r ?p ?d } }"
        ):
            rec = self._relation_records.get((str(r), str(g)))
            if rec is not None:
                rec.deals.add(str(d))

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
        for x, g, p, text, earliest, latest, precision in store.query(q):
            e = earliest.toPython() if earliest is not None else None
            la = latest.toPython() if latest is not None else None
            prec = str(precision).rsplit("/", 1)[-1] if precision is not None else "range"
            text = str(text) if text is not None else _bounds_text(e, la)
            try:
                fd = FuzzyDate(text, e, la, prec)
            except FuzzyDateError as err:
                log.warning("skipping the date of %s in %s: %s", x, g, err)
                continue
            self._dates[(str(x), names[str(p)], str(g))] = fd
        certainty = self._pred("ArmsDeal", "certainty")
        for x, g, c in store.query(f"SELECT ?x ?g ?c WHERE {{ GRAPH ?g {{ ?x {certainty} ?c }} }}"):
            self._certainty[(str(x), str(g))] = str(c).rsplit("/", 1)[-1]
        attributed = self._pred("ArmsDeal", "attributed_to")
        for x, g, who in store.query(
            f"SELECT ?x ?g ?who WHERE {{ GRAPH ?g {{ ?x {attributed} ?who }} }}"
        ):
            self._attributed[(str(x), str(g))].add(str(who))
        for g, title in store.query(
            f"SELECT ?g ?title WHERE {{ GRAPH ?g {{ ?g <{_DCTERMS}title> ?title }} }}"
        ):
            self.source_titles[str(g)] = str(title)

    def _read_events(self, store: Store) -> None:
        deal, kind = self._pred("DealEvent", "deal"), self._pred("DealEvent", "event_type")
        for ev, g, d, k in store.query(
            f"SELECT ?ev ?g ?d ?k WHERE {{ GRAPH ?g {{ ?ev {deal} ?d ; {kind} ?k }} }}"
        ):
            self._events[(str(ev), str(g))] = (str(d), str(k).rsplit("/", 1)[-1])
        speaker, about = self._pred("Statement", "speaker"), self._pred("Statement", "about")
        content = self._pred("Statement", "content")
        self._statements: dict[tuple[str, str], tuple[str, str, str]] = {}
        for st, g, who, d, text in store.query(
            f"SELECT ?st ?g ?who ?d ?text WHERE {{ GRAPH ?g {{ ?st {speaker} ?who ; {about} ?d . "
            f"OPTIONAL {{ ?st {content} ?text }} }} }}"
        ):
            self._statements[(str(st), str(g))] = (str(d), str(who), str(text or ""))

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

    @property
    def _ranks(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.schema.schemes["Certainty"].concepts)}

    def _certainty_of(self, subject: str, graphs: Iterable[str]) -> str | None:
        found = [self._certainty[(subject, g)] for g in graphs if (subject, g) in self._certainty]
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

        >>> [d.label for d in facts.select(as_of="2016-12-31").deals]
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
        src_set = set(src) if src is not None else None
        deals = [d for d in self._merge_deals(src_set, rank) if not timed or d.span.holds(w)]
        relations = [
            r for r in self._merge_relations(src_set, rank) if not timed or r.span.holds(w)
        ]
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
            order = _merge_dates(
                self._dates[(iri, "order_date", g)]
                for g in graphs
                if (iri, "order_date", g) in self._dates
            )
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
                        span=_deal_span(order, years),
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
            start = _merge_dates(
                self._dates[(iri, "start", g)] for g in graphs if (iri, "start", g) in self._dates
            )
            end = _merge_dates(
                self._dates[(iri, "end", g)] for g in graphs if (iri, "end", g) in self._dates
            )
            ongoing = tuple(sorted(set().union(*(r.ongoing for r in recs))))
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
                    date=_merge_dates(
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
_PLURAL = {
    "dispute": "disputes",
    "alliance": "alliances",
    "partnership": "partnerships",
    "membership": "memberships",
    "sanction": "sanctions",
    "crisis": "crises",
}


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


# --------------------------------------------------------------------------- projections


def _add_node(g: nx.Graph, facts: Facts, iri: str) -> None:
    if iri not in g:
        g.add_node(iri, label=facts.label(iri), kind=facts.kind(iri), iri=iri)


def _edge_dates(spans: list[Span]) -> dict[str, str | None]:
    """The start of the earliest-starting fact and the end of the latest-ending one."""
    starts = [s.start for s in spans if s.start is not None]
    first = min(
        starts, key=lambda d: (d.earliest or date.min, d.latest or date.max, d.text), default=None
    )
    if any(s.end is None for s in spans):
        last = None
    else:
        last = max(
            (s.end for s in spans),
            key=lambda d: (d.latest or date.max, d.earliest or date.min, d.text),
        )
    a, b = date_text(first), date_text(last)
    return {
        "start": a["text"],
        "start_earliest": a["earliest"],
        "start_latest": a["latest"],
        "end": b["text"],
        "end_earliest": b["earliest"],
        "end_latest": b["latest"],
    }


def _label_of(labels: list[str], noun: str) -> str:
    uniq = sorted(set(labels))
    if len(uniq) == 1:
        return uniq[0]
    return f"{len(uniq)} {noun}: " + "; ".join(uniq)


def _common_attrs(facts: Facts, relation: str, items: list, noun: str) -> dict[str, Any]:
    sources = sorted({s for it in items for s in it.sources})
    attrs = {
        "relation": relation,
        "directed": relation not in SYMMETRIC,
        "label": _label_of([it.label for it in items], noun),
        **_edge_dates([it.span for it in items]),
        "sources": sources,
        "source_titles": facts.titles(sources),
        "facts": sorted({it.iri for it in items}),
    }
    if relation in SIGNS:
        attrs["sign"] = SIGNS[relation]
    return attrs


def supply_attrs(facts: Facts, deals: list[Deal], w: Window | None) -> dict[str, Any]:
    """The attributes of a supply edge made of ``deals`` (see the module's contract)."""
    attrs = _common_attrs(facts, "supply", deals, "deals")
    by_cluster: dict[str, list[Deal]] = defaultdict(list)
    for d in deals:
        by_cluster[d.cluster or d.iri].append(d)
    tiv: float | None = None
    value: dict[str, float] = {}
    for _, members in sorted(by_cluster.items()):
        tivs = [t for t in (m.tiv_in(w) for m in members) if t is not None]
        if tivs:
            tiv = (tiv or 0.0) + max(tivs)
        best: dict[str, float] = {}
        for m in members:
            for cur, amt in m.value:
                best[cur] = max(best.get(cur, amt), amt)
        for cur, amt in best.items():
            value[cur] = value.get(cur, 0.0) + amt
    attrs["deals"] = len(by_cluster)
    attrs["tiv_delivered"] = tiv
    attrs["value"] = dict(sorted(value.items()))
    attrs["systems"] = sorted({s for d in deals for s in d.systems})
    return attrs


def _selection(store, as_of, period, sources, min_certainty) -> Selection:
    return read_facts(store).select(as_of, period, sources, min_certainty)


def transfer_network(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> nx.DiGraph:
    """The arms-transfer network: supplier -> recipient, one edge per pair.

    Parameters
    ----------
    store : Store or Facts
        The dataset, or the facts already read from it.
    as_of : date, year or fuzzy date text, optional
        Keep the deals that hold on that day (ordered by then, deliveries not over).
    period : (since, until), optional
        Keep the deals that hold at some moment of the period; either end may be None.
    sources : iterable of str, optional
        Source ids or IRIs whose claims to keep.
    min_certainty : str, optional
        The least certainty a claim may have (``confirmed``, ``reported``...).

    Returns
    -------
    networkx.DiGraph
        Nodes and edges as the module's contract says; edges are weighted by ``deals``,
        ``tiv_delivered`` and ``value``.

    Examples
    --------
    >>> g = transfer_network(store, as_of="2016-12-31")
    >>> [(g.nodes[u]["label"], g.nodes[v]["label"], d["deals"]) for u, v, d in g.edges(data=True)]
    [('Russia', 'China', 1)]
    """
    sel = _selection(store, as_of, period, sources, min_certainty)
    return transfer_network_of(sel)


def transfer_network_of(sel: Selection) -> nx.DiGraph:
    """The transfer network of an existing :class:`Selection`."""
    g = nx.DiGraph(projection="transfer", **sel.params())
    by_pair: dict[tuple[str, str], list[Deal]] = defaultdict(list)
    for d in sel.deals:
        by_pair[(d.supplier, d.recipient)].append(d)
    for (s, r), deals in sorted(by_pair.items()):
        _add_node(g, sel.facts, s)
        _add_node(g, sel.facts, r)
        g.add_edge(s, r, **supply_attrs(sel.facts, deals, sel.window))
    return g


def _alliance_pairs(sel: Selection) -> dict[tuple[str, str], list[tuple[Relation, Relation, Span]]]:
    """Co-members of an alliance whose memberships overlap (in the selection's window)."""
    facts = sel.facts
    alliance_kinds = set(facts.schema.subtypes("Alliance"))
    by_alliance: dict[str, list[Relation]] = defaultdict(list)
    for r in sel.relations:
        if r.relation == "membership" and facts.kind(r.target_node) in alliance_kinds:
            by_alliance[r.target_node].append(r)
    out: dict[tuple[str, str], list[tuple[Relation, Relation, Span]]] = defaultdict(list)
    for _alliance, members in sorted(by_alliance.items()):
        members.sort(key=lambda m: (m.source_node, m.iri))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.source_node == b.source_node:
                    continue
                span = Span(
                    _later(a.span.start, b.span.start),
                    _earlier(a.span.end, b.span.end),
                    max(a.span.begun_by, b.span.begun_by),
                    min(a.span.ends_from, b.span.ends_from),
                )
                if span.begun_by > span.ends_from:
                    continue  # the two memberships never certainly overlapped
                if not span.holds(sel.window):
                    continue
                u, v = sorted((a.source_node, b.source_node))
                out[(u, v)].append((a, b, span))
    return out


def _later(a: FuzzyDate | None, b: FuzzyDate | None) -> FuzzyDate | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=lambda d: (d.latest or date.max, d.earliest or date.min))


def _earlier(a: FuzzyDate | None, b: FuzzyDate | None) -> FuzzyDate | None:
    if a is None or b is None:
        return a or b
    return min(a, b, key=lambda d: (d.earliest or date.min, d.latest or date.max))


@dataclass(frozen=True)
class _CoMembership:
    """Two memberships of one alliance, seen as one fact for an alliance edge."""

    iri: str
    label: str
    sources: tuple[str, ...]
    span: Span


def relation_graph(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> nx.MultiDiGraph:
    """The actor relation graph: one edge per pair and relation, keyed by the relation.

    Supply edges run supplier -> recipient, sanctions imposer -> target, memberships
    member -> organisation; disputes, crises, partnerships and alliances (co-membership of
    an Alliance) are symmetric and stored once, smaller IRI first (``directed`` is False).
    Parameters as for :func:`transfer_network`.

    Examples
    --------
    >>> g = relation_graph(facts, as_of="2021-02-07")
    >>> sorted({k for _, _, k in g.edges(keys=True)})
    ['crisis', 'dispute', 'partnership', 'supply']
    >>> g.edges["https://w3id.org/kg/id/actor/CHN", "https://w3id.org/kg/id/actor/IND", "dispute"]["start"]
    '2020'
    """
    return relation_graph_of(_selection(store, as_of, period, sources, min_certainty))


def relation_graph_of(sel: Selection) -> nx.MultiDiGraph:
    """The relation graph of an existing :class:`Selection`."""
    facts = sel.facts
    g = nx.MultiDiGraph(projection="relations", **sel.params())
    edges: dict[tuple[str, str, str], list] = defaultdict(list)
    for d in sel.deals:
        edges[(d.supplier, d.recipient, "supply")].append(d)
    for r in sel.relations:
        for u, v in r.pairs():
            edges[(u, v, r.relation)].append(r)
    for (u, v), items in _alliance_pairs(sel).items():
        for a, b, span in items:
            both = tuple(sorted(set(a.sources) | set(b.sources)))
            for m in (a, b):
                edges[(u, v, "alliance")].append(
                    _CoMembership(m.iri, facts.label(m.target_node), both, span)
                )
    for (u, v, rel), items in sorted(edges.items()):
        _add_node(g, facts, u)
        _add_node(g, facts, v)
        if rel == "supply":
            attrs = supply_attrs(facts, items, sel.window)
        else:
            attrs = _common_attrs(facts, rel, items, _PLURAL[rel])
            if rel == "alliance":
                attrs["alliances"] = sorted({it.label for it in items})
        g.add_edge(u, v, key=rel, **attrs)
    return g


def signed_graph(
    store: Store | Facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
    mixed: str = "negative",
) -> nx.Graph:
    """The signed graph: +1 cooperation (supply, partnership, alliance), -1 hostility
    (dispute, sanction, crisis), one undirected edge per pair of actors.

    Parameters
    ----------
    store, as_of, period, sources, min_certainty
        As for :func:`transfer_network`.
    mixed : {"negative", "positive", "drop"}
        What a pair that is both cooperating and hostile becomes: hostile (the default:
        a pair at odds is at odds even while it trades), friendly, or no edge. Such edges
        carry ``mixed=True`` and list ``positive`` and ``negative`` relations.

    Returns
    -------
    networkx.Graph
        Edges carry ``sign``, ``relation`` (the relation that decided the sign),
        ``relations`` and the contract's attributes.

    Examples
    --------
    >>> g = signed_graph(facts, as_of="2021-02-07")
    >>> cn, ind = "https://w3id.org/kg/id/actor/CHN", "https://w3id.org/kg/id/actor/IND"
    >>> g.edges[RUSSIA, cn]["sign"], g.edges[RUSSIA, ind]["sign"], g.edges[cn, ind]["sign"]
    (1, 1, -1)
    >>> g.edges[RUSSIA, cn]["relations"]
    ['partnership', 'supply']
    """
    if mixed not in ("negative", "positive", "drop"):
        raise AnalysisError(f"mixed must be negative, positive or drop, not {mixed!r}")
    rel = relation_graph_of(_selection(store, as_of, period, sources, min_certainty))
    return signed_graph_of(rel, mixed)


def signed_graph_of(rel: nx.MultiDiGraph, mixed: str = "negative") -> nx.Graph:
    """The signed graph of an existing relation graph (see :func:`signed_graph`)."""
    g = nx.Graph(
        projection="signed",
        mixed=mixed,
        **{k: v for k, v in rel.graph.items() if k != "projection"},
    )
    by_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in rel.edges(keys=True, data=True):
        if key not in SIGNS or u == v:
            continue
        a, b = (u, v) if u < v else (v, u)
        by_pair[(a, b)].append(data)
    order = {r: i for i, r in enumerate(RELATIONS)}
    for (u, v), items in sorted(by_pair.items()):
        positive = sorted({d["relation"] for d in items if d["sign"] > 0}, key=order.get)
        negative = sorted({d["relation"] for d in items if d["sign"] < 0}, key=order.get)
        if positive and negative:
            if mixed == "drop":
                continue
            sign = -1 if mixed == "negative" else 1
        else:
            sign = 1 if positive else -1
        deciding = (negative if sign < 0 else positive)[0]
        for n in (u, v):
            if n not in g:
                g.add_node(n, **rel.nodes[n])
        titles = {s: t for d in items for s, t in zip(d["sources"], d["source_titles"])}
        sources = sorted(titles)
        g.add_edge(
            u,
            v,
            sign=sign,
            relation=deciding,
            relations=sorted({d["relation"] for d in items}),
            positive=positive,
            negative=negative,
            mixed=bool(positive and negative),
            directed=False,
            label="; ".join(
                f"{d['relation']}: {d['label']}"
                for d in sorted(items, key=lambda d: order[d["relation"]])
            ),
            **_merged_edge_dates(items),
            sources=sources,
            source_titles=[titles[s] for s in sources],
            facts=sorted({f for d in items for f in d["facts"]}),
        )
    return g


def _merged_edge_dates(items: list[dict]) -> dict[str, str | None]:
    """The dates of an edge made of other edges: earliest start, latest end (None if open)."""
    starts = [d for d in items if d["start"] is not None]
    first = min(
        starts,
        key=lambda d: (d["start_earliest"] or "", d["start_latest"] or "~", d["start"]),
        default=None,
    )
    last = None
    if all(d["end"] is not None for d in items):
        last = max(items, key=lambda d: (d["end_latest"] or "~", d["end_earliest"] or "", d["end"]))
    out = dict.fromkeys(("start", "start_earliest", "start_latest"))
    if first is not None:
        out = {k: first[k] for k in ("start", "start_earliest", "start_latest")}
    if last is not None:
        out.update({k: last[k] for k in ("end", "end_earliest", "end_latest")})
    else:
        out.update(dict.fromkeys(("end", "end_earliest", "end_latest")))
    return out
