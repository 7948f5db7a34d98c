"""Graphs the export tests draw: hand-built to the projection contract of kg.project."""

from __future__ import annotations

import networkx as nx

ACTOR = "https://w3id.org/kg/id/actor/"
RUSSIA, CHINA, INDIA = ACTOR + "RUS", ACTOR + "CHN", ACTOR + "IND"
#: A string that would run script if any part of the page treated data as HTML; "href" is
#: the word that switches pyvis 0.3.2 to its innerHTML popup.
HOSTILE = "<img src=x onerror=alert(1)> href"
HOSTILE_SCRIPT = "</script><script>alert(2)</script><!-- href"
EVIL = ACTOR + "evil%3Cimg%3E"


def hostile_graph() -> nx.MultiDiGraph:
    """Three states and one group whose every string tries to break out of the page."""
    g = nx.MultiDiGraph(projection="relations", as_of=HOSTILE, notes=[HOSTILE_SCRIPT])
    for iri, label, kind in (
        (RUSSIA, "Russia", "State"),
        (CHINA, "China", "State"),
        (INDIA, "India", "State"),
        (EVIL, HOSTILE, HOSTILE_SCRIPT),
    ):
        g.add_node(iri, label=label, kind=kind, iri=iri)
    for recipient in (CHINA, INDIA):
        g.add_edge(
            RUSSIA,
            recipient,
            key="supply",
            relation="supply",
            directed=True,
            label="S-400 deal",
            start="2015",
            start_earliest="2015-01-01",
            start_latest="2015-12-31",
            end=None,
            sources=["https://w3id.org/kg/id/source/s"],
            source_titles=[HOSTILE],
            facts=["https://w3id.org/kg/id/deal/d"],
            deals=1,
            value={"USD": 5.43e9},
        )
    g.add_edge(CHINA, INDIA, key="dispute", relation="dispute", directed=False, label=HOSTILE)
    g.add_edge(EVIL, RUSSIA, key=HOSTILE, relation=HOSTILE, directed=True, label=HOSTILE_SCRIPT)
    return g


def star_forest(stars: int, leaves: int) -> nx.MultiDiGraph:
    """``stars`` suppliers, each arming ``leaves`` recipients of its own: a graph whose
    best-connected nodes are known in advance (the hubs)."""
    g = nx.MultiDiGraph(projection="transfer")
    for s in range(stars):
        hub = f"{ACTOR}hub{s:03d}"
        g.add_node(hub, label=f"Hub {s}", kind="State", iri=hub)
        for i in range(leaves):
            leaf = f"{ACTOR}leaf{s:03d}-{i:04d}"
            g.add_node(leaf, label=f"Leaf {s}.{i}", kind="State", iri=leaf)
            g.add_edge(hub, leaf, key="supply", relation="supply", deals=1 + i % 3)
    return g
