"""Split a decoded file into its articles and read each article's header.

A file may hold a reference page followed by news items and an interview, or a digest of
dated items. An article starts where a header starts: a date line (with the headline just
above it, if any), or a headline that the page repeats (scraped pages often print the
title twice). Text before the first header is an article of its own when it has content.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from textmine.headers import (
    author_from_byline,
    author_in_title,
    domain_name,
    find_outlet,
    is_byline,
    is_caption,
    is_headline,
    is_name_line,
    labelled_source,
    outlet_in_header,
    outlet_mention,
    parse_date_line,
    parse_dateline_opening,
    plausible_publication,
    source_line,
    words,
)
from textmine.interviews import detect_scheme
from textmine.layout import Line, nonblank_lines, paragraphs

HEADER_ZONE = 4  # header lines (title, repeated title, date line, byline) sit in the first few lines
MIN_PREAMBLE_WORDS = 20  # less text than this before the first header is a page crumb, not an article

GENRES = ("interview", "news", "briefing", "article", "reference_page")

_QUESTION_MARKER = re.compile(r"^\s*(?:[-–—]\s*|Q\s*[:.]\s*|Question\s*:\s*)")
_INTERVIEW_WORD = re.compile(r"\binterview", re.I)
_BRIEFING_WORD = re.compile(r"\b(?:briefing|press conference|press briefing)\b", re.I)
_LABEL_LINE = re.compile(r"^[^:]{3,120}:\s+\S|https?://|www\.", re.I)
_BODY_OUTLET = [  # where running text names the outlet the article was written for
    re.compile(r"\btold\s+(?P<o>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"),
    re.compile(r"\([^()]{0,400}?[-–—]\s*(?P<o>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s*\)"),
]
# "Agency has held an interview with", "Agency correspondent Jane Doe spoke with"
_INTERVIEW_HELD = re.compile(
    r"(?P<o>[A-Z0-9][\w.'’/-]*(?:\s+[A-Z][\w.'’/-]*){0,3})\s+(?:(?:has|have|had)\s+)?(?:held|conducted|recorded|"
    r"taken)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}interview|(?P<o2>[A-Z0-9][\w.'’/-]*(?:\s+[A-Z][\w.'’/-]*){0,3})\s+"
    r"(?:correspondent|journalist|reporter)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:spoke|talked)\s+(?:with|to)\b")
# Only an interview is written for the outlet it says it was given to; a news item that
# reports "X gave an interview to Y" is not Y's article.
_INTERVIEW_OUTLET = re.compile(
    r"\b(?:interview|comment|commentary)\s+(?:to|with|for)\s+(?:the\s+)?(?P<o>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


@dataclass
class Article:
    ordinal: int
    char_start: int
    char_end: int
    title: str | None = None
    published_on: date | None = None
    published_precision: str | None = None
    outlet: str | None = None
    author: str | None = None
    genre: str = "news"
    header_end: int = 0  # offset where the body starts (after headline/date/byline lines)
    notes: list[str] = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return " ".join(words(a)).lower() == " ".join(words(b)).lower()


def _is_repeated_headline(lines: list[Line], i: int) -> bool:
    """The page prints this headline again within the next two lines."""
    if not is_headline(lines[i].text):
        return False
    for j in range(i + 1, min(i + 3, len(lines))):
        nxt = lines[j].text
        if _same(lines[i].text, nxt) or (len(words(lines[i].text)) >= 4 and
                                          " ".join(words(nxt)).lower().startswith(" ".join(words(lines[i].text)).lower())):
            return True
    return False


def article_starts(lines: list[Line]) -> list[int]:
    """Indexes of the lines where an article begins."""
    starts: set[int] = set()
    for i, line in enumerate(lines):
        if parse_date_line(line.text):
            start = i
            if i > 0 and is_headline(lines[i - 1].text) and not parse_date_line(lines[i - 1].text):
                start = i - 1
                # headline, repeated headline, then date line
                if i > 1 and _same(lines[i - 2].text, lines[i - 1].text):
                    start = i - 2
            starts.add(start)
        elif _is_repeated_headline(lines, i):
            starts.add(i)
    # one header zone gives one start: drop starts inside the zone of an earlier one
    ordered = sorted(starts)
    kept: list[int] = []
    for s in ordered:
        if kept and s - kept[-1] < HEADER_ZONE and _all_header(lines[kept[-1]:s]):
            continue
        kept.append(s)
    return kept


def _all_header(lines: list[Line]) -> bool:
    return all(is_headline(line.text) or parse_date_line(line.text) for line in lines)


def _question_paragraphs(lines: list[Line]) -> int:
    return sum(1 for line in lines if _QUESTION_MARKER.match(line.text) and "?" in line.text)


def classify_genre(header: str, body_lines: list[Line], dated: bool, titled: bool, signed: bool = False) -> str:
    """interview / briefing / reference_page / article / news, from the header's words and
    the body's layout. A signed piece (an author byline) that is not an interview or a
    briefing is an article: wire news is credited to its agency, analysis to its author."""
    if _BRIEFING_WORD.search(header):
        return "briefing"
    questions = _question_paragraphs(body_lines)
    if _INTERVIEW_WORD.search(header) and questions >= 1:
        return "interview"
    if questions >= 3:
        return "interview"
    paras = [" ".join(line.text for line in para.lines) for para in paragraphs(body_lines)]
    if detect_scheme(paras, " ".join([header, *paras[:2]])):
        return "interview"
    if not dated and not titled and body_lines:
        labelled = sum(1 for line in body_lines if _LABEL_LINE.search(line.text))
        if labelled / len(body_lines) >= 0.3:
            return "reference_page"
    if signed or (not dated and reads_as_analysis(body_lines)):
        return "article"
    return "news"


def _signed(article: Article, header_lines: list[Line]) -> bool:
    """The author is credited by a byline ("By Jane Doe", a title ending "... by Jane Doe"),
    not only named with a newsroom role beside the date ("Anna Petrova, correspondent")."""
    if article.author is None:
        return False
    return any(author_from_byline(line.text) == article.author and re.match(r"\s*by\s", line.text, re.I)
               for line in header_lines) or author_in_title(article.title or "") == article.author


def _outlet_from_body(text: str, genre: str) -> str | None:
    for pattern in [*_BODY_OUTLET, *([_INTERVIEW_OUTLET] if genre == "interview" else [])]:
        for m in pattern.finditer(text):
            outlet = find_outlet(m.group("o"))
            if outlet:
                return outlet
    return None


def _named_outlet(name: str) -> str | None:
    """`name` when it is an outlet the gazetteer knows or a site address, as written."""
    name = name.strip(" .,:")
    if domain_name(name) == name:
        return name
    found = outlet_mention(name)
    return found[1] if found and found[0] == 0 and found[1] == name else None


def _interviewer_outlet(body_lines: list[Line]) -> str | None:
    """The outlet that conducts an interview: its name as the interviewer's speaker label
    ("Agency: ...?" turns), or as the subject of holding the interview or as the employer of
    the correspondent who speaks with the guest, in the opening."""
    paras = [" ".join(line.text for line in para.lines) for para in paragraphs(body_lines)]
    scheme = detect_scheme(paras, " ".join(paras[:2]))
    if scheme is not None:
        for label, role in scheme.labels.items():
            if role == "interviewer" and _named_outlet(label):
                return _named_outlet(label)
    for para in paras[:3]:
        for m in _INTERVIEW_HELD.finditer(para):
            tokens = (m.group("o") or m.group("o2")).split()
            # the outlet is the end of the capitalised run ("In Moscow, Agency has held ...")
            for k in range(len(tokens)):
                named = _named_outlet(" ".join(tokens[k:]))
                if named:
                    return named
    return None


def _is_title_line(text: str) -> bool:
    """A header line that can be the title: not a date line, byline, signature, caption or
    source line."""
    return not (parse_date_line(text) or is_byline(text) or is_name_line(text) or is_caption(text)
                or source_line(text) or labelled_source(text))


def _header_below_date(zone: list[Line], date_index: int, above: list[Line]) -> list[Line]:
    """Header lines printed below the date line. Bylines and "Source:" lines may follow a date
    line in any layout. Databases of press digests print the publication's name, then the
    date, then the headline and its byline or source line: when the lines above the date name
    the publication, a headline below the date that a byline or source line follows is the
    article's header too."""
    below: list[Line] = []
    for line in zone[date_index + 1:]:
        if is_byline(line.text) or author_from_byline(line.text) or labelled_source(line.text):
            below.append(line)
            continue
        following = zone[zone.index(line) + 1: zone.index(line) + 3]
        candidate = not below and is_headline(line.text) and _is_title_line(line.text)
        if candidate and any(source_line(a.text) or labelled_source(a.text) for a in above) and any(
                is_byline(f.text) or labelled_source(f.text) for f in following):
            below.append(line)
            continue
        # a page that opens with its date line prints the title under it
        if candidate and not above and date_index == 0 and not line.text.rstrip().endswith("."):
            below.append(line)
            continue
        break
    return below


def _header_outlet(header_lines: list[Line]) -> str | None:
    """The outlet the header states: a source line first ("Agency X"), then an outlet the
    gazetteer knows or a site address anywhere in the header (captions aside)."""
    lines = [line.text for line in header_lines if not is_caption(line.text)]
    for text in lines:
        named = source_line(text)
        if named:
            return named
    joined = "\n".join(lines)
    return outlet_in_header(joined) or domain_name(joined)


def read_header(article: Article, lines: list[Line], today: date | None = None) -> Article:
    """Fill title, date, outlet, author and genre from the article's first lines."""
    zone = lines[:HEADER_ZONE + 2]
    header_lines: list[Line] = []
    date_line = None
    for index, line in enumerate(zone[:HEADER_ZONE]):
        parsed = parse_date_line(line.text)
        if parsed:
            date_line = parsed
            header_lines.append(line)
            header_lines += _header_below_date(zone, index, header_lines[:-1])
            break
        if parse_dateline_opening(line.text) != (None, None):
            break  # a dateline on a line of its own ("ASTANA, 3 March (Agency)") opens the body
        if is_headline(line.text) or labelled_source(line.text):
            header_lines.append(line)
        else:
            break
    if date_line is None:  # a run of headlines with no date line: keep it as before, up to the body
        header_lines = header_lines[:HEADER_ZONE]
    # the title: a title line below the date when the header continues there, else the first
    titles = [line.text for line in header_lines if _is_title_line(line.text)]
    date_at = next((i for i, h in enumerate(header_lines) if parse_date_line(h.text)), None)
    below = [h.text for h in header_lines[date_at + 1:] if _is_title_line(h.text)] if date_at is not None else []
    if below:
        article.title = below[0].strip()
    elif titles:
        article.title = titles[0].strip()
    if not header_lines and lines and is_headline(lines[0].text) and len(lines) > 1 and _is_title_line(lines[0].text):
        article.title = lines[0].text.strip()
        header_lines = [lines[0]]
    header_text = " \n".join(line.text for line in header_lines if not is_caption(line.text))
    if date_line is not None:
        d = date_line.date
        if d.value and plausible_publication(d.value, today):
            article.published_on, article.published_precision = d.value, d.precision
        elif d.value:  # a year-less date line ("14:56, 16 August") dates nothing
            article.notes.append(f"header date {d.text!r} is outside 1900..today and was not used")
        article.author = author_from_byline(date_line.remainder)
    body_lines = lines[len(header_lines):]
    for line in header_lines:
        if is_byline(line.text):
            article.author = article.author or author_from_byline(line.text)
    if article.author is None:
        for line in header_lines[1:] + body_lines[:1]:
            if len(words(line.text)) <= 8 or is_byline(line.text):
                article.author = article.author or author_from_byline(line.text)
        # a header line that is only a person's name, under the date line, signs the piece
        signature = [line.text.strip() for line in header_lines[1:] + body_lines[:1] if is_name_line(line.text)]
        article.author = article.author or (signature[0] if signature else None)
    # the dateline opens the body, or its second or third paragraph after a summary lead
    dateline_outlet = None
    date_lines = [line for line in header_lines if parse_date_line(line.text)][:1]
    for line in [*date_lines, *body_lines[:3]]:  # "ASTANA, May 5, 2011 (Agency)" may be the date line
        opening_date, opening_outlet = parse_dateline_opening(line.text)
        if opening_date is None and opening_outlet is None:
            continue
        if (article.published_on is None and opening_date and opening_date.value
                and plausible_publication(opening_date.value, today)):
            article.published_on, article.published_precision = opening_date.value, opening_date.precision
        dateline_outlet = opening_outlet
        break
    article.header_end = header_lines[-1].end if header_lines else article.char_start
    if article.author is None and article.title:
        article.author = author_in_title(article.title)
    article.genre = classify_genre(header_text, body_lines, article.published_on is not None,
                                   article.title is not None, signed=_signed(article, header_lines))
    # a "Source:" or copyright line among the first lines or closing the article
    labelled = next((named for line in [*lines[:HEADER_ZONE + 4], *lines[-2:]]
                     if (named := labelled_source(line.text))), None)
    article.outlet = (labelled or dateline_outlet or _header_outlet(header_lines)
                      or (_interviewer_outlet(body_lines) if article.genre == "interview" else None)
                      or _outlet_from_body(" ".join(line.text for line in body_lines), article.genre))
    return article


def split_articles(text: str, today: date | None = None) -> list[Article]:
    """The articles of one decoded file, in order, with offsets into `text`."""
    lines = nonblank_lines(text)
    if not lines:
        return []
    starts = article_starts(lines)
    if not starts or starts[0] != 0:
        preamble = lines[: starts[0]] if starts else lines
        # headlines alone above the first date line (a title printed twice in two wordings, a
        # source line) are that article's header, however many words they have
        if not starts or (sum(len(words(line.text)) for line in preamble) >= MIN_PREAMBLE_WORDS
                          and not _all_header(preamble)):
            starts = [0, *starts]
        else:
            starts = [0, *starts[1:]]
    articles = []
    for ordinal, (s, e) in enumerate(zip(starts, [*starts[1:], len(lines)]), start=1):
        chunk = lines[s:e]
        article = Article(ordinal, chunk[0].start, chunk[-1].end)
        articles.append(read_header(article, chunk, today))
    return articles


# Reporting verbs (and "according to") that credit a statement to a source. Nouns that share
# a verb's spelling ("member states", "notes") are left out.
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|stated|announced|announces|noted|stressed|added|reported|reports|"
    r"declared|explained|emphasi[sz]ed|underlined|pointed\s+out|confirmed|quoted|according\s+to|"
    r"informed|commented|insisted|warned|called\s+(?:on|for))\b", re.I)
_QUOTED = re.compile(r"[\"“«][^\"“”«»]{12,}[\"”»]")
# The author's own voice: argumentative connectives, hedges, a question put to the reader,
# a footnote mark. Counted only in sentences credited to no source.
_AUTHOR_VOICE = re.compile(
    r"^(?:However|Moreover|Furthermore|Nevertheless|Nonetheless|Thus|Therefore|Hence|Indeed|Yet|"
    r"In fact|Of course|After all|Admittedly|On the (?:one|other) hand)\b"
    r"|,\s*(?:however|moreover|therefore|thus|indeed|in fact|of course|nevertheless)\s*,"
    r"|\b(?:apparently|arguably|perhaps|probably|presumably|seemingly|evidently|most likely)\b"
    r"|\?\W*$|[a-z.,;]\(\d{1,2}\)", re.I)
# News is written for the day it appears: it places what happened against that day.
_NEWS_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday)\b")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”»’)]))\s+(?=[\"“«(]?[A-Z0-9])")
MIN_ANALYSIS_SENTENCES = 6  # a short item is a news brief whatever its wording
MAX_ANALYSIS_ATTRIBUTED = 0.5  # in news most sentences report what a source said or did


def reads_as_analysis(body_lines: list[Line]) -> bool:
    """An undated, unsigned piece is an analysis (genre 'article') when the author argues
    rather than reports: several sentences, fewer than half of them credited to a source (a
    reporting verb or a quotation), at least one in the author's own voice (a hedge, a
    "however", a question to the reader, a footnote), and nothing placed on a weekday or
    "yesterday", the way a news report anchors events to its news day."""
    text = " ".join(line.text for line in body_lines)
    if _NEWS_DAY.search(text):
        return False
    sentences = [s for s in _SENTENCE_END.split(text) if len(s.split()) > 3]
    if len(sentences) < MIN_ANALYSIS_SENTENCES:
        return False
    credited = _credited(sentences)
    if sum(credited) / len(sentences) >= MAX_ANALYSIS_ATTRIBUTED:
        return False
    return any(_AUTHOR_VOICE.search(s) for s, c in zip(sentences, credited) if not c)


def _credited(sentences: list[str]) -> list[bool]:
    """Whether each sentence credits a source: a reporting verb, a quoted passage, or a place
    inside a quotation that runs over several sentences."""
    flags, inside = [], False
    for sentence in sentences:
        opened = inside
        for char in sentence:
            if char in "“«":
                inside = True
            elif char in "”»":
                inside = False
            elif char == '"':
                inside = not inside
        flags.append(bool(opened or inside or _ATTRIBUTION.search(sentence) or _QUOTED.search(sentence)))
    return flags
