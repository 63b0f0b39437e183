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
    for m in _LINE.finditer(text):
        raw = m.group(0).rstrip("\r\n")
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped))
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


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Group lines into paragraphs, joining lines that were broken mid-sentence."""
    result: list[list[Line]] = []
    for line in lines:
        if result and continues(result[-1][-1].text, line.text):
            result[-1].append(line)
        else:
            result.append([line])
    return [Paragraph(tuple(group)) for group in result]
