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

from textmine.explicit_dates import MONTHS, ExplicitDate, find_explicit_dates

MAX_HEADLINE_WORDS = 25
MAX_DATE_LINE_WORDS = 16  # words beside the date itself

_TIME = re.compile(r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*\(?(?:GMT|UTC|MSK)[+\-]?\d*\)?)?")
_SEPARATORS = re.compile(r"[•|·,;/()\[\]\-–—]+")
_LABEL = re.compile(r"^\s*(?:published|posted|updated|date|last\s+updated|release\s+date)\s*(?:on|:)?", re.I)
_SENTENCE_START = re.compile(r"^(?:on|in|at|since|by|from|until|before|after|during|as of|today|yesterday)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BULLET = re.compile(r"^[-–—•*]\s*")
# the place of a dateline: "MOSCOW", "Yerevan", "Washington DC", "ALMATY, Kazakhstan"
_DATELINE_PLACE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,3})(?:,\s*[A-Z][a-z]+)?(?=\s*[,(])")
_SHORT_YEAR_LINE = re.compile(  # "9 Jul 04", "12.06.11": a header date with a two-digit year
    r"^\s*(?P<body>(?P<d>[0-3]?\d)(?:\s+(?P<mon>(?:%s)\.?)\s+|[./](?P<m>[01]?\d)[./])(?P<y>\d\d))\s*$"
    % "|".join(sorted(MONTHS, key=len, reverse=True)), re.I)
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


def _short_year_date(line: str) -> ExplicitDate | None:
    """A date line written with a two-digit year ("9 Jul 04", "12.06.11"): only when the
    whole line is that date (and perhaps a time), the way a header writes it; the century
    is the one that puts the date nearest before today, as a reader of the header would."""
    m = _SHORT_YEAR_LINE.match(line) or _SHORT_YEAR_LINE.match(_TIME.sub(" ", line))
    if not m:
        return None
    groups = m.groupdict()
    month = MONTHS[groups["mon"].lower().rstrip(".")] if groups.get("mon") else int(groups["m"])
    day, short = int(groups["d"]), int(groups["y"])
    year = 2000 + short if 2000 + short <= date.today().year else 1900 + short
    try:
        date(year, month, day)
    except ValueError:
        return None
    return ExplicitDate(m.start("body"), m.end("body"), m.group("body"), year, month, day)


def _prose(remainder: str) -> bool:
    """Words around a date that read as a sentence (a photo caption "Soldiers unload the
    equipment at the base near Almaty, 3 May 2019."), not as header furniture (an outlet, an
    author, a label, a weekday): header remainders carry at most a few lower-case words."""
    return sum(1 for w in words(remainder) if w[0].islower()) >= 4


def parse_date_line(line: str) -> DateLine | None:
    """The date that a header line carries, or None when the line is not a date line.

    A line that is nothing but a day and month ("14:56, 16 August", as digests date their
    items) is a date line too: it marks where an item starts, and its date has no year
    (`date.year is None`), so it never becomes a publication date."""
    if len(line) > 200:
        return None
    body = _LABEL.sub("", line).strip()
    body = _BULLET.sub("", body)
    found = find_explicit_dates(body)
    dates = [d for d in found if d.year is not None]
    if not dates:
        short = _short_year_date(body)
        if short is not None:
            return DateLine(short, "")
        bare = [d for d in found if d.day is not None]
        if len(bare) == 1 and not words(_SEPARATORS.sub(" ", _TIME.sub(" ", body[: bare[0].start] + " "
                                                                            + body[bare[0].end:]))):
            return DateLine(bare[0], "")
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
    if len(rest_words) > MAX_DATE_LINE_WORDS or _prose(remainder):
        return None
    if opens and after.strip().endswith(".") and len(rest_words) > 3 and not re.search(r"[•|·]", after):
        return None  # "15 May 2020 the Council met in Minsk." is a sentence
    return DateLine(first, " ".join(remainder.split()))


def _outlet_of(bracketed: str) -> str | None:
    """The outlet a dateline names in brackets or slashes ("RIA Novosti", "UPI",
    "Agency / Partner - 28th September, 2020"): the gazetteer's canonical name when it knows
    the outlet, else the first name-like part as written (an outlet we have not listed is
    still the outlet the dateline states). The first part is the carrier ("Local News /
    Agency" is the local outlet carrying the agency's report)."""
    for part in re.split(r"\s+[/|]\s+|\s+[-–—]\s+|,\s+", bracketed):
        part = part.strip(" .")
        if not part or find_explicit_dates(part) or _TIME.fullmatch(part):
            continue
        known = find_outlet(part)
        if known:
            return known
        tokens = part.split()
        if 1 <= len(tokens) <= 5 and part[0].isupper() and all(t[0].isupper() or t[0].isdigit() for t in tokens):
            return part
        return None
    return None


def parse_dateline_opening(paragraph: str) -> tuple[ExplicitDate | None, str | None]:
    """A wire-service dateline opening the first paragraph, in the orders wires write it
    ("MOSCOW, May 15, 2020 (TASS) - ...", "Bishkek, 14 April 2003 (Agency) -- ...",
    "Washington (UPI) Jun 25, 2006 ...", "MOSCOW (Agency - 28th September, 2020) ...",
    "BISHKEK, May 15. /TASS/. ...", "March 3, 2010 -- ..."): its date (only when the year
    is written) and its outlet.

    The place is a capitalised name of up to four words directly followed by a comma or a
    bracket; after it come only dates, bracketed or slashed outlets and separators, and the
    opening must end in a dash, a slash or full stop, or hold a dated outlet, so that a
    sentence that begins with a place name is not read as a dateline."""
    m = _DATELINE_PLACE.match(paragraph)
    pos = m.end() if m else 0
    dated: ExplicitDate | None = None
    outlet: str | None = None
    closed = consumed = False
    while pos < min(len(paragraph), 160):
        rest = paragraph[pos:]
        gap = re.match(r"(?:[\s,]|\.(?=\s*/))*", rest).end()
        rest, pos = rest[gap:], pos + gap
        if not rest:
            break
        head = [d for d in find_explicit_dates(rest[:40]) if d.start == 0]
        if head:
            dated = dated or (head[0] if head[0].year is not None else None)  # no year, no date
            pos += head[0].end
            consumed = True
            continue
        bracket = re.match(r"\((?P<o>[^()]{2,80})\)|/(?P<s>[^/\n]{2,40})/", rest)
        if bracket and m:
            inner = bracket.group("o") or bracket.group("s")
            outlet = outlet or _outlet_of(inner)
            inside = [d for d in find_explicit_dates(inner) if d.year is not None]
            dated = dated or (inside[0] if inside else None)
            pos += bracket.end()
            consumed = True
            continue
        closed = bool(re.match(r"(?:--|[-–—:]|\.(?:\s|$))", rest))
        break
    if not consumed or not (closed or (m and (dated or outlet))) or (m is None and not closed):
        return None, None
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


_TITLE_BY = re.compile(r"\s(?:by|By)\s+(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2})\s*$")


def author_in_title(title: str) -> str | None:
    """An author that a page prints at the end of its title ("Why the bloc matters, by Jane
    Doe"): a name of two or three capitalised words closing the title after "by"."""
    m = _TITLE_BY.search(title)
    if not m:
        return None
    before = title[: m.start()].split()
    if before and re.search(r"(?:ed|en)$", before[-1].lower()):
        return None  # "a treaty signed by Jane Doe" names who acted, not who wrote
    return m.group("name")


def plausible_publication(d: date, today: date | None = None) -> bool:
    """A publication date the warehouse can accept: from 1900 up to today."""
    return date(1900, 1, 1) <= d <= (today or date.today())
