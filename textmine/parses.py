"""Dependency parses of a batch's sentences, parsed together.

Only a few sentences need a dependency parse (which word a date modifies, what an act
befalls: textmine.events), and which ones is known only while their events are detected.
Parsing each where the question arises costs spaCy's per-call overhead every time; one
`nlp.pipe` over many sentences costs about a quarter less per sentence (spaCy gives the same
parse either way). So the detection of every article of a batch runs as a generator
(`in_rounds`): it goes as far as the parses it has allow, and pauses at the first sentence
whose parse is missing; then the missing sentences of all paused articles are parsed in one
pipe, and every paused article goes on from where it stopped."""

from collections.abc import Generator, Iterable
from typing import TypeVar

from textmine.nlp import load_nlp

T = TypeVar("T")
PIPE_BATCH = 64  # sentences per batch of spaCy's pipe


class MissingParse(Exception):
    """A sentence was asked for before its parse was made; the caller pauses and asks again."""


class BatchParses:
    """A callable text -> spaCy Doc over the parses made so far for one batch of files; a
    text not parsed yet is noted and raises MissingParse. `parse_missing` parses every
    noted text in one pipe. It lives as long as one batch, so it holds a few hundred parses
    at most; nothing is kept across batches."""

    def __init__(self, disable: tuple[str, ...]) -> None:
        self._disable = disable
        self._docs: dict[str, object] = {}
        self._missing: dict[str, None] = {}

    def __call__(self, text: str):
        doc = self._docs.get(text)
        if doc is None:
            self._missing[text] = None
            raise MissingParse(text)
        return doc

    def parse_missing(self) -> int:
        """Parse the texts asked for since the last call; how many there were."""
        todo = list(self._missing)
        self._missing.clear()
        if todo:
            nlp = load_nlp(disable=self._disable)
            self._docs.update(zip(todo, nlp.pipe(todo, batch_size=PIPE_BATCH)))
        return len(todo)


Paused = Generator[None, None, T]  # yields when it waits for parses, returns its result


def in_rounds(tasks: Iterable[Paused[T]], parses: BatchParses) -> list[T]:
    """Run every task until it finishes, parsing what the paused ones wait for between
    rounds; the results in the order of `tasks`. A task that pauses without asking for a
    parse would wait forever, so that is an error."""
    tasks = list(tasks)
    results: list[T | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))
    while pending:
        paused = []
        for i in pending:
            try:
                next(tasks[i])
                paused.append(i)
            except StopIteration as done:
                results[i] = done.value
        if paused and not parses.parse_missing():
            raise RuntimeError("a task paused without asking for a parse")
        pending = paused
    return results  # type: ignore[return-value]
