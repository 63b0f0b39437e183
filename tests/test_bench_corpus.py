"""The benchmark's generated corpus: every sentence distinct by default, so that caches
cannot turn copies into free work; the older corpus repeats them."""

from collections import Counter
from pathlib import Path

from bench.corpus import generate, sentences_of

RAW = Path(__file__).resolve().parent.parent / "raw"


def _repeats(paths: list[Path]) -> int:
    counts = Counter(s for p in paths for s in sentences_of(p.read_text(encoding="utf-8")) if len(s.split()) >= 3)
    return sum(n - 1 for n in counts.values() if n > 1)


def test_every_sentence_of_the_default_corpus_is_distinct(tmp_path):
    assert _repeats(generate(RAW, tmp_path / "distinct", 25)) == 0


def test_the_repeated_corpus_does_repeat(tmp_path):
    assert _repeats(generate(RAW, tmp_path / "repeated", 25, distinct=False)) > 100
