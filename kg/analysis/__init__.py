"""Structural analyses of the knowledge graph, one module per family of questions.

- :mod:`~kg.analysis.dual_supply`: suppliers arming opposing sides of a dispute;
- :mod:`~kg.analysis.balance`: structural balance of the signed graph (Heider's triangles);
- :mod:`~kg.analysis.dependence`: recipients' dependence on suppliers, and suppliers who also
  arm a recipient's adversary;
- :mod:`~kg.analysis.centrality`: degree, PageRank and betweenness in the transfer network,
  top suppliers and brokers per decade;
- :mod:`~kg.analysis.timeline`: the dated events of a deal, a pair of actors or a system;
- :mod:`~kg.analysis.changes`: relations that began or ended between two dates.

Each analysis takes a store (or the :class:`kg.project.Facts` read from it) and the filters of
:mod:`kg.project` (``as_of`` or ``period``, ``sources``, ``min_certainty``), and returns an
:class:`AnalysisResult` whose rows cite their sources.
"""

from kg.analysis.result import AnalysisResult

__all__ = ["AnalysisResult"]
