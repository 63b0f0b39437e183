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
        # the decoded text is read once per file, not once per row: a one-line file of a
        # megabyte holds ten thousand sentences, and a copy of its text for each is gigabytes
        rows = ctx.rows(f"""
            select t.doc_id, t.char_start, t.char_end, t.{column} as expected, d.file_id
            from core.{table} t join core.documents d using (doc_id)
            where t.char_start is not null order by d.file_id""")
        file_id, content = None, ""
        for r in rows:
            if r["file_id"] != file_id:
                file_id, content = r["file_id"], ctx.file_text(r["file_id"]) or ""
            checked += 1
            span = content[r["char_start"]:r["char_end"]]
            if " ".join(span.split()) == " ".join(str(r["expected"]).split()):
                ok += 1
            elif len(bad) < 20:
                bad.append(f"{table} {r['doc_id']} {r['char_start']}-{r['char_end']}")
    return {"provenance.ok": Metric(ok / checked if checked else None, f"({ok}/{checked})"),
            "_mistakes.provenance": bad}  # type: ignore[dict-item]
