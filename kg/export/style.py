"""The visual vocabulary of kg's drawings: a shape and colour per kind of actor, a colour and
line style per relation.

One table serves every drawing (the HTML view, its legend, the timeline chart), so a reader
who learns it once can read them all. Shapes and line styles repeat what the colours say, so
the drawings stay readable in greyscale and for colour-blind readers; relation colours come
from the Okabe-Ito palette, which stays distinct under the common colour-vision deficiencies.
The legend's names for kinds of actor are the labels of ``ontology/schema.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.schema import load_schema

__all__ = [
    "NodeStyle",
    "EdgeStyle",
    "KINDS",
    "RELATIONS",
    "HIGHLIGHT",
    "node_style",
    "edge_style",
    "kind_label",
]


@dataclass(frozen=True)
class NodeStyle:
    """How an actor of one kind is drawn: a vis-network shape and a fill colour."""

    shape: str
    color: str


@dataclass(frozen=True)
class EdgeStyle:
    """How a relation is drawn: colour, dash pattern (None for a solid line), arrow, name."""

    color: str
    dashes: tuple[int, ...] | None
    arrow: bool
    label: str


#: Shapes with the label below them (vis-network draws ``box`` or ``ellipse`` labels inside,
#: which makes node sizes depend on the text).
KINDS: dict[str, NodeStyle] = {
    "State": NodeStyle("dot", "#4e79a7"),
    "Alliance": NodeStyle("hexagon", "#59a14f"),
    "InternationalOrganization": NodeStyle("hexagon", "#76b7b2"),
    "Programme": NodeStyle("star", "#f28e2b"),
    "GovernmentAgency": NodeStyle("square", "#b07aa1"),
    "Company": NodeStyle("square", "#9c755f"),
    "MediaOutlet": NodeStyle("triangle", "#bab0ac"),
    "Person": NodeStyle("triangleDown", "#ff9da7"),
    "NonStateArmedGroup": NodeStyle("diamond", "#e15759"),
    "Territory": NodeStyle("dot", "#8cd17d"),
    "WeaponSystem": NodeStyle("diamond", "#edc948"),
}
DEFAULT_NODE = NodeStyle("dot", "#9d9d9d")

RELATIONS: dict[str, EdgeStyle] = {
    "supply": EdgeStyle("#0072b2", None, True, "arms supply"),
    "dispute": EdgeStyle("#d55e00", (8, 6), False, "dispute"),
    "crisis": EdgeStyle("#e69f00", (3, 4), False, "crisis"),
    "sanction": EdgeStyle("#cc79a7", (12, 4, 3, 4), True, "sanction"),
    "alliance": EdgeStyle("#009e73", None, False, "alliance"),
    "partnership": EdgeStyle("#56b4e9", None, False, "partnership"),
    "membership": EdgeStyle("#7f7f7f", (2, 3), True, "membership"),
}
DEFAULT_EDGE = EdgeStyle("#9d9d9d", None, False, "link")

#: The colour of findings an analysis highlights (black reads on every relation colour).
HIGHLIGHT = "#111111"


def node_style(kind: str | None) -> NodeStyle:
    """The style of an actor kind (a kg class local name); unknown kinds get a grey dot.

    >>> node_style("State").shape, node_style("no such kind").shape
    ('dot', 'dot')
    """
    return KINDS.get(kind or "", DEFAULT_NODE)


def edge_style(relation: str | None) -> EdgeStyle:
    """The style of a relation; a relation without a style (e.g. a query column) is grey.

    >>> edge_style("dispute").dashes, edge_style("supply").arrow
    ((8, 6), True)
    """
    if relation in RELATIONS:
        return RELATIONS[relation]
    return EdgeStyle(DEFAULT_EDGE.color, None, DEFAULT_EDGE.arrow, relation or DEFAULT_EDGE.label)


def kind_label(kind: str | None) -> str:
    """The legend's name for a kind: its label in the schema, else the kind as given.

    >>> kind_label("NonStateArmedGroup"), kind_label("Thing")
    ('non-state armed group', 'Thing')
    """
    types = load_schema().types
    if kind in types:
        return types[kind].label
    return kind or "other"
