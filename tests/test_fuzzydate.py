"""Tests for kg.fuzzydate: every supported form, every error, as-of semantics, properties."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import FuzzyDateError, KGError
from kg.fuzzydate import PRECISIONS, FuzzyDate, parse

D = date


def check(result: FuzzyDate, earliest: date | None, latest: date | None, precision: str) -> None:
    got = (result.earliest, result.latest, result.precision)
    assert got == (earliest, latest, precision), f"{result.text!r} parsed as {result!r}"


# --------------------------------------------------------------------- absolute forms

ABSOLUTE = [
    # year
    ("2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("  2015 ", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("in 2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    # month
    ("2015-03", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("2015-3", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("March 2015", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("Mar 2015", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("mar. 2015", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("MARCH   2015", D(2015, 3, 1), D(2015, 3, 31), "month"),
    ("Sept 2015", D(2015, 9, 1), D(2015, 9, 30), "month"),
    ("February 2020", D(2020, 2, 1), D(2020, 2, 29), "month"),
    ("February 2100", D(2100, 2, 1), D(2100, 2, 28), "month"),
    ("December of 2015", D(2015, 12, 1), D(2015, 12, 31), "month"),
    # day
    ("2015-03-07", D(2015, 3, 7), D(2015, 3, 7), "day"),
    ("7 March 2015", D(2015, 3, 7), D(2015, 3, 7), "day"),
    ("7th March 2015", D(2015, 3, 7), D(2015, 3, 7), "day"),
    ("March 7, 2015", D(2015, 3, 7), D(2015, 3, 7), "day"),
    ("march 7 2015", D(2015, 3, 7), D(2015, 3, 7), "day"),
    ("on 29 February 2020", D(2020, 2, 29), D(2020, 2, 29), "day"),
    # parts of a year
    ("early 2018", D(2018, 1, 1), D(2018, 4, 30), "part-of-year"),
    ("mid-2018", D(2018, 5, 1), D(2018, 8, 31), "part-of-year"),
    ("mid 2018", D(2018, 5, 1), D(2018, 8, 31), "part-of-year"),
    ("mid\u20132018", D(2018, 5, 1), D(2018, 8, 31), "part-of-year"),
    ("late 2018", D(2018, 9, 1), D(2018, 12, 31), "part-of-year"),
    ("Late-2018", D(2018, 9, 1), D(2018, 12, 31), "part-of-year"),
    # parts of a month (PRECISIONS has no part-of-month: they keep "month")
    ("early March 2018", D(2018, 3, 1), D(2018, 3, 10), "month"),
    ("mid-March 2018", D(2018, 3, 11), D(2018, 3, 20), "month"),
    ("mid March 2018", D(2018, 3, 11), D(2018, 3, 20), "month"),
    ("late March 2018", D(2018, 3, 21), D(2018, 3, 31), "month"),
    ("late February 2020", D(2020, 2, 21), D(2020, 2, 29), "month"),
    ("late Feb 2021", D(2021, 2, 21), D(2021, 2, 28), "month"),
    # seasons
    ("spring 2020", D(2020, 3, 1), D(2020, 5, 31), "season"),
    ("summer 2020", D(2020, 6, 1), D(2020, 8, 31), "season"),
    ("summer of 2020", D(2020, 6, 1), D(2020, 8, 31), "season"),
    ("the Summer of 2020", D(2020, 6, 1), D(2020, 8, 31), "season"),
    ("autumn 2020", D(2020, 9, 1), D(2020, 11, 30), "season"),
    ("fall 2020", D(2020, 9, 1), D(2020, 11, 30), "season"),
    ("winter 2020", D(2020, 12, 1), D(2021, 2, 28), "season"),
    ("winter 2019", D(2019, 12, 1), D(2020, 2, 29), "season"),
    ("winter 2020/21", D(2020, 12, 1), D(2021, 2, 28), "season"),
    ("winter 2020-2021", D(2020, 12, 1), D(2021, 2, 28), "season"),
    # quarters
    ("Q1 2020", D(2020, 1, 1), D(2020, 3, 31), "quarter"),
    ("Q3 2020", D(2020, 7, 1), D(2020, 9, 30), "quarter"),
    ("q4 2020", D(2020, 10, 1), D(2020, 12, 31), "quarter"),
    ("2020-Q2", D(2020, 4, 1), D(2020, 6, 30), "quarter"),
    ("third quarter of 2020", D(2020, 7, 1), D(2020, 9, 30), "quarter"),
    ("the 2nd quarter of 2020", D(2020, 4, 1), D(2020, 6, 30), "quarter"),
    ("fourth quarter 2020", D(2020, 10, 1), D(2020, 12, 31), "quarter"),
    # halves
    ("H1 2020", D(2020, 1, 1), D(2020, 6, 30), "half"),
    ("h2 2020", D(2020, 7, 1), D(2020, 12, 31), "half"),
    ("first half of 2020", D(2020, 1, 1), D(2020, 6, 30), "half"),
    ("the second half of 2020", D(2020, 7, 1), D(2020, 12, 31), "half"),
    # decades
    ("1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    ("the 1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    ("1990's", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    ("early 1990s", D(1990, 1, 1), D(1993, 12, 31), "decade"),
    ("mid-1990s", D(1994, 1, 1), D(1996, 12, 31), "decade"),
    ("mid 1990s", D(1994, 1, 1), D(1996, 12, 31), "decade"),
    ("late 1990s", D(1997, 1, 1), D(1999, 12, 31), "decade"),
    ("the late 1990s", D(1997, 1, 1), D(1999, 12, 31), "decade"),
    # ranges
    ("2017-2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("2017\u20132019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("2017 \u2013 2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("2017 to 2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("between 2017 and 2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("from 2017 to 2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("from 2017-2019", D(2017, 1, 1), D(2019, 12, 31), "range"),
    ("from March 2017 to mid-2019", D(2017, 3, 1), D(2019, 8, 31), "range"),
    ("March 2017\u2013mid-2019", D(2017, 3, 1), D(2019, 8, 31), "range"),
    ("mid-2018-2019", D(2018, 5, 1), D(2019, 12, 31), "range"),
    ("2015-03-07 to 2015-03-09", D(2015, 3, 7), D(2015, 3, 9), "range"),
    ("the 1990s to the 2000s", D(1990, 1, 1), D(2009, 12, 31), "range"),
    ("2019 to March 2019", D(2019, 1, 1), D(2019, 3, 31), "range"),
    # open ends
    ("before 2019", None, D(2018, 12, 31), "open"),
    ("before 7 March 2015", None, D(2015, 3, 6), "open"),
    ("by mid-2020", None, D(2020, 8, 31), "open"),
    ("by 2020", None, D(2020, 12, 31), "open"),
    ("after 2019", D(2020, 1, 1), None, "open"),
    ("after summer 2020", D(2020, 9, 1), None, "open"),
    ("since 2019", D(2019, 1, 1), None, "open"),
    ("from 2019", D(2019, 1, 1), None, "open"),
    ("from 2015-03", D(2015, 3, 1), None, "open"),
    ("since late 2018", D(2018, 9, 1), None, "open"),
    ("before 2017-2019", None, D(2016, 12, 31), "open"),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    ABSOLUTE,
    ids=[case[0] for case in ABSOLUTE],
)
def test_absolute_forms(text: str, earliest: date | None, latest: date | None, precision: str):
    result = parse(text)
    check(result, earliest, latest, precision)
    assert result.text == text.strip(), f"text kept as {result.text!r}"
    assert str(result) == text.strip(), f"str() gave {str(result)!r}"


# --------------------------------------------------------------- non-text input (YAML)

NON_TEXT = [
    pytest.param(2015, "2015", D(2015, 1, 1), D(2015, 12, 31), "year", id="int-year"),
    pytest.param(D(2021, 2, 7), "2021-02-07", D(2021, 2, 7), D(2021, 2, 7), "day", id="date"),
    pytest.param(
        datetime(2021, 2, 7, 13, 30),
        "2021-02-07",
        D(2021, 2, 7),
        D(2021, 2, 7),
        "day",
        id="dt",
    ),
]


@pytest.mark.parametrize(("value", "text", "earliest", "latest", "precision"), NON_TEXT)
def test_non_text_input(value, text: str, earliest: date, latest: date, precision: str):
    result = parse(value)
    check(result, earliest, latest, precision)
    assert result.text == text, f"text is {result.text!r}"


# --------------------------------------------------------------------- relative forms

MARCH_2021 = parse("March 2021")
WINTER_2020 = parse("winter 2020")  # Dec 2020 - Feb 2021: spans two years
MID_MARCH_2021 = parse("mid-March 2021")

RELATIVE = [
    ("later that year", MARCH_2021, D(2021, 3, 1), D(2021, 12, 31), "year"),
    ("later in the year", MARCH_2021, D(2021, 3, 1), D(2021, 12, 31), "year"),
    ("later the same year", MARCH_2021, D(2021, 3, 1), D(2021, 12, 31), "year"),
    ("Later that year", WINTER_2020, D(2020, 12, 1), D(2021, 12, 31), "year"),
    ("earlier that year", MARCH_2021, D(2021, 1, 1), D(2021, 3, 31), "year"),
    ("earlier that year", WINTER_2020, D(2020, 1, 1), D(2021, 2, 28), "year"),
    ("that year", MARCH_2021, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("the same year", MARCH_2021, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("also in that year", MARCH_2021, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("in that year", MARCH_2021, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("that year", WINTER_2020, D(2020, 1, 1), D(2021, 12, 31), "year"),
    ("the following year", MARCH_2021, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("the next year", MARCH_2021, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("a year later", MARCH_2021, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("the previous year", MARCH_2021, D(2020, 1, 1), D(2020, 12, 31), "year"),
    ("later that month", MARCH_2021, D(2021, 3, 1), D(2021, 3, 31), "month"),
    ("later that month", MID_MARCH_2021, D(2021, 3, 11), D(2021, 3, 31), "month"),
    ("earlier that month", MID_MARCH_2021, D(2021, 3, 1), D(2021, 3, 20), "month"),
    ("that month", MID_MARCH_2021, D(2021, 3, 1), D(2021, 3, 31), "month"),
    ("the following month", MARCH_2021, D(2021, 4, 1), D(2021, 4, 30), "month"),
    ("the next month", parse("December 2021"), D(2022, 1, 1), D(2022, 1, 31), "month"),
    ("before the following year", MARCH_2021, None, D(2021, 12, 31), "open"),
    (
        "from March 2021 to later that year",
        MARCH_2021,
        D(2021, 3, 1),
        D(2021, 12, 31),
        "range",
    ),
]


@pytest.mark.parametrize(
    ("text", "anchor", "earliest", "latest", "precision"),
    RELATIVE,
    ids=[f"{case[0]} | {case[1].text}" for case in RELATIVE],
)
def test_relative_forms(text, anchor, earliest, latest, precision):
    check(parse(text, anchor=anchor), earliest, latest, precision)


def test_anchor_is_ignored_by_absolute_forms():
    assert parse("2015", anchor=MARCH_2021) == parse("2015"), "anchor changed an absolute date"


# ------------------------------------------------------------------------------ errors

ERRORS = [
    # unreadable
    ("blah", "not a date form"),
    ("March", "not a date form"),
    ("mid-March", "not a date form"),
    ("Q5 2020", "not a date form"),
    ("before blah", "not a date form"),
    ("between 2017 and blah", "cannot read"),
    ("", "empty"),
    ("   ", "empty"),
    # impossible calendar dates
    ("2021-02-30", "February 2021 has 28 days"),
    ("31 February 2021", "February 2021 has 28 days"),
    ("February 29, 2021", "February 2021 has 28 days"),
    ("2021-04-31", "April 2021 has 30 days"),
    ("2021-04-00", "day 0 does not exist"),
    ("2015-13", "month 13 does not exist"),
    ("2015-00", "month 0 does not exist"),
    ("2015-13-01", "month 13 does not exist"),
    ("2021-02-30 to 2022", "February 2021 has 28 days"),
    ("winter 2020-22", "ends in 2021"),
    # earliest after latest
    ("2019-2017", "ends (2017-12-31) before it starts (2019-01-01)"),
    ("2019 to 2017", "before it starts"),
    ("between late 2019 and early 2019", "before it starts"),
    ("from 2020 to 2019", "before it starts"),
    # years out of range
    ("999", "year 999 is before 1000"),
    ("0", "year 0 is before 1000"),
    ("3000", "year 3000 is after 2999"),
    ("March 999", "year 999 is before 1000"),
    ("early 3000", "year 3000 is after 2999"),
    ("990s", "year 990 is before 1000"),
    ("3000s", "year 3000 is after 2999"),
    ("before 3001", "year 3001 is after 2999"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[case[0] or "empty" for case in ERRORS])
def test_errors(text: str, message: str):
    with pytest.raises(FuzzyDateError) as caught:
        parse(text)
    assert message in str(caught.value), f"message was {str(caught.value)!r}"
    if text.strip():
        assert repr(text.strip()) in str(caught.value), f"text not named in {caught.value}"


NON_TEXT_ERRORS = [
    pytest.param(999, "year 999 is before 1000", id="int-999"),
    pytest.param(3000, "year 3000 is after 2999", id="int-3000"),
    pytest.param(-5, "year -5 is before 1000", id="int-negative"),
    pytest.param(D(999, 12, 31), "year 999 is before 1000", id="date-999"),
    pytest.param(True, "boolean", id="bool"),
    pytest.param(2015.0, "not float", id="float"),
    pytest.param(None, "not NoneType", id="none"),
]


@pytest.mark.parametrize(("value", "message"), NON_TEXT_ERRORS)
def test_non_text_errors(value, message: str):
    with pytest.raises(FuzzyDateError) as caught:
        parse(value)
    assert message in str(caught.value), f"message was {str(caught.value)!r}"


RELATIVE_TEXTS = [
    "later that year",
    "earlier that year",
    "that year",
    "the same year",
    "also in that year",
    "the following year",
    "the next year",
    "later that month",
]


@pytest.mark.parametrize("text", RELATIVE_TEXTS, ids=RELATIVE_TEXTS)
def test_relative_without_anchor(text: str):
    with pytest.raises(FuzzyDateError, match="needs an anchor") as caught:
        parse(text)
    assert repr(text) in str(caught.value), f"text not named in {caught.value}"


@pytest.mark.parametrize("anchor", ["before 2019", "since 2019"], ids=["open-start", "open-end"])
@pytest.mark.parametrize("text", RELATIVE_TEXTS, ids=RELATIVE_TEXTS)
def test_relative_with_open_anchor(text: str, anchor: str):
    with pytest.raises(FuzzyDateError, match="needs both bounds") as caught:
        parse(text, anchor=parse(anchor))
    assert anchor in str(caught.value), f"anchor not named in {caught.value}"


def test_error_is_a_kg_error_and_a_value_error():
    with pytest.raises(FuzzyDateError) as caught:
        parse("nonsense")
    assert isinstance(caught.value, KGError), f"{type(caught.value).__mro__}"
    assert isinstance(caught.value, ValueError), f"{type(caught.value).__mro__}"


def test_constructor_rejects_bad_values():
    with pytest.raises(FuzzyDateError, match="after latest"):
        FuzzyDate("x", D(2020, 1, 2), D(2020, 1, 1), "day")
    with pytest.raises(FuzzyDateError, match="unknown precision"):
        FuzzyDate("x", D(2020, 1, 1), D(2020, 1, 1), "fortnight")


# ------------------------------------------------------------------ as-of semantics

AS_OF = [
    # text, day, certainly_before, possibly_before, contains
    ("early 2018", D(2019, 12, 31), True, True, False),
    ("2020", D(2019, 12, 31), False, False, False),
    ("2020", D(2020, 12, 31), True, True, True),
    ("2020", D(2020, 6, 1), False, True, True),
    ("2020", D(2020, 1, 1), False, True, True),
    ("mid-2020", D(2020, 4, 30), False, False, False),
    ("mid-2020", D(2020, 8, 31), True, True, True),
    ("2015-03-07", D(2015, 3, 7), True, True, True),
    ("2015-03-07", D(2015, 3, 6), False, False, False),
    ("before 2019", D(1900, 1, 1), False, True, True),
    ("before 2019", D(2018, 12, 31), True, True, True),
    ("before 2019", D(2019, 1, 1), True, True, False),
    ("after 2019", D(2019, 12, 31), False, False, False),
    ("after 2019", D(2050, 1, 1), False, True, True),
    ("since 2019", D(2019, 1, 1), False, True, True),
]


@pytest.mark.parametrize(
    ("text", "day", "certainly", "possibly", "inside"),
    AS_OF,
    ids=[f"{case[0]} @ {case[1]}" for case in AS_OF],
)
def test_as_of(text: str, day: date, certainly: bool, possibly: bool, inside: bool):
    fuzzy = parse(text)
    assert fuzzy.certainly_before(day) is certainly, f"certainly_before({day}) on {fuzzy!r}"
    assert fuzzy.possibly_before(day) is possibly, f"possibly_before({day}) on {fuzzy!r}"
    assert fuzzy.contains(day) is inside, f"contains({day}) on {fuzzy!r}"


def test_fuzzy_date_is_frozen_and_hashable():
    fuzzy = parse("2015")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fuzzy.latest = D(2016, 1, 1)  # type: ignore[misc]
    assert len({fuzzy, parse("2015")}) == 1, "equal dates should hash alike"


def test_every_precision_is_produced():
    made = {parse(case[0]).precision for case in ABSOLUTE}
    assert made == set(PRECISIONS), f"missing: {set(PRECISIONS) - made}"


# ------------------------------------------------------------------- property tests

years = st.integers(min_value=1000, max_value=2999)
months = st.integers(min_value=1, max_value=12)
days = st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31))
MONTH_NAMES = list(calendar.month_name)[1:]  # English names, independent of the parser
PARTS = st.sampled_from(["early ", "mid-", "mid ", "late "])


@given(years, months)
def test_iso_month_lies_within_that_month(year: int, month: int):
    fuzzy = parse(f"{year}-{month:02d}")
    assert fuzzy.earliest is not None, repr(fuzzy)
    assert fuzzy.latest is not None, repr(fuzzy)
    assert fuzzy.earliest <= fuzzy.latest, repr(fuzzy)
    assert (fuzzy.earliest.year, fuzzy.earliest.month) == (year, month), repr(fuzzy)
    assert (fuzzy.latest.year, fuzzy.latest.month) == (year, month), repr(fuzzy)
    assert fuzzy.earliest.day == 1, repr(fuzzy)
    assert (fuzzy.latest + timedelta(days=1)).day == 1, f"{fuzzy!r} stops before month end"


@given(days)
def test_day_forms_agree(day: date):
    name = MONTH_NAMES[day.month - 1]
    texts = [
        day.isoformat(),
        f"{day.day} {name} {day.year}",
        f"{name} {day.day}, {day.year}",
    ]
    for text in texts:
        fuzzy = parse(text)
        check(fuzzy, day, day, "day")
    check(parse(day), day, day, "day")


FORM_TEMPLATES = [
    "{y}",
    "{y}-{m:02d}",
    "{y}-{m:02d}-01",
    "{mname} {y}",
    "{part}{y}",
    "{part}{mname} {y}",
    "spring {y}",
    "summer of {y}",
    "autumn {y}",
    "fall {y}",
    "winter {y}",
    "Q{q} {y}",
    "H{h} {y}",
    "{decade}s",
    "{part}{decade}s",
    "{y} to {y2}",
    "between {y} and {y2}",
    "from {mname} {y} to {part}{y2}",
    "before {y}",
    "by {part}{y}",
    "after {y}",
    "since {y}",
    "from {y}",
]


@given(
    template=st.sampled_from(FORM_TEMPLATES),
    y=years,
    extra=st.integers(min_value=0, max_value=20),
    m=months,
    part=PARTS,
    q=st.integers(min_value=1, max_value=4),
    h=st.integers(min_value=1, max_value=2),
)
def test_every_form_is_an_ordered_interval(template, y, extra, m, part, q, h):
    text = template.format(
        y=y,
        y2=min(y + extra, 2999),
        m=m,
        mname=MONTH_NAMES[m - 1],
        part=part,
        q=q,
        h=h,
        decade=y // 10 * 10,
    )
    fuzzy = parse(text)
    assert fuzzy.precision in PRECISIONS, repr(fuzzy)
    assert fuzzy.earliest is not None or fuzzy.latest is not None, repr(fuzzy)
    if fuzzy.earliest is not None and fuzzy.latest is not None:
        assert fuzzy.earliest <= fuzzy.latest, repr(fuzzy)
        assert fuzzy.contains(fuzzy.earliest), repr(fuzzy)
        assert fuzzy.contains(fuzzy.latest), repr(fuzzy)
    assert parse(text.upper()) == dataclasses.replace(fuzzy, text=text.upper()), text
    assert parse(f"  {text}  ") == fuzzy, "surrounding spaces changed the result"


@given(fuzzy_text=st.sampled_from([case[0] for case in ABSOLUTE]), day=days)
def test_as_of_rules_agree(fuzzy_text: str, day: date):
    fuzzy = parse(fuzzy_text)
    if fuzzy.certainly_before(day):
        assert fuzzy.possibly_before(day), f"{fuzzy!r} certainly but not possibly before {day}"
    if fuzzy.contains(day):
        assert fuzzy.possibly_before(day), f"{fuzzy!r} contains {day} but not possibly before"


@given(
    anchor_text=st.sampled_from(["{y}", "March {y}", "winter {y}", "early {y}", "{y}-06-30"]),
    y=st.integers(min_value=1000, max_value=2998),
    text=st.sampled_from(RELATIVE_TEXTS),
)
def test_relative_forms_are_ordered(anchor_text: str, y: int, text: str):
    anchor = parse(anchor_text.format(y=y))
    fuzzy = parse(text, anchor=anchor)
    assert fuzzy.earliest is not None, f"{fuzzy!r} from anchor {anchor!r}"
    assert fuzzy.latest is not None, f"{fuzzy!r} from anchor {anchor!r}"
    assert fuzzy.earliest <= fuzzy.latest, f"{fuzzy!r} from anchor {anchor!r}"


@given(st.integers(min_value=-(10**6), max_value=10**6).filter(lambda n: not 1000 <= n <= 2999))
def test_out_of_range_int_years_fail(year: int):
    with pytest.raises(FuzzyDateError, match=f"year {year} is (before 1000|after 2999)"):
        parse(year)
