"""The initials lookahead (fact_lexicon.initials) only spares the regex engine work: same matches."""

import re

from textmine.fact_lexicon import alternation, initials

FORMS = ["Armenia", "Armenian", "Belarus", "Kazakhstan", "Kyrgyz Republic", "the Alliance"]
TEXTS = ["Armenian and Belarus officers met in the Kyrgyz Republic, not in Kazakhstani towns.",
         "A pre-Armenia talk; the Alliance and THE ALLIANCE; Belarusian units.", "nothing to find here"]


def test_a_pattern_with_the_lookahead_finds_what_it_found_without():
    for flags in (0, re.IGNORECASE):
        body = rf"(?<![\w-])(?:{alternation(FORMS)})(?![\w-])"
        plain, fast = re.compile(body, flags), re.compile(initials(FORMS) + body, flags)
        assert initials(FORMS).startswith("(?=[")
        for text in TEXTS:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group(0) for m in re.compile(initials(FORMS) + alternation(FORMS)).finditer(TEXTS[0])][:2] == \
        ["Armenian", "Belarus"]


def test_extra_first_characters_and_empty_forms():
    assert initials(["Minister"], extra="d") == "(?=[Md])"
    assert initials(["Minister", ""]) == ""  # an empty form matches anywhere: no lookahead
