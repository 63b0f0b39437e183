"""Explicit calendar dates written out in full ("15.05.2020", "April 24, 2024",
"24 April 2024", "2020-05-15", "May 2020"), with their character spans.

Only what the characters state is returned: a day and month without a year ("May 15")
is reported with `year=None` so that callers can decide, never guess.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2020-05-15
    ("iso", re.compile(r"(?<![\d.])" + _YEAR.format(g="y") + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])")),
    # 15.05.2020, 15/05/2020, 12/ 06/ 2011 (day first: the European and Russian convention of these sources)
    ("dmy_num", re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./] ?(?P<m>[01]?\d)[./] ?" + _YEAR.format(g="y") + r"(?![\d])")),
    # Monday, April 24, 2024
    ("mdy", re.compile(_WEEKDAY + r"\b" + _MONTH.format(g="mon") + r"\s+" + _DAY.format(g="d")
                       + r",?\s+" + _YEAR.format(g="y") + r"\b")),
    # 24 April 2024, 24th of April, 2024
    ("dmy", re.compile(_WEEKDAY + r"\b" + _DAY.format(g="d") + r"\s+(?:of\s+)?" + _MONTH.format(g="mon")
                       + r",?\s+" + _YEAR.format(g="y") + r"\b")),
    # April 2024
    ("my", re.compile(r"\b" + _MONTH.format(g="mon") + r",?\s+" + _YEAR.format(g="y") + r"\b")),
    # April 24 / 24 April (no year)
    ("md", re.compile(_WEEKDAY + r"\b" + _MONTH.format(g="mon") + r"\s+" + _DAY.format(g="d") + r"\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("dm", re.compile(_WEEKDAY + r"\b" + _DAY.format(g="d") + r"\s+(?:of\s+)?" + _MONTH.format(g="mon") + r"\b(?!\s*,?\s*(?:19|20)\d\d)")),
]


@dataclass(frozen=True)
class ExplicitDate:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def precision(self) -> str | None:
        if self.year is None:
            return None
        return "day" if self.day else "month" if self.month else "year"

    @property
    def value(self) -> date | None:
        """The first day the expression covers; None when the year is not stated."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year or 2000, month, day)  # 2000 is a leap year, so 29 February passes without a year
    except ValueError:
        return False
    return True


_DIGIT = re.compile(r"\d")


def find_explicit_dates(text: str) -> list[ExplicitDate]:
    """All explicit dates in `text`, longest first where they overlap, in text order."""
    found: list[ExplicitDate] = []
    if not _DIGIT.search(text):  # every pattern holds a day or a year: a sentence without digits has none
        return found
    taken: list[tuple[int, int]] = []
    for _kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            year = int(groups["y"]) if groups.get("y") else None
            month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            if not _valid(year, month, day):
                continue
            found.append(ExplicitDate(m.start(), m.end(), m.group(0), year, month, day))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)
