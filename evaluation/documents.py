"""Articles per file, and their header fields, against gold documents.csv."""

from collections import defaultdict
from datetime import date

from evaluation.context import Context, Metric, norm


def _date(value) -> date | None:
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date() if callable(getattr(value, "date")) else value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _outlet_equal(gold: str, predicted: str | None) -> bool:
    filler = {"the", "website", "site", "official", "web"}
    g = [w for w in norm(gold).split() if w not in filler]
    p = [w for w in norm(predicted).split() if w not in filler]
    return g == p


def score(ctx: Context) -> dict[str, Metric]:
    gold = defaultdict(list)
    for row in ctx.gold("documents"):
        gold[row["file"]].append(row)
    predicted = defaultdict(list)
    for row in ctx.rows("select d.*, f.path from core.documents d join core.source_files f using (file_id) "
                        "order by d.ordinal"):
        name = row["path"].rsplit("/", 1)[-1]
        if name in gold:
            predicted[name].append(row)
    files_ok = 0
    fields = {"published_on": [0, 0], "published_precision": [0, 0], "outlet": [0, 0], "genre": [0, 0]}
    mistakes = []
    for file, golds in gold.items():
        golds.sort(key=lambda g: int(g["ordinal"]))
        preds = predicted.get(file, [])
        required = [g for g in golds if g.get("optional") != "1"]
        if len(required) <= len(preds) <= len(golds):
            files_ok += 1
        else:
            mistakes.append(f"{file}: gold {len(golds)} articles, predicted {len(preds)}")
        for g, p in zip(golds, preds):
            checks = {
                "published_on": _date(g["published_on"]) == _date(p["published_on"]),
                "published_precision": (g["published_precision"] if g["published_precision"] != "unknown" else "")
                == (p["published_precision"] or ""),
                "outlet": _outlet_equal(g["outlet"], p["outlet"]),
                "genre": g["genre"] == p["genre"],
            }
            for name, ok in checks.items():
                fields[name][0] += ok
                fields[name][1] += 1
                if not ok:
                    mistakes.append(f"{file}#{g['ordinal']} {name}: gold {g.get(name)!r}, predicted {p[name]!r}")
        for g in golds[len(preds):]:
            for name in fields:
                fields[name][1] += 1
    metrics = {"documents.count_acc": Metric(files_ok / len(gold) if gold else None, f"({files_ok}/{len(gold)})")}
    for name, (ok, total) in fields.items():
        metrics[f"documents.{name}_acc"] = Metric(ok / total if total else None, f"({ok}/{total})")
    metrics["_mistakes.documents"] = mistakes  # type: ignore[assignment]
    return metrics
