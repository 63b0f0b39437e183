"""Calendar arithmetic for time expressions: the first and last day of a year, month,
week or season, and shifting by whole units.

Kept apart from the expression rules so that the rules read as "what the words say" and
the date arithmetic is tested once."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@dataclass(frozen=True)
class Span:
    """A resolved calendar range and how precisely the text states it."""

    start: date
    end: date
    precision: str  # day, month or year


def day_span(d: date) -> Span:
    return Span(d, d, "day")


def month_span(year: int, month: int) -> Span:
    return Span(date(year, month, 1), date(year, month, monthrange(year, month)[1]), "month")


def year_span(year: int) -> Span:
    return Span(date(year, 1, 1), date(year, 12, 31), "year")


def years_span(first: int, last: int) -> Span:
    return Span(date(first, 1, 1), date(last, 12, 31), "year")


def months_span(year: int, first: int, last: int, last_year: int | None = None) -> Span:
    """Months `first`..`last` (the last one possibly in `last_year`), month precision."""
    end = month_span(last_year or year, last).end
    return Span(date(year, first, 1), end, "month")


def week_span(d: date) -> Span:
    """Monday to Sunday of the week holding `d`; a week is a range of days."""
    monday = d - timedelta(days=d.weekday())
    return Span(monday, monday + timedelta(days=6), "day")


def season_span(year: int, season: str) -> Span:
    """Meteorological seasons: winter runs from December of `year` into February."""
    first = SEASON_MONTHS[season]
    if first == 12:
        return months_span(year, 12, 2, last_year=year + 1)
    return months_span(year, first, first + 2)


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift(anchor: date, unit: str, delta: int) -> Span:
    """The `unit` (year, month, week, day) lying `delta` units from `anchor`."""
    if unit == "year":
        return year_span(anchor.year + delta)
    if unit == "month":
        return month_span(*shift_months(anchor.year, anchor.month, delta))
    if unit == "week":
        return week_span(anchor + timedelta(weeks=delta))
    return day_span(anchor + timedelta(days=delta))


def valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
