"""Dated events against gold events.csv: precision/recall with date match, type accuracy,
date accuracy on sentence-matched pairs, and the count of invented dates.

A predicted event matches a gold one of the same file when its date_start is the gold's
and its sentence holds the gold evidence (verbatim after normalisation, or most of its
words: segmenters cut sentences differently). Pairs are one to one, type agreement
breaking ties. Gold rows without a date are the ones whose date cannot be resolved: a
prediction that dates such a happening has invented the date."""

from collections import Counter, defaultdict
from datetime import date

from evaluation.context import Context, Metric, norm, prf, words

EVIDENCE_SHARE = 0.6  # share of the evidence's words the sentence must hold


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if hasattr(value, "year") and hasattr(value, "month"):
        return date(value.year, value.month, value.day)
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def holds(sentence: str, evidence: str) -> bool:
    """The sentence states the gold evidence."""
    if not evidence:
        return False
    if norm(evidence) in norm(sentence):
        return True
    wanted = Counter(words(evidence))
    shared = sum((wanted & Counter(words(sentence))).values())
    return shared >= EVIDENCE_SHARE * sum(wanted.values())


def pair_events(gold: list[dict], pred: list[dict], same_date: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs within each file, type-agreeing pairs first."""
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p["file"] != g["file"] or not holds(p["summary"], g["evidence"]):
                continue
            if same_date and p["date"] != _date(g["date_start"]):
                continue
            options.append((-(g["event_type"] == p["event_type"]), -(p["date"] == _date(g["date_start"])), gi, pi))
    used_g, used_p, pairs = set(), set(), []
    for *_, gi, pi in sorted(options):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def dated_predictions(ctx: Context) -> list[dict]:
    """The warehouse's dated events of the gold's files, each with its file, date and a
    summary that holds its sentence (what pair_events matches on)."""
    preds = []
    for row in ctx.rows("select event_id, doc_id, sentence_no, event_type, date_start, summary, happening_id "
                        "from core.events where date_start is not null"):
        file = ctx.doc_file.get(row["doc_id"])
        if file in ctx.gold_files:
            sentence = ctx.sentence_text.get((row["doc_id"], row["sentence_no"]), "")
            preds.append({**row, "file": file, "date": _date(row["date_start"]),
                          "summary": f"{row['summary'] or ''} {sentence}"})
    return preds


def score(ctx: Context) -> dict[str, Metric]:
    golds = [g for g in ctx.gold("events") if g["file"] in ctx.gold_files]
    if not golds or not ctx.has_table("core", "events"):
        return {}
    preds = dated_predictions(ctx)
    dated = [g for g in golds if g["date_start"]]
    pairs = pair_events(dated, preds, same_date=True)
    metrics = prf(len(pairs), len(preds) - len(pairs), len(dated) - len(pairs), "events")
    typed = sum(dated[g]["event_type"] == preds[p]["event_type"] for g, p in pairs)
    metrics["events.type_acc"] = Metric(typed / len(pairs) if pairs else None, f"({typed}/{len(pairs)})")
    located = pair_events(dated, preds, same_date=False)
    right = sum(preds[p]["date"] == _date(dated[g]["date_start"]) for g, p in located)
    metrics["events.date_acc"] = Metric(right / len(located) if located else None, f"({right}/{len(located)})")
    undatable = defaultdict(list)
    for g in golds:
        if not g["date_start"] and g.get("relative") == "1":
            undatable[g["file"]].append(g["evidence"])
    datable = defaultdict(list)
    for g in dated:
        datable[g["file"]].append(g["evidence"])
    invented = [p for p in preds
                if any(norm(e) in norm(p["summary"]) for e in undatable[p["file"]])
                and not any(holds(p["summary"], e) for e in datable[p["file"]])]
    metrics["events.invented_dates"] = Metric(float(len(invented)), f"({len(invented)} dated where gold has none)")
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    metrics["_mistakes.events"] = (  # type: ignore[assignment]
        [f"missed {dated[i]['file']} {dated[i]['date_start']} {dated[i]['evidence']!r}"
         for i in range(len(dated)) if i not in matched_g]
        + [f"spurious {p['file']} {p['date']} {p['summary'][:100]!r}" for i, p in enumerate(preds) if i not in matched_p]
        + [f"invented {p['file']} {p['date']} {p['summary'][:100]!r}" for p in invented])
    return metrics
