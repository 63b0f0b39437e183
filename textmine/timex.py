"""Find time expressions in sentences and resolve them to calendar ranges.

Why rules and not dateparser: dateparser turns "last year" into a single day, reads
"Two years later" as a date, and knows nothing about which date an article was written
on. Here every expression is resolved only from what the text states: explicit dates
stand alone; relative ones ("last year", "on Thursday", "in April", "the same day") are
resolved against the article's own publication date or an earlier date in the text, and
stay unresolved (None) when that anchor is unknown. Nothing is guessed.

Usage: `article_timexes(sentences, published_on)` keeps the textual anchors across the
sentences of one article; `find_timexes(sentence, published_on)` handles one sentence.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from textmine.calendar_spans import (
    SEASON_MONTHS, Span, day_span, month_span, months_span, season_span, shift, valid_day, week_span,
    year_span, years_span,
)
from textmine.explicit_dates import MONTHS, ExplicitDate, find_explicit_dates

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a": 1, "an": 1,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_NUM = r"(?:\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_MON = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
        r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_MON_NOT_MAY = _MON.replace("May|", "")
_YEAR = r"(?:1[89]|20)\d\d"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNIT = r"(?:years?|months?|weeks?|days?|decades?)"
_EDGE = r"(?:early|earlier|late|later|mid-?|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half|" \
        r"first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter|last\s+quarter)\s+of)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"

# the sentence speaks of the future: a bare weekday or month then means the next one
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|plans? to|planned for|scheduled|going to|intends? to|"
                     r"expected to|upcoming|forthcoming|"
                     r"to\s+(?:hold|host|stage|conduct|visit|meet|sign|open|launch|attend|begin|start))\b|'ll\b",
                     re.I)
# words before a four-digit number that make it a quantity or a reference number, not a year
_NOT_YEAR_BEFORE = re.compile(r"(?:\b(?:about|some|over|nearly|almost|approximately|roughly|than|up to|total of|"
                              r"least|resolution|no|number|article|decree|order|flight|route|unit|code|"
                              r"paragraph|item)\.?\s*|[$€£№#+]\s*|\d[.,:/]?)$", re.I)
# a preposition of time, or a name the year belongs to ("Brotherhood 2019 drills", "Interaction-2020")
_TEMPORAL_BEFORE = re.compile(r"(?i:\b(?:in|since|until|till|by|before|after|during|through|throughout|early|late|"
                              r"mid|year))\s*-?\s*$|\(\s*$|\b[A-Z][a-z]+[ -]$")
_COUNT_AFTER = re.compile(r"^\s+(?:[a-z]*[a-hj-rt-z]s|people|personnel|men|servicemen|staff)\b")
# a unit of measure or money after the number: never a year, whatever precedes it
_UNIT_AFTER = re.compile(r"^(?:\s+(?:km|kilometres|kilometers|metres|meters|tonnes|tons|rubles|roubles|dollars|"
                         r"euros|mln|bln|million|billion|thousand)\b|\s*%|\s*[.,]\d)", re.I)


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: its span in the sentence, what it is, and its calendar range
    when the text lets it be resolved (otherwise the date fields are None)."""

    start: int
    end: int
    text: str
    kind: str  # date, time, duration, set
    date_start: date | None = None
    date_end: date | None = None
    precision: str | None = None
    is_relative: bool = False
    anchor: str | None = None  # published_on, text, or None

    @property
    def resolved(self) -> bool:
        return self.date_start is not None

    @property
    def calendar(self) -> bool:
        """Names a calendar day, month or year (resolvable given an anchor); "now",
        "recently" or "a few years ago" do not."""
        return self.kind == "date" and not any(RULES_BY_NAME[name].pattern.fullmatch(self.text)
                                               for name in ("present", "vague_ago"))


@dataclass
class _Anchors:
    """What relative expressions may lean on inside one article."""

    published: date | None
    future: bool = False
    last_year: int | None = None  # year of the latest absolute date stated in the text
    last_day: Span | None = None  # latest day-precision date stated in the text
    day_mentioned: bool = False  # a day was mentioned (possibly unresolved)
    sentence_year: int | None = None  # an absolute year stated earlier in the same sentence


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Anchors], tuple[Span | None, bool, str | None]] = field(compare=False)


def _num(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else WORD_NUMBERS[word]


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


def _absolute(span: Span | None) -> tuple[Span | None, bool, str | None]:
    return span, False, None


def _from_published(a: _Anchors, make: Callable[[date], Span | None]) -> tuple[Span | None, bool, str | None]:
    if a.published is None:
        return None, True, None
    return make(a.published), True, "published_on"


def _year_of_month(a: _Anchors, month: int, day: int | None = None) -> int:
    """The year of a month (and day) stated without one: the publication year, or the one
    before when a past-tense sentence names a later month, or the one after when a
    future-tense sentence names an earlier one."""
    pub = a.published
    stated, current = (month, day or 1), (pub.month, pub.day if day else 1)
    if stated > current and not a.future:
        return pub.year - 1
    if stated < current and a.future:
        return pub.year + 1
    return pub.year


def _month_day(month: int, day: int | None, a: _Anchors) -> tuple[Span | None, bool, str | None]:
    if a.sentence_year is not None:  # "In 2004 ... on 12 May": the sentence gives the year
        if day is not None and not valid_day(a.sentence_year, month, day):
            return None, True, "text"
        return (day_span(date(a.sentence_year, month, day)) if day else month_span(a.sentence_year, month)), True, "text"
    if a.published is None:
        return None, True, None
    year = _year_of_month(a, month, day)
    if day is not None and not valid_day(year, month, day):
        return None, True, None
    return (day_span(date(year, month, day)) if day else month_span(year, month)), True, "published_on"


def _edge(span: Span, edge: str | None) -> Span:
    """Narrow a year to the half or quarter the words name; "early", "the end of" keep
    the whole unit (an annotator gives "at the end of 2020" as the year 2020)."""
    if not edge or span.precision != "year":
        return span
    edge = " ".join(edge.lower().split())
    y = span.start.year
    for words, first, last in (("first half", 1, 6), ("second half", 7, 12), ("first quarter", 1, 3),
                               ("second quarter", 4, 6), ("third quarter", 7, 9), ("fourth quarter", 10, 12),
                               ("last quarter", 10, 12)):
        if words in edge:
            return months_span(y, first, last)
    return span


# ---------------------------------------------------------------- resolvers

def _r_day_range(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    m1 = _month(m["mon1"] or m["mon2"])
    m2 = _month(m["mon2"] or m["mon1"])
    d1, d2 = _day(m["d1"]), _day(m["d2"])
    if m["y"]:
        y = int(m["y"])
        if not (valid_day(y, m1, d1) and valid_day(y, m2, d2)) or (m1, d1) >= (m2, d2):
            return None, False, None
        return _absolute(Span(date(y, m1, d1), date(y, m2, d2), "day"))
    first, relative, anchor = _month_day(m1, d1, a)
    if first is None or (m1, d1) >= (m2, d2) or not valid_day(first.start.year, m2, d2):
        return None, True, anchor
    return Span(first.start, date(first.start.year, m2, d2), "day"), relative, anchor


def _r_month_range(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    m1, m2 = _month(m["mon1"]), _month(m["mon2"])
    if m["y"]:
        y = int(m["y"])
        return _absolute(months_span(y, m1, m2, last_year=y if m2 >= m1 else y + 1))
    first, relative, anchor = _month_day(m1, None, a)
    if first is None:
        return None, True, anchor
    y = first.start.year
    return months_span(y, m1, m2, last_year=y if m2 >= m1 else y + 1), relative, anchor


def _r_year_range(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if not y1 < y2 <= y1 + 100:
        return None, False, None
    return _absolute(years_span(y1, y2))


def _r_month_year(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return _absolute(month_span(int(m["y"]), _month(m["mon"])))


def _r_month_rel_year(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    delta = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    month = _month(m["mon"])
    return _from_published(a, lambda p: month_span(p.year + delta, month))


def _r_edge_year(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return _absolute(_edge(year_span(int(m["y"])), m["edge"]))


def _r_decade(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    first = int(m["dec"])
    return _absolute(years_span(first, first + 9))


def _r_year(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return _absolute(year_span(int(m["y"])))


def _r_rel_unit(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    rel = " ".join(m["rel"].lower().split())
    unit = m["unit"].lower()
    edge = m["edge"]
    if rel in ("the following", "the next", "the previous", "that"):
        # narrative: counted from the latest date stated in the text, else from the article's date
        delta = {"the following": 1, "the next": 1, "the previous": -1, "that": 0}[rel]
        if unit == "year" and a.last_year is not None:
            return _edge(year_span(a.last_year + delta), edge), True, "text"
        if rel == "that" or a.published is None:
            return None, True, None
        return _edge(shift(a.published, unit, delta), edge), True, "published_on"
    delta = {"this": 0, "the current": 0, "current": 0, "last": -1, "next": 1, "the coming": 1,
             "this coming": 1, "the past": -1}[rel]
    return _from_published(a, lambda p: _edge(shift(p, unit, delta), edge))


def _r_the_year(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return _from_published(a, lambda p: _edge(year_span(p.year), m["edge"]))


def _r_ago(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    n, unit = _num(m["n"]), m["unit"].lower().rstrip("s")
    if unit == "decade":
        return None, True, None
    return _from_published(a, lambda p: shift(p, unit, -n))


def _r_later(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    n, unit = _num(m["n"]), m["unit"].lower().rstrip("s")
    if unit == "year" and a.last_year is not None:
        return year_span(a.last_year + n), True, "text"
    if unit == "day" and a.last_day is not None:
        return shift(a.last_day.start, "day", n), True, "text"
    return None, True, None


def _r_day_word(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    w = " ".join(m[0].lower().split())
    delta = -2 if "before yesterday" in w else 2 if "after tomorrow" in w else \
        -1 if "yesterday" in w else 1 if "tomorrow" in w else 0
    return _from_published(a, lambda p: day_span(p + timedelta(days=delta)))


def _r_weekday(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    target = WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").lower()

    def resolve(p: date) -> Span:
        back = (p.weekday() - target) % 7
        ahead = (target - p.weekday()) % 7
        if rel == "last":
            return day_span(p - timedelta(days=back or 7))
        if rel == "next":
            return day_span(p + timedelta(days=ahead or 7))
        return day_span(p + timedelta(days=ahead) if a.future else p - timedelta(days=back))
    return _from_published(a, resolve)


def _r_same_day(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    w = m[0].lower()
    delta = 1 if ("next" in w or "following" in w) else -1 if ("before" in w or "previous" in w or "eve" in w) else 0
    if a.day_mentioned:
        if a.last_day is None:  # the day it refers to is itself unresolved
            return None, True, None
        return day_span(a.last_day.start + timedelta(days=delta)), True, "text"
    return _from_published(a, lambda p: day_span(p + timedelta(days=delta)))


def _r_month_alone(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    month = _month(m["mon"])
    rel = (m["rel"] or "").lower()
    if rel and a.published is not None:
        p = a.published
        year = p.year if rel == "this" else (p.year - (month >= p.month) if rel == "last" else p.year + (month <= p.month))
        return month_span(year, month), True, "published_on"
    return _month_day(month, None, a)


def _r_season(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    season = m["season"].lower()
    if m["y"]:
        return _absolute(season_span(int(m["y"]), season))
    rel = (m["rel"] or "").lower()
    if a.published is None:
        return None, True, None
    p = a.published
    if rel in ("last", "next"):
        base = p.year - 1 if rel == "last" else p.year + 1
        if rel == "last" and SEASON_MONTHS[season] + 2 < p.month:
            base = p.year
        return season_span(base, season), True, "published_on"
    year = p.year
    if not rel and not a.future and SEASON_MONTHS[season] > p.month:
        year -= 1
    if season == "winter" and p.month <= 2:
        year -= 1
    return season_span(year, season), True, "published_on"


def _r_unresolved(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return None, True, None


def _r_none(m: re.Match[str], a: _Anchors) -> tuple[Span | None, bool, str | None]:
    return None, False, None


def _rule(name: str, kind: str, pattern: str, resolve: Callable, flags: int = re.I) -> _Rule:
    return _Rule(name, kind, re.compile(pattern, flags), resolve)


RULES: list[_Rule] = [
    # From 1 to 23 April 2024; 1-23 April; between 5 May and 7 June 2020
    _rule("day_range", "date", rf"\b(?:from\s+|between\s+)?(?P<d1>{_DAY})(?:\s+(?P<mon1>{_MON}))?{_TO}(?P<d2>{_DAY})\s+"
                               rf"(?:of\s+)?(?P<mon2>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b", _r_day_range),
    # April 1-23, 2024; from May 5 to June 7
    _rule("day_range_mdy", "date", rf"\b(?:from\s+|between\s+)?(?P<mon1>{_MON})\s+(?P<d1>{_DAY}){_TO}"
                                   rf"(?:(?P<mon2>{_MON})\s+)?(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b",
          _r_day_range),
    # between March and May; for September and October; from March to May 2020
    _rule("month_range", "date", rf"\b(?:from\s+|between\s+)?(?P<mon1>{_MON}){_TO}(?P<mon2>{_MON})"
                                 rf"(?!\s*\d{{1,2}}\b)(?:,?\s+(?P<y>{_YEAR}))?", _r_month_range),
    # 2021-2023, from 2019 to 2021, between 2010 and 2015, 1957-58
    _rule("year_range", "date", rf"(?<![\d,.])(?:from\s+|between\s+)?(?P<y1>{_YEAR})\s*(?:-|–|—|to|until|till|through|"
                                rf"and)\s*(?P<y2>{_YEAR}|\d\d)(?![\d%]|[.,]\d)", _r_year_range),
    # November (2019)
    _rule("month_paren_year", "date", rf"\b(?P<mon>{_MON})\s*\(\s*(?P<y>{_YEAR})\s*\)", _r_month_year),
    # in November last year, March this year
    _rule("month_rel_year", "date", rf"\b(?:(?:early|late|mid-?)\s*)?(?P<mon>{_MON})\s+(?:of\s+)?"
                                    rf"(?P<rel>this|last|next)\s+year\b", _r_month_rel_year),
    # early 2011, the end of 2020, the first half of 2019
    _rule("edge_year", "date", rf"\b(?P<edge>{_EDGE})\s*(?P<y>{_YEAR})\b(?![\d,.]\d)", _r_edge_year),
    # the 1990s, the early 2000s
    _rule("decade", "date", r"\b(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?P<dec>(?:1[89]|20)\d0)'?s\b", _r_decade),
    # a bare year (guarded in _year_allowed): in 2004, since 2002, (1993), Interaction-2020
    _rule("year", "date", rf"(?<![\d,.])(?P<y>{_YEAR})(?![\d]|[.,]\d|%)", _r_year),
    # last year, this month, next week, the following year, early this year, the end of last year
    _rule("rel_unit", "date", rf"\b(?:(?P<edge>{_EDGE}|early|earlier|late|later)\s+)?(?P<rel>this\s+coming|this|last|"
                              rf"next|the\s+coming|the\s+current|current|the\s+following|the\s+next|"
                              rf"the\s+previous|that)\s+(?:(?:fiscal|financial|academic|calendar)\s+)?(?P<unit>year|month|week)\b",
          _r_rel_unit),
    # in the first half of the year, by the end of the year, during the year
    _rule("the_year", "date", rf"\b(?:(?P<edge>{_EDGE})|during)\s+(?:the\s+)?year\b", _r_the_year),
    # two years ago, a week ago
    _rule("ago", "date", rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+ago\b", _r_ago),
    # ten years later, two days later
    _rule("later", "date", rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+(?:later|afterwards)\b", _r_later),
    # a few years ago, several months ago: a date, but not a calendar one
    _rule("vague_ago", "date", rf"\b(?:a\s+few|few|several|many|some)\s+{_UNIT}\s+(?:ago|later|earlier)\b",
          _r_unresolved),
    _rule("day_word", "date", r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow|"
                              r"tonight)\b", _r_day_word),
    _rule("day_part", "time", r"\bthis\s+(?:morning|afternoon|evening)\b", _r_day_word),
    _rule("weekday", "date", rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<wd>(?-i:{_WEEKDAY}))\b", _r_weekday),
    _rule("same_day", "date", r"\b(?:the\s+same\s+day|that\s+(?-i:day)\b|the\s+(?:next|following|previous)\s+day|"
                              r"the\s+day\s+before(?!\s+yesterday))", _r_same_day),
    # in April, back in March, since early May, last November
    _rule("month_alone", "date", rf"(?:\b(?:in|since|until|till|by|from|during|through|before|after|of|for|"
                                 rf"(?P<rel>last|next|this))\s+(?:(?:early|late|mid-?)\s*)?|\b(?:early|late|mid-?)\s*)"
                                 rf"(?P<mon>{_MON})(?!\s*\d)\b", _r_month_alone),
    # the November summit
    _rule("month_adj", "date", rf"(?<=\bthe\s)(?P<mon>{_MON_NOT_MAY})(?=\s+[a-z])(?P<rel>)", _r_month_alone),
    # this summer, in the spring of 2020, last winter
    _rule("season", "date", rf"\b(?:(?P<rel>this|last|next)\s+|(?:in|during|by|since)\s+(?:the\s+)?(?:(?:early|late)\s+)?)"
                            rf"(?P<season>{_SEASON})\b(?:\s+(?:of\s+)?(?P<y>{_YEAR})\b)?", _r_season),
    # now, currently, recently: dates, but not calendar ones
    _rule("present", "date", r"\b(?:now|currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|recently|"
                             r"lately|in\s+recent\s+(?:years|months|weeks|days))\b", _r_unresolved),
    _rule("time", "time", r"\b(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|at\s+noon|at\s+midnight|"
                          r"\d{1,2}[:.]\d\d\s*(?:a\.m\.|p\.m\.|am|pm)?|\d{1,2}\s*(?:a\.m\.|p\.m\.))", _r_none),
    _rule("set", "set", r"\b(?:every|each)\s+(?:year|month|week|day|spring|summer|autumn|winter)\b|"
                        r"\b(?:annually|yearly|monthly|weekly)\b", _r_none),
    _rule("duration", "duration", rf"\b(?:for\s+|over\s+|within\s+|during\s+)?(?:the\s+(?:past|last|next)\s+)?"
                                  rf"(?:more\s+than\s+|less\s+than\s+|about\s+|almost\s+|nearly\s+)?"
                                  rf"(?:{_NUM}|several|a\s+few|many)\s+(?:{_UNIT})\b", _r_none),
]


RULES_BY_NAME = {rule.name: rule for rule in RULES}


def _year_allowed(sentence: str, start: int, end: int) -> bool:
    """A four-digit number is a year unless the words around it make it a quantity
    ("2000 troops", "about 1500") or a reference number ("Resolution 1540")."""
    before, after = sentence[max(0, start - 20):start], sentence[end:end + 20]
    if _NOT_YEAR_BEFORE.search(before) or _UNIT_AFTER.match(after):
        return False
    if _COUNT_AFTER.match(after) and not _TEMPORAL_BEFORE.search(before):
        return False
    return True


# Every rule's match contains one of these: a digit, a month or weekday name, or a word
# of time. A sentence without any is skipped before the (many) rules run on it.
_TIME_CUE = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"|year|month|week|day|decade|centur|tonight|morning|afternoon|evening|night|noon|midnight"
    r"|spring|summer|autumn|fall|winter|\bnow\b|current|present|recent|lately|moment|annual", re.I)


# What every match of some rules holds: a digit (a day, a year: _DAY, _YEAR, a decade) or a
# month's name (_MON, case-sensitive, begins with one of _MONTH_CUE). A sentence without it
# is not searched with those rules, which could match nothing there.
_NEEDS_DIGIT = frozenset({"day_range", "day_range_mdy", "year_range", "month_paren_year", "edge_year", "decade", "year"})
_NEEDS_MONTH = frozenset({"day_range", "day_range_mdy", "month_range", "month_paren_year", "month_rel_year",
                          "month_alone", "month_adj"})
_DIGIT = re.compile(r"\d")
_MONTH_CUE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


def _rules_for(sentence: str) -> list[tuple[int, _Rule]]:
    """(index, rule) of the rules that can match in the sentence."""
    digit, month = bool(_DIGIT.search(sentence)), bool(_MONTH_CUE.search(sentence))
    return [(i, r) for i, r in enumerate(RULES) if (digit or r.name not in _NEEDS_DIGIT)
            and (month or r.name not in _NEEDS_MONTH)]


def _candidates(sentence: str) -> list[tuple[int, int, int, object]]:
    """(start, end, rule index, match or explicit date) of every rule's matches."""
    found: list[tuple[int, int, int, object]] = []
    if not _TIME_CUE.search(sentence):
        return found
    for index, rule in _rules_for(sentence):
        for m in rule.pattern.finditer(sentence):
            if m.end() <= m.start():
                continue
            if rule.name == "year" and not _year_allowed(sentence, m.start(), m.end()):
                continue
            if rule.name == "month_alone" and m["mon"].startswith("May") and not re.search(r"\b(?:in|since|until|"
                    r"till|by|from|during|through|of|for|last|next|this|early|late|mid)\W+May$", m[0], re.I):
                continue
            found.append((m.start(), m.end(), index, m))
    for d in find_explicit_dates(sentence):
        found.append((d.start, d.end, -1, d))  # explicit dates rank before rules of the same length
    return found


def _select(found: list[tuple[int, int, int, object]]) -> list[tuple[int, int, int, object]]:
    """Longest spans first; an overlapping shorter one is dropped."""
    chosen: list[tuple[int, int, int, object]] = []
    for cand in sorted(found, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if all(cand[1] <= s or cand[0] >= e for s, e, _, _ in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


def _explicit(d: ExplicitDate, a: _Anchors) -> tuple[Span | None, bool, str | None]:
    if d.year is None:
        return _month_day(d.month, d.day, a)
    if d.day:
        return _absolute(day_span(date(d.year, d.month, d.day)))
    return _absolute(month_span(d.year, d.month))


# "a programme till 2025", "the strategy until 2030": the year bounds what the object covers
_BOUND_BEFORE = re.compile(r"\b(?:until|till|through|up\s+to|to)\s+(?:the\s+(?:year\s+)?)?$", re.I)


def is_bound_year(sentence: str, start: int) -> bool:
    """A year after "until"/"till" that follows a noun ("a plan until 2030") bounds the object,
    not the act: it states no happening and lends its year to no other date."""
    before = sentence[:start]
    m = _BOUND_BEFORE.search(before)
    if not m:
        return False
    word = re.search(r"([A-Za-z]+)\W*$", before[:m.start()])
    return bool(word) and word.group(1).lower() in PLAN_NOUNS


# nouns of documents and programmes whose validity a year bounds
PLAN_NOUNS = frozenset({
    "plan", "plans", "programme", "programmes", "program", "programs", "strategy", "strategies", "blueprint",
    "concept", "roadmap", "map", "agenda", "doctrine", "framework", "period", "priorities", "guidelines", "vision",
    "measures", "outlook", "forecast", "mandate", "term", "budget", "agreement", "treaty", "contract", "lease"})


def _only_year(selected: list[tuple[int, int, int, object]], a: _Anchors, sentence: str = "") -> int | None:
    """The year a sentence states as a bare year, when it states exactly one ("in October,
    after the Brotherhood 2019 drills"): a month named without a year in it belongs to that
    year. A full date ("March 2008", "12 May 2004") is the date of its own happening and a
    bounding year ("a plan till 2025") dates none, so neither lends its year."""
    years = set()
    probe = replace(a, sentence_year=None)
    for start, _end, index, match in selected:
        span, relative, _ = _explicit(match, probe) if index == -1 else RULES[index].resolve(match, probe)
        if span is None or relative:
            continue
        if span.precision != "year" or is_bound_year(sentence, start):
            return None
        years.update({span.start.year, span.end.year})
    return years.pop() if len(years) == 1 else None


def _resolve(sentence: str, a: _Anchors) -> list[Timex]:
    a.future = bool(_FUTURE.search(sentence))
    selected = _select(_candidates(sentence))
    # an undated article's month without a year takes the one year its sentence states
    a.sentence_year = _only_year(selected, a, sentence) if a.published is None else None
    result = []
    for start, end, index, match in selected:
        if index == -1:
            kind, (span, relative, anchor) = "date", _explicit(match, a)
            is_day = match.day is not None
        else:
            rule = RULES[index]
            kind, (span, relative, anchor) = rule.kind, rule.resolve(match, a)
            is_day = rule.name in ("day_range", "day_range_mdy", "day_word", "weekday", "same_day") \
                or (rule.name in ("ago", "later") and "day" in match["unit"].lower())
        text = sentence[start:end]
        lead = len(text) - len(text.lstrip())
        result.append(Timex(start + lead, end, text.strip(), kind,
                            span.start if span else None, span.end if span else None,
                            span.precision if span else None, relative, anchor if span else None))
        if span is not None and not relative and not is_bound_year(sentence, start + lead):
            a.last_year = span.start.year
            a.sentence_year = span.start.year
        if is_day:
            a.day_mentioned = True
            a.last_day = span if span is not None and span.precision == "day" else None
        elif span is not None and span.precision == "day":
            a.day_mentioned, a.last_day = True, span
    return result


def find_timexes(sentence: str, published_on: date | None) -> list[Timex]:
    """Time expressions of one sentence, resolved against `published_on` only."""
    return _resolve(sentence, _Anchors(published_on))


def article_timexes(sentences: Sequence[str], published_on: date | None) -> list[list[Timex]]:
    """Time expressions of each sentence of one article, in order; "ten years later" and
    "the same day" lean on the latest date stated in an earlier sentence."""
    anchors = _Anchors(published_on)
    return [[_within_calendar(t) for t in _resolve(s, anchors)] for s in sentences]


# Dates the warehouse can store and an analyst can use: "1,000 years ago" or a misread
# number far outside this window stays an unresolved expression instead of a date.
EARLIEST_YEAR, LATEST_YEAR = 1700, 2200


def _within_calendar(t: Timex) -> Timex:
    if t.date_start is None or EARLIEST_YEAR <= t.date_start.year and t.date_end.year <= LATEST_YEAR:
        return t
    return replace(t, date_start=None, date_end=None, precision=None)


def shifted(t: Timex, offset: int) -> Timex:
    """The same expression with offsets moved (sentence -> file)."""
    return replace(t, start=t.start + offset, end=t.end + offset)


__all__ = ["Timex", "find_timexes", "article_timexes", "shifted", "week_span"]
