"""Paragraphs and sentences of an article, with offsets into the decoded file, and who
speaks in an interview.

Sentence boundaries are found by rule: a full stop, question or exclamation mark (and any
closing quote or bracket) followed by white space and a capital, a digit, a quote or a
dash, except after abbreviations and initials. Rules keep the offsets exact and behave the
same on every machine.
"""

import re
from dataclasses import dataclass

from textmine.headers import is_headline
from textmine.interviews import detect_scheme, scheme_roles
from textmine.layout import Paragraph, nonblank_lines, paragraphs

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "st", "mt", "jr", "sr",
    "no", "nos", "art", "vol", "p", "pp", "fig", "ed", "eds", "vs", "etc", "e.g", "i.e", "cf", "approx", "est",
    "inc", "ltd", "co", "corp", "dept", "gov", "govt", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "a.m", "p.m", "mln", "bln", "thous", "rub", "bn", "mn",
}
_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?(?:[-–—][ \t]*)?["'“‘«]?[A-Z0-9А-Я])""")
_LAST_WORD = re.compile(r"([\w.]+)$")
_TURN_MARKER = re.compile(r"^\s*(?P<dash>[-–—])\s*|^\s*(?P<q>Q|Question)\s*[:.]\s+|^\s*(?P<a>A|Answer)\s*[:.]\s+")


@dataclass(frozen=True)
class Sentence:
    paragraph_no: int
    char_start: int
    char_end: int
    speaker_role: str | None


def _is_abbreviation(text_before: str) -> bool:
    m = _LAST_WORD.search(text_before)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith"


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of surrounding white space."""
    spans = []
    cursor = start
    segment = text[start:end]
    for m in _BOUNDARY.finditer(segment):
        cut = start + m.end(1)
        if m.group(1).startswith(".") and len(m.group(1).rstrip("\"'”’»)]")) == 1 and _is_abbreviation(text[cursor:cut - 1]):
            continue
        spans.append((cursor, cut))
        cursor = start + m.end(2)
    spans.append((cursor, end))
    result = []
    for s, e in spans:
        chunk = text[s:e]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk) - len(chunk.rstrip())
        if e - right > s + left:
            result.append((s + left, e - right))
    return result


def speaker_roles(paras: list[Paragraph], is_interview: bool) -> list[str | None]:
    """Role of each paragraph in an interview: a paragraph opened by a dash or "Q:" starts
    a turn, turns alternate interviewer / interviewee, explicit "Q:"/"A:" labels win, and
    paragraphs without a marker continue the current turn. Headings and text before the
    first turn belong to nobody. Interviews whose turns carry speaker labels, or that have
    no markers but question paragraphs, are read by textmine.interviews."""
    roles: list[str | None] = [None] * len(paras)
    if not is_interview:
        return roles
    texts = [" ".join(line.text for line in para.lines) for para in paras]
    labelled = detect_scheme(texts)
    if labelled is not None and labelled.kind == "labels":
        return scheme_roles(texts, labelled)
    if not any(_TURN_MARKER.match(text) for text in texts):
        scheme = detect_scheme(texts, " ".join(texts[:4]))
        return scheme_roles(texts, scheme) if scheme is not None else roles
    current: str | None = None
    for i, para in enumerate(paras):
        first = para.lines[0].text
        m = _TURN_MARKER.match(first)
        if m and m.group("q"):
            current = "interviewer"
        elif m and m.group("a"):
            current = "interviewee"
        elif m and m.group("dash"):
            current = "interviewee" if current == "interviewer" else "interviewer"
        elif current is not None and len(para.lines) == 1 and is_headline(first) and not re.search(r"[.!?…]\W*$", first):
            roles[i] = None  # a sub-heading between turns
            continue
        roles[i] = current
    return roles


def article_sentences(text: str, char_start: int, char_end: int, body_start: int,
                      is_interview: bool) -> list[Sentence]:
    """Sentences of the article text[char_start:char_end]; header lines before
    `body_start` are paragraphs too (a headline is a sentence analysts search)."""
    lines = [
        line.__class__(line.start + char_start, line.end + char_start, line.text)
        for line in nonblank_lines(text[char_start:char_end])
    ]
    header = [line for line in lines if line.end <= body_start]
    body = [line for line in lines if line.end > body_start]
    paras = [Paragraph((line,)) for line in header] + paragraphs(body)
    roles = speaker_roles(paras, is_interview)
    result = []
    for number, (para, role) in enumerate(zip(paras, roles), start=1):
        for s, e in split_sentences(text, para.start, para.end):
            result.append(Sentence(number, s, e, role))
    return result
