"""Interview turns in the house styles outlets use, written for the test in the manner of
real interviews; and texts that must not be read as interviews."""

import pytest

from textmine.articles import split_articles
from textmine.headers import author_in_title
from textmine.interviews import detect_scheme, scheme_roles
from textmine.sentences import article_sentences
from textmine.turns import interview_turns


def _turns(text: str) -> list[str]:
    [article] = split_articles(text)
    assert article.genre == "interview"
    sentences = article_sentences(text, article.char_start, article.char_end, article.header_end, True)
    turns = interview_turns([(s.char_start, s.char_end, s.speaker_role) for s in sentences])
    return [text[t.question[0]:t.question[1]] for t in turns]


OUTLET_AND_NAME_LABELS = """Analyst: the bloc has lost its purpose

The analyst spoke to our service after the summit in Minsk.

Steppe Radio: What does the decision of the summit mean for the member states?

Anna Kovalenko: It means very little. The bloc has been weak for years.

Nobody expects a change. Why would they?

Steppe Radio: Could the organisation change its charter?

Kovalenko: Only if Moscow wants it.
"""

INITIAL_LABELS = """Secretary General: we are ready to help

NV: How many officers serve in the secretariat today?

K.: About a hundred. Most of them come from the defence ministries.

NV: Will the staff grow next year?

K.: Yes, by a fifth.
"""

QUESTION_PARAGRAPHS = """General Petrov spoke about the new command in an interview with a regional radio station.

What will the new joint command change for the forces of the member states?

The command will plan exercises and keep the forces ready. It starts work in the spring.

You said last year that the bloc needs more drones. Has anything been done since then?

We have bought some, and more are on order.
"""

LONG_QUOTED_QUESTION = ("The deputy minister spoke about the bloc in an interview with a television channel.\n\n"
                        "Last year you wrote that " + "the organisation must reform its rules and its budget, " * 10
                        + "so what would you change first?\n\n"
                        "The rules of consensus. Everything else follows from them.\n")


@pytest.mark.parametrize("text, questions", [
    (OUTLET_AND_NAME_LABELS, ["Steppe Radio: What does the decision of the summit mean for the member states?",
                              "Steppe Radio: Could the organisation change its charter?"]),
    (INITIAL_LABELS, ["NV: How many officers serve in the secretariat today?", "NV: Will the staff grow next year?"]),
    (QUESTION_PARAGRAPHS, ["What will the new joint command change for the forces of the member states?",
                           "You said last year that the bloc needs more drones.",
                           "Has anything been done since then?"]),
])
def test_turns_in_several_house_styles(text, questions):
    got = _turns(text)
    # a question may be several sentences: compare the sentences each turn starts with
    assert len(got) == len({q for q in questions if not q.startswith("Has anything")})
    assert all(any(g.startswith(q) for g in got) for q in questions if not q.startswith("Has anything"))


def test_a_rhetorical_question_inside_an_answer_starts_no_turn():
    got = _turns(OUTLET_AND_NAME_LABELS)
    assert not any(g.startswith("Nobody expects") or g.startswith("Why would") for g in got)


def test_a_long_question_that_quotes_before_it_asks_is_one_turn():
    assert len(_turns(LONG_QUOTED_QUESTION)) == 1


def test_surname_label_is_the_same_speaker_as_the_full_name():
    paras = [p for p in OUTLET_AND_NAME_LABELS.split("\n\n") if p.strip()]
    scheme = detect_scheme(paras)
    assert scheme is not None and scheme.kind == "labels"
    assert scheme.labels["Steppe Radio"] == "interviewer"
    assert scheme.labels["Anna Kovalenko"] == scheme.labels["Kovalenko"] == "interviewee"
    assert scheme_roles(paras, scheme)[:2] == [None, None]


@pytest.mark.parametrize("text", [
    # a news story quoting one question, with "interview" in it
    "The minister gave an interview to a local paper on Monday.\n\n"
    "He said the bloc had failed Armenia. \"Who will defend us now?\"\n\n"
    "The ministry later said his words had been misunderstood.\n",
    # labels that do not take turns: a source line and a title in "Name: headline" form
    "Minister: the exercise was a success\n\nSource: Steppe Daily, 3 May 2019\n\n"
    "The exercise ended on Friday. Note: the figures are preliminary.\n\nSome 2,000 troops took part.\n",
    # an analysis that asks questions and answers them itself, one question only
    "Is the bloc still useful?\n\nFor Kazakhstan the answer is yes, for Armenia it is no.\n\n"
    "The next summit will show which view prevails.\n",
])
def test_texts_that_are_not_interviews(text):
    assert all(a.genre != "interview" for a in split_articles(text))


def test_an_author_at_the_end_of_a_title_signs_an_article():
    text = ("Why the bloc still matters to Central Asia by Jane Whitfield\n\n"
            "The organisation was written off many times. It survives because its members need it.\n")
    [article] = split_articles(text)
    assert (article.author, article.genre) == ("Jane Whitfield", "article")
    assert author_in_title("Ratification law signed by Vladimir Putin") is None
