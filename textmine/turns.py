"""Question/answer turns of an interview from the speaker role of its sentences.

textmine.sentences marks each interview paragraph as the interviewer's or the
interviewee's (from dashes, "Q:"/"A:" labels and alternation). A turn is a maximal run of
interviewer sentences (the question, which may contain statements) followed by the run of
interviewee sentences up to the next question (the answer, which may contain rhetorical
questions of its own). Sentences of nobody (sub-headings) end neither.

Who asks and who answers is read from what the interview states before its first question
(headline, byline, lead) and from its speaker labels; the warehouse keeps the first name
that is a known entity.
"""

import re
from dataclasses import dataclass

from textmine.interviews import detect_scheme
from textmine.layout import nonblank_lines, paragraphs
from textmine.sentences import speaker_roles


@dataclass(frozen=True)
class Turn:
    turn_no: int
    question: tuple[int, int]       # offsets of the question in the decoded file
    answer: tuple[int, int] | None  # offsets of the answer, None when the interview stops


def interview_turns(sentences: list[tuple[int, int, str | None]]) -> list[Turn]:
    """`sentences`: (char_start, char_end, speaker_role) in reading order."""
    turns: list[Turn] = []
    question: list[int] | None = None
    answer: list[int] | None = None
    previous_role: str | None = None

    def close() -> None:
        if question is not None:
            turns.append(Turn(len(turns) + 1, (question[0], question[1]),
                              (answer[0], answer[1]) if answer else None))

    for start, end, role in sentences:
        if role == "interviewer":
            if question is None or previous_role == "interviewee" or answer is not None:
                close()
                question, answer = [start, end], None
            else:
                question[1] = end
        elif role == "interviewee" and question is not None:
            if answer is None:
                answer = [start, end]
            else:
                answer[1] = end
        if role is not None:
            previous_role = role
    close()
    return turns


# --- who asks and who answers -------------------------------------------------------------

_WORD = r"[A-Z](?:[\w’'-]+|\.)"  # a capitalised word or an initial
_NAME = _WORD + r"(?:[ \t]+" + _WORD + r"){1,5}"  # two to six: a title may run into the name
_NAME_RUN = re.compile(r"(?<![\w.])" + _NAME + r"(?![\w])")
_TITLE_NAME = re.compile(r"^\s*(?P<name>[A-ZА-Я][\w’'.-]*(?:\s+[A-ZА-Я][\w’'.-]*){1,3})\s*:\s+\S")
_BYLINE = re.compile(r"(?:^|\n)\s*[Bb]y\s+(?P<name>" + _NAME + r")\s*(?:$|\n)")
_LONE_NAME = re.compile(r"^\s*(?P<name>" + _NAME + r")\s*$")
# a journalist named by role ("RFE/RL correspondent Anna Lee", "told the agency's Anna Lee")
_JOURNALIST = re.compile(r"(?:\b(?:correspondent|reporter|journalist|editor|interviewer|columnist|host)|"
                         r"\b(?:told|to|with)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[’']s)\s+"
                         r"(?P<name>" + _NAME + r")")
_INTERVIEW_SENTENCE = re.compile(r"\b(?:interview\w*|spoke|speaks|talked|talks|answered|questions|told)\b", re.I)
_OUTLET_AFTER = re.compile(r"\b(?i:interview\w*\s+(?:\w+\s+){0,8}?(?:to|with|for)|told|spoke\s+to)\s+(?:the\s+)?"
                           r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})")
_GENERIC_LABELS = {"q", "question", "a", "answer", "interviewer", "correspondent", "journalist", "reporter"}
MAX_OPENING_LINES = 12  # where the header, byline and lead of an interview sit


@dataclass(frozen=True)
class Speakers:
    """Names an interview gives its two sides, best first; the caller keeps the first that
    resolves to a known person (or, for the interviewer, outlet)."""

    interviewer: list[str]
    interviewee: list[str]


def _titlecase(name: str) -> str:
    """A name in a capitals headline ("IVAN PETROV") as running text writes it."""
    parts = name.split()
    return " ".join(w.capitalize() for w in parts) if len(parts) > 1 and name.isupper() else name


def _names(text: str) -> list[str]:
    return [m.group(0) for m in _NAME_RUN.finditer(text)]


def _with_tails(names: list[str]) -> list[str]:
    """Each name followed by its shorter endings: a title written before a name runs into it
    ("Secretary General Ivan Petrov"), and the person is the last two or three words."""
    out = []
    for name in names:
        parts = name.split()
        out += [name] + [" ".join(parts[i:]) for i in range(1, len(parts) - 1)]
    return out


def interview_speakers(paragraph_texts: list[str], roles: list[str | None], labels: dict[str, str]) -> Speakers:
    """Who answers and who asks, as an interview states it before its first question and in
    its speaker labels: the interviewee is the name on an answering label, a headline in
    "Name: words" form, or a name in the lead's sentence about the interview; the interviewer
    is the byline, a journalist named by role, a name alone on a header line, the asking label,
    or the outlet the interview was given to."""
    first_turn = next((i for i, role in enumerate(roles) if role is not None), len(roles))
    opening = paragraph_texts[:first_turn][:MAX_OPENING_LINES]
    interviewee = [_titlecase(label) for label, role in sorted(labels.items(), key=lambda kv: -len(kv[0]))
                   if role == "interviewee" and label.lower().rstrip(".") not in _GENERIC_LABELS]
    interviewer: list[str] = []
    for text in opening:
        m = _TITLE_NAME.match(text)
        if m and len(text) > len(m.group("name")) + 10:
            interviewee.append(_titlecase(m.group("name")))
    for text in opening:
        interviewer += [m.group("name") for m in _BYLINE.finditer(text)]
        interviewer += [m.group("name") for m in _JOURNALIST.finditer(text)]
    for text in opening:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if _INTERVIEW_SENTENCE.search(sentence):
                interviewee += [n for n in _names(sentence) if n not in interviewer]
    lone = [m.group("name") for text in opening[1:] if (m := _LONE_NAME.match(text))]
    interviewer += [n for n in lone if n not in interviewee]
    interviewer += [_titlecase(label) for label, role in labels.items()
                    if role == "interviewer" and label.lower().rstrip(".") not in _GENERIC_LABELS]
    interviewer += [m.group("name").rstrip(".") for text in opening for m in _OUTLET_AFTER.finditer(text)]
    for text in opening:
        interviewee += [n for n in _names(text) if n not in interviewer]
    return Speakers(_unique(_with_tails(interviewer)),
                    _unique(n for n in _with_tails(interviewee) if n not in interviewer))


def _unique(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name.strip(), None)
    return list(seen)


def speakers_of_article(text: str) -> Speakers:
    """interview_speakers for the text of one interview article (header included)."""
    paras = paragraphs(nonblank_lines(text))
    texts = [" ".join(line.text for line in para.lines) for para in paras]
    scheme = detect_scheme(texts)
    labels = scheme.labels if scheme is not None and scheme.kind == "labels" else {}
    by_line = ["\n".join(line.text for line in para.lines) for para in paras]  # bylines are whole lines
    return interview_speakers(by_line, speaker_roles(paras, True), labels)
