"""Full-text search over sentences works offline on the published file, read-only."""

import duckdb

from storage.search import FTS_SCHEMA, SEARCH_TABLE, extension_path, load_fts, search_sentences


def test_extension_ships_with_the_wheel():
    path = extension_path()
    assert path.is_file() and path.stat().st_size > 100_000


def test_search_table_covers_every_sentence_once(seed_db):
    n_sentences = seed_db.execute("SELECT count(*) FROM core.sentences").fetchone()[0]
    n_keys, n_distinct = seed_db.execute(
        f"SELECT count(*), count(DISTINCT sentence_key) FROM {SEARCH_TABLE}").fetchone()
    assert n_sentences > 100 and n_keys == n_distinct == n_sentences
    mismatched = seed_db.execute(f"""
        SELECT count(*) FROM {SEARCH_TABLE} x JOIN core.sentences s USING (doc_id, sentence_no)
        WHERE x.text <> s.text""").fetchone()[0]
    assert mismatched == 0


def test_interaction_exercises_are_found(seed_db):
    hits = search_sentences(seed_db, "Interaction", limit=50)
    assert hits, "no sentence matches 'Interaction'"
    assert any("Interaction-2020" in text for _, _, _, text in hits)
    assert all("interact" in text.lower() for _, _, _, text in hits)
    scores = [score for score, *_ in hits]
    assert scores == sorted(scores, reverse=True)


def test_words_absent_from_the_corpus_match_nothing(seed_db):
    assert search_sentences(seed_db, "xylophone") == []


def test_an_analyst_connection_needs_only_the_local_load(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        load_fts(con)
        (n,) = con.execute(f"""SELECT count(*) FROM (SELECT {FTS_SCHEMA}.match_bm25(sentence_key, 'exercises') AS s
                               FROM {SEARCH_TABLE}) WHERE s IS NOT NULL""").fetchone()
        assert n >= 5
        assert con.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone()[0] is False


def _sentences_db(rows: list[tuple[str, int, str]]) -> duckdb.DuckDBPyConnection:
    from storage.search import build_sentence_search

    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    con.execute("CREATE TABLE core.sentences (doc_id VARCHAR, sentence_no INTEGER, text VARCHAR)")
    con.executemany("INSERT INTO core.sentences VALUES (?, ?, ?)", rows)
    build_sentence_search(con)
    return con


def _index(con: duckdb.DuckDBPyConnection) -> dict[str, set]:
    """The index's content, whatever ids it gave sentences and terms."""
    return {
        "docs": set(con.execute(f"SELECT name, len FROM {FTS_SCHEMA}.docs").fetchall()),
        "dict": set(con.execute(f"SELECT term, df FROM {FTS_SCHEMA}.dict").fetchall()),
        "postings": set(con.execute(f"SELECT d.name, t.term, count(*) FROM {FTS_SCHEMA}.terms p JOIN "
                                    f"{FTS_SCHEMA}.docs d USING (docid) JOIN {FTS_SCHEMA}.dict t USING (termid) "
                                    "GROUP BY ALL").fetchall()),
        "stats": set(con.execute(f"SELECT num_docs, avgdl FROM {FTS_SCHEMA}.stats").fetchall()),
    }


def test_an_index_updated_in_place_equals_one_built_anew():
    """A delta publish updates the index instead of building it whole: the articles that
    leave take their sentences' postings, new ones come in tokenised as the index does, and
    the index then holds exactly what building it anew gives (so every BM25 score is the same)."""
    from storage.search import update_sentence_search

    before = [("d1", 0, "The CSTO held exercises in Tajikistan."), ("d1", 1, "Troops of six states took part."),
              ("d2", 0, "Ministers met in Minsk to discuss border security."),
              ("d3", 0, "The treaty was signed in Tashkent in 1992; Armenia signed it.")]
    after = [r for r in before if r[0] != "d2"] + [
        ("d4", 0, "Border guards of Kyrgyzstan and Tajikistan exchanged fire."),
        ("d4", 1, "The secretary general called for calm: exercises were postponed."),
        ("d4", 2, "Élan and naïveté: accents are stripped.")]
    updated = _sentences_db(before)
    updated.execute("CREATE TABLE gone (doc_id VARCHAR)")
    updated.execute("INSERT INTO gone VALUES ('d2')")
    updated.execute("CREATE TABLE incoming (doc_id VARCHAR, sentence_no INTEGER, text VARCHAR)")
    updated.executemany("INSERT INTO incoming VALUES (?, ?, ?)", [r for r in after if r[0] == "d4"])
    update_sentence_search(updated, "gone", "incoming")
    anew = _sentences_db(after)
    assert _index(updated) == _index(anew)
    assert ("minist", 1) not in _index(updated)["dict"]  # the only sentence with it left
    for words in ("exercises", "border security", "Tajikistan", "elan"):
        assert search_sentences(updated, words) == search_sentences(anew, words)
    assert [text for *_, text in search_sentences(updated, "border")] == [after[-3][2]]
