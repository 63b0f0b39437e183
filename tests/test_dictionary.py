"""The warehouse explains itself: every table, view and column carries a comment, and the
committed data dictionary is exactly what the generator makes from the models."""

import duckdb

from storage.comments import parse_view_doc, view_docs
from assets.dictionary import DICTIONARY, catalog_database, missing_comments, render
from assets.schemas import TABLES, columns_of


def test_committed_dictionary_matches_the_generator():
    assert DICTIONARY.exists(), "docs/data-dictionary.md is missing: run `uv run python -m assets.dictionary`"
    assert DICTIONARY.read_text(encoding="utf-8") == render(), \
        "docs/data-dictionary.md has drifted from the models: run `uv run python -m assets.dictionary`"


def test_dictionary_describes_every_contract_column_and_view():
    text = render()
    for table, model in TABLES.items():
        assert f"### `{table}` (table)" in text
        for name, sql_type, description in columns_of(model):
            assert f"| `{name}` | " in text and description.replace("<", "&lt;").replace(">", "&gt;") in text
    for doc in view_docs():
        assert f"### `{doc.name}` (view)" in text


def test_every_published_table_view_and_column_has_a_comment(seed_db):
    assert missing_comments(seed_db) == []
    commented_view_columns = seed_db.execute("""
        SELECT count(*) FROM duckdb_columns() c JOIN duckdb_views() v
          ON v.schema_name = c.schema_name AND v.view_name = c.table_name
        WHERE c.schema_name = 'marts' AND c.comment <> ''""").fetchone()[0]
    assert commented_view_columns == sum(len(doc.columns) for doc in view_docs())


def test_an_uncommented_column_is_reported_by_name():
    con = catalog_database()
    con.execute("CREATE VIEW marts.undocumented AS SELECT 1 AS answer")
    con.execute("ALTER TABLE core.documents ADD COLUMN scratch INTEGER")
    assert missing_comments(con) == ["core.documents.scratch", "marts.undocumented", "marts.undocumented.answer"]


def test_each_view_documents_exactly_its_columns():
    con = catalog_database()
    for doc in view_docs():
        schema, view = doc.name.split(".")
        actual = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, view]).fetchall()]
        assert list(doc.columns) == actual, f"{doc.source.name}: documented columns differ from the SELECT"
        assert doc.description, f"{doc.source.name} has no description"


def test_view_doc_parser_reads_prose_and_columns(tmp_path):
    sql = tmp_path / "v.sql"
    sql.write_text("-- Counts things.\n-- Two lines.\n--\n-- Columns:\n-- column n: How many.\n"
                   "CREATE OR REPLACE VIEW marts.v AS SELECT 1 AS n\n")
    doc = parse_view_doc(sql)
    assert (doc.name, doc.description, doc.columns) == ("marts.v", "Counts things. Two lines.", {"n": "How many."})
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute(sql.read_text())
    assert con.execute("SELECT count(*) FROM marts.v").fetchone()[0] == 1
