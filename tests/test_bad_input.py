"""Bad input: every mistake gets a message naming file, line and field, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = [ROOT / "seeds" / "states.yaml", ROOT / "seeds" / "aliases.yaml"]

SOURCE = """\
source:
  id: test-source
  title: A test report
  author: A. Tester
  publisher: Test Press
  date: 2024-01-31
  kind: news-article
records:
"""
SYSTEM = """\
  - type: WeaponSystem
    id: SAM-1
    label: SAM-1
"""
AMBIGUOUS = """\
  - type: Person
    id: smith-1
    label: John Smith
  - type: Person
    id: smith-2
    label: John Smith
  - type: Statement
    id: said
    speaker: John Smith
    content: Something was said.
"""


def deal(**fields) -> str:
    base = {"supplier": "Russia", "recipient": "India", "system": "SAM-1", "order_date": "2019"}
    base.update(fields)
    lines = ["  - type: ArmsDeal", "    id: test-deal"]
    lines += [f"    {k}: {v}" for k, v in base.items() if v is not None]
    return "\n".join(lines) + "\n"


# name -> (file name, file text, the line and field the message must name, words it must say)
CASES = {
    "malformed-yaml": (
        "bad.yaml",
        SOURCE + SYSTEM + "  - type: ArmsDeal\n    id: [x\n",
        13,
        None,
        "malformed YAML",
    ),
    "malformed-turtle": (
        "bad.ttl",
        "@prefix kg: <https://w3id.org/kg/ontology#> .\nkg:a kg:b .\n",
        None,
        None,
        "malformed Turtle",
    ),
    "unknown-entity": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(recipient="Atlantis"),
        15,
        "recipient",
        "unknown actor 'Atlantis'",
    ),
    "ambiguous-entity": (
        "bad.yaml",
        SOURCE + SYSTEM + AMBIGUOUS,
        20,
        "speaker",
        "ambiguous reference 'John Smith'",
    ),
    "wrong-type": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(supplier="SAM-1"),
        14,
        "supplier",
        "wrong type: 'SAM-1' must name a actor",
    ),
    "impossible-date": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(order_date="2021-02-30"),
        17,
        "order_date",
        "day 30",
    ),
    "negative-quantity": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(quantity=-3),
        18,
        "quantity",
        "must be at least 0",
    ),
    "unknown-currency": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(value="{amount: 5, currency: XYZ}"),
        18,
        "value",
        "not an ISO 4217 currency code",
    ),
    "duplicate-identifier": (
        "bad.yaml",
        SOURCE + SYSTEM + deal() + deal(),
        19,
        "id",
        "duplicate identifier",
    ),
    "fact-without-source": ("bad.yaml", "records:\n" + SYSTEM, 1, "source", "have no source"),
    "missing-source": (
        "bad.yaml",
        "source: no-such-source\nrecords:\n" + SYSTEM,
        1,
        "source",
        "no file defines",
    ),
    "missing-required-field": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(supplier=None),
        12,
        "supplier",
        "is required but missing",
    ),
    "unknown-field": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(suplier="Russia"),
        18,
        "suplier",
        "has no field 'suplier'",
    ),
    "wrong-kind-of-value": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(quantity="many"),
        18,
        "quantity",
        "expected a whole number",
    ),
    "unknown-list-term": (
        "bad.yaml",
        SOURCE + SYSTEM + deal(status="shipped"),
        18,
        "status",
        "not in the list DealStatus",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_names_file_line_and_field_and_writes_nothing(tmp_path, case):
    name, text, line, field, words = CASES[case]
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kg.nq").write_text("previous build\n", encoding="utf-8")
    before = sorted((p.name, p.read_bytes()) for p in out.iterdir())

    result = CliRunner().invoke(main, ["build", *map(str, REFERENCE), str(bad), "--out", str(out)])

    assert result.exit_code != 0, result.output
    assert words in result.output, result.output
    where = f"{bad}:{line}" if line else str(bad)
    assert where in result.output, result.output
    if field:
        assert f"field '{field}'" in result.output, result.output
    assert sorted((p.name, p.read_bytes()) for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_validate_reports_every_problem_not_only_the_first(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCE + SYSTEM + deal(quantity=-1, status="shipped"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", *map(str, REFERENCE), str(bad)])
    assert result.exit_code == 1, result.output
    assert "field 'quantity'" in result.output and "field 'status'" in result.output, result.output
