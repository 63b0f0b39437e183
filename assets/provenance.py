"""The one rule every provenance check applies: a row's text is exactly its span of the
decoded file, and the span lies inside the span that contains it (article, sentence)."""

from collections.abc import Callable, Iterable

import dagster as dg
import pandas as pd

from storage.parts import PartMemo

EXAMPLES = 10


Span = tuple[str, str, int, int, str, int, int]


def mismatched(rows: Iterable[Span]) -> list[str]:
    """rows: (label, decoded file, start, end, expected text, container start, container end);
    the labels of those whose text or place is wrong."""
    return [label for label, content, start, end, expected, outer_start, outer_end in rows
            if content[start:end] != expected or not outer_start <= start < end <= outer_end]


def _result(bad: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=not bad, metadata={"mismatched": len(bad), "examples": bad[:EXAMPLES]})


def exact_spans_result(rows: Iterable[Span]) -> dg.AssetCheckResult:
    return _result(mismatched(rows))


def exact_spans_by_part(memo: PartMemo, batches: list[pd.DataFrame], key_of: Callable[[int, pd.DataFrame], str | None],
                        spans_of: Callable[[int, pd.DataFrame], Iterable[Span]]) -> dg.AssetCheckResult:
    """exact_spans_result over every batch of files, each batch's findings kept by the key
    of the parts it checked (`key_of`): a batch whose parts did not change is not read
    again (its texts, its rows)."""
    bad: list[str] = []
    for k, batch in enumerate(batches):
        key = key_of(k, batch)
        found = memo.get(key)
        if found is None:
            found = memo.put(key, pd.DataFrame({"label": mismatched(spans_of(k, batch))}, dtype="object"))
        bad += found["label"].tolist()
    memo.keep_only()
    return _result(bad)
