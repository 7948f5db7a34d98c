"""A synthetic dataset shaped like the imported SIPRI and COW data, for tests and benchmarks.

The quads follow the data model of ``ontology/schema.yaml`` as the loader writes it: arms
deals with supplier, recipient, system, fuzzy order date, years of delivery, TIV delivered
and quantities (a trade-register-like source); militarized disputes with two sides and fuzzy
start and end (a dispute-dataset-like source); alliances with dated memberships; states with
labels. A few big suppliers make most deals, as in the real register. Everything is drawn
from a seeded generator, so the same arguments give the same quads.

>>> quads = synthetic_quads(states=10, deals=20, disputes=3, alliances=1)
>>> len({q[3] for q in quads})  # four sources: states, trade, disputes, alliances
4
"""

from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg.schema import load_schema
from kg.serialize import nquads_text
from kg.store import Store

__all__ = ["synthetic_quads", "synthetic_store", "SOURCES"]

SOURCES = ("synthetic-states", "synthetic-trade", "synthetic-disputes", "synthetic-alliances")
_DCTERMS_TITLE = URIRef("http://purl.org/dc/terms/title")


def synthetic_quads(
    states: int = 200,
    deals: int = 30_000,
    disputes: int = 2_500,
    alliances: int = 400,
    seed: int = 0,
) -> list[tuple]:
    """Quads of a synthetic dataset with that many states, deals, disputes and alliances."""
    schema = load_schema()
    rng = random.Random(seed)
    kg = schema.term
    pred = {
        (t, f): schema.types[t].fields[f].predicate
        for t, fs in (
            (
                "ArmsDeal",
                (
                    "supplier",
                    "recipient",
                    "system",
                    "order_date",
                    "delivery_years",
                    "tiv_delivered",
                    "delivered",
                    "quantity",
                    "certainty",
                ),
            ),
            ("Dispute", ("parties", "side_a", "side_b", "start", "end", "dispute_kind")),
            ("Membership", ("member", "organization", "start", "end")),
        )
        for f in fs
    }
    graphs = {s: schema.entity_iri("Source", s) for s in SOURCES}
    precision = schema.schemes["Precision"]
    quads: list[tuple] = []

    def fuzzy(subject: URIRef, fname: str, g: str, start: date, end: date, prec: str, text: str):
        node = URIRef(f"{subject}#{fname}-{g}")
        graph = graphs[g]
        quads.extend(
            [
                (node, RDF.type, kg("FuzzyDate"), graph),
                (node, RDFS.label, Literal(text), graph),
                (node, kg("earliest"), Literal(start.isoformat(), datatype=XSD.date), graph),
                (node, kg("latest"), Literal(end.isoformat(), datatype=XSD.date), graph),
                (node, kg("precision"), precision.concept(prec), graph),
            ]
        )
        return node

    for s, g in graphs.items():
        quads.append((g, RDF.type, schema.types["Source"].iri, g))
        quads.append((g, _DCTERMS_TITLE, Literal(f"Synthetic data: {s}"), g))

    actors = [schema.entity_iri("State", f"S{i:04d}") for i in range(states)]
    g = graphs["synthetic-states"]
    for i, a in enumerate(actors):
        quads.append((a, RDF.type, schema.types["State"].iri, g))
        quads.append((a, RDFS.label, Literal(f"State {i}"), g))
    systems = [schema.entity_iri("WeaponSystem", f"SYS{i:04d}") for i in range(max(states, 10))]
    for i, s in enumerate(systems):
        quads.append((s, RDF.type, schema.types["WeaponSystem"].iri, g))
        quads.append((s, RDFS.label, Literal(f"System {i}"), g))

    # Suppliers: a heavy tail (the first few states make most deals).
    weights = [1.0 / (i + 1) ** 1.2 for i in range(states)]
    g, gid = graphs["synthetic-trade"], "synthetic-trade"
    certainties = schema.schemes["Certainty"]
    for i in range(deals):
        d = schema.entity_iri("ArmsDeal", f"syn-{i:06d}")
        supplier = rng.choices(actors, weights)[0]
        recipient = rng.choice(actors)
        while recipient == supplier:
            recipient = rng.choice(actors)
        year = rng.randint(1950, 2023)
        quads.extend(
            [
                (d, RDF.type, schema.types["ArmsDeal"].iri, g),
                (d, pred[("ArmsDeal", "supplier")], supplier, g),
                (d, pred[("ArmsDeal", "recipient")], recipient, g),
                (d, pred[("ArmsDeal", "system")], rng.choice(systems), g),
            ]
        )
        node = fuzzy(d, "order_date", gid, date(year, 1, 1), date(year, 12, 31), "year", str(year))
        quads.append((d, pred[("ArmsDeal", "order_date")], node, g))
        quantity = rng.randint(1, 50)
        quads.append(
            (d, pred[("ArmsDeal", "quantity")], Literal(quantity, datatype=XSD.integer), g)
        )
        if rng.random() < 0.9:
            first = year + rng.randint(0, 2)
            years = [y for y in range(first, first + rng.randint(1, 4)) if y <= 2024]
            for y in years:
                quads.append(
                    (d, pred[("ArmsDeal", "delivery_years")], Literal(y, datatype=XSD.integer), g)
                )
            quads.append(
                (d, pred[("ArmsDeal", "delivered")], Literal(quantity, datatype=XSD.integer), g)
            )
            tiv = round(rng.uniform(0.5, 400.0), 2)
            quads.append(
                (d, pred[("ArmsDeal", "tiv_delivered")], Literal(str(tiv), datatype=XSD.decimal), g)
            )
        if rng.random() < 0.1:
            quads.append((d, pred[("ArmsDeal", "certainty")], certainties.concept("estimated"), g))

    g, gid = graphs["synthetic-disputes"], "synthetic-disputes"
    mid = schema.schemes["DisputeKind"].concept("militarized-interstate-dispute")
    for i in range(disputes):
        r = schema.entity_iri("Dispute", f"mid-{i:05d}")
        size_a, size_b = rng.choice((1, 1, 1, 2, 3)), rng.choice((1, 1, 1, 2, 4))
        members = rng.sample(actors, size_a + size_b)
        year = rng.randint(1946, 2010)
        month = rng.randint(1, 12)
        start = date(year, month, 1)
        end_year = year + rng.choice((0, 0, 0, 1, 2))
        end = date(end_year, 12, 31)
        quads.extend(
            [
                (r, RDF.type, schema.types["Dispute"].iri, g),
                (r, RDFS.label, Literal(f"Dispute {i}"), g),
                (r, pred[("Dispute", "dispute_kind")], mid, g),
            ]
        )
        for j, m in enumerate(members):
            quads.append((r, pred[("Dispute", "parties")], m, g))
            side = "side_a" if j < size_a else "side_b"
            quads.append((r, pred[("Dispute", side)], m, g))
        last = date(year, month, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        node = fuzzy(r, "start", gid, start, last, "month", start.strftime("%B %Y"))
        quads.append((r, pred[("Dispute", "start")], node, g))
        node = fuzzy(r, "end", gid, date(end_year, 1, 1), end, "year", str(end_year))
        quads.append((r, pred[("Dispute", "end")], node, g))

    g, gid = graphs["synthetic-alliances"], "synthetic-alliances"
    for i in range(alliances):
        a = schema.entity_iri("Alliance", f"alliance-{i:04d}")
        quads.append((a, RDF.type, schema.types["Alliance"].iri, g))
        quads.append((a, RDFS.label, Literal(f"Alliance {i}"), g))
        first = rng.randint(1946, 2005)
        last = first + rng.randint(2, 40)
        for m in rng.sample(actors, rng.choice((2, 2, 2, 3, 4, 6, 12))):
            r = schema.entity_iri("Membership", f"alliance-{i:04d}-{m.rsplit('/', 1)[-1]}")
            quads.extend(
                [
                    (r, RDF.type, schema.types["Membership"].iri, g),
                    (r, pred[("Membership", "member")], m, g),
                    (r, pred[("Membership", "organization")], a, g),
                ]
            )
            node = fuzzy(
                r, "start", gid, date(first, 1, 1), date(first, 12, 31), "year", str(first)
            )
            quads.append((r, pred[("Membership", "start")], node, g))
            if last <= 2012:
                node = fuzzy(r, "end", gid, date(last, 1, 1), date(last, 12, 31), "year", str(last))
                quads.append((r, pred[("Membership", "end")], node, g))
    return quads


def synthetic_store(backend: str = "oxigraph", **sizes: int) -> Store:
    """A store holding :func:`synthetic_quads` (sizes as keyword arguments).

    The quads go through an N-Quads file, which Oxigraph parses natively (adding them one by
    one through rdflib is several times slower).
    """
    store = Store(backend)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nq"
        path.write_text(nquads_text(synthetic_quads(**sizes)), encoding="utf-8")
        store.load(path)
    return store
