"""The timeline against a gold of happenings: are reports of one happening one row?

`evaluation/gold/happenings.csv` (and a `happenings.csv` inside any gold folder given) names,
for each happening that several gold event rows report, those rows: the gold folder it
was written against (`corpus`), the 1-based data row of its events.csv and the row's file
(which find it), and the row's type and date (a check that it still points where it did). Every other dated gold row
is a happening of its own. Two gold rows of one article are never one happening (the gold
lists a repeat inside an article once).

How the project's gold was written (the union of the shipped corpus and ../shared/wide/raw):
two gold rows are one happening when they report the same occurrence under the same event
type (a year-dated and a day-dated report of one signing are one; the founding of an
alliance and the signing of its treaty are two kinds of act, so two happenings), also
when the texts disagree on its date (a force founded "in 2007" and "in 2009"); labels
are our own words, rows are referenced, never copied.

Warehouse events are paired with gold rows exactly as evaluation.events pairs them (same
file, date and evidence). On the paired rows: pairwise precision and recall of "these two
reports are one happening" (the warehouse says so when they share happening_id), rows per
multiply-reported happening (distinct happening_ids among its paired rows), and repeated
acts: an unpaired event of the same sentence and date as a paired one where the gold has
that sentence's act once (one clause stated as two events)."""

import csv
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from evaluation.context import Context, Metric
from evaluation.events import _date, dated_predictions, holds, pair_events

PROJECT_GOLD = Path(__file__).parent / "gold" / "happenings.csv"


class GoldMismatch(ValueError):
    """A happening row points at a gold event row that is not the one it names."""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def happening_of(ctx: Context) -> dict[tuple[str, int], str]:
    """(gold folder, row) -> happening label, for the gold folders this run scores. A
    reference is found by its row number and file (file names are unique across corpora),
    so a gold folder copied under another name still matches; the `corpus` column says
    where the row was written."""
    sources = [PROJECT_GOLD] + [d / "happenings.csv" for d in (ctx.gold_dir, *ctx.more_gold)]
    events = {(number, row["file"]): (folder, row) for folder, number, row in ctx.gold_rows("events")}
    labels: dict[tuple[str, int], str] = {}
    for path in dict.fromkeys(p.resolve() for p in sources if p.exists()):
        for h in _read(path):
            if h["file"] not in ctx.gold_files:
                continue  # a corpus this warehouse was not scored against
            folder, g = events.get((int(h["row"]), h["file"]), (None, None))
            if g is None or (g["event_type"], g["date_start"]) != (h["event_type"], h["date_start"]):
                raise GoldMismatch(f"{path}: {h['happening']} names row {h['row']} of {h['file']} "
                                   f"({h['event_type']} {h['date_start']}), which the gold's events.csv "
                                   f"does not hold there")
            labels[(folder, int(h["row"]))] = h["happening"]
    return labels


def score(ctx: Context) -> dict[str, Metric]:
    if not ctx.has_table("core", "events"):
        return {}
    labels = happening_of(ctx)
    if not labels:
        return {}
    gold_rows = [(folder, number, g) for folder, number, g in ctx.gold_rows("events")
                 if g["date_start"] and g["file"] in ctx.gold_files]
    dated = [g for _, _, g in gold_rows]
    happening = [labels.get((folder, number), f"{folder}:{number}") for folder, number, _ in gold_rows]
    preds = dated_predictions(ctx)
    pairs = pair_events(dated, preds, same_date=True)
    pred_of = {g: p for g, p in pairs}
    truth = {(a, b) for a, b in combinations(sorted(pred_of), 2) if happening[a] == happening[b]}
    said = {(a, b) for a, b in combinations(sorted(pred_of), 2)
            if preds[pred_of[a]]["happening_id"] == preds[pred_of[b]]["happening_id"]}
    both = len(truth & said)
    metrics = {
        "happenings.pair_precision": Metric(both / len(said) if said else None, f"({both}/{len(said)})"),
        "happenings.pair_recall": Metric(both / len(truth) if truth else None, f"({both}/{len(truth)})"),
    }
    members: dict[str, list[int]] = defaultdict(list)
    for i, h in enumerate(happening):
        members[h].append(i)
    several = {h: m for h, m in members.items() if len(m) > 1}
    seen = {h: {preds[pred_of[i]]["happening_id"] for i in m if i in pred_of} for h, m in several.items()}
    found = [len(ids) for ids in seen.values() if ids]
    metrics["happenings.rows_per_happening"] = Metric(
        sum(found) / len(found) if found else None,
        f"({sum(found)} rows for {len(found)} multiply-reported happenings; {len(several) - len(found)} without a row)")
    metrics["happenings.repeated_acts"] = Metric(float(len(_repeats(dated, preds, pairs))),
                                                 "(a sentence's one act given twice)")
    metrics["_mistakes.happenings"] = (  # type: ignore[assignment]
        [f"split {happening[a]}: {_ref(gold_rows[a])} / {_ref(gold_rows[b])}" for a, b in sorted(truth - said)]
        + [f"merged {happening[a]} ({_ref(gold_rows[a])}) with {happening[b]} ({_ref(gold_rows[b])})"
           for a, b in sorted(said - truth)])
    return metrics


def _ref(gold_row: tuple[str, int, dict]) -> str:
    folder, number, g = gold_row
    return f"{folder}/events.csv row {number} ({g['file']} {g['date_start']} {g['event_type']})"


def _repeats(dated: list[dict], preds: list[dict], pairs: list[tuple[int, int]]) -> list[int]:
    """Unpaired events of the sentence and date of a paired one, where that sentence holds
    the evidence of only one gold row of that date: the same act given a second time."""
    paired = {p: g for g, p in pairs}
    per_sentence = Counter((g["file"], _date(g["date_start"])) for g in dated)
    repeats = []
    for i, p in enumerate(preds):
        if i in paired:
            continue
        for j, g in paired.items():
            q = preds[j]
            if (q["doc_id"], q["sentence_no"], q["date"]) == (p["doc_id"], p["sentence_no"], p["date"]):
                sharing = sum(1 for d in dated if d["file"] == p["file"] and _date(d["date_start"]) == p["date"]
                              and holds(p["summary"], d["evidence"]))
                if sharing <= 1 and per_sentence[(p["file"], p["date"])] >= 1:
                    repeats.append(i)
                break
    return repeats
