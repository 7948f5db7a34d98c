"""Querying: named queries, parameters, output formats, and queries that must not escape."""

from __future__ import annotations

import json
import sys

import pytest

from kg.errors import QueryError, QuerySecurityError
from kg.query import bind_params, check_safe, named_queries, run_query
from kg.schema import load_schema


def test_every_named_query_states_its_question_and_runs(seed_store):
    for name, q in named_queries().items():
        assert q.question.endswith("?") or "?" in q.question, (name, q.question)
        result = run_query(seed_store, name)
        assert result.vars, name


def test_both_stores_give_the_same_answers_to_every_named_query(seed_store, memory_store):
    for name in sorted(named_queries()):
        ox = run_query(seed_store, name).to_csv()
        mem = run_query(memory_store, name, timeout=120).to_csv()
        assert ox == mem, name


def test_a_parameter_value_cannot_break_out_of_its_literal(seed_store):
    hostile = 'S-400") } UNION { ?s ?p ?o } #'
    assert run_query(seed_store, "system-orders", {"system": hostile}).rows == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nope": "1"}, "has no parameter nope"),
        ({"date": "31/12/2019"}, "is not a valid date"),
    ],
    ids=["unknown-parameter", "malformed-date"],
)
def test_bad_parameters_are_refused_with_the_fix(seed_store, params, message):
    with pytest.raises(QueryError, match=message):
        run_query(seed_store, "deliveries-as-of", params)


def test_an_unknown_query_name_points_to_the_list(seed_store):
    with pytest.raises(QueryError, match="kg query --list"):
        run_query(seed_store, "no-such-question")


def test_results_convert_to_a_dataframe_and_to_sparql_json(seed_store):
    result = run_query(seed_store, "dual-supply")
    df = result.to_dataframe()
    assert set(df["recipientLabel"]) == {"China", "India"}, df
    doc = json.loads(result.to_json())
    assert doc["head"]["vars"] == result.vars, doc["head"]
    first = doc["results"]["bindings"][0]
    assert first["supplier"] == {"type": "uri", "value": "https://w3id.org/kg/id/actor/RUS"}, first


def test_service_is_refused_and_no_connection_is_made(any_store, local_endpoint):
    url, counter = local_endpoint
    q = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QuerySecurityError, match="SERVICE is refused"):
        run_query(any_store, q)
    assert counter.hits == 0, counter.hits


def test_the_refusal_is_what_stops_the_connection(memory_store, local_endpoint):
    """Without the screen rdflib would call the endpoint: the test above proves something."""
    url, counter = local_endpoint
    q = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    run_query(memory_store, q, allow_remote=True)
    assert counter.hits >= 1, counter.hits


def test_from_a_local_file_is_refused_and_the_file_is_not_opened(any_store):
    opened = []

    def audit(event, args):
        if event == "open" and args and "hostname" in str(args[0]):
            opened.append(args[0])

    sys.addaudithook(audit)
    with pytest.raises(QuerySecurityError, match="FROM <file:///etc/hostname> is refused"):
        run_query(any_store, "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }")
    assert opened == [], opened


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <file:///etc/hostname>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
    ids=["load", "update", "nested-silent-service", "service-in-subquery", "from-named-remote"],
)
def test_queries_that_reach_outside_are_refused(text):
    with pytest.raises(QuerySecurityError):
        check_safe(text)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_is_safe(name):
    """run_query trusts the library's queries without parsing them again: this is the check."""
    q = named_queries()[name]
    check_safe(bind_params(q, {}))  # raises on SERVICE, LOAD, FROM, updates


def test_from_a_graph_of_the_dataset_is_allowed(seed_store):
    g = "https://w3id.org/kg/id/source/episkopos-2021-s400"
    q = f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s a <https://w3id.org/kg/ontology#ArmsDeal> }}"
    assert int(run_query(seed_store, q).rows[0][0]) == 3  # the article's three S-400 deals


@pytest.mark.parametrize("local", ["supplier", "recipient"])
def test_the_queries_may_take_a_supplier_or_recipient_for_a_deal(local):
    """dual-supply and dispute-suppliers read kg:supplier and kg:recipient without a type
    pattern (which would read every deal once more): no other type may use them."""
    schema = load_schema()
    owners = sorted(
        t.name
        for t in schema.types.values()
        for f in t.fields.values()
        if f.predicate == schema.term(local)
    )
    assert owners == ["ArmsDeal"], owners
