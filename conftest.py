"""Shared by the doctests of kg/: the seeds, built once per session.

Docstring examples use ``store`` (the seeds in an Oxigraph store, as
``kg.build.dataset_from_paths()`` returns them) and ``facts`` (``kg.project.Facts.read(store)``).
"""

import pytest


@pytest.fixture(scope="session")
def seed_store():
    from kg.build import dataset_from_paths

    return dataset_from_paths()


@pytest.fixture(scope="session")
def seed_facts(seed_store):
    from kg.project import Facts

    return Facts.read(seed_store)


@pytest.fixture(autouse=True)
def _doctest_seeds(request, doctest_namespace):
    """Give doctests ``store`` and ``facts`` without building the seeds in every docstring."""
    if request.node.__class__.__name__ == "DoctestItem":
        doctest_namespace["store"] = request.getfixturevalue("seed_store")
        doctest_namespace["facts"] = request.getfixturevalue("seed_facts")
