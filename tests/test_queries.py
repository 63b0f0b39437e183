"""Every example question in queries/ runs on the shipped corpus and returns rows."""

from pathlib import Path

import pytest

from storage.search import load_fts

QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.sql"))


def run(seed_db, path: Path) -> tuple[list[str], list[tuple]]:
    load_fts(seed_db)
    relation = seed_db.sql(path.read_text(encoding="utf-8"))
    return relation.columns, relation.fetchall()


def test_the_four_questions_of_the_issue_are_there():
    names = {p.stem for p in QUERIES}
    assert {"01_office_holders", "02_states_that_left", "03_what_happened_in_2020",
            "04_interaction_exercises"} <= names


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_has_a_question_and_returns_rows(seed_db, path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("-- ") and len(lines[0]) > 10, f"{path.name} must start with its question"
    _, rows = run(seed_db, path)
    assert rows, f"{path.name} returned no rows on the shipped corpus"


def by_name(columns: list[str], rows: list[tuple]) -> list[dict]:
    return [dict(zip(columns, row)) for row in rows]


def test_office_holders_name_the_csto_secretary_general(seed_db):
    rows = by_name(*run(seed_db, QUERIES[0]))
    assert any(r["person_name"] == "Stanislav Zas" and r["position"] == "Secretary General" for r in rows)


def test_states_that_left_include_uzbekistan_and_only_departures(seed_db):
    rows = by_name(*run(seed_db, next(p for p in QUERIES if p.stem == "02_states_that_left")))
    assert {r["action"] for r in rows} <= {"withdrew", "suspended"}
    assert {"UZB", "GEO", "AZE"} <= {r["country_code"] for r in rows}


def test_2020_happenings_are_all_in_2020(seed_db):
    rows = by_name(*run(seed_db, next(p for p in QUERIES if p.stem == "03_what_happened_in_2020")))
    assert all(r["date_start"].year <= 2020 <= r["date_end"].year for r in rows)


def test_interaction_sentences_are_exact_characters_of_their_files(seed_db):
    rows = by_name(*run(seed_db, next(p for p in QUERIES if p.stem == "04_interaction_exercises")))
    assert all(r["provenance_ok"] and "Interaction" in r["text"] for r in rows)
