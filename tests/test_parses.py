"""Parses made together for a batch (textmine.parses) answer as parsing each sentence alone does."""

from datetime import date

import pytest

from textmine.events import PARSE_DISABLE, ArticleDate, parse_sentence, sentence_events
from textmine.parses import BatchParses, MissingParse, in_rounds
from textmine.timex import find_timexes

PUB = date(2021, 6, 14)
SENTENCES = [
    "The summit on 10 June marked the anniversary of the charter signed in 2002.",
    "The ministers held exercises in May and signed a protocol on joint training.",
    "The rapid reaction force was established on 4 February 2009.",
    "Nothing here names a date.",
]


def _sig(doc) -> list[tuple]:
    return [(t.idx, t.tag_, t.dep_, t.head.i, t.lemma_) for t in doc]


def test_a_text_not_parsed_yet_is_noted_and_parsed_with_the_others():
    parses = BatchParses(PARSE_DISABLE)
    for text in SENTENCES[:2]:
        with pytest.raises(MissingParse):
            parses(text)
    assert parses.parse_missing() == 2
    assert parses.parse_missing() == 0  # nothing asked for since
    assert [_sig(parses(t)) for t in SENTENCES[:2]] == [_sig(parse_sentence(t)) for t in SENTENCES[:2]]


def test_events_detected_in_rounds_equal_events_detected_one_sentence_at_a_time():
    dated = ArticleDate(PUB, True)

    def alone(text: str) -> list:
        return sentence_events(text, find_timexes(text, PUB), [], dated, [])

    def paused(text: str, parses: BatchParses):
        while True:
            try:
                return sentence_events(text, find_timexes(text, PUB), [], dated, [], parse=parses)
            except MissingParse:
                yield

    parses = BatchParses(PARSE_DISABLE)
    together = in_rounds([paused(t, parses) for t in SENTENCES], parses)
    assert together == [alone(t) for t in SENTENCES]
    assert {e.event_type for e in together[2]} == {"establishment"}  # a parse was needed (what was founded)
    assert together[2][0].objects  # ... and was used


def test_a_task_that_pauses_without_asking_for_a_parse_is_an_error():
    def stuck():
        yield

    with pytest.raises(RuntimeError):
        in_rounds([stuck()], BatchParses(PARSE_DISABLE))
