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


# Interviews that mark only one side of the dialogue (sentences written for these tests).
_HEAD = "Minister: The treaty holds\nMay 5, 2022\n\nThe defence minister Oleg Marin gave an interview to our paper.\n\n"
_QS = ["How did the drills go this year?", "Some say the bloc is weaker now. Do you agree?", "And the budget?"]
_AS = ["The troops trained well and the staff worked together.", "Not at all. Why should it be weaker? Nothing has changed.",
       "It will grow a little next year."]


def _interview(q_mark: str, a_mark: str, extra_answer: str = "") -> str:
    turns = [f"{q_mark}{q}\n\n{a_mark}{a}" + (f"\n\n{extra_answer}" if extra_answer else "") for q, a in zip(_QS, _AS)]
    return _HEAD + "\n\n".join(turns) + "\n"


def _roles(text: str) -> list[tuple[str, str | None]]:
    return [(span, s.speaker_role) for s, span in _sentences(text)]


def _questions(text: str) -> int:
    roles = [r for _span, r in _roles(text)]
    return sum(1 for prev, cur in zip([None, *roles], roles) if cur == "interviewer" and prev != "interviewer")


def test_dashes_on_both_sides_alternate():
    assert _questions(_interview("— ", "— ")) == 3


def test_only_questions_marked_answers_run_plain():
    for mark in ("Q: ", "Question: ", "— "):
        text = _interview(mark, "", extra_answer="The rest depends on the council.")
        assert _questions(text) == 3, mark
        roles = dict(_roles(text))
        assert roles["It will grow a little next year."] == "interviewee"
        assert roles["Why should it be weaker?"] == "interviewee"  # a question inside an answer asks nothing


def test_only_answers_marked_questions_run_plain():
    text = _interview("", "— ")
    assert _questions(text) == 3
    assert dict(_roles(text))["How did the drills go this year?"] == "interviewer"
    assert dict(_roles(text))["The defence minister Oleg Marin gave an interview to our paper."] is None


def test_question_over_two_paragraphs_stays_one_question():
    text = _HEAD + ("Q: The bloc held six drills last year.\n\nHow many will it hold now?\n\n"
                    "Seven, perhaps eight.\n\nQ: And the budget?\n\nIt will grow.\n")
    roles = dict(_roles(text))
    assert roles["How many will it hold now?"] == "interviewer"
    assert roles["Seven, perhaps eight."] == "interviewee"
    assert _questions(text) == 2


def test_dashed_list_in_news_has_no_speakers():
    text = ("Bloc adopts a plan\nMay 5, 2022\n\nThe bloc adopted a plan on Tuesday, the ministry said.\n\n"
            "- joint drills in spring;\n\n- a common budget;\n\n- a new training centre.\n\n"
            "The next meeting is due in autumn.\n")
    assert all(role is None for _span, role in _roles(text))


WRAPPED = (
    "The defence ministers of the alliance met in the Kyrgyz capital on\n"
    "Tuesday to agree a joint air defence plan drafted by the staff in\n"
    "Moscow, officials said. The plan was first proposed by General Ivan\n"
    "Petrov at a session of the council held in Dushanbe in October and\n"
    "approved by the heads of state in Minsk a month later, while the\n"
    "budget will be set by the secretariat.\n"
    "\n"
    "JOINT PLAN ADOPTED\n"
    "A second paragraph starts here after a heading line.\n"
)


def test_a_hard_wrapped_text_joins_a_name_carried_onto_the_next_line():
    paras = paragraphs(nonblank_lines(WRAPPED))
    texts = [" ".join(line.text for line in p.lines) for p in paras]
    assert "General Ivan Petrov at a session" in texts[0]  # "Ivan" / "Petrov" broken by the wrapper
    assert texts[1:] == ["JOINT PLAN ADOPTED", "A second paragraph starts here after a heading line."]


def test_text_of_one_line_paragraphs_is_not_read_as_wrapped():
    text = ("The council met on Tuesday in the capital and adopted a plan for the next three years of work\n"
            "Moscow welcomed the decision of the council and promised to send its experts to help\n"
            "Officials said more meetings would follow\n")
    assert len(paragraphs(nonblank_lines(text))) == 3  # long lines: not wrapped text, each line its own
