"""Paragraphs and sentences of an article, with offsets into the decoded file, and who
speaks in an interview.

Sentence boundaries are found by rule: a full stop, question or exclamation mark (and any
closing quote or bracket) followed by white space and a capital, a digit, a quote or a
dash, except after abbreviations and initials. Rules keep the offsets exact and behave the
same on every machine.
"""

import re
from dataclasses import dataclass, replace

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
_ENDS_IN_QUESTION = re.compile(r"\?[\s\"'”’»)\]]*$")
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
    paragraphs without a marker continue the current turn (unless only one side of the
    dialogue is marked, see _marker_roles). Headings and text before the first turn belong
    to nobody. Interviews whose turns carry speaker labels, or that have
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
    return _marker_roles(paras, texts)


def _marker(text: str) -> str | None:
    """'q', 'a' or 'dash' for a paragraph opened by a turn marker, else None."""
    m = _TURN_MARKER.match(text)
    if not m:
        return None
    return "q" if m.group("q") else "a" if m.group("a") else "dash"


def _ends_in_question(text: str) -> bool:
    return bool(_ENDS_IN_QUESTION.search(text))


def _dash_meaning(texts: list[str], markers: list[str | None]) -> str:
    """What a leading dash marks in this interview. Most house styles dash both sides, so
    dashes alternate ('dash'); some dash only the questions (every dashed paragraph asks and
    the answers run unmarked: 'q') or only the answers (no dashed paragraph asks, and plain
    paragraphs just before them do: 'a')."""
    dashed = [i for i, m in enumerate(markers) if m == "dash"]
    if len(dashed) < 2:
        return "dash"
    asking = [_ends_in_question(texts[i]) for i in dashed]
    plain_between = any(markers[i] is None for i in range(dashed[0] + 1, dashed[-1]))
    if all(asking) and plain_between:
        return "q"
    asked_before = sum(1 for i in dashed if i > 0 and markers[i - 1] is None and _ends_in_question(texts[i - 1]))
    if not any(asking) and asked_before >= 2:
        return "a"
    return "dash"


def _marker_roles(paras: list[Paragraph], texts: list[str]) -> list[str | None]:
    """Roles of an interview whose turns open with dashes or "Q:"/"A:" markers. A marked
    paragraph starts a turn; an unmarked one continues the turn before it, except where only
    one side is marked: after a question that has been put (it ends in "?"), an unmarked
    paragraph is the answer when only questions are marked, and an unmarked paragraph that
    asks, just before a marked answer, is the question when only answers are."""
    markers = [_marker(text) for text in texts]
    dash = _dash_meaning(texts, markers)
    markers = [dash if m == "dash" else m for m in markers]
    answers_marked = "a" in markers or "dash" in markers
    questions_marked = "q" in markers or "dash" in markers
    roles: list[str | None] = [None] * len(paras)
    current: str | None = None
    for i, para in enumerate(paras):
        first = para.lines[0].text
        m = markers[i]
        if m == "q":
            current = "interviewer"
        elif m == "a":
            current = "interviewee"
        elif m == "dash":
            current = "interviewee" if current == "interviewer" else "interviewer"
        elif current is not None and len(para.lines) == 1 and is_headline(first) and not re.search(r"[.!?…]\W*$", first):
            roles[i] = None  # a sub-heading between turns
            continue
        elif not questions_marked and i + 1 < len(markers) and markers[i + 1] == "a" and _ends_in_question(texts[i]):
            current = "interviewer"
        elif not answers_marked and current == "interviewer" and _ends_in_question(texts[i - 1]):
            current = "interviewee"
        roles[i] = current
    return roles


def article_sentences(text: str, char_start: int, char_end: int, body_start: int,
                      is_interview: bool) -> list[Sentence]:
    """Sentences of the article text[char_start:char_end]; header lines before
    `body_start` are paragraphs too (a headline is a sentence analysts search)."""
    lines = [replace(line, start=line.start + char_start, end=line.end + char_start)
             for line in nonblank_lines(text[char_start:char_end])]
    header = [line for line in lines if line.end <= body_start]
    body = [line for line in lines if line.end > body_start]
    paras = [Paragraph((line,)) for line in header] + paragraphs(body)
    roles = speaker_roles(paras, is_interview)
    result = []
    for number, (para, role) in enumerate(zip(paras, roles), start=1):
        for s, e in split_sentences(text, para.start, para.end):
            result.append(Sentence(number, s, e, role))
    return result
