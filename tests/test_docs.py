"""Is every named query and every import command documented in the README?"""

from __future__ import annotations

import pytest

from kg.cli import import_group
from kg.query import named_queries
from tests.importing import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_is_in_the_readme_table(name):
    assert f"| `{name}` |" in README, f"README's table of named questions lacks {name}"


@pytest.mark.parametrize("command", sorted(import_group.commands))
def test_every_import_command_is_in_the_readme(command):
    assert f"kg import {command}" in README, f"README does not show kg import {command}"
