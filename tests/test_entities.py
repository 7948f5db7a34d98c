"""Questions about who is who: one entity per actor across SIPRI names, COW codes, ISO codes
and the seeds' states; historic states kept apart from their successors."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import OWL

from kg.build import dataset_from_paths
from kg.crosswalk import CowCodes, SipriNames
from kg.errors import InputError
from kg.imports.common import load_context
from kg.imports.sipri import _Names
from kg.query import run_query
from tests.importing import ID, KG

HISTORIC = {
    # entity: (existed from, existed until, some successors)
    "soviet-union": ("1922-12-30", "1991-12-26", {"RUS", "UKR", "KAZ"}),
    "east-germany": ("1949-10-07", "1990-10-03", {"DEU"}),
    "yugoslavia": ("1918-12-01", "1992-04-27", {"SRB", "HRV", "SVN"}),
    "czechoslovakia": ("1918-10-28", "1992-12-31", {"CZE", "SVK"}),
    "north-yemen": ("1918-11", "1990-05-22", {"YEM"}),
    "south-vietnam": ("1949", "1975-04-30", {"VNM"}),
}


@pytest.fixture(scope="module")
def ctx():
    return load_context()


@pytest.fixture(scope="module")
def seeds_store():
    return dataset_from_paths()


@pytest.mark.parametrize("entity", sorted(HISTORIC), ids=sorted(HISTORIC))
def test_historic_states_are_their_own_entities_with_periods_and_successors(seeds_store, entity):
    start, end, successors = HISTORIC[entity]
    iri = ID[f"actor/{entity}"]
    rows = run_query(
        seeds_store,
        f"""PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?from ?until ?next ?same WHERE {{
          <{iri}> a kg:State ; kg:existedFrom/rdfs:label ?from ; kg:existedUntil/rdfs:label ?until .
          OPTIONAL {{ <{iri}> kg:successor ?next }}
          OPTIONAL {{ <{iri}> <{OWL.sameAs}> ?same FILTER (STRSTARTS(STR(?same), "{ID}")) }}
        }}""",
    ).records()
    assert {(r["from"], r["until"]) for r in rows} == {(start, end)}, rows
    found = {r["next"].rsplit("/", 1)[1] for r in rows}
    assert successors <= found, found
    assert not any(r["same"] for r in rows), "a historic state is merged into another entity"


@pytest.mark.parametrize(
    ("name", "entity", "kind"),
    [
        ("Turkiye", "TUR", "State"),
        ("Russia", "RUS", "State"),
        ("Soviet Union", "soviet-union", "State"),
        ("East Germany (GDR)", "east-germany", "State"),
        ("Yemen Arab Republic (North Yemen)", "north-yemen", "State"),
        ("North Yemen", "north-yemen", "State"),
        ("Congo", "COG", "State"),
        ("DR Congo", "COD", "State"),
        ("Viet Nam", "VNM", "State"),
        ("Northern Cyprus", "northern-cyprus", "Territory"),
        ("Hezbollah (Lebanon)*", "hezbollah", "NonStateArmedGroup"),
        ("NATO**", "NATO", "Alliance"),
        ("United Nations**", "UN", "InternationalOrganization"),
        ("unknown supplier(s)", None, None),
    ],
    ids=lambda v: str(v),
)
def test_a_sipri_name_resolves_to_one_actor_of_the_right_class(ctx, name, entity, kind):
    names = _Names(ctx, SipriNames.load())
    found, why = names.resolve(name)
    assert (found, why) == (entity, None), why
    if entity:
        assert ctx.entity_type("actor", entity) == kind, ctx.entity_type("actor", entity)


@pytest.mark.parametrize(
    ("code", "day", "entity"),
    [
        (365, "1914-08-01", "RUS"),
        (365, "1962-10-22", "soviet-union"),
        (365, "2008-08-08", "RUS"),
        (345, "1912-10-08", "SRB"),
        (345, "1948-06-28", "yugoslavia"),
        (345, "1999-03-24", "SRB"),
        (255, "1939-09-01", "DEU"),
        (260, "1970-01-01", "DEU"),
        (265, "1970-01-01", "east-germany"),
        (678, "1970-01-01", "north-yemen"),
        (710, "1962-10-20", "CHN"),
        (750, "1962-10-20", "IND"),
        (640, "1974-07-20", "TUR"),
    ],
    ids=lambda v: str(v),
)
def test_a_cow_code_resolves_to_the_entity_of_its_day(code, day, entity):
    assert CowCodes.load().entity(code, date.fromisoformat(day)) == entity


def test_every_crosswalk_entity_is_an_actor_of_the_seeds(ctx):
    cow = {p.entity for periods in CowCodes.load().by_code.values() for p in periods}
    sipri = {e for e in SipriNames.load().table.values() if e}
    kinds = {e: ctx.entity_type("actor", e) for e in cow | sipri}
    wrong = {e: k for e, k in kinds.items() if k not in ("State", "Territory")}
    assert not wrong, wrong


def test_iso_codes_and_cow_abbreviations_do_not_collide(ctx):
    # AUS is Australia in ISO 3166 and Austria in COW: references resolve ISO codes; COW
    # abbreviations are read only by the COW importer, through the crosswalk
    assert ctx.index.resolve("AUS", "State").id == "AUS"
    assert ctx.index.resolve("aus", "State").id == "AUS"
    assert CowCodes.load().entity(305, date(2000, 1, 1)) == "AUT"


def test_the_crosswalk_refuses_overlapping_periods(tmp_path):
    path = tmp_path / "cow.csv"
    path.write_text(
        "ccode,abbrevs,from,until,entity,cow_name,note\n"
        "365,RUS,,1991-12-31,RUS,Russia,\n"
        "365,RUS,1991-12-26,,RUS,Russia,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="overlap"):
        CowCodes.load(path)


def test_groups_and_organisations_are_actors_but_not_states(seeds_store):
    rows = run_query(
        seeds_store,
        f"""SELECT ?kind (COUNT(?a) AS ?n) WHERE {{
          VALUES ?kind {{ <{KG.NonStateArmedGroup}> <{KG.InternationalOrganization}> <{KG.Territory}> }}
          ?a a ?kind }} GROUP BY ?kind ORDER BY ?kind""",
    ).records()
    counts = {r["kind"].rsplit("#", 1)[1]: r["n"] for r in rows}
    # one group for each name SIPRI stars but its placeholder "unknown rebel group*" (53), the
    # organisations SIPRI marks with ** but NATO, an alliance (5), and the territories SIPRI
    # names that are not states (5)
    assert counts == {"InternationalOrganization": 5, "NonStateArmedGroup": 53, "Territory": 5}, (
        counts
    )
    assert (ID["actor/hezbollah"], RDF.type, KG.State) not in set(seeds_store.quads())


def test_placeholders_are_not_actors(seeds_store):
    labels = {
        str(o)
        for s, p, o, _ in seeds_store.quads()
        if isinstance(o, Literal) and "unknown" in str(o).lower() and isinstance(s, URIRef)
        and "/actor/" in str(s)
    }  # fmt: skip
    assert labels == set(), labels
