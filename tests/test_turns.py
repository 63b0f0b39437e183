"""Interview turns from speaker roles, and the roles from a real interview's layout."""

from textmine.sentences import article_sentences
from textmine.turns import interview_turns

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
