"""`kg analyze`: every analysis from the command line, in table and JSON, with its errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
ANALYSES = ["dual-supply", "balance", "dependence", "centrality", "timeline", "changes"]


def run(*args: str):
    return CliRunner().invoke(main, ["analyze", *args], catch_exceptions=False)


def test_kg_analyze_dual_supply_lists_russia_china_india_and_the_dispute(seed_build):
    result = run("dual-supply", "--data", str(seed_build))
    assert result.exit_code == 0, result.output
    line = next(
        x
        for x in result.output.splitlines()
        if x.startswith("Russia") and "China-India Himalayan border dispute" in x
    )
    assert re.search(r"China \(\d+\); India \(\d+\)", line), line
    assert "episkopos-2021-s400" in line, line


def test_kg_analyze_balance_reports_the_triangle_unbalanced(seed_build):
    result = run("balance", "--data", str(seed_build), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    row = next(r for r in doc["rows"] if r["actors_label"] == ["China", "India", "Russia"])
    assert (row["pattern"], row["balanced"], row["pivot_label"]) == ("++-", False, "Russia"), row
    assert doc["summary"]["unbalanced"] >= 1, doc["summary"]


@pytest.mark.parametrize(
    "args",
    [
        ["dual-supply", "--as-of", "2021-02-07"],
        ["balance", "--all"],
        ["dependence", "--measure", "deals", "--exposed"],
        ["centrality"],
        ["centrality", "--by-decade", "--top", "1"],
        ["timeline", "S-400"],
        ["timeline", "Russia", "India"],
        ["changes", "--since", "2016", "--until", "2021-02-07"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_every_analysis_prints_rows_citing_the_article(seed_build, args, fmt):
    result = run(*args, "--data", str(seed_build), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.output)["rows"]
        assert rows and all(r["sources"] for r in rows), rows
    else:
        assert "episkopos-2021-s400" in result.output, result.output


def test_limit_cuts_the_rows(seed_build):
    result = run("timeline", "S-400", "--data", str(seed_build), "--limit", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["rows"]) == 2


def test_source_and_certainty_filters_reach_the_analysis(seed_build):
    result = run(
        "dual-supply",
        "--data",
        str(seed_build),
        "--source",
        "country-converter",
        "--min-certainty",
        "reported",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["rows"] == [], "the reference table records no deals"
    assert doc["params"]["min_certainty"] == "reported", doc["params"]


@pytest.mark.parametrize(
    "args, exit_code, message",
    [
        (["dual-supply", "--as-of", "2020", "--since", "2019"], 2, "not both"),
        (["dual-supply", "--source", "nope"], 1, "unknown source 'nope'"),
        (["dual-supply", "--min-certainty", "sure"], 1, "unknown certainty"),
        (["dual-supply", "--since", "whenever"], 1, "since"),
        (["changes", "--since", "2019"], 2, "--since and --until"),
        (["timeline", "Atlantis"], 1, "no ArmsDeal or WeaponSystem or Actor is called"),
        (["timeline", "a", "b", "c"], 2, "two actors"),
        (["centrality", "--by-decade", "--as-of", "2020"], 2, "--by-decade"),
    ],
    ids=[
        "as-of-and-since",
        "unknown-source",
        "unknown-certainty",
        "bad-date",
        "changes-one-day",
        "unknown-name",
        "three-names",
        "decade-as-of",
    ],
)
def test_bad_input_is_a_clear_error(seed_build, args, exit_code, message):
    result = CliRunner().invoke(main, ["analyze", *args, "--data", str(seed_build)])
    assert result.exit_code == exit_code, result.output
    assert message in result.output, result.output


def test_a_missing_build_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["analyze", "balance", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1 and "kg build" in result.output, result.output


def test_every_analysis_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ANALYSES:
        assert f"kg analyze {name}" in readme, name


_SCRIPT = """
import sys
from kg.build import open_build
from kg.facts import Facts
from kg.analysis.balance import balance
from kg.analysis.centrality import centrality, top_by_decade
from kg.analysis.changes import changes
from kg.analysis.dependence import dependence
from kg.analysis.dual_supply import dual_supply
from kg.analysis.timeline import timeline
facts = Facts.read(open_build(sys.argv[1]))
for r in (dual_supply(facts), balance(facts, include_balanced=True), dependence(facts),
          centrality(facts), top_by_decade(facts), timeline(facts, "S-400"),
          changes(facts, 2015, 2021)):
    sys.stdout.write(r.to_json())
"""


def test_json_output_is_byte_identical_whatever_the_hash_seed(seed_build):
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(seed_build)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
