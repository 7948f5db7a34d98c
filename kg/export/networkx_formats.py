"""GraphML and GEXF exports of a projection, for Gephi, Cytoscape and yEd.

Both formats hold attributes of simple types only, one type per attribute name, and NetworkX
refuses anything else; kg's projections carry lists (sources, facts), dicts (a deal's value
by currency) and None. :func:`flat_graph` converts them, the same way every time:

- a list becomes its items joined by ``"; "`` in their order (sources and facts are sorted by
  the projection);
- a dict becomes one attribute per key, ``value_USD``;
- None is left out (both formats have "no value");
- an attribute whose values mix integers and floats is written as float; one that mixes
  numbers and text, as text.

Edges get unique ids ``e1``, ``e2``... in sorted order (a multigraph's keys, such as
``supply``, repeat across pairs, and GraphML wants unique ids); the relation stays in the
``relation`` attribute. Nodes and edges are written sorted, so the same graph gives the same
bytes.

GEXF specifics: GEXF gives ``label``, ``start`` and ``end`` a meaning of their own. kg's
fuzzy date texts are written as ``start_text``/``end_text``, and each edge's ``start`` and
``end`` are the widest bounds of its dates (``start_earliest``, ``end_latest``) so Gephi's
timeline shows every relation over the whole time it may have held. Nodes and edges carry
``viz`` colours from :mod:`kg.export.style`, and the ``lastmodifieddate`` that NetworkX stamps
with today's date is left out (it would change the bytes every day).
"""

from __future__ import annotations

import io
import logging
import numbers
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.export.output import write_atomic
from kg.export.style import edge_style, node_style

__all__ = ["flat_graph", "graphml_bytes", "gexf_bytes", "write_graphml", "write_gexf"]

log = logging.getLogger(__name__)

_GRAPH_KEYS_LEFT_OUT = {"findings"}  # per node and edge already; a list of dicts otherwise


def _flat_value(name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k in sorted(value, key=str):
            out.update(_flat_value(f"{name}_{k}", value[k]))
        return out
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return {name: "; ".join(str(x) for x in items if x is not None)}
    if isinstance(value, bool | str):
        return {name: value}
    if isinstance(value, numbers.Integral):
        return {name: int(value)}
    if isinstance(value, numbers.Real):
        return {name: float(value)}
    return {name: str(value)}


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in sorted(data, key=str):
        out.update(_flat_value(str(k), data[k]))
    return out


def _unify(items: list[dict[str, Any]]) -> None:
    """One type per attribute name: int+float -> float, number+text -> text (in place)."""
    types: dict[str, set[type]] = {}
    for d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    for k, ts in types.items():
        if len(ts) < 2:
            continue
        target = float if ts <= {int, float} else str
        for d in items:
            if k in d:
                d[k] = target(d[k]) if target is float else str(d[k])


def flat_graph(graph: nx.Graph, gexf: bool = False) -> nx.Graph:
    """A copy of ``graph`` whose attributes GraphML and GEXF can hold (see the module doc).

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="supply", sources=["s1", "s2"], value={"USD": 5.0}, end=None)
    >>> flat = flat_graph(g)
    >>> list(flat.edges(keys=True, data=True))
    [('a', 'b', 'e1', {'relation': 'supply', 'sources': 's1; s2', 'value_USD': 5.0})]
    """
    multi = graph.is_multigraph()
    out = (nx.MultiDiGraph if graph.is_directed() else nx.MultiGraph)()
    out.graph.update({k: v for k, v in _flat(graph.graph).items() if k not in _GRAPH_KEYS_LEFT_OUT})
    nodes = sorted(graph.nodes, key=str)
    node_data = [_flat(graph.nodes[n]) for n in nodes]
    if multi:
        raw = sorted(
            graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
        )
    else:
        raw = sorted(
            ((u, v, None, d) for u, v, d in graph.edges(data=True)),
            key=lambda e: (str(e[0]), str(e[1])),
        )
    edge_data = []
    for _u, _v, k, d in raw:
        attrs = dict(d)
        if k is not None:
            attrs.setdefault("relation", k)
        flat = _flat(attrs)
        if gexf:
            for which, bound in (("start", "start_earliest"), ("end", "end_latest")):
                if which in flat:
                    flat[f"{which}_text"] = flat.pop(which)
                if isinstance(flat.get(bound), str) and flat[bound]:
                    flat[which] = flat[bound]
        edge_data.append(flat)
    if gexf:
        for d in node_data:
            for which in ("start", "end"):
                if which in d:
                    d[f"{which}_text"] = d.pop(which)
    _unify(node_data)
    _unify(edge_data)
    for n, d in zip(nodes, node_data):
        if gexf:
            d["viz"] = {"color": _rgb(node_style(graph.nodes[n].get("kind")).color)}
        out.add_node(str(n), **d)
    for i, ((u, v, _k, _), d) in enumerate(zip(raw, edge_data), start=1):
        if gexf:
            d["viz"] = {"color": _rgb(edge_style(d.get("relation")).color)}
            d["id"] = f"e{i}"
        out.add_edge(str(u), str(v), key=f"e{i}", **d)
    return out


def _rgb(color: str) -> dict[str, int]:
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16)}


def graphml_bytes(graph: nx.Graph) -> bytes:
    """``graph`` as GraphML (UTF-8).

    >>> g = nx.DiGraph(); g.add_edge("a", "b", relation="supply", deals=2)
    >>> b"<edge source=\\"a\\" target=\\"b\\" id=\\"e1\\">" in graphml_bytes(g)
    True
    """
    buf = io.BytesIO()
    nx.write_graphml_xml(flat_graph(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(graph: nx.Graph) -> bytes:
    """``graph`` as GEXF 1.2 (UTF-8), with colours and, where edges have dates, a timeline.

    >>> g = nx.Graph(); g.add_edge("a", "b", relation="dispute", start="2020", start_earliest="2020-01-01")
    >>> text = gexf_bytes(g).decode()
    >>> 'start="2020-01-01"' in text, "lastmodifieddate" in text
    (True, False)
    """
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(flat_graph(graph, gexf=True))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write_graphml(graph: nx.Graph, path: Path | str) -> Path:
    """Write ``graph`` as GraphML to ``path``, atomically."""
    return write_atomic(path, graphml_bytes(graph))


def write_gexf(graph: nx.Graph, path: Path | str) -> Path:
    """Write ``graph`` as GEXF to ``path``, atomically."""
    return write_atomic(path, gexf_bytes(graph))
