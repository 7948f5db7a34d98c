"""Where kg finds its data: the ontology folder, the default seeds and the named queries.

The ontology and the seeds are data, kept outside the code. In a checkout they are the
top-level ``ontology/`` and ``seeds/`` folders; in an installed wheel they are packed under
``kg/_data/``. ``KG_ONTOLOGY_DIR`` and ``KG_SEEDS_DIR`` point kg at a user's own copies.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ontology_dir", "seeds_dir", "queries_dir", "DEFAULT_BUILD_DIR"]

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_BUILD_DIR = Path("build")


def _find(name: str, env: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name


def ontology_dir() -> Path:
    """The folder holding ``schema.yaml``, ``kg.ttl`` and ``shapes.ttl``."""
    return _find("ontology", "KG_ONTOLOGY_DIR")


def seeds_dir() -> Path:
    """The curated knowledge that ``kg build`` loads when given no paths."""
    return _find("seeds", "KG_SEEDS_DIR")


def queries_dir() -> Path:
    """The library of named SPARQL queries, one ``.rq`` file each."""
    return _PACKAGE / "queries"
