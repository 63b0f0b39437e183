"""Sentences and paragraphs with exact offsets, broken lines joined, interview roles."""

from textmine.articles import split_articles
from textmine.layout import continues, nonblank_lines, paragraphs
from textmine.sentences import article_sentences, split_sentences


def _sentences(text: str):
    [article] = split_articles(text)
    found = article_sentences(text, article.char_start, article.char_end, article.header_end,
                              article.genre == "interview")
    return [(s, text[s.char_start:s.char_end]) for s in found]


def test_line_broken_mid_sentence_is_one_sentence_with_exact_offsets(raw_texts):
    text = raw_texts["002_7a3e846db86a41d5.txt"]
    first, span = _sentences(text)[0]
    assert " ".join(span.split()) == ("- October 7 was the 18th anniversary of the signing of the Charter "
                                      "of the Collective Security Treaty Organization (CSTO).")
    assert "\n" in span  # the original line breaks are still there: offsets are not rewritten


def test_broken_lines_are_joined_only_when_the_sentence_goes_on():
    assert continues("When is the CSTO", "simply forced to intervene?")
    assert continues("- As part of the CSTO monitoring of events in the post-Soviet space", ", do you note")
    assert continues("- What is the role of", "joint military exercises")
    assert not continues("The approach is the same.", "The country is going through hard times now.")
    assert not continues("What the CSTO has achieved in 30 years", "— Imangali Nurgaliyevich, the Treaty ...")


def test_every_sentence_of_the_corpus_gives_back_its_text(raw_texts):
    for name, text in raw_texts.items():
        for article in split_articles(text):
            found = article_sentences(text, article.char_start, article.char_end, article.header_end,
                                      article.genre == "interview")
            assert found, name
            for s in found:
                span = text[s.char_start:s.char_end]
                assert span == span.strip() and span
                assert article.char_start <= s.char_start < s.char_end <= article.char_end
            starts = [s.char_start for s in found]
            assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Gen. Anatoly Sidorov met Mr. J. Smith in the U.S. embassy. They talked for 2 hrs. Then they left."
    spans = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert spans == ["Gen. Anatoly Sidorov met Mr. J. Smith in the U.S. embassy.", "They talked for 2 hrs.",
                     "Then they left."]


def test_questions_and_quotes_end_sentences(raw_texts):
    text = raw_texts["001_ee163aba4bf054da.txt"]
    sentences = [span for _, span in _sentences(text[text.index("Interview of the CSTO"):])]
    assert "How do you assess the results of the Organisation's work over 30 years?" in sentences


def test_interview_turns_alternate_and_statements_can_be_questions(raw_texts):
    found = _sentences(raw_texts["002_7a3e846db86a41d5.txt"])
    roles = {span: s.speaker_role for s, span in found}
    assert roles["Tell us what was discussed that day and what the organization is like today."] == "interviewer"
    assert roles["- The approach is the same."] == "interviewee"
    assert roles["- And what about the events in Kyrgyzstan?"] == "interviewer"


def test_sub_headings_and_lead_belong_to_nobody(raw_texts):
    text = raw_texts["001_ee163aba4bf054da.txt"]
    found = _sentences(text[text.index("Interview of the CSTO"):])
    roles = {span: s.speaker_role for s, span in found}
    assert roles["What the CSTO has achieved in 30 years"] is None
    assert roles["Are there any disagreements between the bloc members"] is None


def test_reference_lines_stay_separate_paragraphs(raw_texts):
    text = raw_texts["000_6ed19b5a171ace37.txt"]
    lines = nonblank_lines(text)[:12]
    assert len(paragraphs(lines)) == 12
