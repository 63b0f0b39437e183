"""Decoding real text in every encoding the sources come in, and refusing what is not text."""

import pytest

from textmine.decoding import decode

SENTENCE = "The Collective Security Treaty was signed in Tashkent on May 15, 1992 — a “new” era.\n"
CYRILLIC = "Организация Договора о коллективной безопасности (ОДКБ) провела учения.\n"


@pytest.mark.parametrize("data, encoding", [
    (SENTENCE.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig"),
    (SENTENCE.encode("utf-16"), "utf-16"),
    (SENTENCE.encode("utf-16-le"), "utf-16-le"),
    (SENTENCE.encode("utf-16-be"), "utf-16-be"),
    (CYRILLIC.encode("cp1251"), "cp1251"),
])
def test_text_encodings_are_detected_and_decoded(data, encoding):
    decoded = decode(data)
    assert decoded.status == "loaded"
    assert decoded.encoding == encoding
    assert decoded.text in (SENTENCE, CYRILLIC)


def test_latin1_is_the_last_resort_for_western_text():
    decoded = decode("Café in Genève: the OSCE met.\n".encode("latin-1"))
    assert (decoded.status, decoded.encoding) == ("loaded", "latin-1")
    assert decoded.text.startswith("Café in Genève")


def test_truncated_utf8_keeps_the_whole_characters_and_says_so():
    data = SENTENCE.encode("utf-8") + "“".encode("utf-8")[:2]
    decoded = decode(data)
    assert decoded.status == "loaded"
    assert decoded.text == SENTENCE
    assert "incomplete UTF-8" in decoded.reason


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 500, "binary"),
    (b"   \n\n\t  \n", "whitespace"),
])
def test_non_text_is_quarantined_with_a_reason(data, words):
    decoded = decode(data)
    assert decoded.status == "quarantined"
    assert decoded.text is None
    assert words in decoded.reason


def test_markup_and_control_characters_are_blanked_without_moving_offsets():
    html = "<html><head><title>x</title></head><body><p>CSTO\x00 summit held.</p></body></html>"
    decoded = decode(html.encode("utf-8"))
    assert decoded.status == "loaded"
    assert len(decoded.text) == len(html)
    assert "<" not in decoded.text and "\x00" not in decoded.text
    start = html.index("CSTO")
    assert decoded.text[start:start + 4] == "CSTO"
    assert " ".join(decoded.text.split()) == "CSTO summit held."
