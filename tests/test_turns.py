"""Interview turns from speaker roles, the roles from a real interview's layout, who asks and
who answers, and the genre of unsigned pieces (analysis or news)."""

import re

from textmine.articles import classify_genre, reads_as_analysis
from textmine.layout import nonblank_lines
from textmine.sentences import article_sentences
from textmine.turns import interview_turns, speakers_of_article

INTERVIEW = """Stanislav Zas: There is no threat of military conflict

— The CSTO can be congratulated with the coming of age. What is your take on the role of the CSTO?

— The CSTO is now a fully-fledged international organization. Why? Because it has done its work.

— Whom do you see as a first observer or partner?

— It is too early for applications.
"""


def test_turns_group_runs_of_roles():
    turns = interview_turns([(0, 5, None), (6, 10, "interviewer"), (11, 20, "interviewer"), (21, 30, "interviewee"),
                             (31, 35, None), (36, 40, "interviewee"), (41, 50, "interviewer"), (51, 60, "interviewee")])
    assert [(t.question, t.answer) for t in turns] == [((6, 20), (21, 40)), ((41, 50), (51, 60))]


def test_question_that_is_a_statement_and_rhetorical_question_in_answer():
    sentences = article_sentences(INTERVIEW, 0, len(INTERVIEW), INTERVIEW.index("\n") + 1, True)
    turns = interview_turns([(s.char_start, s.char_end, s.speaker_role) for s in sentences])
    assert len(turns) == 2  # "Why?" inside the answer starts no turn
    first_q = INTERVIEW[turns[0].question[0]:turns[0].question[1]]
    assert first_q.startswith("— The CSTO can be congratulated") and first_q.endswith("role of the CSTO?")
    assert "Why?" in INTERVIEW[turns[0].answer[0]:turns[0].answer[1]]


def test_no_turns_without_interviewer():
    assert interview_turns([(0, 5, None), (6, 9, "interviewee")]) == []


def test_seed_interviews_have_one_turn_per_question_with_exact_text(seed_db):
    counts = dict(seed_db.execute("select d.title is null, count(*) from core.interview_turns t "
                                  "join core.documents d using (doc_id) group by 1").fetchall())
    assert sum(counts.values()) == 19 + 8 + 11
    rows = seed_db.execute("""select t.question, t.answer, t.char_start, t.char_end, f.content
                              from core.interview_turns t join core.documents d using (doc_id)
                              join core.source_files f using (file_id)""").fetchall()
    for question, answer, start, end, content in rows:
        span = content[start:end]
        assert span.startswith(question) and (answer is None or span.endswith(answer))


# Genre of unsigned, undated pieces: an analysis argues in its own voice, news reports sources.

ANALYSIS = """The alliance met in Minsk to adopt a plan for its joint forces until 2030.
The plan covers air defence, border patrols and a common training centre for officers.
Yet the bloc remains divided over the conflicts on its southern flank.
Two member states have skipped the last three summits, citing scheduling problems.
Observers in the region read the absences as a quiet protest against Moscow's line.
The secretariat apparently hopes that the new plan will paper over these differences.
Whether the members will fund it is another matter.
"""

REPORT = """The alliance will hold joint drills near Osh next month, its secretary general said.
"About 2,000 troops from five states will take part in the exercise," he told reporters.
The drills will rehearse the defence of a mountain pass, according to the ministry.
Yet some members have not confirmed their units, the spokesman added.
The previous drills took place in the same area two years ago.
The headquarters stated that observers from partner states were invited.
"""


def _lines(text: str):
    return nonblank_lines(text)


def test_undated_analysis_in_the_authors_voice_is_an_article():
    assert reads_as_analysis(_lines(ANALYSIS))
    assert classify_genre("", _lines(ANALYSIS), dated=False, titled=True) == "article"


def test_report_crediting_its_sources_is_news():
    assert not reads_as_analysis(_lines(REPORT))
    assert classify_genre("", _lines(REPORT), dated=False, titled=True) == "news"


def test_news_day_or_date_keeps_an_item_news():
    on_weekday = ANALYSIS.replace("met in Minsk", "met in Minsk on Tuesday")
    assert not reads_as_analysis(_lines(on_weekday))
    assert classify_genre("", _lines(ANALYSIS), dated=True, titled=True) == "news"


def test_short_items_and_plain_releases_stay_news():
    brief = "\n".join(ANALYSIS.splitlines()[:4])
    assert not reads_as_analysis(_lines(brief))
    release = "\n".join(line for line in ANALYSIS.splitlines() if not re.search(r"\bYet\b|apparently|\?$|Whether", line))
    release += "\nA meeting of the defence ministers was held in the same city.\nThe ministers signed four documents.\n"
    assert not reads_as_analysis(_lines(release))


def test_quotation_over_several_sentences_is_credited():
    quoted = ('"We will not join this plan. The plan ignores our borders. It also ignores our army. '
              'Perhaps nobody asked us about it," the minister declared.\n')
    assert not reads_as_analysis(_lines(quoted + quoted))  # the hedge is the minister's, not the author's


# Who asks and who answers, as the interview states it (texts written for these tests).


def test_labels_byline_and_headline_name_the_sides():
    text = ("OLEG MARIN: THE TREATY HOLDS\nMay 5, 2022\nby Irina Sokol\n\n"
            "The defence minister Oleg Marin answered our questions before the summit.\n\n"
            "Question: How did the drills go?\n\nOleg Marin: Well.\n\nQuestion: And the budget?\n\nOleg Marin: It grows.\n")
    s = speakers_of_article(text)
    assert s.interviewee[0] == "Oleg Marin" and s.interviewer[0] == "Irina Sokol"
    assert "Question" not in s.interviewer


def test_journalist_by_role_and_outlet_the_interview_was_given_to():
    text = ("Analyst: the bloc is a symbol\n\nThe Daily Courier correspondent Anna Lee spoke with Pavel Orlov, "
            "a fellow of the Baltic Institute, about the bloc.\n\nDaily Courier: What is the bloc for?\n\n"
            "Pavel Orlov: Little.\n\nDaily Courier: Will it last?\n\nPavel Orlov: Perhaps.\n")
    s = speakers_of_article(text)
    assert s.interviewer[:2] == ["Anna Lee", "Daily Courier"]
    assert s.interviewee[0] == "Pavel Orlov" and "Anna Lee" not in s.interviewee
    given = speakers_of_article("Interview of the Secretary General Pavel Orlov to Courier.ru.\n\n"
                                "— How are you?\n\n— Fine.\n\n— And the bloc?\n\n— Fine too.\n")
    assert "Courier.ru" in given.interviewer and "Pavel Orlov" in given.interviewee
    assert "Secretary General Pavel Orlov" in given.interviewee  # the title is tried first, then the name alone


def test_names_inside_the_answers_are_not_speakers():
    text = ("Pavel Orlov: No threat\n\nPavel Orlov gave an interview to our agency.\n\n"
            "— Does Anna Lee agree with you?\n\n— Ask Anna Lee herself.\n")
    s = speakers_of_article(text)
    assert "Anna Lee" not in s.interviewee + s.interviewer
