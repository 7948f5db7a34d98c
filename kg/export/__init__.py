"""Exports: the graph drawn for people (interactive HTML, a timeline chart) and written for
other tools (GraphML and GEXF for Gephi and Cytoscape). One module per format.

- :mod:`kg.export.select`: what an export holds (a projection or a query, filters, a focus);
- :mod:`kg.export.findings`: an analysis's findings as marks on the drawing;
- :mod:`kg.export.view`: what is drawn (focus, reduction of large graphs, findings, queries);
- :mod:`kg.export.style`: the shapes, colours and line styles every drawing shares;
- :mod:`kg.export.html`: one self-contained, offline, safe HTML page (vis-network);
- :mod:`kg.export.networkx_formats`: GraphML and GEXF;
- :mod:`kg.export.timeline`: a deal's or a pair's events on a time axis, PNG or SVG;
- :mod:`kg.export.output`: atomic writing of the files.

Nothing is imported here, so ``import kg.export.view`` does not load matplotlib.
"""

__all__: list[str] = []
