"""The result of an analysis: rows that cite their sources, a summary, and the filters used.

Every analysis returns an :class:`AnalysisResult`. Its rows are plain dicts (JSON-ready: str,
int, float, bool, None, lists and dicts of those); each row has ``sources`` (IRIs of the named
graphs its facts come from) and ``source_titles``. The table shows the columns the analysis
chose, with IRIs cut to their last segment; JSON shows everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AnalysisResult", "cell"]


def cell(value: Any) -> str:
    """How a value is shown in a table cell.

    >>> cell(["a", "b"]), cell({"USD": 5430000000.0}), cell(0.3333), cell(None), cell(True)
    ('a; b', 'USD 5,430,000,000', '0.333', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    if isinstance(value, dict):
        return "; ".join(f"{k} {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    text = str(value)
    if text.startswith("https://w3id.org/kg/"):
        return text.rsplit("/", 1)[-1]
    return text


@dataclass
class AnalysisResult:
    """Rows of an analysis, with the question it answers, its parameters and a summary."""

    analysis: str
    question: str
    columns: tuple[tuple[str, str], ...]  # (row key, table heading)
    rows: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def limit(self, n: int | None) -> AnalysisResult:
        """The first ``n`` rows only (the summary still describes all of them)."""
        if n is None:
            return self
        return AnalysisResult(
            self.analysis, self.question, self.columns, self.rows[:n], self.params, self.summary
        )

    def to_json(self) -> str:
        """Everything, as one JSON document."""
        doc = {
            "analysis": self.analysis,
            "question": self.question,
            "params": self.params,
            "summary": self.summary,
            "rows": self.rows,
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def to_table(self, width: int = 48) -> str:
        """The question, the summary and the chosen columns as a plain-text table."""
        from kg.query import QueryResult

        heads = [h for _, h in self.columns]
        body = [tuple(cell(r.get(k)) for k, _ in self.columns) for r in self.rows]
        lines = [self.question]
        shown = {k: v for k, v in self.params.items() if v is not None}
        if shown:
            lines.append("filters: " + ", ".join(f"{k}={cell(v)}" for k, v in shown.items()))
        for k, v in self.summary.items():
            lines.append(f"{k.replace('_', ' ')}: {cell(v)}")
        return "\n".join(lines) + "\n\n" + QueryResult(heads, body).to_table(width)

    def to_dataframe(self):
        """The rows as a pandas DataFrame (all keys, not only the table's columns)."""
        import pandas as pd

        return pd.DataFrame(self.rows)
