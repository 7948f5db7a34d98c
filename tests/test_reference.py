"""Questions a user may ask about the reference list of states and the curated aliases."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from kg import reference

ROOT = Path(__file__).resolve().parents[1]
NON_MEMBER_STATES = reference.NON_MEMBER_STATES

STATES_FILE = ROOT / "seeds" / "states.yaml"
ALIASES_FILE = ROOT / "seeds" / "aliases.yaml"
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")

# The aliases the project promises, with the Wikidata id of the state they name.
REQUIRED = {
    "RUS": (["Moscow", "the Kremlin"], "Q159"),
    "CHN": (["Beijing", "Zhongnanhai", "PRC", "People's Republic of China"], "Q148"),
    "IND": (["New Delhi"], "Q668"),
    "TUR": (["Ankara", "Turkey", "Turkiye", "Türkiye"], "Q43"),
    "USA": (["Washington", "the White House", "US", "U.S.", "United States"], "Q30"),
    "GBR": (["London", "Downing Street", "Whitehall", "UK", "Britain"], "Q145"),
    "FRA": (["Paris", "the Elysee"], "Q142"),
}


def package_rows() -> list[dict[str, str]]:
    """The raw rows of country_converter's table, read independently of kg.reference."""
    table = resources.files("country_converter") / "country_data.tsv"
    with table.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def current_un_members() -> set[str]:
    """ISO3 codes of the rows the package lists as UN members and not as obsolete."""
    return {
        row["ISO3"]
        for row in package_rows()
        if row["UNmember"].strip() and not row["obsolete"].strip()
    }


@pytest.fixture(scope="module")
def states() -> dict[str, dict]:
    return {state["id"]: state for state in reference.sovereign_states()}


@pytest.fixture(scope="module")
def aliases() -> dict:
    return yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeded_states() -> dict[str, dict]:
    document = yaml.safe_load(STATES_FILE.read_text(encoding="utf-8"))
    return {record["id"]: record for record in document["records"]}


def test_the_package_lists_the_193_un_members():
    # The UN has had 193 members since South Sudan joined in 2011; the package agrees.
    members = current_un_members()
    assert len(members) == 193, f"package lists {len(members)} current UN members"


def test_there_are_197_current_sovereign_states(states):
    # 193 UN members (counted from the package table) plus the Holy See, Palestine, Kosovo
    # and Taiwan, which are not members.
    members = current_un_members()
    expected = members | NON_MEMBER_STATES
    assert NON_MEMBER_STATES == {"VAT", "PSE", "XKX", "TWN"}, sorted(NON_MEMBER_STATES)
    assert not members & NON_MEMBER_STATES, f"non-members in UN list: {members & NON_MEMBER_STATES}"
    assert len(states) == len(members) + 4 == 197, f"{len(states)} states"
    assert set(states) == expected, f"differs: {sorted(set(states) ^ expected)}"


def test_un_membership_follows_the_package(states):
    members = current_un_members()
    wrong = sorted(
        iso3 for iso3, state in states.items() if state["un_member"] != (iso3 in members)
    )
    assert not wrong, f"wrong un_member flag: {wrong}"
    for iso3, state in states.items():
        assert ("un_member_since" in state) == state["un_member"], f"{iso3}: {state}"


def test_states_are_sorted_by_iso3_with_fields_in_order():
    order = [
        "type", "id", "label", "official_name", "iso2", "iso3", "iso_numeric", "continent",
        "region", "un_member", "un_member_since", "gw_code",
    ]  # fmt: skip
    records = reference.sovereign_states()
    ids = [record["id"] for record in records]
    assert ids == sorted(ids), "records are not sorted by id"
    for record in records:
        keys = list(record)
        assert keys == [key for key in order if key in record], f"{record['id']}: {keys}"
        assert record["type"] == "State" and record["id"] == record["iso3"], record
        assert re.fullmatch(r"[0-9]{3}", record["iso_numeric"]), record


@pytest.mark.parametrize(
    ("iso3", "iso2", "label", "member_since"),
    [
        ("RUS", "RU", "Russia", 1945),
        ("CHN", "CN", "China", 1945),
        ("IND", "IN", "India", 1945),
        ("TUR", "TR", "Türkiye", 1945),
    ],
)
def test_major_states_have_correct_codes_and_membership(states, iso3, iso2, label, member_since):
    state = states.get(iso3)
    assert state is not None, f"{iso3} missing"
    assert (state["iso2"], state["iso3"], state["label"]) == (iso2, iso3, label), state
    assert state["un_member"] is True, state
    assert state["un_member_since"] == member_since, state


def test_codes_that_look_like_other_values_stay_codes(states, seeded_states):
    # Namibia's "NA" is not a missing value, Norway's "NO" is not a YAML boolean, and the
    # table's pattern "^GB$|^UK$" for the United Kingdom becomes the standard code "GB".
    for source in (states, seeded_states):
        assert source["NAM"]["iso2"] == "NA", source["NAM"]
        assert source["NOR"]["iso2"] == "NO", source["NOR"]
        assert source["GBR"]["iso2"] == "GB", source["GBR"]
        assert source["GRC"]["iso2"] == "GR", source["GRC"]
        assert source["AFG"]["iso_numeric"] == "004", source["AFG"]


def test_non_members_are_present_without_membership(states):
    for iso3 in sorted(NON_MEMBER_STATES):
        assert iso3 in states, f"{iso3} missing"
        assert states[iso3]["un_member"] is False, states[iso3]


def test_seeded_states_file_is_what_the_package_produces(tmp_path):
    # seeds/states.yaml must never be edited by hand: regenerate it and compare bytes.
    regenerated = reference.write_states(tmp_path / "states.yaml")
    committed = STATES_FILE.read_bytes()
    assert regenerated.read_bytes() == committed, (
        "seeds/states.yaml is stale or edited: run `python -m kg.reference seeds/states.yaml`"
    )
    assert committed.startswith(b"# Generated from country_converter "), committed[:80]


def test_generation_does_not_depend_on_hash_seed(tmp_path):
    target = tmp_path / "states.yaml"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(ROOT)}
    code = f"from kg.reference import write_states; write_states({str(target)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
    assert target.read_bytes() == STATES_FILE.read_bytes(), "output changed with PYTHONHASHSEED"


def test_every_alias_record_names_a_known_state_or_nato(aliases, seeded_states):
    unknown = [
        r["id"] for r in aliases["records"] if r["id"] not in seeded_states and r["id"] != "NATO"
    ]
    assert not unknown, f"unknown ids: {unknown}"
    state_ids = [r["id"] for r in aliases["records"] if r["type"] == "State"]
    assert state_ids == sorted(state_ids), "state records are not sorted by id"
    assert len(state_ids) == len(set(state_ids)), "an id appears twice"
    nato = aliases["records"][-1]
    assert nato["id"] == "NATO" and nato["type"] == "Alliance", nato


def test_no_alias_collides_with_another_entity(aliases, seeded_states):
    # Who does each name point to? Labels, official names, codes and aliases all count.
    owners: dict[str, set[str]] = {}
    for iso3, state in seeded_states.items():
        for name in (state["label"], state.get("official_name"), state["iso2"], state["iso3"]):
            if name:
                owners.setdefault(name.casefold(), set()).add(iso3)
    for record in aliases["records"]:
        for name in [record.get("label"), *record.get("aliases", [])]:
            if name:
                owners.setdefault(name.casefold(), set()).add(record["id"])
    clashes = {
        alias: sorted(owners[alias.casefold()])
        for record in aliases["records"]
        for alias in record.get("aliases", [])
        if len(owners[alias.casefold()]) > 1
    }
    assert not clashes, f"aliases naming more than one entity: {clashes}"


@pytest.mark.parametrize("iso3", sorted(REQUIRED))
def test_required_aliases_resolve(aliases, iso3):
    names, wikidata = REQUIRED[iso3]
    resolve = {
        alias.casefold(): record["id"]
        for record in aliases["records"]
        for alias in record.get("aliases", [])
    }
    wrong = {
        name: resolve.get(name.casefold()) for name in names if resolve.get(name.casefold()) != iso3
    }
    assert not wrong, f"{iso3}: aliases resolving elsewhere or nowhere: {wrong}"
    record = next(r for r in aliases["records"] if r["id"] == iso3)
    assert record.get("wikidata") == wikidata, f"{iso3}: wikidata {record.get('wikidata')!r}"


def test_ambiguous_names_are_not_aliases(aliases):
    used = {alias.casefold() for r in aliases["records"] for alias in r.get("aliases", [])}
    for name in ("Congo", "Korea", "Delhi", "Jerusalem"):
        assert name.casefold() not in used, f"ambiguous alias {name!r}"


def test_wikidata_ids_are_well_formed(aliases):
    bad = {r["id"]: r["wikidata"] for r in aliases["records"] if "wikidata" in r}
    bad = {key: value for key, value in bad.items() if not WIKIDATA_ID.match(str(value))}
    assert not bad, f"malformed wikidata ids: {bad}"
    ids = [r["wikidata"] for r in aliases["records"] if "wikidata" in r]
    duplicates = sorted({q for q in ids if ids.count(q) > 1})
    assert not duplicates, f"one wikidata id on several records: {duplicates}"
