"""The store on disk: written once by a build, reopened by every later command, replaced whole."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.build import build, open_build
from kg.cli import main
from kg.errors import StoreError, ValidationError
from kg.query import named_queries, run_query
from kg.store import STORE_INFO, Store, read_store_info, write_store

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "fixtures" / "shape-violations.ttl"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seeds built once, with the store in its default place, build/store."""
    out = tmp_path_factory.mktemp("store") / "build"
    build(out_dir=out)
    return out


def quads_of(out: Path) -> int:
    return json.loads((out / "manifest.json").read_text())["quads"]


def test_a_build_writes_a_store_that_holds_the_same_quads_as_kg_nq(built):
    store = Store.open(built / "store")
    assert len(store) == quads_of(built), (len(store), quads_of(built))
    info = read_store_info(built / "store")
    manifest = json.loads((built / "manifest.json").read_text())
    assert info["nquads_sha256"] == manifest["nquads_sha256"], info


def test_commands_that_read_a_build_reopen_its_store_instead_of_parsing_kg_nq(built):
    store = open_build(built)
    assert store.path == built / "store", store.path


def test_the_store_on_disk_answers_every_named_query_like_the_store_in_memory(built, seed_store):
    disk = open_build(built)
    for name in named_queries():
        assert run_query(disk, name).to_csv() == run_query(seed_store, name).to_csv(), name


def test_two_readers_can_use_one_store_at_the_same_time(built):
    first, second = Store.open(built / "store"), Store.open(built / "store")
    counts = []

    def count(store):
        counts.append(len(store))

    threads = [threading.Thread(target=count, args=(s,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [quads_of(built)] * 2, counts


def test_a_store_can_live_elsewhere_and_kg_query_finds_it_with_store_path(tmp_path):
    out, elsewhere = tmp_path / "build", tmp_path / "stores" / "kg"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--store-path", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert not (out / "store").exists(), sorted(p.name for p in out.iterdir())
    via_store = CliRunner().invoke(
        main, ["query", "dual-supply", "--store-path", str(elsewhere), "--data", str(tmp_path)]
    )
    via_build = CliRunner().invoke(main, ["query", "dual-supply", "--data", str(out)])
    assert via_store.exit_code == 0, via_store.output
    rows = list(csv.DictReader(io.StringIO(via_store.output)))
    assert {r["recipientLabel"] for r in rows} == {"China", "India"}, via_store.output
    assert via_store.output == via_build.output


def test_no_store_writes_the_files_only(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b"), "--no-store"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["kg.nq", "kg.trig", "manifest.json"], names
    assert open_build(tmp_path / "b").path is None


def test_store_path_and_no_store_exclude_each_other(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--out", str(tmp_path / "b"), "--no-store", "--store-path", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert "exclude each other" in result.output, result.output


def test_a_failed_build_leaves_the_previous_store_usable(tmp_path):
    out, elsewhere = tmp_path / "build", tmp_path / "kg-store"
    build(out_dir=out, store_path=elsewhere)
    before = (len(Store.open(elsewhere)), read_store_info(elsewhere)["nquads_sha256"])
    states = ROOT / "seeds" / "states.yaml"
    with pytest.raises(ValidationError):
        build([states, BROKEN], out_dir=out, store_path=elsewhere)
    after = (len(Store.open(elsewhere)), read_store_info(elsewhere)["nquads_sha256"])
    assert after == before, (before, after)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == [], leftovers


def test_a_store_that_does_not_match_its_build_is_not_used(tmp_path, caplog):
    out = tmp_path / "build"
    build(out_dir=out)
    info = json.loads((out / "store" / STORE_INFO).read_text())
    info["nquads_sha256"] = "0" * 64  # as if kg.nq had been rebuilt without the store
    (out / "store" / STORE_INFO).write_text(json.dumps(info))
    store = open_build(out)
    assert store.path is None, "a stale store was opened"
    assert len(store) == quads_of(out)
    assert "was not written with" in caplog.text, caplog.text


def test_a_folder_that_is_not_a_store_is_refused_with_the_fix(tmp_path):
    with pytest.raises(StoreError, match="is not a kg store .*kg build --store-path"):
        Store.open(tmp_path)


def test_a_store_never_replaces_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    (tmp_path / "g.nq").write_text('<urn:a> <urn:b> "c" <urn:g> .\n')
    with pytest.raises(StoreError, match="exists and is not a kg store"):
        write_store(tmp_path / "mine", tmp_path / "g.nq")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_the_memory_store_can_be_filled_from_a_store_on_disk_alone(built):
    store = open_build(built / "no-such-build", "memory", store_path=built / "store")
    assert store.backend == "memory" and len(store) == quads_of(built), len(store)


def test_both_stores_give_the_same_plain_values_for_a_select():
    """Store.values: IRIs and lexical forms, None where an OPTIONAL is unbound, any graph."""
    a, b = URIRef("https://w3id.org/kg/id/source/a"), URIRef("https://w3id.org/kg/id/source/b")
    name, born = URIRef("urn:name"), URIRef("urn:born")
    quads = [
        (URIRef("urn:x"), name, Literal("Ex", lang="en"), a),
        (
            URIRef("urn:x"),
            born,
            Literal("1991-12-26", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
            b,
        ),
        (URIRef("urn:y"), name, Literal("Why"), b),
    ]
    query = "SELECT ?e ?name ?born WHERE { ?e <urn:name> ?name OPTIONAL { ?e <urn:born> ?born } }"
    answers = {}
    for backend in ("oxigraph", "memory"):
        store = Store(backend)
        store.add_quads(quads)
        answers[backend] = sorted(store.values(query), key=str)
    expected = [("urn:x", "Ex", "1991-12-26"), ("urn:y", "Why", None)]
    assert answers == {"oxigraph": expected, "memory": expected}, answers
