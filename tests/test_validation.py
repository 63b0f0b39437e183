"""Pandera refuses bad rows into audit records; good rows go on; nothing is lost."""

import json

import duckdb
import pandas as pd

from assets.publish import write_warehouse
from assets.schemas import Documents
from assets.validation import validate


def _doc(**overrides) -> dict:
    row = dict(doc_id="d_0123456789abcdef", file_id="f_0123456789abcdef", ordinal=1, title="CSTO summit",
               published_on=pd.Timestamp("2020-05-15"), published_precision="day", outlet=None, author=None,
               genre="news", char_start=0, char_end=40, n_words=7, text="x" * 40, _file_n_chars=100)
    row.update(overrides)
    return row


def test_bad_rows_go_to_audit_with_the_failed_checks_and_good_rows_stay():
    df = pd.DataFrame([
        _doc(),
        _doc(doc_id="d_1111111111111111", ordinal=2, genre="gossip"),
        _doc(doc_id="d_2222222222222222", ordinal=3, published_on=pd.Timestamp("1850-01-01")),
        _doc(doc_id="d_3333333333333333", ordinal=4, char_start=90, char_end=140),
        _doc(doc_id="d_4444444444444444", ordinal=5, published_on=pd.NaT),
    ])
    result = validate(df, Documents, "core.documents", "run-1")
    assert list(result.table["doc_id"]) == ["d_0123456789abcdef"]
    assert "_file_n_chars" not in result.table
    refused = result.rejected.set_index("doc_id")
    assert "isin" in refused.loc["d_1111111111111111", "check_name"]
    assert "published_on" in refused.loc["d_2222222222222222", "check_name"]
    assert "offsets_inside_file" in refused.loc["d_3333333333333333", "check_name"]
    assert "precision_with_date" in refused.loc["d_4444444444444444", "check_name"]
    assert json.loads(refused.loc["d_1111111111111111", "row_json"])["genre"] == "gossip"
    assert set(result.rejected["run_id"]) == {"run-1"} and set(result.rejected["table_name"]) == {"core.documents"}


def test_duplicate_keys_are_all_refused_rather_than_one_picked_silently():
    df = pd.DataFrame([_doc(), _doc(ordinal=2)])
    result = validate(df, Documents, "core.documents", "run-1")
    assert result.table.empty and len(result.rejected) == 2


def test_refused_rows_are_published_in_audit(tmp_path):
    df = pd.DataFrame([_doc(), _doc(doc_id="d_1111111111111111", ordinal=2, genre="gossip")])
    result = validate(df, Documents, "core.documents", "run-1")
    target = tmp_path / "w.duckdb"
    counts = write_warehouse(target, {"core.documents": result.table, "audit.rejected_rows": result.rejected})
    assert counts["core.documents"] == 1 and counts["audit.rejected_rows"] == 1
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select doc_id, published_on from core.documents").fetchall()[0][1].isoformat() == "2020-05-15"
        assert con.execute("select doc_id from audit.rejected_rows").fetchall() == [("d_1111111111111111",)]
