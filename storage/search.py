"""Full-text search over sentences with DuckDB's `fts` extension.

The extension comes from the `duckdb-extension-fts` package (a wheel that carries the
binary for our pinned DuckDB), so neither a run nor an analyst ever downloads anything.
`fts` indexes a table by a single key column, and `core.sentences` is keyed by two
(`doc_id`, `sentence_no`), so the index lives on a small helper table,
`search.sentences`, whose `sentence_key` joins the pair into one value; the contract
tables stay exactly as they are.
"""

from pathlib import Path

import duckdb
import duckdb_extension_fts

SEARCH_TABLE = "search.sentences"
# PRAGMA create_fts_index names its schema fts_<schema>_<table>; match_bm25 lives there.
FTS_SCHEMA = "fts_search_sentences"

SEARCH_TABLE_DESCRIPTION = (
    "One row per sentence of core.sentences, keyed by a single column so that DuckDB's fts "
    f"index can cover it: {FTS_SCHEMA}.match_bm25(sentence_key, 'words') scores a sentence "
    "(NULL when it does not match). Load the fts extension first (see README).")
SEARCH_COLUMNS: list[tuple[str, str, str]] = [
    ("sentence_key", "VARCHAR", "doc_id and sentence_no joined by ':'; the key of the fts index."),
    ("doc_id", "VARCHAR", "The article (core.documents.doc_id)."),
    ("sentence_no", "INTEGER", "The sentence (core.sentences.sentence_no)."),
    ("text", "VARCHAR", "The sentence exactly as in core.sentences.text."),
]


def extension_path() -> Path:
    """The fts binary shipped by the wheel for the DuckDB version in use."""
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(f"duckdb-extension-fts has no binary for DuckDB {duckdb.__version__} at {path}")
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts from the installed wheel; never let DuckDB fetch an extension instead."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute(f"LOAD '{extension_path()}'")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_SEARCH_ROWS = "SELECT CAST(doc_id || ':' || sentence_no AS VARCHAR) AS sentence_key, doc_id, sentence_no, text"


def build_sentence_search(con: duckdb.DuckDBPyConnection) -> None:
    """Fill search.sentences from core.sentences and build its BM25 index, with comments."""
    load_fts(con)
    con.execute("CREATE SCHEMA IF NOT EXISTS search")
    # in core.sentences' own order (the order its parts were written), not sorted: sorting a
    # million sentences with their text under publish's memory cap ran out of it when the
    # same 10,000 files came in 80 parts instead of 40; search results are ordered by score,
    # then doc_id and sentence_no, whatever the table's order
    con.execute(f"CREATE TABLE {SEARCH_TABLE} AS {_SEARCH_ROWS} FROM core.sentences")
    con.execute(f"COMMENT ON TABLE {SEARCH_TABLE} IS {_literal(SEARCH_TABLE_DESCRIPTION)}")
    for name, _, description in SEARCH_COLUMNS:
        con.execute(f"COMMENT ON COLUMN {SEARCH_TABLE}.{name} IS {_literal(description)}")
    index_sentence_search(con)


def update_sentence_search(con: duckdb.DuckDBPyConnection, gone_docs: str, new_sentences: str) -> None:
    """search.sentences and its index after a delta: the sentences of the articles in table
    `gone_docs` (doc_id) out, those of relation `new_sentences` in.

    DuckDB's fts builds an index whole (PRAGMA create_fts_index has no update), which
    takes about 15 s for a million sentences. The index is four tables, though, and what
    BM25 reads of them is additive: each sentence's length and terms, each term's
    document frequency, and the number and mean length of the sentences. So the sentences
    that leave take their rows and counts with them, the new ones are tokenised with the
    index's own `tokenize` macro, stop words and stemmer, and the statistics are counted
    again: the scores are those a rebuild gives (bench/soak.py compares them)."""
    load_fts(con)
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'terms'",
                       [FTS_SCHEMA]).fetchone()[0]:
        con.execute(f"DELETE FROM {SEARCH_TABLE} WHERE doc_id IN (SELECT doc_id FROM {gone_docs})")
        con.execute(f"INSERT INTO {SEARCH_TABLE} {_SEARCH_ROWS} FROM {new_sentences}")
        index_sentence_search(con)
        return
    fts = FTS_SCHEMA
    con.execute(f"""CREATE OR REPLACE TEMP TABLE fts_gone AS SELECT docid FROM {fts}.docs WHERE name IN (
        SELECT sentence_key FROM {SEARCH_TABLE} WHERE doc_id IN (SELECT doc_id FROM {gone_docs}))""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE fts_gone_terms AS SELECT termid, count(DISTINCT docid) AS n
        FROM {fts}.terms WHERE docid IN (SELECT docid FROM fts_gone) GROUP BY termid""")
    con.execute(f"DELETE FROM {fts}.terms WHERE docid IN (SELECT docid FROM fts_gone)")
    con.execute(f"DELETE FROM {fts}.docs WHERE docid IN (SELECT docid FROM fts_gone)")
    con.execute(f"UPDATE {fts}.dict SET df = df - g.n FROM fts_gone_terms g WHERE dict.termid = g.termid")
    con.execute(f"DELETE FROM {SEARCH_TABLE} WHERE doc_id IN (SELECT doc_id FROM {gone_docs})")

    con.execute(f"CREATE OR REPLACE TEMP TABLE fts_incoming AS {_SEARCH_ROWS} FROM {new_sentences}")
    con.execute(f"INSERT INTO {SEARCH_TABLE} SELECT * FROM fts_incoming")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE fts_new AS
        SELECT (SELECT coalesce(max(docid), -1) FROM {fts}.docs) + row_number() OVER (ORDER BY sentence_key) AS docid,
               sentence_key AS name, text FROM fts_incoming""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE fts_new_terms AS
        SELECT docid, stem(w, 'english') AS term FROM (SELECT docid, unnest({fts}.tokenize(text)) AS w FROM fts_new)
        WHERE w IS NOT NULL AND len(w) > 0 AND w NOT IN (SELECT sw FROM {fts}.stopwords)""")
    con.execute(f"""INSERT INTO {fts}.dict (termid, term, df)
        SELECT (SELECT coalesce(max(termid), -1) FROM {fts}.dict) + row_number() OVER (ORDER BY term), term, 0
        FROM (SELECT DISTINCT term FROM fts_new_terms WHERE term NOT IN (SELECT term FROM {fts}.dict))""")
    con.execute(f"""INSERT INTO {fts}.terms (docid, fieldid, termid)
        SELECT t.docid, (SELECT fieldid FROM {fts}.fields WHERE field = 'text'), d.termid
        FROM fts_new_terms t JOIN {fts}.dict d ON d.term = t.term""")
    con.execute(f"""UPDATE {fts}.dict SET df = df + a.n FROM (
        SELECT d.termid, count(DISTINCT t.docid) AS n FROM fts_new_terms t JOIN {fts}.dict d ON d.term = t.term
        GROUP BY d.termid) a WHERE dict.termid = a.termid""")
    con.execute(f"""INSERT INTO {fts}.docs (docid, name, len)
        SELECT n.docid, n.name, coalesce(c.len, 0) FROM fts_new n
        LEFT JOIN (SELECT docid, count(*) AS len FROM fts_new_terms GROUP BY docid) c ON c.docid = n.docid""")
    con.execute(f"DELETE FROM {fts}.dict WHERE df = 0")  # terms no sentence holds any more
    con.execute(f"DELETE FROM {fts}.stats")
    con.execute(f"INSERT INTO {fts}.stats SELECT count(docid), sum(len) / count(len) FROM {fts}.docs")


def index_sentence_search(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"PRAGMA create_fts_index({_literal(SEARCH_TABLE)}, 'sentence_key', 'text', "
                "stemmer = 'english', stopwords = 'english', lower = 1, strip_accents = 1, overwrite = 1)")
    comment_index_tables(con)


def comment_index_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The index's own tables (terms, postings, statistics) are part of the published file,
    so they carry comments too: every column an analyst can list is explained."""
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [FTS_SCHEMA]).fetchall()
    for (table,) in tables:
        con.execute(f"COMMENT ON TABLE {FTS_SCHEMA}.{table} IS "
                    f"{_literal(f'Internal table of the fts index on {SEARCH_TABLE}; query it through {FTS_SCHEMA}.match_bm25.')}")
        columns = con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?",
                              [FTS_SCHEMA, table]).fetchall()
        for (column,) in columns:
            con.execute(f'COMMENT ON COLUMN {FTS_SCHEMA}.{table}."{column}" IS '
                        f"{_literal('Maintained by the fts extension (PRAGMA create_fts_index); internal to the index.')}")


def search_sentences(con: duckdb.DuckDBPyConnection, words: str, limit: int = 20) -> list[tuple]:
    """(score, doc_id, sentence_no, text) of the best-matching sentences, best first."""
    load_fts(con)
    return con.execute(f"""
        SELECT score, doc_id, sentence_no, text FROM (
            SELECT *, {FTS_SCHEMA}.match_bm25(sentence_key, ?) AS score FROM {SEARCH_TABLE})
        WHERE score IS NOT NULL ORDER BY score DESC, doc_id, sentence_no LIMIT ?""", [words, limit]).fetchall()
