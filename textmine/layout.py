"""Lines and paragraphs of a decoded file, with character offsets into it.

Scraped news text often breaks a sentence over several lines, sometimes with blank lines
between the pieces ("...the signing of the Charter\\n\\nof the Collective Security..."). A
paragraph here is a run of lines that belong together: a line that cannot end a sentence
is joined with the next one when the next one continues it. Offsets always point at the
original characters; nothing is rewritten.
"""

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = re.compile(r"""[.!?…:;"”»')\]*]\s*$""")
_CONNECTOR_END = re.compile(
    r"(?:\b(?:the|a|an|of|to|in|on|at|for|with|by|from|and|or|but|that|which|who|as|than|its|their|"
    r"his|her|our|this|these|those|is|are|was|were|be|been|has|have|had|not|into|between|about)|[,(\-–—])\s*$",
    re.I)
_CONTINUATION_START = re.compile(r"""^\s*(?:[a-z]|[,;:.)\]?!]|\.\.\.|…)""")
_DASH_START = re.compile(r"^\s*[-–—]")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    text: str  # text[start:end] of the file
    blank_before: bool = False  # a blank line separates it from the line above


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


def nonblank_lines(text: str) -> list[Line]:
    """Every line with visible characters, trimmed of surrounding whitespace."""
    lines = []
    blank = False
    for m in _LINE.finditer(text):
        raw = m.group(0).rstrip("\r\n")
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped, blank and bool(lines)))
        blank = False
    return lines


def continues(previous: str, following: str) -> bool:
    """Does `following` carry on the sentence that `previous` left unfinished?"""
    if _TERMINAL.search(previous) and not previous.rstrip().endswith((" -", " –", " —")):
        return False
    if _CONTINUATION_START.match(following):
        return True
    if _CONNECTOR_END.search(previous) and not _DASH_START.match(following):
        return True
    return False


def wrap_width(lines: list[Line]) -> int | None:
    """The width the text was hard-wrapped at (its longest line), when it was: wire copy
    and older archives break every line near a fixed width, so several lines come close
    to the longest one, which is short. None for text whose paragraphs are single lines."""
    if not lines:
        return None
    width = max(len(line.text) for line in lines)
    near = sum(1 for line in lines if len(line.text) >= width - WRAP_SLACK)
    return width if width <= WRAP_MAX and near >= WRAP_MIN_LINES else None


WRAP_MAX = 100  # longest line of a hard-wrapped text
WRAP_SLACK = 10  # a line this close to the width was filled by the wrapper
WRAP_MIN_LINES = 3  # lines that close to the width it takes to call a text wrapped


def broken_by_wrapper(previous: Line, following: Line, width: int) -> bool:
    """Did a wrapper end `previous` because the next word did not fit? The line is full
    (its length plus the next word passes the width), no blank line lies between, the
    next line does not start a list item or a turn, and the line is no capitalised heading."""
    if following.blank_before or _DASH_START.match(following.text) or _TERMINAL.search(previous.text):
        return False
    if not any(c.islower() for c in previous.text):
        return False
    next_word = following.text.split(maxsplit=1)[0]
    return len(previous.text) + 1 + len(next_word) > width


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Group lines into paragraphs, joining lines that were broken mid-sentence: by the
    words at the break (continues), or, in hard-wrapped text, by a full line (a name or
    a phrase carried onto the next line: "in Central" / "Asia")."""
    width = wrap_width(lines)
    result: list[list[Line]] = []
    for line in lines:
        if result and (continues(result[-1][-1].text, line.text)
                       or (width is not None and broken_by_wrapper(result[-1][-1], line, width))):
            result[-1].append(line)
        else:
            result.append([line])
    return [Paragraph(tuple(group)) for group in result]
