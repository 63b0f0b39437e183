"""Question/answer turns of an interview from the speaker role of its sentences.

textmine.sentences marks each interview paragraph as the interviewer's or the
interviewee's (from dashes, "Q:"/"A:" labels and alternation). A turn is a maximal run of
interviewer sentences (the question, which may contain statements) followed by the run of
interviewee sentences up to the next question (the answer, which may contain rhetorical
questions of its own). Sentences of nobody (sub-headings) end neither.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    turn_no: int
    question: tuple[int, int]       # offsets of the question in the decoded file
    answer: tuple[int, int] | None  # offsets of the answer, None when the interview stops


def interview_turns(sentences: list[tuple[int, int, str | None]]) -> list[Turn]:
    """`sentences`: (char_start, char_end, speaker_role) in reading order."""
    turns: list[Turn] = []
    question: list[int] | None = None
    answer: list[int] | None = None
    previous_role: str | None = None

    def close() -> None:
        if question is not None:
            turns.append(Turn(len(turns) + 1, (question[0], question[1]),
                              (answer[0], answer[1]) if answer else None))

    for start, end, role in sentences:
        if role == "interviewer":
            if question is None or previous_role == "interviewee" or answer is not None:
                close()
                question, answer = [start, end], None
            else:
                question[1] = end
        elif role == "interviewee" and question is not None:
            if answer is None:
                answer = [start, end]
            else:
                answer[1] = end
        if role is not None:
            previous_role = role
    close()
    return turns
