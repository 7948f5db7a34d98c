"""Names analysts use resolve to one entity; unknown and ambiguous names are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ResolutionError
from kg.load import load_paths

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def index():
    return load_paths([SEEDS]).index


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Moscow", "RUS"),
        ("the Kremlin", "RUS"),
        ("Beijing", "CHN"),
        ("New Delhi", "IND"),
        ("Ankara", "TUR"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("RU", "RUS"),
        ("CHN", "CHN"),
        ("NATO", "NATO"),
        ("north atlantic treaty organization", "NATO"),
    ],
)
def test_capitals_metonyms_and_codes_resolve_to_their_actor(index, name, expected):
    assert index.resolve(name, "Actor").id == expected


def test_an_unknown_name_is_an_error_with_a_suggestion(index):
    with pytest.raises(ResolutionError, match="did you mean 'moscow'"):
        index.resolve("Moscw", "Actor")


def test_a_name_of_the_wrong_kind_is_an_error(index):
    with pytest.raises(ResolutionError, match="wrong type"):
        index.resolve("S-400", "Actor")


def test_every_seed_state_has_iso_codes_and_un_membership():
    quads = load_paths([SEEDS / "states.yaml"]).quads
    states = {s for s, p, o, g in quads if str(o).endswith("#State")}
    assert len(states) == 197, len(states)
