"""Every row with offsets must give back its own text from the decoded file."""

from evaluation.context import Context, Metric

# table -> column whose text the span must equal (white space aside)
SPAN_TABLES = {"sentences": "text", "mentions": "surface", "time_expressions": "text",
               "quantities": "quantity_text"}


def score(ctx: Context) -> dict[str, Metric]:
    checked = ok = 0
    bad: list[str] = []
    for table, column in SPAN_TABLES.items():
        if not ctx.has_table("core", table):
            continue
        rows = ctx.rows(f"""
            select t.doc_id, t.char_start, t.char_end, t.{column} as expected, f.content
            from core.{table} t join core.documents d using (doc_id) join core.source_files f using (file_id)
            where t.char_start is not null""")
        for r in rows:
            checked += 1
            span = r["content"][r["char_start"]:r["char_end"]]
            if " ".join(span.split()) == " ".join(str(r["expected"]).split()):
                ok += 1
            elif len(bad) < 20:
                bad.append(f"{table} {r['doc_id']} {r['char_start']}-{r['char_end']}")
    return {"provenance.ok": Metric(ok / checked if checked else None, f"({ok}/{checked})"),
            "_mistakes.provenance": bad}  # type: ignore[dict-item]
