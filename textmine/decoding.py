"""Turn a raw file's bytes into text, or into a reason a person understands why not.

Offsets everywhere in the warehouse point into the text returned here, so this module
never changes the length of what it decodes: markup and control characters are blanked
to spaces in place instead of being deleted.
"""

import re
from dataclasses import dataclass

# Share of characters that may be control characters before a file counts as binary.
_MAX_CONTROL_SHARE = 0.05
# Share of letters that must be Cyrillic for a non-UTF-8 file to be read as cp1251.
_MIN_CYRILLIC_SHARE = 0.3

# The commonest English function words: running English prose is about 40% these, other
# languages (or lists of numbers) almost none. Enough words are needed to judge.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is was that for on with as by at from it be are were has have had this which "
    "not or but an will its their they he she we his her our been also would can said".split())
_MIN_WORDS_TO_JUDGE_LANGUAGE = 40
_MIN_ENGLISH_SHARE = 0.08
_WORD = re.compile(r"[^\W\d_]+")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_SIGNS = re.compile(r"<!DOCTYPE\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<p[\s>]|<div[\s>]|<br\s*/?>", re.I)
_HTML_HIDDEN = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"<!--.*?-->|<[A-Za-z/!][^<>]*>", re.S)


@dataclass(frozen=True)
class Decoded:
    """The outcome of reading one file: text when it can be used, else a reason."""

    text: str | None
    encoding: str | None
    status: str  # "loaded" or "quarantined"
    reason: str | None


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text puts a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def blank_markup(text: str) -> str:
    """Replace HTML tags (and script/style bodies) by spaces of the same length, so that
    an HTML page saved as .txt yields its words while every offset stays valid."""
    blank = lambda m: re.sub(r"[^\r\n]", " ", m.group(0))  # noqa: E731 - keep line ends
    return _HTML_TAG.sub(blank, _HTML_HIDDEN.sub(blank, text))


def clean_text(text: str) -> str:
    """Length-preserving clean-up: control characters become spaces, markup is blanked."""
    text = _CONTROL.sub(" ", text)
    if _HTML_SIGNS.search(text[:5000]):
        text = blank_markup(text)
    return text


def _decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, note). Raises UnicodeDecodeError when nothing fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", None
    bomless16 = _looks_utf16(data)
    if bomless16:
        return data.decode(bomless16), bomless16, None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as error:
        # A file cut in the middle of its last character: keep what is whole.
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8"), "utf-8", (
                f"last {len(data) - error.start} byte(s) were an incomplete UTF-8 character and were dropped")
    cyrillic = data.decode("cp1251", errors="replace")
    letters = [c for c in cyrillic if c.isalpha()]
    if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) >= _MIN_CYRILLIC_SHARE:
        return cyrillic, "cp1251", None
    return data.decode("latin-1"), "latin-1", None


def decode(data: bytes) -> Decoded:
    """Decide whether bytes are usable text, and decode them."""
    if not data:
        return Decoded(None, None, "quarantined", "empty file (0 bytes)")
    try:
        text, encoding, note = _decode_bytes(data)
    except UnicodeDecodeError as error:  # utf-16 with a BOM but broken inside
        return Decoded(None, None, "quarantined", f"not decodable as text: {error.reason}")
    if "\x00" in text and _control_share(text) > _MAX_CONTROL_SHARE:
        return Decoded(None, encoding, "quarantined",
                       "binary content: NUL and control bytes make up "
                       f"{_control_share(text):.0%} of the file, so it is not text")
    if _control_share(text) > 0.1:
        return Decoded(None, encoding, "quarantined",
                       f"binary content: {_control_share(text):.0%} control characters")
    cleaned = clean_text(text)
    if not cleaned.strip():
        return Decoded(None, encoding, "quarantined", "no text: the file holds only whitespace or markup")
    letters = sum(c.isalpha() for c in cleaned)
    if letters < 0.3 * len(cleaned.replace(" ", "").replace("\n", "")):
        return Decoded(None, encoding, "quarantined",
                       "not prose: fewer than 30% of its visible characters are letters")
    words = _WORD.findall(cleaned[:200_000].lower())
    if len(words) >= _MIN_WORDS_TO_JUDGE_LANGUAGE:
        share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
        if share < _MIN_ENGLISH_SHARE:
            return Decoded(None, encoding, "quarantined",
                           f"not English: only {share:.0%} of its words are common English words "
                           "(the pipeline reads English text)")
    return Decoded(cleaned, encoding, "loaded", note)
