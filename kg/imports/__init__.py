"""Importers of the standard datasets, one module each: :mod:`kg.imports.sipri` (SIPRI's
trade register) and :mod:`kg.imports.cow` (Correlates of War states, alliances and disputes).

Each reads a dataset as its owner publishes it and writes one source (one named graph) that
``kg build`` loads beside the seeds; :mod:`kg.imports.common` holds what they share.
"""

__all__: list[str] = []
