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
