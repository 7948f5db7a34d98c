"""Synthetic worlds: real curated input, shaped like the arms trade, the same for the same seed."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg import fuzzydate
from kg.build import build
from kg.cli import main
from kg.errors import KGError
from kg.query import run_query
from kg.synth import WorldSpec, spec_for_triples, write_world

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SMALL = WorldSpec(states=197, deals=1500, disputes=300, seed=7)


def records(folder: Path) -> list[dict]:
    out = []
    for f in sorted(folder.glob("*.yaml")):
        out.extend(yaml.safe_load(f.read_text(encoding="utf-8"))["records"])
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "world"
    write_world(out, SMALL)
    return out


@pytest.fixture(scope="module")
def built_world(world, tmp_path_factory):
    """The world built with the seeds, validation on: the real loader accepts it."""
    out = tmp_path_factory.mktemp("synth-build") / "build"
    result = build([SEEDS, world], out_dir=out)
    return result, out


def test_the_same_seed_writes_the_same_bytes(world, tmp_path):
    again = tmp_path / "again"
    write_world(again, SMALL)
    names = sorted(p.name for p in world.iterdir())
    assert names == sorted(p.name for p in again.iterdir()), names
    for name in names:
        assert (world / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_writes_another_world(world, tmp_path):
    other = tmp_path / "other"
    write_world(other, WorldSpec(states=197, deals=1500, disputes=300, seed=8))
    assert (other / "deals.yaml").read_bytes() != (world / "deals.yaml").read_bytes()


def test_a_world_builds_with_the_seeds_and_passes_validation(built_world):
    result, _ = built_world
    sources = {g.rsplit("/", 1)[-1] for g in result.counts}
    expected = {"synth-registry", "synth-conflicts", "synth-news-a", "synth-news-b"}
    assert expected <= sources, sources
    # about TRIPLES_PER_DEAL quads per deal, the seeds' 4k aside
    assert sum(result.counts.values()) > 20 * SMALL.deals, result.counts


def test_sizing_by_triples_lands_near_the_target(tmp_path):
    target = 60_000
    spec = spec_for_triples(target, seed=3)
    write_world(tmp_path / "w", spec)
    result = build([SEEDS, tmp_path / "w"], out_dir=tmp_path / "b", validate=False, store=False)
    quads = sum(result.counts.values())
    assert 0.8 * target < quads < 1.25 * target, quads


def test_a_few_suppliers_make_most_deals(world):
    deals = [r for r in records(world) if r["type"] == "ArmsDeal" and "quantity" in r]
    shares = collections.Counter(r["supplier"] for r in deals).most_common()
    top5 = sum(n for _, n in shares[:5]) / len(deals)
    # heavy tail: five suppliers out of ~200 make more than half the deals, as in SIPRI's data
    assert top5 > 0.5, shares[:5]
    assert len(shares) > 50, len(shares)


def test_disputes_are_mostly_between_neighbours(world):
    region = {
        r["id"]: r["region"] for r in yaml.safe_load((SEEDS / "states.yaml").read_text())["records"]
    }
    disputes = [r for r in records(world) if r["type"] == "Dispute"]
    neighbours = sum(region[r["side_a"][0]] == region[r["side_b"][0]] for r in disputes)
    assert neighbours / len(disputes) > 0.7, (neighbours, len(disputes))


def test_dates_spread_over_decades_and_are_written_fuzzily(world):
    dates = [fuzzydate.parse(r["order_date"]) for r in records(world) if "order_date" in r]
    decades = {d.earliest.year // 10 for d in dates if d.earliest}
    precisions = collections.Counter(d.precision for d in dates)
    assert len(decades) >= 7, sorted(decades)
    assert len(precisions) >= 6, precisions


def test_sources_disagree_about_some_deals(built_world):
    _, out = built_world
    from kg.build import open_build

    disagreements = """
    PREFIX kg: <https://w3id.org/kg/ontology#>
    SELECT (COUNT(DISTINCT ?deal) AS ?n) WHERE {
      GRAPH ?a { ?deal kg:orderDate/kg:earliest ?x }
      GRAPH ?b { ?deal kg:orderDate/kg:earliest ?y }
      FILTER (?x < ?y)
    }"""
    n = int(run_query(open_build(out), disagreements).rows[0][0])
    assert n > 10, n


def test_a_world_bigger_than_the_seeds_adds_its_own_states(tmp_path):
    write_world(tmp_path / "w", WorldSpec(states=230, deals=200, disputes=20, seed=1))
    states = [r for r in records(tmp_path / "w") if r["type"] == "State"]
    assert len(states) == 230 - 197, len(states)
    build([SEEDS, tmp_path / "w"], out_dir=tmp_path / "b", store=False)


def test_kg_synth_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.yaml").write_text("keep: me\n")
    with pytest.raises(KGError, match="was not written by kg synth"):
        write_world(tmp_path / "notes", WorldSpec(deals=10, disputes=2))
    assert (tmp_path / "notes" / "mine.yaml").read_text() == "keep: me\n"


def test_kg_synth_writes_a_world_and_says_how_to_build_it(tmp_path):
    out = tmp_path / "w"
    args = ["synth", "--triples", "20000", "--seed", "2", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "build it with: kg build" in result.output, result.output
    assert (out / "deals.yaml").is_file() and (out / "world.json").is_file()
