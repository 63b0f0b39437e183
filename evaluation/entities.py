"""Canonical entities against gold entities.csv, and whether each gold entity's aliases land
on one entity_id.

A predicted entity (with at least one mention in a graded file) is right when its name or one
of its aliases is a written form (canonical or alias) of a gold entity of the same type; each
gold entity is found at most once, and predicted entities that name no gold entity are the
false positives. Alias merge: of the gold entities whose forms the warehouse saw at least
twice, the share whose forms all share one entity_id.
"""

from collections import defaultdict

from evaluation.context import Context, Metric, norm, prf


def _gold(ctx: Context) -> list[dict]:
    out = []
    for row in ctx.gold("entities"):
        aliases = {norm(a) for a in row["aliases"].split(";") if norm(a)}
        out.append({"name": row["canonical"], "type": row["type"].upper(), "aliases": aliases,
                    "forms": aliases | {norm(row["canonical"])}})
    return out


def _predicted(ctx: Context) -> list[dict]:
    if not ctx.has_table("core", "entities") or not ctx.has_table("core", "mentions"):
        return []
    graded = {doc for doc, file in ctx.doc_file.items() if file in ctx.gold_files}
    in_scope = {r["entity_id"] for r in ctx.rows("select doc_id, entity_id from core.mentions")
                if r["doc_id"] in graded}
    rows = ctx.rows("select entity_id, name, entity_type, aliases from core.entities")
    return [{"id": r["entity_id"], "name": r["name"], "type": r["entity_type"],
             "forms": {norm(r["name"])} | {norm(a) for a in (r["aliases"] or [])}}
            for r in rows if r["entity_id"] in in_scope]


def score(ctx: Context) -> dict[str, Metric]:
    gold = _gold(ctx)
    if not gold:
        return {}
    predicted = _predicted(ctx)
    by_form: dict[str, set[int]] = defaultdict(set)
    for i, g in enumerate(gold):
        for form in g["forms"]:
            by_form[form].add(i)
    found: set[int] = set()
    spurious: list[str] = []
    for p in predicted:
        hits = {i for form in p["forms"] for i in by_form.get(form, ()) if gold[i]["type"] == p["type"]}
        found |= hits
        if not hits:
            spurious.append(f"{p['name']} ({p['type']})")
    metrics = prf(len(found), len(spurious), len(gold) - len(found), "entities")
    ids_by_form: dict[str, set[str]] = defaultdict(set)
    for p in predicted:
        for form in p["forms"]:
            ids_by_form[form].add(p["id"])
    merged = total = 0
    split = []
    for g in gold:
        seen = [f for f in g["aliases"] if f in ids_by_form]
        if len(seen) < 2:
            continue
        total += 1
        if set.intersection(*(ids_by_form[f] for f in seen)):
            merged += 1
        else:
            split.append(g["name"])
    metrics["entities.alias_merge"] = Metric(merged / total if total else None, f"({merged}/{total})")
    metrics["_mistakes.entities"] = ([f"missed: {gold[i]['name']} ({gold[i]['type']})" for i in range(len(gold))
                                      if i not in found]
                                     + [f"spurious: {s}" for s in spurious]
                                     + [f"split: {s}" for s in split])  # type: ignore[assignment]
    return metrics
