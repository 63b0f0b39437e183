"""The shared provenance rule behind the offset checks: it passes on exact spans and
names every row whose span or container is wrong."""

from assets.provenance import exact_spans_result

FILE = "CSTO summit held in Minsk."


def test_exact_spans_inside_their_container_pass():
    assert exact_spans_result([("ok", FILE, 0, 4, "CSTO", 0, len(FILE))]).passed


def test_wrong_text_and_spans_outside_the_container_are_named():
    result = exact_spans_result([
        ("ok", FILE, 20, 25, "Minsk", 0, len(FILE)),
        ("shifted", FILE, 1, 5, "CSTO", 0, len(FILE)),
        ("outside", FILE, 0, 4, "CSTO", 5, len(FILE)),
    ])
    assert not result.passed
    assert result.metadata["examples"].value == ["shifted", "outside"]
    assert result.metadata["mismatched"].value == 2
