"""Positions, memberships, quantities and interview turns against the gold CSVs.

Matching rules (one fact per file in the gold; several predicted rows may state it):
- positions: same file, a person whose name shares its surname and most words with the
  gold name (or one of its gold aliases), a title with the same words once tenure words
  are set aside (a deputy is never the principal), and, when the gold names one, a body
  whose words mostly agree. Unmatched predictions count once per (person, title, body).
- memberships: same file, state code, action and year of date_start (both empty agree).
- quantities: same file, same value, predicted sentence holding most of the evidence words;
  one prediction per gold row.
- turns: number of turns of the interview vs the gold number of questions.
"""

import re
from collections import defaultdict

from evaluation.context import Context, Metric, norm, prf, words

_TENURE = {"acting", "former", "elected", "re", "reelected", "newly", "ex"}
_FILLER = {"the", "of", "for", "and", "on", "in"}


def _title_words(title: object, qualifier: object = None) -> set[str]:
    found = {w for w in words(title) if w not in _TENURE and w not in _FILLER}
    if norm(qualifier) == "deputy":
        found.add("deputy")
    return found


def _same_title(gold: str, title: object, qualifier: object) -> bool:
    g, p = _title_words(gold), _title_words(title, qualifier)
    if not g or not p or bool(g & {"deputy", "vice"}) != bool(p & {"deputy", "vice"}):
        return False
    return g <= p or p <= g


def _close(a: object, b: object, share: float) -> bool:
    """Word overlap: the smaller side's words are mostly in the larger."""
    wa, wb = set(words(a)) - _FILLER, set(words(b)) - _FILLER
    if not wa or not wb:
        return False
    return len(wa & wb) >= share * min(len(wa), len(wb))


def _aliases(ctx: Context) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for row in ctx.gold("entities"):
        forms = {norm(row["canonical"])} | {norm(a) for a in row.get("aliases", "").split(";") if a.strip()}
        table[norm(row["canonical"])] = forms - {""}
    return table


def _forms(aliases: dict[str, set[str]], name: str) -> set[str]:
    return aliases.get(norm(name), {norm(name)})


def _person_ok(forms: set[str], predicted: list) -> bool:
    for name in predicted:
        if not name:
            continue
        pw = words(name)
        for form in forms:
            fw = form.split()
            if pw and fw and (pw[-1] == fw[-1] or norm(name) == form) and _close(name, form, 0.5):
                return True
    return False


def score_positions(ctx: Context) -> dict[str, Metric]:
    aliases = _aliases(ctx)
    names = {r["entity_id"]: r["name"] for r in ctx.rows("select entity_id, name from core.entities")}
    predicted = []
    for r in ctx.rows("select * from core.positions"):
        file = ctx.doc_file.get(r["doc_id"])
        if file in ctx.gold_files:
            predicted.append({**r, "file": file, "persons": [r["person_name"], names.get(r["person_id"])],
                              "orgs": [r["organization_name"], names.get(r["organization_id"])]})
    by_file = defaultdict(list)
    for i, p in enumerate(predicted):
        by_file[p["file"]].append(i)
    matched_pred, tp = set(), 0
    missed = []
    for g in ctx.gold("positions"):
        persons = _forms(aliases, g["person"])
        orgs = _forms(aliases, g["organization"]) if g["organization"] else set()
        hits = [i for i in by_file[g["file"]]
                if _same_title(g["position"], predicted[i]["position"], predicted[i]["qualifier"])
                and _person_ok(persons, predicted[i]["persons"])
                and (not orgs or any(_close(o, f, 0.75) for o in predicted[i]["orgs"] if o for f in orgs))]
        matched_pred.update(hits)
        if hits:
            tp += 1
        else:
            missed.append(f"{g['file']} {g['person']} | {g['position']} | {g['organization']}")
    spurious = {(p["file"], norm(p["person_name"]), " ".join(sorted(_title_words(p["position"], p["qualifier"]))),
                 norm(p["organization_name"])) for i, p in enumerate(predicted) if i not in matched_pred}
    metrics = prf(tp, len(spurious), len(ctx.gold("positions")) - tp, "positions")
    metrics["_mistakes.positions"] = missed + [f"spurious {' | '.join(k)}" for k in sorted(spurious)]  # type: ignore
    return metrics


def _year(value: object) -> int | None:
    m = re.match(r"(\d{4})", str(value)) if value else None
    return int(m.group(1)) if m else None


def score_memberships(ctx: Context) -> dict[str, Metric]:
    predicted = []
    for r in ctx.rows("select doc_id, country_code, action, date_start, organization_name from core.memberships"):
        file = ctx.doc_file.get(r["doc_id"])
        if file in ctx.gold_files:
            predicted.append((file, (r["country_code"] or "").upper(), norm(r["action"]), _year(r["date_start"]),
                              norm(r["organization_name"])))
    gold = [(g["file"], g["country"].upper(), norm(g["action"]), _year(g["date_start"]))
            for g in ctx.gold("memberships")]
    keys = {p[:4] for p in predicted}
    tp = sum(g in keys for g in gold)
    gold_keys = set(gold)
    spurious = {p for p in predicted if p[:4] not in gold_keys}
    metrics = prf(tp, len(spurious), len(gold) - tp, "memberships")
    metrics["_mistakes.memberships"] = [f"missed {g}" for g in gold if g not in keys] + \
        [f"spurious {p}" for p in sorted(spurious, key=str)]  # type: ignore
    return metrics


def _holds(sentence: str, evidence: str) -> bool:
    if norm(evidence) in norm(sentence):
        return True
    wanted, have = words(evidence), set(words(sentence))
    return bool(wanted) and sum(w in have for w in wanted) >= 0.6 * len(wanted)


def score_quantities(ctx: Context) -> dict[str, Metric]:
    predicted = defaultdict(list)
    for r in ctx.rows("select doc_id, sentence_no, value from core.quantities"):
        file = ctx.doc_file.get(r["doc_id"])
        if file in ctx.gold_files:
            predicted[file].append((float(r["value"]), ctx.sentence_text.get((r["doc_id"], r["sentence_no"]), "")))
    used: set[tuple[str, int]] = set()
    tp, n_gold, missed = 0, 0, []
    for g in ctx.gold("quantities"):
        n_gold += 1
        value = float(g["value"].replace(",", ""))
        hit = next((i for i, (v, text) in enumerate(predicted[g["file"]])
                    if (g["file"], i) not in used and abs(v - value) < 1e-6 and _holds(text, g["evidence"])), None)
        if hit is None:
            missed.append(f"{g['file']} {g['value']} {g['evidence']!r}")
        else:
            used.add((g["file"], hit))
            tp += 1
    n_pred = sum(len(v) for v in predicted.values())
    metrics = prf(tp, n_pred - tp, n_gold - tp, "quantities")
    metrics["_mistakes.quantities"] = missed  # type: ignore
    return metrics


def score_turns(ctx: Context) -> dict[str, Metric]:
    docs = {(ctx.doc_file.get(r["doc_id"]), r["ordinal"]): r["doc_id"]
            for r in ctx.rows("select doc_id, ordinal from core.documents")}
    counts = {r["doc_id"]: r["n"] for r in ctx.rows("select doc_id, count(*) n from core.interview_turns group by 1")}
    exact, total, notes = 0, 0, []
    for g in ctx.gold("turns"):
        total += 1
        got = counts.get(docs.get((g["file"], int(g["ordinal"]))), 0)
        if got == int(g["n_questions"]):
            exact += 1
        else:
            notes.append(f"{g['file']}#{g['ordinal']}: gold {g['n_questions']}, predicted {got}")
    return {"turns.exact_acc": Metric(exact / total if total else None, f"({exact}/{total})"),
            "_mistakes.turns": notes}  # type: ignore


def score(ctx: Context) -> dict[str, Metric]:
    results: dict[str, Metric] = {}
    for part in (score_positions, score_memberships, score_quantities, score_turns):
        results.update(part(ctx))
    return results
