"""The one rule every provenance check applies: a row's text is exactly its span of the
decoded file, and the span lies inside the span that contains it (article, sentence)."""

from collections.abc import Iterable

import dagster as dg

EXAMPLES = 10


def exact_spans_result(rows: Iterable[tuple[str, str, int, int, str, int, int]]) -> dg.AssetCheckResult:
    """rows: (label, decoded file, start, end, expected text, container start, container end)."""
    bad = [label for label, content, start, end, expected, outer_start, outer_end in rows
           if content[start:end] != expected or not outer_start <= start < end <= outer_end]
    return dg.AssetCheckResult(passed=not bad, metadata={"mismatched": len(bad), "examples": bad[:EXAMPLES]})
