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


@cache
def _alias_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """One compiled pattern per alias. Aliases of four characters or more match in any case
    ("Itar-Tass" is ITAR-TASS), shorter ones ("RT", "AP") only as written. A hyphenated
    suffix belongs to the name ("Interfax-Ukraine" is an outlet of its own)."""
    out = []
    for alias, name in media_outlets():
        flags = re.I if len(alias) >= 4 else 0
        out.append((re.compile(r"(?<![\w.])" + re.escape(alias) + r"(?:-[A-Z][\w]*)?(?![\w])", flags), name))
    return tuple(out)


def outlet_mention(text: str) -> tuple[int, str] | None:
    """The first outlet of the gazetteer named in `text` as a word of its own: its offset and
    its name as the text writes it. The warehouse keeps the outlet as stated (an agency's
    name of the time, "ITAR-TASS" in 2005, "TASS" later); the gazetteer only recognises it."""
    best: tuple[int, str] | None = None
    for pattern, _name in _alias_patterns():
        # a name in any case must still start with a capital, except a site address ("news.am")
        m = next((m for m in pattern.finditer(text) if not m.group(0)[0].islower() or "." in m.group(0)), None)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(0))
    return best


def find_outlet(text: str) -> str | None:
    """The first outlet of the gazetteer named in `text`, as written there."""
    found = outlet_mention(text)
    return found[1] if found else None


def outlet_in_header(text: str) -> str | None:
    """An outlet named anywhere in header lines, except a one-word name that merely opens a
    line before a lower-case word ("Trend of militarisation grows"): there an ordinary word
    takes its capital from the line, while an agency's name stands alone, in brackets or with
    its full name ("Trend News Agency")."""
    for line in text.splitlines():
        found = outlet_mention(line)
        if found is None:
            continue
        start, name = found
        rest = line[start + len(name):]
        if start == 0 and " " not in name and re.match(r"\s+[a-z]", rest) and name[1:].islower():
            continue
        return name
    return None


_TLDS = ("com|net|org|info|biz|news|media|online|tv|fm|io|asia|eu|int|ru|su|by|kz|kg|uz|tj|tm|am|az|ge|ua|md|"
         "mn|cn|in|pk|af|ir|tr|uk|de|fr|it|es|pl|cz|lv|lt|ee|fi|se|us|ca|jp|kr")
_DOMAIN = re.compile(  # a site's name as its address ("Steppe.Az", "news.example.am", "24.kg"), not part of a URL
    r"(?<![\w@/.:-])(?P<d>[A-Za-z0-9][\w-]*(?:\.[A-Za-z0-9][\w-]*)*\.(?i:%s))(?![\w]|\.[A-Za-z0-9]|/)" % _TLDS)
_CAPTION = re.compile(  # a photo caption printed among the header lines
    r"\((?:file\s+)?(?:photo|picture|image|video)\b[^)]*\)|^\s*(?:photo|picture|image)\s*(?:by\b|:)"
    r"|\bphoto\s*(?:by|credit)\b|©", re.I)
_SOURCE_LABEL = re.compile(  # "Source: Outlet, date, p. 4", "Publication: Periodical Vol: 2"
    r"^\s*(?i:source|publication|publisher|outlet|originally\s+published\s+(?:in|by)|first\s+published\s+(?:in|by))"
    r"\s*:?\s+(?P<o>\S.*)$")
_NEXT_LABEL = re.compile(r"\s+[A-Z]\w{0,20}:\s|\s*[,;:|(]|\s+[-–—]\s|\.\s")
# "Copyright 2003 The Steppe Times", "© 2020 Agency. All rights reserved"; a "©" without a year
# is more often a photo credit ("© Agency / Jane Doe") than the article's own copyright
_COPYRIGHT = re.compile(
    r"^\s*(?:(?i:copyright)\s*(?:©|\((?i:c)\))?\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    r"|(?:©|\((?i:c)\))\s*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)(?P<o>\S.*)$")
_MEDIA_NOUN = (r"(?:news\s+agency|information\s+agency|press\s+agency|agency|news\s+service|newspaper|daily|"
               r"weekly|magazine|journal|web\s*site|portal|television|TV|radio|channel)")
_NAME = r"[A-Z0-9][\w.&'’/-]*(?:\s+[A-Z0-9][\w.&'’/-]*){0,3}"
_SOURCE_LINE = [  # a header line that only names where the text comes from
    re.compile(r"^(?i:(?:news\s+|information\s+)?agency)\s+(?P<o>%s)\s*$" % _NAME),
    re.compile(r"^(?P<o>%s)(?:\s+[a-z][\w-]*){0,2}\s+(?i:%s)(?:\s+(?i:web\s*site))?\s*$" % (_NAME, _MEDIA_NOUN)),
]


def domain_name(text: str) -> str | None:
    """The first site address named in `text` as a name ("Analysis published on Steppe.Az")."""
    m = _DOMAIN.search(text)
    return m.group("d") if m else None


def is_name_line(line: str) -> bool:
    """A line that is only a person's name ("Jane Doe" under the date line credits the author):
    two or three capitalised words, the first a known given name or the last with a surname
    ending of the region. Such a line is a signature, not a title."""
    tokens = line.strip().split()
    if not 2 <= len(tokens) <= 3 or not all(re.fullmatch(r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?", t) for t in tokens):
        return False
    from textmine.entities import people  # lazy: only header lines of this shape need it

    return tokens[0] in people.given_names() or people.has_surname_ending(tokens[-1])


def is_caption(line: str) -> bool:
    """A photo caption ("Jane Doe, Steppe Institute (file photo)"): it names who is pictured,
    not the title or the source of the article."""
    return bool(_CAPTION.search(line))


def _distinct_name(name: str) -> bool:
    """A name that cannot be the capitalised first word of an ordinary line: one the outlet
    gazetteer knows, a site address, a name with inner capitals or digits ("WXY", "AKIpress",
    "24.kg") or of two capitalised words or more."""
    return bool(find_outlet(name) or domain_name(name) or re.search(r"(?<=\w)[A-Z0-9]|^\d", name)
                or len(name.split()) >= 2)


def labelled_source(line: str) -> str | None:
    """The outlet a "Source:", "Publication:" or copyright line names (its first part, before
    a date, a page or another label)."""
    m = _SOURCE_LABEL.match(line) or _COPYRIGHT.match(line)
    if not m or len(words(line)) > 20:
        return None
    url = re.match(r"(?i:https?://)(?:www\.)?(?P<host>[\w.-]+\.[A-Za-z]{2,})", m.group("o"))
    if url:  # "Source: https://www.steppe.kz/news/1" names the site
        return url.group("host")
    first = _NEXT_LABEL.split(m.group("o"), maxsplit=1)[0].strip(" .")
    if domain_name(first) == first:
        return first
    if re.match(r"\s*(?i:publication)\b", line):
        publisher = _publisher_of(first)
        if publisher:
            return publisher
    return _outlet_name(first) or source_line(first)  # "Source: Steppe news agency, Astana"


def _publisher_of(periodical: str) -> str | None:
    """The outlet that the gazetteer lists a periodical under ("Eurasia Daily Monitor" is the
    Jamestown Foundation's): a "Publication:" label names the periodical, and the outlet is
    its publisher."""
    found = outlet_mention(periodical)
    if not found or found[0] != 0 or found[1] != periodical:
        return None
    return next((name for alias, name in media_outlets() if alias.lower() == periodical.lower()), None)


def source_line(line: str) -> str | None:
    """The outlet a header line names when the line only says where the text comes from:
    "Agency X", "X regional news agency website", a site address or a known outlet alone."""
    text = line.strip(" .")
    if domain_name(text) == text:
        return text
    known = outlet_mention(text)
    if known and known[0] == 0 and known[1] == text:
        return text
    for pattern in _SOURCE_LINE:
        m = pattern.match(text)
        if m and _distinct_name(m.group("o")) and not _not_an_outlet(m.group("o")):
            return m.group("o")
    return None


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
    if n >= 3 and line.upper() == line and not _BULLET.match(line):
        return True  # a line set in capitals is a headline, full stop or not
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


_NOT_OUTLETS = re.compile(  # bracketed words of a caption or an update notice, not a source
    r"^(?:photo|photos|video|file|file photo|updated?|corrected|correction|adds?\b.*|refiles?|repeats?|"
    r"exclusive|analysis|interview|opinion|live|breaking|urgent|recasts?|writes? through)$", re.I)
_BARE_OUTLET = re.compile(  # ", Steppe Daily —", ". AGENCY -": an outlet named bare before the closing dash
    r"(?:\.\s+)?(?P<o>[A-Z][\w.&'’/-]*(?:\s+[A-Z][\w.&'’/-]*){0,4})\s*(?=(?:--|[-–—:])\s)")
_PLACE_THEN_DATE = re.compile(  # "Almaty. 15 March. AGENCY -": a place, a full stop, then the date
    r"(?P<place>[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?)\.(?=\s+(?:[0-3]?\d\s+)?(?i:%s)\b)"
    % "|".join(sorted(MONTHS, key=len, reverse=True)))
_CAPS_OUTLET_STOP = re.compile(r"(?P<o>[A-Z][A-Z0-9&'’/-]+(?:\s+[A-Z][A-Z0-9&'’/-]+){0,2})\.(?=\s)")
_AFTER_DASH = re.compile(  # "BISHKEK, May 5 — Steppe.kg news agency, by ...": the outlet right after the dash
    r"(?:--|[-–—])\s*(?P<o>[A-Z0-9][\w.&'’/-]*(?:\s+[A-Z][\w.&'’/-]*){0,3})\s+(?i:news\s+agency|agency)\b")
_CAPS_PLACE = re.compile(r"(?P<place>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,2})\.(?=\s)")  # "ASTANA. AGENCY -"


def _not_an_outlet(name: str) -> bool:
    """Names a dateline may hold that are not outlets: a weekday or date, a caption or update
    word, or a name the entity gazetteer knows as something else than a medium: a country, a
    place, a body or a person ("ALMATY (Kazakhstan) -", "NATO (North Atlantic ...)")."""
    if find_explicit_dates(name) or _TIME.fullmatch(name) or _NOT_OUTLETS.match(name):
        return True
    if re.fullmatch(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", name, re.I):
        return True
    from textmine.entities.gazetteer import load_gazetteer  # lazy: headers need it only here

    entry = load_gazetteer().lookup(name)
    return entry is not None and entry.entity_type != "MEDIA"  # a country, a body, a place, a person


def _outlet_name(part: str) -> str | None:
    """`part` when it reads as an outlet's name: one the gazetteer knows, or up to five
    capitalised words that are not a place, a date or a caption word."""
    part = part.strip(" .")
    known = find_outlet(part)
    if known and outlet_mention(part)[0] == 0:
        return known
    if domain_name(part) == part:
        return part
    tokens = part.split()
    if not (1 <= len(tokens) <= 5 and part[0].isupper()
            and all(t[0].isupper() or t[0].isdigit() for t in tokens)):
        return None
    return None if _not_an_outlet(part) else part


def _outlet_of(bracketed: str) -> str | None:
    """The outlet a dateline names in brackets or slashes ("RIA Novosti", "UPI",
    "Agency / Partner - 28th September, 2020"): the first name-like part as written (an
    outlet we have not listed is still the outlet the dateline states). The first part is
    the carrier ("Local News / Agency" is the local outlet carrying the agency's report)."""
    for part in re.split(r"\s+[/|]\s+|\s+[-–—]\s+|,\s+", bracketed):
        part = part.strip(" .")
        if not part or find_explicit_dates(part) or _TIME.fullmatch(part):
            continue
        return _outlet_name(part)
    return None


_CAPS_MONTH = re.compile(r"\b(?:%s)\b" % "|".join(m.upper() for m in sorted(MONTHS, key=len, reverse=True)))


def _dates_at_start(rest: str) -> list[ExplicitDate]:
    """Dates opening `rest`; wires that set the dateline in capitals write the month so too
    ("YEREVAN, JULY 13, AGENCY."), read as the same date (same length, same offsets)."""
    text = _CAPS_MONTH.sub(lambda m: m.group(0).title(), rest[:40])
    return [d for d in find_explicit_dates(text) if d.start == 0]


def _dateline_gap(rest: str) -> int:
    """Separators between the parts of a dateline: spaces, commas, and a full stop that is
    followed by another part (a slashed outlet, a bracket or a date), not by the story."""
    pos = 0
    while pos < len(rest):
        if rest[pos] in " \t,":
            pos += 1
        elif rest[pos] == "." and re.match(r"\.\s*(?:[/(]|\d|(?:%s)\b)" % "|".join(MONTHS), rest[pos:], re.I):
            pos += 1
        else:
            break
    return pos


def parse_dateline_opening(paragraph: str) -> tuple[ExplicitDate | None, str | None]:
    """A wire-service dateline opening the first paragraph, in the orders wires write it
    ("MOSCOW, May 15, 2020 (TASS) - ...", "Bishkek, 14 April 2003 (Agency) -- ...",
    "Washington (UPI) Jun 25, 2006 ...", "MOSCOW (Agency - 28th September, 2020) ...",
    "BISHKEK, May 15. /TASS/. ...", "May 15. /TASS/. ...", "ALMATY, May 15, 2011, Agency — ...",
    "ASTANA. AGENCY - ...", "March 3, 2010 -- ..."): its date (only when the year is written)
    and its outlet.

    The place is a capitalised name of up to four words directly followed by a comma or a
    bracket (or a name in capitals and a full stop); after it come only dates, bracketed or
    slashed outlets, an outlet named bare right before the closing dash, and separators. The
    opening must end in a dash, a slash or full stop, or hold a dated outlet, so that a
    sentence that begins with a place name is not read as a dateline."""
    m = _DATELINE_PLACE.match(paragraph) or _CAPS_PLACE.match(paragraph) or _PLACE_THEN_DATE.match(paragraph)
    pos = m.end() if m else 0
    dated: ExplicitDate | None = None
    outlet: str | None = None
    closed = consumed = False
    while pos < min(len(paragraph), 160):
        rest = paragraph[pos:]
        gap = _dateline_gap(rest)
        rest, pos = rest[gap:], pos + gap
        if not rest:
            break
        head = _dates_at_start(rest)
        if head:
            dated = dated or (head[0] if head[0].year is not None else None)  # no year, no date
            pos += head[0].end
            consumed = True
            continue
        bracket = re.match(r"\((?P<o>[^()]{2,80})\)|/(?P<s>[^/\n]{2,40})/", rest)
        if bracket and (m or consumed):
            inner = bracket.group("o") or bracket.group("s")
            outlet = outlet or _outlet_of(inner)
            inside = [d for d in find_explicit_dates(inner) if d.year is not None]
            dated = dated or (inside[0] if inside else None)
            pos += bracket.end()
            consumed = True
            continue
        caps = _CAPS_OUTLET_STOP.match(rest)
        if caps and outlet is None and consumed:  # "YEREVAN, JULY 13, AGENCY. The ..."
            named = _outlet_name(caps.group("o"))
            if named:
                outlet, closed = named, True
                break
        bare = _BARE_OUTLET.match(rest)
        # after a date, a name of any case ("Steppe Daily"); right after a place, only an
        # agency written in capitals or one the gazetteer knows ("ASTANA. AGENCY -")
        if bare and outlet is None and (consumed or (m and m.re is _CAPS_PLACE and (
                bare.group("o").isupper() or find_outlet(bare.group("o"))))):
            named = _outlet_name(bare.group("o"))
            if named:
                outlet, consumed = named, True
                pos += bare.end()
                continue
        closed = bool(re.match(r"(?:--|[-–—:]|\.(?:\s|$))", rest))
        after = _AFTER_DASH.match(rest)
        if closed and outlet is None and after and _distinct_name(after.group("o")):
            outlet = _outlet_name(after.group("o"))
        break
    if not consumed or not (closed or (m and (dated or outlet))) or (m is None and not closed):
        return None, None
    if m and outlet and (_abbreviates(outlet, m.group("place")) or _abbreviates(m.group("place"), outlet)):
        return None, None  # "Collective Security Treaty Organization (CSTO) has ..." defines a name
    if m and outlet and not (closed or dated) and not m.group("place").isupper():
        return None, None  # "Jane Doe (Agency) said ...": only "PLACE (Agency) text" opens a story bare
    return dated, outlet


def _abbreviates(short: str, name: str) -> bool:
    """`short` is the initials of `name` ("CSTO" of "Collective Security Treaty Organization")."""
    initials = "".join(w[0] for w in name.split() if w[0].isupper())
    capitals = "".join(c for c in short if c.isupper())
    return len(capitals) >= 2 and capitals == initials.upper()


_BY_WITH_ROLE = re.compile(  # "By Jane Doe, senior fellow at ...", "By Jane Doe | Steppe Daily"
    r"^\s*(?i:by)\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*[,|•–—-]\s*\S")


def is_byline(line: str) -> bool:
    """A line crediting the author ("By Jane Doe", "By Jane Doe, senior fellow"): a byline,
    never a title, however short."""
    return len(words(line)) <= 20 and bool(_BY.match(line) or _BY_WITH_ROLE.match(line))


def author_from_byline(line: str) -> str | None:
    """The author named in a byline: 'By Jane Doe', 'By Jane Doe, senior fellow', or a name
    beside a role such as 'Anna Petrova , correspondent' in a date line's remainder."""
    m = _BY.match(line) or (_BY_WITH_ROLE.match(line) if len(words(line)) <= 20 else None)
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
