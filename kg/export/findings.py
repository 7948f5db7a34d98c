"""What an analysis found, as marks on a drawing.

The analyses of :mod:`kg.analysis` return rows for reading; a drawing needs the nodes and
edges each row is about. This module turns the rows of the analyses that have a shape in the
graph into :class:`~kg.export.view.Finding` objects:

- ``dual-supply``: for each supplier and dispute, the supply edges from the supplier to the
  parties it arms, and the dispute edges between armed parties on opposing sides;
- ``balance``: for each unbalanced triangle, its three actors and the relations along its
  three sides.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from kg.analysis.result import AnalysisResult
from kg.errors import ExportError
from kg.export.view import Finding

__all__ = ["ANALYSES", "run_analysis", "findings_of"]

log = logging.getLogger(__name__)

#: Analyses that can be drawn, with the caption of their highlight.
ANALYSES = {
    "dual-supply": "Dual supply: suppliers arming opposing sides of a dispute",
    "balance": "Unbalanced triangles: a friend of two enemies, or three enemies",
}


def run_analysis(
    name: str,
    facts,
    as_of: Any = None,
    period: tuple[Any, Any] | None = None,
    sources: Iterable[str] | None = None,
    min_certainty: str | None = None,
) -> AnalysisResult:
    """Run the analysis ``name`` with the same filters as the drawing.

    >>> [r["supplier_label"] for r in run_analysis("dual-supply", facts).rows]
    ['Russia']
    """
    if name == "dual-supply":
        from kg.analysis.dual_supply import dual_supply

        return dual_supply(facts, as_of, period, sources, min_certainty)
    if name == "balance":
        from kg.analysis.balance import balance

        return balance(facts, as_of, period, sources, min_certainty)
    raise ExportError(f"cannot draw the analysis {name!r}; choose one of {', '.join(ANALYSES)}")


def _dual_supply(row: dict[str, Any]) -> Finding:
    supplier = row["supplier"]
    sides = [[r["recipient"] for r in side["recipients"]] for side in row["sides"]]
    edges: list[tuple] = [(supplier, r, "supply") for side in sides for r in side]
    for a, b in combinations(range(len(sides)), 2):
        edges += [(x, y, "dispute") for x in sides[a] for y in sides[b]]
    armed = ", ".join(
        re.sub(r"\((\d+)\)$", lambda m: f"({m[1]} deal{'s' if m[1] != '1' else ''})", a)
        for a in row["armed"]
    )
    text = (
        f"{row['supplier_label']} arms both sides of {row['dispute_label']} "
        f"({row['dispute_dates']}): {armed}"
    )
    nodes = (supplier, *sorted({r for side in sides for r in side}))
    return Finding(text, nodes, tuple(edges))


def _balance(row: dict[str, Any]) -> Finding:
    edges = tuple((*e["between"], rel) for e in row["edges"] for rel in e["relations"])
    text = f"{row['pattern']}: {', '.join(row['actors_label'])}"
    if row.get("pivot_label"):
        text += f" ({row['pivot_label']} is a friend of both enemies)"
    return Finding(text, tuple(row["actors"]), edges)


def findings_of(result: AnalysisResult) -> list[Finding]:
    """The findings of an analysis result, one per row.

    >>> [f.text for f in findings_of(run_analysis("balance", facts))]
    ['++-: China, India, Russia (Russia is a friend of both enemies)']
    """
    convert = {"dual-supply": _dual_supply, "balance": _balance}.get(result.analysis)
    if convert is None:
        raise ExportError(f"the analysis {result.analysis!r} has no findings to draw")
    return [convert(row) for row in result.rows]
