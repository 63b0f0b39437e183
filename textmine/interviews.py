"""How an interview marks its turns, read from the layout of its paragraphs.

Interviews are printed in several house styles, and the same structural cues tell them apart
in any outlet:

- speaker labels: each turn opens with a label and a colon ("Question:", the outlet's name or
  initials, the speaker's full name, surname or initials). Labels that recur and take turns
  with each other are speakers; the interviewer is the label whose turns end in a question
  mark most often (or a label that says so, "Q"/"Question"). A label used once, such as a
  "Source:" line or a title in "Name: Headline" form, is not a speaker;
- dashes or "Q:"/"A:" markers (handled by textmine.sentences, which knows them already);
- question paragraphs alone: a short paragraph (or one whose closing question says "you")
  that ends in a question mark and is followed
  by a paragraph that does not, with no labels at all. A question mark inside a paragraph (a
  rhetorical "Why?" in an answer) ends no question; a paragraph that ends in one is taken as
  a question only when the text is an interview by other evidence (several such paragraphs,
  or the word "interview" in its opening), so that news with one quoted question stays news.
"""

import re
from collections import Counter
from dataclasses import dataclass

_LABEL = re.compile(r"^\s*(?P<label>[A-Z][\w.’'/&-]*(?:\s+[A-Z][\w.’'/&-]*){0,3})\s*:\s+(?=\S)")
_QUESTION_LABELS = {"q", "question", "interviewer"}
_ANSWER_LABELS = {"a", "answer"}
_ENDS_IN_QUESTION = re.compile(r"\?[\s\"'”’»)\]]*$")
_ENDS_IN_QUOTED_QUESTION = re.compile(r"\?\s*[\"”»]\s*$")  # speech a report quotes, not a question put
_INTERVIEW_CUE = re.compile(r"\binterview", re.I)
MAX_QUESTION_WORDS = 80  # a question paragraph longer than this is an answer that ends on a rhetorical question
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Scheme:
    """How one interview marks its turns: by `labels` (label -> role) or by question paragraphs."""

    kind: str  # "labels" | "questions"
    labels: dict[str, str]


def label_of(paragraph: str) -> str | None:
    """The speaker label opening a paragraph, normalised ("RFE/RL", "Question", "K.")."""
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = m.group("label").strip()
    return label if len(label) <= 40 else None


def _speaker_key(label: str, longer: list[str]) -> str:
    """A surname or initial label ("Socor:", "K.:") is the same speaker as the full label it
    ends or starts ("Vladimir Socor:", "Kozlov:"), so both count as one speaker."""
    bare = label.rstrip(".").lower()
    for full in longer:
        words = full.lower().split()
        if label != full and (bare == words[-1] or (len(bare) <= 2 and words[-1].startswith(bare))):
            return full
    return label


def _asks(paragraph: str) -> bool:
    return bool(_ENDS_IN_QUESTION.search(paragraph))


def _by_labels(paragraphs: list[str]) -> Scheme | None:
    found = [(i, label) for i, p in enumerate(paragraphs) if (label := label_of(p))]
    if len(found) < 3:
        return None
    distinct = sorted({label for _i, label in found}, key=len, reverse=True)
    keyed = [(i, _speaker_key(label, distinct)) for i, label in found]
    counts = Counter(key for _i, key in keyed)
    speakers = {key for key, n in counts.items() if n >= 2}
    # a label before the first speaker's first turn is a title or a source line, not a turn
    first_turn = min((i for i, key in keyed if key in speakers), default=len(paragraphs))
    pairs = [(f, k) for f, k in zip(found, keyed) if f[0] >= first_turn]
    found, keyed = [f for f, _k in pairs], [k for _f, k in pairs]
    counts = Counter(key for _i, key in keyed)
    # the labels must take turns: a speaker who recurs, and at least two changes of speaker
    changes = sum(1 for (_i, a), (_j, b) in zip(keyed, keyed[1:]) if a != b)
    if not speakers or len(counts) < 2 or changes < 2:
        return None
    roles: dict[str, str] = {}
    asked = {key: sum(_asks(paragraphs[i]) for i, k in keyed if k == key) / counts[key] for key in counts}
    for key in counts:
        low = key.lower().rstrip(".")
        if low in _QUESTION_LABELS:
            roles[key] = "interviewer"
        elif low in _ANSWER_LABELS:
            roles[key] = "interviewee"
    if "interviewer" not in roles.values():
        first = keyed[0][1]
        interviewer = max(counts, key=lambda k: (asked[k], k == first))
        if asked[interviewer] == 0:
            return None
        roles[interviewer] = "interviewer"
    for key in counts:
        roles.setdefault(key, "interviewee")
    # the alternation must be between an interviewer and someone else
    if set(roles.values()) != {"interviewer", "interviewee"}:
        return None
    labels = {label: roles[key] for (_i, label), (_j, key) in zip(found, keyed)}
    return Scheme("labels", labels)


def _question_paragraphs(paragraphs: list[str]) -> list[int]:
    """Short paragraphs ending in a question mark that the next paragraph answers."""
    last = len(paragraphs) - 1
    return [i for i, p in enumerate(paragraphs)
            if 0 < i and _asks(p) and not _ENDS_IN_QUOTED_QUESTION.search(p) and label_of(p) is None
            and (i == last or not _asks(paragraphs[i + 1]))
            and (len(_WORD.findall(p)) <= MAX_QUESTION_WORDS or _addresses(p))]


def _addresses(paragraph: str) -> bool:
    """The closing question speaks to someone ("What would you single out?"): an interviewer's
    question may quote at length before it asks, an answer's rhetorical question rarely says you."""
    last = re.split(r"(?<=[.!?])\s+", paragraph.strip())[-1]
    return bool(re.search(r"\b(?:you|your)\b", last, re.I))


def detect_scheme(paragraphs: list[str], opening: str = "") -> Scheme | None:
    """The turn scheme of an article's body paragraphs, or None when they do not read as an
    interview. `opening` is the title and first paragraph, where "interview" may be said."""
    labelled = _by_labels(paragraphs)
    if labelled:
        return labelled
    questions = _question_paragraphs(paragraphs)
    answered = [i for i in questions if i + 1 < len(paragraphs)]
    cue = bool(_INTERVIEW_CUE.search(opening))
    if len(answered) >= 3 or (cue and answered) or (cue and len(questions) >= 2):
        return Scheme("questions", {})
    return None


def scheme_roles(paragraphs: list[str], scheme: Scheme) -> list[str | None]:
    """Each paragraph's speaker under `scheme`; text before the first turn is nobody's, and
    an unlabelled paragraph continues the turn before it."""
    roles: list[str | None] = []
    current: str | None = None
    questions = set(_question_paragraphs(paragraphs)) if scheme.kind == "questions" else set()
    for i, p in enumerate(paragraphs):
        if scheme.kind == "labels":
            label = label_of(p)
            if label in scheme.labels:
                current = scheme.labels[label]
        elif i in questions:
            current = "interviewer"
        elif current == "interviewer":
            current = "interviewee"
        roles.append(current)
    return roles
