"""Fuzzy dates: the vague dates analysts write, stored as intervals of possible days.

Sources about arms deals rarely give an exact day. They say "2015", "early 2018",
"summer 2020", "the second half of 2019" or "later that year". Storing such an
expression as a single day would invent precision and give wrong answers to as-of
questions ("was the contract signed by 31 December 2019?").

So each expression becomes a :class:`FuzzyDate`: the earliest and latest day it can
mean (either may be ``None`` for an open end such as "before 2019"), the kind of
precision the writer used and the text as written. An as-of question is then
answered with interval logic: :meth:`FuzzyDate.certainly_before` when the whole
interval lies on or before the day, :meth:`FuzzyDate.possibly_before` when only
part of it may.

:func:`parse` reads the text. The rules are fixed and use English month names from
a table in this module, so the result never depends on the locale. Seasons are the
northern-hemisphere meteorological ones (spring is March to May; winter 2020 runs
from December 2020 to February 2021). Only the standard library is used.
"""

from __future__ import annotations

__all__ = ["PRECISIONS", "FuzzyDate", "FuzzyDateError", "parse"]

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import FuzzyDateError

PRECISIONS = (
    "day",
    "month",
    "season",
    "part-of-year",
    "quarter",
    "half",
    "year",
    "decade",
    "range",
    "open",
)

MIN_YEAR = 1000
MAX_YEAR = 2999

Day = datetime.date
Bounds = tuple[Day | None, Day | None, str]  # earliest, latest, precision
_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, order=False)
class FuzzyDate:
    """A date known only to lie between ``earliest`` and ``latest`` (both inclusive).

    ``None`` for a bound means the interval is open on that side. ``precision`` is one
    of :data:`PRECISIONS` and ``text`` is the expression as the user wrote it.
    """

    text: str
    earliest: datetime.date | None
    latest: datetime.date | None
    precision: str

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise FuzzyDateError(
                f"date {self.text!r}: unknown precision {self.precision!r}; "
                f"expected one of {', '.join(PRECISIONS)}"
            )
        if self.earliest is not None and self.latest is not None and self.earliest > self.latest:
            raise FuzzyDateError(
                f"date {self.text!r}: earliest {self.earliest} is after latest {self.latest}"
            )

    def certainly_before(self, day: datetime.date) -> bool:
        """True if the date surely falls on or before ``day`` (the whole interval does)."""
        return self.latest is not None and self.latest <= day

    def possibly_before(self, day: datetime.date) -> bool:
        """True if the date may fall on or before ``day`` (some of the interval does)."""
        return self.earliest is None or self.earliest <= day

    def contains(self, day: datetime.date) -> bool:
        """True if ``day`` lies within the interval."""
        return (self.earliest is None or self.earliest <= day) and (
            self.latest is None or day <= self.latest
        )

    def __str__(self) -> str:
        return self.text


# --------------------------------------------------------------------------- helpers

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Lower-case name or abbreviation -> month number. Fixed table: no locale involved.
_MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINALS |= {f"{n}{suffix}": n for n, suffix in enumerate(("st", "nd", "rd", "th"), start=1)}

# Regex fragments used by the pattern table below.
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{3,5})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_PART = r"(?P<part>early|mid|late)"
_THAT_YEAR = r"(?:that|the|(?:the )?same) year"
_THAT_MONTH = r"(?:that|the|(?:the )?same) month"


def _fail(text: str, why: str) -> FuzzyDateError:
    return FuzzyDateError(f"date {text!r}: {why}")


def _year(value: str | int, text: str) -> int:
    year = int(value)
    if year < MIN_YEAR:
        raise _fail(
            text,
            f"year {year} is before {MIN_YEAR}; years must be {MIN_YEAR}-{MAX_YEAR}",
        )
    if year > MAX_YEAR:
        raise _fail(
            text,
            f"year {year} is after {MAX_YEAR}; years must be {MIN_YEAR}-{MAX_YEAR}",
        )
    return year


def _month_number(value: str, text: str) -> int:
    """The number of a month given as digits or as an English name (already matched)."""
    if not value.isdigit():
        return _MONTHS[value]
    month = int(value)
    if not 1 <= month <= 12:
        raise _fail(text, f"month {month} does not exist")
    return month


def _last_day(year: int, month: int) -> Day:
    return Day(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int, text: str) -> Day:
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise _fail(
            text,
            f"day {day} does not exist: {_MONTH_NAMES[month - 1]} {year} has {days_in_month} days",
        )
    return Day(year, month, day)


def _whole_years(first: int, last: int) -> tuple[Day, Day]:
    return Day(first, 1, 1), Day(last, 12, 31)


def _months(year: int, first: int, count: int) -> tuple[Day, Day]:
    """The ``count`` months starting with month ``first`` of ``year`` (may cross a year end)."""
    last = first + count - 1
    return Day(year, first, 1), _last_day(year + (last - 1) // 12, (last - 1) % 12 + 1)


def _shift_month(day: Day, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _bounded(anchor: FuzzyDate | None, text: str) -> tuple[Day, Day]:
    if anchor is None:
        raise _fail(text, "a relative date needs an anchor (the date it refers back to)")
    if anchor.earliest is None or anchor.latest is None:
        raise _fail(text, f"the anchor {anchor.text!r} is open-ended; it needs both bounds")
    return anchor.earliest, anchor.latest


# ---------------------------------------------------------------- point patterns
# Each handler gets the match, the original text (for messages) and the anchor, and
# returns (earliest, latest, precision). A handler raises FuzzyDateError when the
# text has the right shape but names a day that does not exist.

Match = re.Match[str]
Handler = Callable[[Match, str, "FuzzyDate | None"], Bounds]

_POINTS: list[tuple[re.Pattern[str], Handler]] = []


def _point(*patterns: str) -> Callable[[Handler], Handler]:
    """Register a handler for one or more whole-text patterns."""

    def register(handler: Handler) -> Handler:
        for pattern in patterns:
            _POINTS.append((re.compile(rf"^{pattern}$"), handler))
        return handler

    return register


@_point(r"(?P<year>\d+)")
def _p_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    year = _year(m["year"], text)
    return *_whole_years(year, year), "year"


@_point(rf"{_YEAR}-(?P<month>\d{{1,2}})", rf"{_MONTH}(?: of)? {_YEAR}")
def _p_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    year, month = _year(m["year"], text), _month_number(m["month"], text)
    return *_months(year, month, 1), "month"


@_point(
    rf"{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})",
    rf"{_DAY} {_MONTH} {_YEAR}",
    rf"{_MONTH} {_DAY} {_YEAR}",
)
def _p_day(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    year, month = _year(m["year"], text), _month_number(m["month"], text)
    day = _day(year, month, int(m["day"]), text)
    return day, day, "day"


_PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 4), "late": (9, 4)}  # first month, months


@_point(rf"{_PART}[- ]?{_YEAR}")
def _p_part_of_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    year = _year(m["year"], text)
    return *_months(year, *_PARTS_OF_YEAR[m["part"]]), "part-of-year"


@_point(rf"{_PART}[- ]?{_MONTH} {_YEAR}")
def _p_part_of_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    # PRECISIONS has no "part-of-month"; these keep "month" precision.
    year, month = _year(m["year"], text), _month_number(m["month"], text)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}[m["part"]]
    end = _last_day(year, month) if last is None else Day(year, month, last)
    return Day(year, month, first), end, "month"


# Season -> its first month; each season lasts three months.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@_point(rf"(?P<season>spring|summer|autumn|fall|winter)(?: of)? {_YEAR}")
def _p_season(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    year = _year(m["year"], text)
    return *_months(year, _SEASONS[m["season"]], 3), "season"


@_point(rf"winter(?: of)? {_YEAR}[-/](?P<next>\d{{2}}|\d{{4}})")
def _p_split_winter(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    # "winter 2020-21" / "winter 2020/2021": the second year must follow the first.
    year = _year(m["year"], text)
    following = str(year + 1)
    if m["next"] not in (following, following[2:]):
        raise _fail(text, f"a winter that starts in {year} ends in {following}, not {m['next']}")
    return *_months(year, 12, 3), "season"


@_point(
    rf"q(?P<q>[1-4])(?: of)?[- ]?{_YEAR}",
    rf"{_YEAR}[- ]?q(?P<q>[1-4])",
    rf"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)? {_YEAR}",
)
def _p_quarter(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    quarter = int(m["q"]) if "q" in m.re.groupindex else _ORDINALS[m["ordinal"]]
    return *_months(_year(m["year"], text), 3 * quarter - 2, 3), "quarter"


@_point(
    rf"h(?P<h>[12])(?: of)?[- ]?{_YEAR}",
    rf"{_YEAR}[- ]?h(?P<h>[12])",
    rf"(?P<ordinal>first|second|1st|2nd) half(?: of)? {_YEAR}",
)
def _p_half(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    half = int(m["h"]) if "h" in m.re.groupindex else _ORDINALS[m["ordinal"]]
    return *_months(_year(m["year"], text), 6 * half - 5, 6), "half"


_PARTS_OF_DECADE = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}


@_point(rf"(?:{_PART}[- ]?)?(?P<decade>\d{{2,4}}0)'?s")
def _p_decade(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    decade = _year(m["decade"], text)
    first, last = _PARTS_OF_DECADE[m["part"]]
    return *_whole_years(decade + first, decade + last), "decade"


# Relative expressions: they refer back to an anchor date given by the caller.


@_point(rf"later (?:in |during )?{_THAT_YEAR}")
def _r_later_that_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return earliest, Day(latest.year, 12, 31), "year"


@_point(rf"earlier (?:in |during )?{_THAT_YEAR}")
def _r_earlier_that_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return Day(earliest.year, 1, 1), latest, "year"


@_point(
    r"(?:also )?(?:in |during )?(?:that|same) year",
    r"also (?:in |during )?the same year",
)
def _r_that_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return *_whole_years(earliest.year, latest.year), "year"


@_point(r"(?:following|next) year", r"(?:a|one) year later", r"year after")
def _r_following_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return *_whole_years(earliest.year + 1, latest.year + 1), "year"


@_point(r"(?:previous|preceding) year", r"(?:a|one) year (?:earlier|before)", r"year before")
def _r_previous_year(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return *_whole_years(earliest.year - 1, latest.year - 1), "year"


@_point(rf"later (?:in |during )?{_THAT_MONTH}")
def _r_later_that_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return earliest, _last_day(latest.year, latest.month), "month"


@_point(rf"earlier (?:in |during )?{_THAT_MONTH}")
def _r_earlier_that_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return earliest.replace(day=1), latest, "month"


@_point(r"(?:also )?(?:in |during )?(?:that|same) month")
def _r_that_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return earliest.replace(day=1), _last_day(latest.year, latest.month), "month"


@_point(r"(?:following|next) month", r"(?:a|one) month later")
def _r_following_month(m: Match, text: str, anchor: FuzzyDate | None) -> Bounds:
    earliest, latest = _bounded(anchor, text)
    return (
        Day(*_shift_month(earliest, 1), 1),
        _last_day(*_shift_month(latest, 1)),
        "month",
    )


# ------------------------------------------------------------- ranges and open ends

# Words that join the two ends of a range ("2017 to 2019", "March 2017-mid 2019").
_RANGE_JOINS = re.compile(r" (?:to|until|till|through|thru) |-")
_BETWEEN = re.compile(r"^between (?P<first>.+) and (?P<second>.+)$")
_FROM = re.compile(r"^(?:from|starting(?: in| from)?) (?P<rest>.+)$")
# Open ends: prefix -> which bound of the inner date gives the one known bound.
_OPEN_ENDS: list[tuple[re.Pattern[str], Callable[[Bounds], Bounds]]] = [
    (
        re.compile(r"^(?:before|prior to) (?P<rest>.+)$"),
        lambda b: (None, b[0] - _ONE_DAY, "open"),
    ),
    (
        re.compile(r"^(?:by|until|till|up to|no later than|not later than) (?P<rest>.+)$"),
        lambda b: (None, b[1], "open"),
    ),
    (re.compile(r"^after (?P<rest>.+)$"), lambda b: (b[1] + _ONE_DAY, None, "open")),
    (
        re.compile(r"^(?:since|no earlier than|not earlier than) (?P<rest>.+)$"),
        lambda b: (b[0], None, "open"),
    ),
]

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*")
_PREFIX = re.compile(r"^(?:(?:the|in|on|during)\s+)+")


def _normalise(text: str) -> str:
    """Lower-case, one space between words, every dash a bare '-', no commas."""
    s = text.lower().replace(",", " ").replace("\u2019", "'")
    s = _SPACES.sub(" ", s).strip()
    return _DASHES.sub("-", s)


def _parse_point(s: str, text: str, anchor: FuzzyDate | None) -> Bounds | None:
    """A single date (not a range, not open-ended), or None if no pattern fits."""
    s = _PREFIX.sub("", s)
    for pattern, handler in _POINTS:
        m = pattern.match(s)
        if m:
            return handler(m, text, anchor)
    return None


def _require_point(s: str, text: str, anchor: FuzzyDate | None) -> Bounds:
    bounds = _parse_point(s, text, anchor)
    if bounds is None:
        raise _fail(text, f"cannot read {s!r} as a date")
    return bounds


def _make_range(first: Bounds, second: Bounds, text: str) -> Bounds:
    start, end = first[0], second[1]
    if start is None or end is None:  # points are always bounded; defensive only
        raise _fail(text, "a range needs both ends")
    if end < start:
        raise _fail(text, f"the range ends ({end}) before it starts ({start})")
    return start, end, "range"


def _parse_range(s: str, text: str, anchor: FuzzyDate | None) -> Bounds | None:
    """Split at each joining word or dash in turn; accept the one split where both sides read.

    Dashes also occur inside single dates ("mid-2018", "2015-03"), hence the trial splits.
    """
    found: list[tuple[Bounds, Bounds]] = []
    errors: list[FuzzyDateError] = []
    for join in _RANGE_JOINS.finditer(s):
        left, right = s[: join.start()], s[join.end() :]
        try:
            first, second = (
                _parse_point(left, text, anchor),
                _parse_point(right, text, anchor),
            )
        except FuzzyDateError as error:
            errors.append(error)
            continue
        if first is not None and second is not None:
            found.append((first, second))
    if len(found) > 1:
        raise _fail(text, "ambiguous: it can be split into a range in more than one way")
    if found:
        return _make_range(*found[0], text)
    if errors:
        raise errors[0]
    return None


def _parse_span(s: str, text: str, anchor: FuzzyDate | None) -> Bounds:
    """A single date or a range of two."""
    bounds = _parse_point(s, text, anchor) or _parse_range(_PREFIX.sub("", s), text, anchor)
    if bounds is None:
        raise _fail(text, "not a date form this reader knows")
    return bounds


def _parse_text(s: str, text: str, anchor: FuzzyDate | None) -> Bounds:
    if m := _BETWEEN.match(s):
        first = _require_point(m["first"], text, anchor)
        return _make_range(first, _require_point(m["second"], text, anchor), text)
    if m := _FROM.match(s):
        # "from 2017 to 2019" is a range; "from 2019" alone is open-ended.
        bounds = _parse_span(m["rest"], text, anchor)
        return bounds if bounds[2] == "range" else (bounds[0], None, "open")
    for pattern, make in _OPEN_ENDS:
        if m := pattern.match(s):
            return make(_parse_span(m["rest"], text, anchor))
    return _parse_span(s, text, anchor)


# ------------------------------------------------------------------------ parse


def parse(text: str | int | datetime.date, anchor: FuzzyDate | None = None) -> FuzzyDate:
    """Read a date expression into a :class:`FuzzyDate`.

    ``text`` may also be an int (a year, as YAML gives ``2015``) or a
    :class:`datetime.date` (as YAML gives ``2021-02-07``). ``anchor`` is the date
    that relative expressions such as "later that year" refer back to; other forms
    ignore it. A month named without a year ("mid-March") is not accepted.
    Raises :class:`~kg.errors.FuzzyDateError` when the text cannot be read, names a
    day that does not exist, ends before it starts, or has a year outside 1000-2999.

    >>> parse("mid-2020")  # doctest: +NORMALIZE_WHITESPACE
    FuzzyDate(text='mid-2020', earliest=datetime.date(2020, 5, 1),
              latest=datetime.date(2020, 8, 31), precision='part-of-year')
    >>> parse(2015)  # doctest: +NORMALIZE_WHITESPACE
    FuzzyDate(text='2015', earliest=datetime.date(2015, 1, 1),
              latest=datetime.date(2015, 12, 31), precision='year')
    >>> parse("Summer of 2020").latest
    datetime.date(2020, 8, 31)
    >>> parse("winter 2020").latest
    datetime.date(2021, 2, 28)
    >>> parse("the late 1990s").earliest
    datetime.date(1997, 1, 1)
    >>> d = parse("from March 2017 to mid-2019")
    >>> d.earliest, d.latest, d.precision
    (datetime.date(2017, 3, 1), datetime.date(2019, 8, 31), 'range')
    >>> d = parse("before 2019")
    >>> d.earliest, d.latest, d.precision
    (None, datetime.date(2018, 12, 31), 'open')
    >>> d = parse("later that year", anchor=parse("March 2021"))
    >>> d.earliest, d.latest
    (datetime.date(2021, 3, 1), datetime.date(2021, 12, 31))
    >>> parse("early 2018").certainly_before(datetime.date(2019, 12, 31))
    True
    >>> parse("31 February 2021")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.FuzzyDateError: date '31 February 2021': day 31 does not exist: ...
    """
    if isinstance(text, bool):
        raise FuzzyDateError(f"date {text!r}: expected text, a year or a date, not a boolean")
    if isinstance(text, datetime.datetime):
        text = text.date()
    if isinstance(text, datetime.date):
        _year(text.year, text.isoformat())
        return FuzzyDate(text.isoformat(), text, text, "day")
    if isinstance(text, int):
        year = _year(text, str(text))
        return FuzzyDate(str(text), *_whole_years(year, year), "year")
    if not isinstance(text, str):
        raise FuzzyDateError(
            f"date {text!r}: expected text, a year or a date, not {type(text).__name__}"
        )
    written = text.strip()
    if not written:
        raise FuzzyDateError("date '': the text is empty")
    earliest, latest, precision = _parse_text(_normalise(written), written, anchor)
    return FuzzyDate(written, earliest, latest, precision)
