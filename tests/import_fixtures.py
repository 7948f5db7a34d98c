"""Fixtures of the import tests: the four hand-written datasets imported, and built with the
seeds. Test modules load them with ``pytest_plugins = ["tests.import_fixtures"]``."""

from __future__ import annotations

import pytest

from tests.importing import DATA


@pytest.fixture(scope="session")
def fixture_imports(tmp_path_factory) -> dict:
    """The four hand-written datasets imported into one folder, with their reports."""
    from kg.imports.cow import import_cow_alliances, import_cow_mids, import_cow_states
    from kg.imports.sipri import import_sipri

    out = tmp_path_factory.mktemp("imports")
    reports = {
        "sipri": import_sipri(DATA / "sipri_small.csv", out),
        "cow-states": import_cow_states(DATA / "cow_states_small.csv", out),
        "cow-alliances": import_cow_alliances(DATA / "cow_alliances_small.csv", out),
        "cow-mids": import_cow_mids([DATA / "cow_MIDA_small.csv"], out),
    }
    return {"folder": out, "reports": reports}


@pytest.fixture(scope="session")
def imports_store(fixture_imports):
    """The seeds and the four imports, built (and validated) into one store."""
    from kg.build import dataset_from_paths
    from kg.paths import seeds_dir

    return dataset_from_paths([seeds_dir(), fixture_imports["folder"]])
