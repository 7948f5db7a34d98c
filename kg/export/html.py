"""Interactive HTML views of a graph: one self-contained file, offline and safe.

pyvis 0.3.2 (unmaintained since early 2023) ships vis-network 9.1.2, and kg takes that from it;
its page template kg does not use, because in every mode it links Bootstrap from a CDN,
``cdn_resources="local"`` writes ``lib/`` into the working directory, the heading and the
select-menu node ids go into the page unescaped, and a title containing ``href`` switches it
to a popup that inserts titles as HTML. kg's own page (``page.html``, ``page.js``,
``page.css`` beside this module) is built so that none of that can happen:

- **one file, no request**: vis-network is inlined; a Content-Security-Policy in the page
  forbids every fetch (``default-src 'none'``) and lets run only the page's own two scripts,
  named by their SHA-256, so even a string that slipped past escaping could neither run (no
  inline handlers, no injected scripts) nor load anything;
- **data as data**: nodes and edges go in a ``<script type="application/json">`` element as
  JSON with ``<``, ``>`` and ``&`` written ``\\u003c``, ``\\u003e``, ``\\u0026`` (no ``</script>``
  or ``<!--`` can appear); the page puts strings on screen through ``textContent`` only, and
  tooltips are plain strings, which vis-network 9 shows as text; the heading is escaped by
  Jinja2's autoescape;
- **bulk and bounded**: nodes and edges enter vis DataSets in one call each; the physics
  layout runs a bounded number of iterations and is then switched off, so the page is
  interactive within seconds (:mod:`kg.export.view` reduces views past 1,500 nodes);
- **deterministic**: the same graph gives the same bytes (sorted nodes and edges, sorted
  JSON keys, a fixed layout seed).

What is drawn: node shape and colour by kind of actor, edge colour and dash by relation
(:mod:`kg.export.style`), supply edges as wide as their volume (TIV delivered, else the
number of deals), a legend whose entries switch relations and kinds on and off, tooltips
and a details panel with the facts, fuzzy dates and sources, a search box, the findings of
an analysis (click one to select it), the view's notes, and a button that saves the drawing
as PNG.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import logging
import math
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from kg.errors import ExportError
from kg.export.output import write_atomic
from kg.export.style import HIGHLIGHT, RELATIONS, edge_style, kind_label, node_style
from kg.export.view import edge_weight

__all__ = [
    "VIS_NETWORK_VERSION",
    "vis_network_js",
    "page_data",
    "html_document",
    "write_html",
    "notebook_view",
    "json_for_html",
    "MAX_FINDINGS",
]

log = logging.getLogger(__name__)

VIS_NETWORK_VERSION = "9.1.2"
#: Colours for relations that kg has no style for (e.g. the columns of a query), in order.
_EXTRA_COLORS = ("#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#9c755f")
#: Graph attributes that are not selection parameters (they are drawn otherwise).
_INTERNAL = {"notes", "findings", "highlight", "title", "projection", "focus", "name", "query"}
_MAX_LISTED = 12  # facts, sources and findings listed in a tooltip before "and N more"
_MAX_TEXT = 400  # characters of one line of a tooltip (a label may join hundreds of deals)
#: Findings listed in the page's panel; past this the page would grow by megabytes, and the
#: analysis on the command line lists them all.
MAX_FINDINGS = 500


@functools.cache
def vis_network_js() -> str:
    """The vis-network library that pyvis ships, ready to inline in a ``<script>`` element.

    The source-map comment is dropped (a browser's developer tools would try to fetch it).

    >>> "vis-network" in vis_network_js()[:200]
    True
    """
    try:
        asset = resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_NETWORK_VERSION}"
        text = (asset / "vis-network.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise ExportError(
            f"vis-network {VIS_NETWORK_VERSION} not found: kg takes it from pyvis 0.3.2 "
            "(pip install 'pyvis>=0.3.2,<0.4')"
        ) from e
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, flags=re.I):
        raise ExportError("the vis-network asset holds '</script' or '<!--': cannot inline it")
    return text


def json_for_html(value: Any) -> str:
    """JSON that can sit inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and the two
    line separators JavaScript once disallowed are written as ``\\u`` escapes.

    >>> json_for_html({"label": "</script><!--"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)
    for ch, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


# --------------------------------------------------------------------------- tooltips


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _date_span(d: dict[str, Any], which: str) -> str | None:
    text, lo, hi = d.get(which), d.get(f"{which}_earliest"), d.get(f"{which}_latest")
    if not text and not lo and not hi:
        return None
    bounds = ""
    if lo or hi:
        bounds = str(lo or hi) if lo == hi else f"{lo or '?'} \u2026 {hi or '?'}"
    if text and bounds and str(text) != bounds:
        return f"{text} ({bounds})"
    return str(text or bounds)


def _listed(items: list[str], what: str) -> list[str]:
    if not items:
        return []
    shown = [_clip(x) for x in items[:_MAX_LISTED]]
    more = len(items) - len(shown)
    tail = [f"  \u2026 and {more} more"] if more > 0 else []
    return [f"{what}:"] + [f"  {x}" for x in shown] + tail


def _clip(text: Any) -> str:
    text = str(text)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "\u2026"


def _starred(findings: Any) -> list[str]:
    items = _as_list(findings)
    lines = [f"\u2605 {_clip(t)}" for t in items[:_MAX_LISTED]]
    if len(items) > _MAX_LISTED:
        lines.append(f"\u2605 \u2026 and {len(items) - _MAX_LISTED} more findings")
    return lines


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    return [value]


def _edge_title(g: nx.Graph, u: str, v: str, d: dict[str, Any], directed: bool) -> str:
    label = lambda n: str(g.nodes[n].get("label") or n)  # noqa: E731
    style = edge_style(d.get("relation"))
    arrow = "\u2192" if directed else "\u2013"
    lines = [f"{label(u)} {arrow} {label(v)}: {style.label}"]
    if d.get("label") and d.get("label") != style.label:
        lines.append(_clip(d["label"]))
    start, end = _date_span(d, "start"), _date_span(d, "end")
    if start or end or "end" in d:
        when = f"from {start or 'an unknown date'}"
        when += f" to {end}" if end else ", no end recorded"
        lines.append(when)
    if "sign" in d and d["sign"] is not None:
        lines.append("sign: " + ("+1 (cooperation)" if d["sign"] > 0 else "-1 (hostility)"))
    volume = []
    if d.get("deals") is not None:
        volume.append(f"{d['deals']} deal{'s' if d['deals'] != 1 else ''}")
    if d.get("tiv_delivered") is not None:
        volume.append(f"TIV delivered {_num(d['tiv_delivered'])}")
    value = d.get("value")
    if isinstance(value, dict) and value:
        volume.append("value " + ", ".join(f"{c} {_num(a)}" for c, a in sorted(value.items())))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        volume.append(f"value {_num(value)}")
    if volume:
        lines.append(" \u00b7 ".join(volume))
    if d.get("rows"):
        lines.append(f"{d['rows']} row{'s' if d['rows'] != 1 else ''} of the query")
    lines += _listed(_as_list(d.get("details")), "Rows")
    titles = _as_list(d.get("source_titles")) or _as_list(d.get("sources"))
    lines += _listed(titles, "Sources")
    lines += _listed(_as_list(d.get("facts")), "Facts")
    lines += _starred(d.get("findings"))
    return "\n".join(lines)


def _node_title(g: nx.Graph, n: str, d: dict[str, Any], counts: Counter) -> str:
    lines = [str(d.get("label") or n), f"{kind_label(d.get('kind'))} \u00b7 {d.get('iri') or n}"]
    if counts:
        parts = ", ".join(f"{edge_style(r).label} \u00d7{c}" for r, c in sorted(counts.items()))
        total = sum(counts.values())
        lines.append(f"{total} edge{'s' if total != 1 else ''}: {parts}")
    lines += _starred(d.get("findings"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- page data


def _edges_sorted(g: nx.Graph) -> list[tuple[str, str, Any, dict]]:
    if g.is_multigraph():
        items = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)]
    else:
        items = [(u, v, None, d) for u, v, d in g.edges(data=True)]
    return sorted(items, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _relation_colors(relations: list[str]) -> dict[str, str]:
    extra = iter(_EXTRA_COLORS * (1 + len(relations) // len(_EXTRA_COLORS)))
    return {r: RELATIONS[r].color if r in RELATIONS else next(extra) for r in relations}


def _layout_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    # bounded stabilisation: a few hundred iterations settle a small graph; past a few hundred
    # nodes each iteration costs more, so fewer are run (the layout is then good enough to read,
    # and the user can drag nodes)
    iterations = int(max(60, min(400, 120_000 / max(n_nodes + n_edges, 1))))
    big = n_nodes > 300
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": n_nodes > 0,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 160,
                "springConstant": 0.06,
                "avoidOverlap": 0.4,
                "damping": 0.5,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 20,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": True,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.2},
            "selectionWidth": 2,
        },
    }


def _default_title(g: nx.Graph) -> str:
    projection = g.graph.get("projection")
    names = {
        "relations": "Relations between actors",
        "transfer": "Arms transfers",
        "signed": "Cooperation and hostility",
        "query": f"Query {g.graph.get('query', '')}".strip(),
    }
    return g.graph.get("title") or names.get(projection, "kg graph")


def _subtitle(g: nx.Graph) -> list[str]:
    out = []
    for k in sorted(g.graph):
        if k in _INTERNAL or g.graph[k] in (None, "", [], {}):
            continue
        v = g.graph[k]
        if isinstance(v, list | tuple):
            v = ", ".join(map(str, v))
        elif isinstance(v, dict):
            v = ", ".join(f"{a}={b}" for a, b in sorted(v.items()))
        out.append(f"{k.replace('_', ' ')}: {v}")
    return out


def page_data(graph: nx.Graph, title: str | None = None) -> dict[str, Any]:
    """Everything the page draws, as JSON-ready data: nodes, edges, legend, findings, notes.

    >>> g = nx.DiGraph(); g.add_node("a", label="A", kind="State"); g.add_edge("a", "b", relation="supply")
    >>> data = page_data(g)
    >>> [n["label"] for n in data["nodes"]], [(e["from"], e["to"]) for e in data["edges"]]
    (['A', 'b'], [('a', 'b')])
    """
    g = graph
    edges = _edges_sorted(g)
    highlighting = bool(g.graph.get("highlight"))
    per_node: dict[str, Counter] = defaultdict(Counter)
    for u, v, _, d in edges:
        per_node[u][d.get("relation") or "link"] += 1
        per_node[v][d.get("relation") or "link"] += 1
    relations = sorted(
        {d.get("relation") or "link" for *_, d in edges},
        key=lambda r: (r not in RELATIONS, list(RELATIONS).index(r) if r in RELATIONS else 0, r),
    )
    colors = _relation_colors(relations)

    supply_weights = [edge_weight(d) for *_, d in edges if d.get("relation") == "supply"]
    low, high = min(supply_weights, default=1.0), max(supply_weights, default=1.0)

    nodes_out = []
    ids = {}
    for n in sorted(g.nodes, key=str):
        d = g.nodes[n]
        style = node_style(d.get("kind"))
        partners = sum(per_node[n].values())
        marked = bool(d.get("findings"))
        centre = n == g.graph.get("focus")
        faded = highlighting and not marked and not centre
        node = {
            "id": str(n),
            "label": str(d.get("label") or n),
            "title": _node_title(g, n, d, per_node[n]) + ("\n(the focus)" if centre else ""),
            "kind": str(d.get("kind") or "other"),
            "shape": style.shape,
            "size": round(min(40.0, 12 + 3 * math.sqrt(partners)), 2),
            "color": {
                "background": style.color,
                "border": HIGHLIGHT if marked else style.color,
                "highlight": {"background": style.color, "border": HIGHLIGHT},
                "hover": {"background": style.color, "border": HIGHLIGHT},
            },
            "borderWidth": 4 if marked or centre else 1,
            "shapeProperties": {"borderDashes": [4, 3] if centre and not marked else False},
            "opacity": 0.35 if faded else 1,
            "font": {"color": "#999999" if faded else "#222222"},
        }
        ids[n] = node["id"]
        nodes_out.append(node)

    per_pair = Counter(tuple(sorted((str(u), str(v)))) for u, v, *_ in edges)
    pairs: Counter = Counter()
    edges_out = []
    edge_ids = {}
    for i, (u, v, k, d) in enumerate(edges, start=1):
        relation = d.get("relation") or "link"
        style = edge_style(relation)
        directed = g.is_directed() and bool(
            d.get("directed", style.arrow or relation not in RELATIONS)
        )
        marked = bool(d.get("findings"))
        width = 1.5
        if relation == "supply":  # 1.5 to 8 pixels, on a log scale: volumes span magnitudes
            width = 3.0
            if high > low:
                width = 1.5 + 6.5 * math.log1p(edge_weight(d) - low) / math.log1p(high - low)
        if marked:
            width += 3
        pair = tuple(sorted((str(u), str(v))))
        nth = pairs[pair]
        pairs[pair] += 1
        edge = {
            "id": f"e{i}",
            "from": ids[u],
            "to": ids[v],
            "relation": relation,
            "title": _edge_title(g, u, v, d, directed),
            "color": {
                "color": HIGHLIGHT if marked else colors[relation],
                "highlight": HIGHLIGHT,
                "hover": HIGHLIGHT,
                "opacity": 0.35 if highlighting and not marked else 0.9,
            },
            "dashes": list(style.dashes) if style.dashes else False,
            "width": round(width, 2),
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
        }
        if per_pair[pair] > 1:  # parallel edges: the first straight, the others bend apart
            edge["smooth"] = {
                "enabled": bool(nth),
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": round(0.25 * ((nth + 1) // 2), 2),
            }
        if marked:
            edge["shadow"] = {
                "enabled": True,
                "color": "rgba(0,0,0,0.35)",
                "size": 6,
                "x": 0,
                "y": 0,
            }
        edge_ids[(u, v, k)] = edge["id"]
        edges_out.append(edge)

    kinds = Counter(n["kind"] for n in nodes_out)
    legend_kinds = [
        {
            "kind": kd,
            "label": kind_label(kd),
            "shape": node_style(kd).shape,
            "color": node_style(kd).color,
            "count": c,
        }
        for kd, c in sorted(kinds.items())
    ]
    rel_counts = Counter(e["relation"] for e in edges_out)
    legend_relations = [
        {
            "relation": r,
            "label": edge_style(r).label,
            "color": colors[r],
            "dashes": list(edge_style(r).dashes or ()),
            "count": rel_counts[r],
        }
        for r in relations
    ]
    findings = []
    notes = [str(x) for x in g.graph.get("notes", [])]
    all_findings = g.graph.get("findings", [])
    if len(all_findings) > MAX_FINDINGS:
        notes.append(
            f"The panel lists the first {MAX_FINDINGS:,} of {len(all_findings):,} findings; "
            "all are marked in the drawing."
        )
    for f in all_findings[:MAX_FINDINGS]:
        fe = [
            edge_ids[(e[0], e[1], e[2] if len(e) > 2 else None)]
            for e in f.get("edges", [])
            if (e[0], e[1], e[2] if len(e) > 2 else None) in edge_ids
        ]
        fn = sorted({ids[n] for n in f.get("nodes", []) if n in ids})
        findings.append(
            {"text": str(f["text"]), "nodes": fn, "edges": sorted(fe, key=lambda x: int(x[1:]))}
        )
    return {
        "title": str(title or _default_title(g)),
        "subtitle": _subtitle(g),
        "notes": notes,
        "highlight": str(g.graph.get("highlight") or ""),
        "findings": findings,
        "nodes": nodes_out,
        "edges": edges_out,
        "legend": {
            "kinds": legend_kinds,
            "relations": legend_relations,
            "highlight": HIGHLIGHT,
            "headings": ["Links", "Entities"]
            if g.graph.get("projection") == "query"
            else ["Relations", "Actors"],
        },
        "options": _layout_options(len(nodes_out), len(edges_out)),
        "visNetwork": VIS_NETWORK_VERSION,
    }


# --------------------------------------------------------------------------- the page


def _asset(name: str) -> str:
    return (resources.files("kg.export") / name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    return env.from_string(_asset("page.html"))


def html_document(graph: nx.Graph, title: str | None = None) -> str:
    """The HTML page that draws ``graph``: one self-contained document, nothing fetched.

    >>> g = nx.Graph(); g.add_edge("a", "b", relation="dispute")
    >>> doc = html_document(g, title="<b>test</b>")
    >>> "<title>&lt;b&gt;test&lt;/b&gt;</title>" in doc, "https://" in doc.split("<script")[0]
    (True, False)
    """
    data = page_data(graph, title)
    vis_js, page_js = vis_network_js(), _asset("page.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; "
        "base-uri 'none'; form-action 'none'"
    )
    return _template().render(
        title=data["title"],
        csp=csp,
        css=Markup(_asset("page.css")),
        vis_js=Markup(vis_js),
        page_js=Markup(page_js),
        data=Markup(json_for_html(data)),
        vis_version=VIS_NETWORK_VERSION,
    )


def write_html(graph: nx.Graph, path: Path | str, title: str | None = None) -> Path:
    """Write the page of ``graph`` to ``path`` atomically (a temporary file, then a rename)."""
    path = Path(path)
    text = html_document(graph, title)
    write_atomic(path, text.encode("utf-8"))
    log.info("wrote %s (%d bytes)", path, path.stat().st_size)
    return path


def notebook_view(graph: nx.Graph, title: str | None = None, height: int = 640):
    """The same page, for Jupyter: an ``IPython.display.HTML`` holding a sandboxed iframe.

    The page goes in the iframe's ``srcdoc`` (escaped), so it needs no file and no server,
    and the sandbox (scripts only, no same-origin) keeps its scripts away from the notebook.

    >>> g = nx.Graph(); g.add_edge("a", "b")
    >>> notebook_view(g).data.startswith('<div class="kg-graph"><iframe sandbox="allow-scripts')
    True
    """
    try:
        from IPython.display import HTML
    except ImportError as e:  # pragma: no cover - IPython comes with pyvis
        raise ExportError("notebook display needs IPython (pip install ipython)") from e
    doc = html_document(graph, title)
    return HTML(
        '<div class="kg-graph"><iframe sandbox="allow-scripts allow-downloads" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(str(title or _default_title(graph)), quote=True)}" '
        f'srcdoc="{html.escape(doc, quote=True)}"></iframe></div>'
    )
