"""The command line, as a user types it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_build_reports_what_it_wrote(built):
    assert (built / "kg.trig").is_file() and (built / "kg.nq").is_file()


def test_the_quick_start_question_prints_russia_china_india_the_dispute_and_sources(built):
    out = invoke("query", "dual-supply", "--data", str(built))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["supplierLabel"], r["recipientLabel"]) for r in rows} == {
        ("Russia", "China"),
        ("Russia", "India"),
    }, out
    assert {r["disputeLabel"] for r in rows} == {"China-India Himalayan border dispute"}, out
    assert {r["dealSource"] for r in rows} == {
        "More S-400 Trouble",
        "SIPRI Arms Transfers Database: trade register",
    }, out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_query_output_formats(built, fmt):
    # seven orders: the article's three S-400 deals, SIPRI's figures for them, and Belarus
    out = invoke("query", "system-orders", "--data", str(built), "--format", fmt)
    if fmt == "json":
        assert len(json.loads(out)["results"]["bindings"]) == 7, out
    elif fmt == "table":
        assert out.rstrip().endswith("(7 rows)"), out
    else:
        sep = "," if fmt == "csv" else "\t"
        assert len(list(csv.reader(io.StringIO(out), delimiter=sep))) == 1 + 7, out


def test_a_query_from_a_file_and_inline_give_the_same_answer(built, tmp_path):
    text = (
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { "
        "?d a <https://w3id.org/kg/ontology#ArmsDeal> ; "
        "<https://w3id.org/kg/ontology#system> <https://w3id.org/kg/id/system/S-400> }"
    )
    (tmp_path / "q.rq").write_text(text)
    inline = invoke("query", text, "--data", str(built))
    from_file = invoke("query", "-f", str(tmp_path / "q.rq"), "--data", str(built))
    assert inline == from_file == "n\n4\n", inline  # China, India, Turkey, Belarus


def test_named_queries_take_parameters(built):
    out = invoke("query", "deliveries-as-of", "-p", "date=2019-12-31", "--data", str(built))
    states = {r["deal"].rsplit("/", 1)[1]: r["state"] for r in csv.DictReader(io.StringIO(out))}
    assert states["ru-cn-s400-2015"] == "under way", states
    assert states["ru-in-s400-2018"] == "not begun", states


def test_the_list_of_named_queries_shows_questions_and_parameters():
    out = invoke("query", "--list")
    assert "deliveries-as-of [date=2019-12-31]" in out, out
    assert "Which supplier has arms deals with both parties" in out, out


def test_query_without_a_build_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["query", "dual-supply", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1, result.output
    assert "run `kg build` first" in result.output, result.output


def test_a_refused_query_exits_non_zero_with_the_reason(built):
    result = CliRunner().invoke(
        main,
        [
            "query",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
            "--data",
            str(built),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "SERVICE is refused" in result.output, result.output


def test_validate_says_the_seeds_are_valid():
    n_files = len(list(SEEDS.rglob("*.yaml")))
    assert invoke("validate").startswith(f"valid: {n_files} files"), n_files


def test_the_ontology_files_are_up_to_date():
    assert invoke("ontology", "--check").strip() == "up to date"


def test_the_memory_store_answers_like_oxigraph(built):
    a = invoke("query", "dual-supply", "--data", str(built))
    b = invoke("query", "dual-supply", "--data", str(built), "--store", "memory")
    assert a == b
