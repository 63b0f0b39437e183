"""Header lines of news articles: headlines, date lines, bylines, and the outlet.

A date line is a short line whose job is to carry the publication date, alone or with a
time, an outlet, an author or a repeated headline ("03.06.2019", "09:40 03.06.2019 •
Anna Petrova , correspondent", "Interview with TASS, 10:30 AM, 21.03.2018",
"Published: 15 May 2020"). A sentence that merely starts with a date ("On March 3,
2011, the ministers met in Minsk.") is not one.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from textmine.explicit_dates import ExplicitDate, find_explicit_dates

MAX_HEADLINE_WORDS = 25
MAX_DATE_LINE_WORDS = 16  # words beside the date itself

_TIME = re.compile(r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*\(?(?:GMT|UTC|MSK)[+\-]?\d*\)?)?")
_SEPARATORS = re.compile(r"[•|·,;/()\[\]\-–—]+")
_LABEL = re.compile(r"^\s*(?:published|posted|updated|date|last\s+updated|release\s+date)\s*(?:on|:)?", re.I)
_SENTENCE_START = re.compile(r"^(?:on|in|at|since|by|from|until|before|after|during|as of|today|yesterday)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BULLET = re.compile(r"^[-–—•*]\s*")
_DATELINE = re.compile(  # MOSCOW, April 24 (TASS) -   /  BISHKEK, May 15, 2020. /TASS/.
    r"^(?P<place>[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][a-z]+)?),\s+(?P<rest>.{4,40}?)\s*"
    r"(?:\((?P<outlet1>[^()]{2,40})\)|/(?P<outlet2>[^/]{2,40})/|[-–—]|\.)")
_AUTHOR_ROLE = re.compile(r"\b(editor|correspondent|journalist|reporter|columnist|observer|staff writer|author)s?\b", re.I)
_BY = re.compile(r"^\s*(?:by|author:|text:)\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*$", re.I)


@dataclass(frozen=True)
class DateLine:
    date: ExplicitDate
    remainder: str  # the line's words other than date and time


@cache
def media_outlets() -> tuple[tuple[str, str], ...]:
    """(alias, canonical name) pairs from the outlet gazetteer, longest alias first."""
    path = resources.files("textmine") / "data" / "media_outlets.csv"
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for alias in {row["name"], *row["aliases"].split("|")}:
                if alias.strip():
                    pairs.append((alias.strip(), row["name"]))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def find_outlet(text: str) -> str | None:
    """The first outlet of the gazetteer named in `text` as a word of its own."""
    best: tuple[int, str] | None = None
    for alias, name in media_outlets():
        m = re.search(r"(?<![\w.])" + re.escape(alias) + r"(?![\w])", text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_headline(line: str) -> bool:
    """A line that reads as a title: short, not a bullet or quoted speech turn, and not
    a finished sentence followed by more (a one-line paragraph that ends in a full stop
    is body text unless it is very short)."""
    n = len(words(line))
    if n == 0 or n > MAX_HEADLINE_WORDS or _BULLET.match(line):
        return False
    if line.rstrip().endswith((",", ";", ":")):
        return False
    if line.rstrip().endswith(".") and not line.rstrip().endswith(("..", ".ru.", ".com.")):
        return n <= 6 and not re.search(r"\b(is|are|was|were|has|have|had|will)\b", line)
    return True


def parse_date_line(line: str) -> DateLine | None:
    """The date that a header line carries, or None when the line is not a date line."""
    if len(line) > 200:
        return None
    body = _LABEL.sub("", line).strip()
    body = _BULLET.sub("", body)
    dates = [d for d in find_explicit_dates(body) if d.year is not None]
    if not dates:
        return None
    first = dates[0]
    before, after = body[: first.start], body[first.end:]
    before_clean = _TIME.sub(" ", before)
    if _SENTENCE_START.match(before_clean.strip()):
        return None
    # The date must open or close the line (after a time or a label), as headers put it.
    opens = not words(before_clean)
    closes = not words(_TIME.sub(" ", after))
    if not (opens or closes):
        # "Interview with TASS, 10:30 AM, 21.03.2018" closes; a date in mid-line
        # is allowed only behind a separator such as "•" or "|".
        if not re.search(r"[•|·]", body):
            return None
    remainder = _SEPARATORS.sub(" ", _TIME.sub(" ", before + " " + after))
    rest_words = words(remainder)
    if len(rest_words) > MAX_DATE_LINE_WORDS:
        return None
    if opens and after.strip().endswith(".") and len(rest_words) > 3 and not re.search(r"[•|·]", after):
        return None  # "15 May 2020 the Council met in Minsk." is a sentence
    return DateLine(first, " ".join(remainder.split()))


def parse_dateline_opening(paragraph: str) -> tuple[ExplicitDate | None, str | None]:
    """A wire-service dateline opening the first paragraph ("MOSCOW, May 15, 2020
    (TASS) - ..."): its date (only when the year is written) and its outlet."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None
    dates = find_explicit_dates(m.group("rest"))
    outlet_text = m.group("outlet1") or m.group("outlet2")
    outlet = find_outlet(outlet_text) if outlet_text else None
    if not dates and outlet is None:
        return None, None
    dated = dates[0] if dates and dates[0].year is not None else None
    return dated, outlet


def author_from_byline(line: str) -> str | None:
    """The author named in a byline: 'By Jane Doe', or a name beside a role such as
    'Anna Petrova , correspondent' in a date line's remainder."""
    m = _BY.match(line)
    if m:
        return m.group("name")
    role = _AUTHOR_ROLE.search(line)
    if not role:
        return None
    segments = [s.strip() for s in re.split(r"[•|·,;]", line) if s.strip()]
    for segment in segments:
        names = re.findall(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\b", segment)
        for name in names:
            if not _AUTHOR_ROLE.search(name) and name.split()[0].lower() not in {"interview", "the"}:
                return name
    return None


def plausible_publication(d: date, today: date | None = None) -> bool:
    """A publication date the warehouse can accept: from 1900 up to today."""
    return date(1900, 1, 1) <= d <= (today or date.today())
