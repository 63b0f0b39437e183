"""Properties of the text package's one entry point, textmine.extract.extract_file, on text
nobody wrote for it: any Unicode, odd line ends, NUL and control characters, very long
lines, and our own news-like fragments shuffled together. Whatever the text, extraction
must not raise, every offset must give back exactly the text its record holds, and the
same input must give the same records and ids.

The suite runs a few hundred examples, the same ones every time (derandomized, so its time is
steady); `HYPOTHESIS_PROFILE=slow` runs thousands of fresh ones."""

import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmine.extract import FileExtraction, extract_file

settings.register_profile("default", max_examples=80, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("slow", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SHA = "0" * 64

# Fragments of our own in the shapes the rules read (datelines, titles, numbers, speaker
# labels, membership and exercise wording), so the examples reach past the article splitter.
FRAGMENTS = [
    "Minsk, 4 May 2021 (Example News) --", "ASTANA, March 3. /Agency/.", "14:56, 16 August",
    "By John Smith", "Source: Example Wire", "Q:", "A:", "Interviewer:", "Ivan Petrov:",
    "President Anna Ivanova said on Tuesday that the alliance would meet in June.",
    "The defence ministers of Armenia, Belarus and Kazakhstan met in Dushanbe on 12 October 2018.",
    "Uzbekistan left the organisation in 2012 and returned seven years later.",
    "Some 2 500 troops and 120 armoured vehicles took part in the Example-2019 exercise.",
    "Secretary General Petr Sidorov, who is also a retired general, opened the session.",
    "The members are Russia, Tajikistan and Kyrgyzstan.", "Copyright 2020 Example Press.",
    "HEADLINE IN CAPITALS", "(c) 1999", "1,000", "first", "the second", "yesterday", "last year",
]
LINE_ENDS = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\n \n", "\t"]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\ufeff", "\u200b", "\u00ad", "\ufffd"]

pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(LINE_ENDS),
    st.sampled_from(CONTROL),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
)
texts = st.one_of(
    st.text(max_size=300),
    st.lists(pieces, max_size=60).map("".join),
    st.lists(pieces, max_size=12).map(lambda p: " ".join(p) * 40),  # very long lines
)


def assert_offsets_give_back_their_text(text: str, result: FileExtraction) -> None:
    assert result.n_chars == len(text)
    docs = {d.doc_id: d for d in result.documents}
    for d in result.documents:
        assert 0 <= d.char_start <= d.char_end <= len(text)
        assert text[d.char_start:d.char_end] == d.text
    sentences = {}
    for s in result.sentences:
        doc = docs[s.doc_id]
        assert doc.char_start <= s.char_start <= s.char_end <= doc.char_end
        assert text[s.char_start:s.char_end] == s.text
        sentences[(s.doc_id, s.sentence_no)] = s
    for t in result.time_expressions:
        s = sentences[(t.doc_id, t.sentence_no)]
        assert s.char_start <= t.char_start <= t.char_end <= s.char_end
        assert text[t.char_start:t.char_end] == t.text
    for q in result.quantities:
        s = sentences[(q.doc_id, q.sentence_no)]
        assert s.char_start <= q.char_start <= q.char_end <= s.char_end
        assert text[q.char_start:q.char_end] == q.quantity_text
    for m in result.mentions:
        s = sentences[(m.doc_id, m.sentence_no)]
        assert s.char_start <= m.char_start <= m.char_end <= s.char_end
        assert text[m.char_start:m.char_end] == m.surface
    for e in result.event_candidates:
        s = sentences[(e.doc_id, e.sentence_no)]
        assert s.text[e.timex_start:e.timex_end] == e.timex_text and e.sentence == s.text
    for p in result.positions:
        s = sentences[(p.doc_id, p.sentence_no)]
        assert p.sentence_start == s.char_start and 0 <= p.person_start <= p.person_end <= len(s.text)
    for m in result.memberships:
        s = sentences[(m.doc_id, m.sentence_no)]
        assert m.sentence_start == s.char_start and 0 <= m.span_start <= m.span_end <= len(s.text)
    for t in result.turns:
        doc = docs[t.doc_id]
        assert doc.char_start <= t.question_start <= t.question_end <= doc.char_end
        if t.answer_start is not None:
            assert t.question_end <= t.answer_start <= t.answer_end <= doc.char_end


@given(texts)
def test_any_text_extracts_without_error_and_every_offset_gives_back_its_text(text):
    result = extract_file(text, sha256=SHA, ner_cache={})
    assert_offsets_give_back_their_text(text, result)


@given(texts)
@settings(max_examples=settings().max_examples // 2)  # two extractions per example
def test_the_same_text_gives_the_same_records_and_ids(text):
    first = extract_file(text, sha256=SHA, ner_cache={})
    assert extract_file(text, sha256=SHA, ner_cache={}) == first
    ids = [d.doc_id for d in first.documents] + [m.mention_id for m in first.mentions] + \
        [t.timex_id for t in first.time_expressions] + [q.quantity_id for q in first.quantities]
    assert len(ids) == len(set(ids))  # and no two records share one


@given(st.lists(st.sampled_from(FRAGMENTS + LINE_ENDS), min_size=1, max_size=30).map("".join),
       st.sampled_from(["NFC", "NFD"]))
def test_composed_or_decomposed_text_keeps_exact_offsets(text, form):
    """Offsets count the characters the file holds, in whatever Unicode form it holds them."""
    normalised = unicodedata.normalize(form, text + " Café Zürich Ёлка")
    assert_offsets_give_back_their_text(normalised, extract_file(normalised, sha256=SHA, ner_cache={}))


def test_the_fragments_reach_every_kind_of_record():
    """The examples above are not vacuous: our fragments, joined, give records of every kind."""
    news = extract_file("\n".join(FRAGMENTS), sha256=SHA, ner_cache={})
    assert_offsets_give_back_their_text("\n".join(FRAGMENTS), news)
    for kind in ("documents", "sentences", "time_expressions", "quantities", "mentions", "event_candidates",
                 "positions", "memberships"):
        assert getattr(news, kind), kind
    interview = ("An interview with the alliance's secretary general\n\n"
                 "Interviewer: What did the ministers decide in Minsk?\n\n"
                 "Petr Sidorov: They agreed to hold two exercises next year.\n\n"
                 "Interviewer: Will Armenia take part?\n\n"
                 "Petr Sidorov: Yes, it will send a battalion.\n")
    turns = extract_file(interview, sha256=SHA, ner_cache={})
    assert turns.turns and turns.documents[0].genre == "interview"
    assert_offsets_give_back_their_text(interview, turns)
