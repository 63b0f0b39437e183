"""Quality on the dashboard: every refresh scores itself against the shipped corpus's gold,
keeps the figures per run in audit.quality, and the check turns WARN the day a change to
the text rules makes a table worse."""

import json
import shutil
from datetime import datetime

import dagster as dg
import duckdb
import pandas as pd
import pytest

from assets.quality import COLUMNS, QualityGold, compared, quality, quality_holds, verdict
from assets.resources import WarehousePaths
from evaluation.scope import cut_gold, gold_file_names
from tests.helpers import RAW, run_pipeline
from textmine.entities import gazetteer

ONE_FILE = "004_efd0c74b005f1966.txt"  # a short article: its gold names about forty entities
REMOVED = "Russia"  # without this gazetteer entry, this article loses entities the gold expects


def _check(result: dg.ExecuteInProcessResult) -> dg.AssetCheckEvaluation:
    (evaluation,) = [e.event_specific_data for e in result.all_events
                     if e.event_type_value == "ASSET_CHECK_EVALUATION" and e.event_specific_data.check_name == "quality_holds"]
    return evaluation


@pytest.fixture(scope="module")
def two_refreshes(tmp_path_factory):
    """One refresh of one shipped file, then a second after a deliberate regression: the
    gazetteer without one entry (the extraction store is dropped, since the data files
    it is keyed on did not change)."""
    base = tmp_path_factory.mktemp("quality")
    raw, warehouse = base / "raw", base / "warehouse"
    raw.mkdir()
    shutil.copy(RAW / ONE_FILE, raw / ONE_FILE)
    instance = dg.DagsterInstance.ephemeral()
    first = run_pipeline(raw, warehouse, instance=instance)
    assert first.success
    entries = gazetteer._entries
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gazetteer, "_entries", lambda: [e for e in entries() if e[0].name != REMOVED])
        gazetteer.load_gazetteer.cache_clear()
        shutil.rmtree(warehouse / ".cache")
        second = run_pipeline(raw, warehouse, instance=instance)
    gazetteer.load_gazetteer.cache_clear()
    shutil.rmtree(warehouse / ".cache")  # nothing extracted without the entry is reused
    assert second.success
    return first, second, warehouse / "warehouse.duckdb", instance


def test_first_refresh_scores_itself_and_the_check_passes(two_refreshes):
    first, *_ = two_refreshes
    (materialization,) = first.asset_materializations_for_node("quality")
    assert materialization.metadata["status"].value == "scored against seeds (1 files)"
    assert 0.8 < materialization.metadata["seeds.entities.f1"].value <= 1
    assert materialization.metadata["seeds.provenance.ok"].value == 1.0
    assert materialization.metadata["over_runs_seeds"].value.startswith("![Quality over runs (seeds)](data:image/png")
    evaluation = _check(first)
    assert evaluation.passed, evaluation.metadata


def test_removing_one_gazetteer_entry_turns_the_check_to_warn(two_refreshes):
    _, second, *_ = two_refreshes
    evaluation = _check(second)
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    drops = evaluation.metadata["drops"].value
    assert any(d.startswith("seeds: entities.f1 ") for d in drops), drops
    assert evaluation.metadata["failures"].value == []


def test_the_refresh_summary_shows_the_drop_and_the_warning(two_refreshes):
    from pipelines.run_summary import RunFacts, summary_lines

    _, second, published, instance = two_refreshes
    facts = RunFacts.of_run(instance, second.run_id, True, 2.0)
    assert facts.check == "warn" and facts.charts == "drawn"
    lines = summary_lines(facts, published)
    (figures,) = [line for line in lines if line.startswith("Quality vs gold 'seeds' (1 files): F1 ")]
    entities = figures.split("entities ", 1)[1].split(",")[0]  # e.g. "0.900 (-0.049)"
    assert float(entities.split(" (")[1].rstrip(")")) < -0.02
    (verdict_line,) = [line for line in lines if line.startswith("Quality check: ")]
    assert verdict_line.startswith("Quality check: WARN: seeds: entities.") and "entities.f1 0." in verdict_line


def test_audit_quality_keeps_every_run_and_the_published_state_is_consistent(two_refreshes):
    first, second, published, _ = two_refreshes
    with duckdb.connect(str(published), read_only=True) as con:
        runs = con.execute("SELECT run_id, count(*), count(DISTINCT (table_name, metric)) FROM audit.quality "
                           "GROUP BY run_id ORDER BY min(scored_at)").fetchall()
        assert [r[0] for r in runs] == [first.run_id, second.run_id]
        assert all(n == distinct > 10 for _, n, distinct in runs)  # one row per run, table and metric
        (counts,) = con.execute("SELECT rows_per_table FROM audit.runs ORDER BY finished_at DESC LIMIT 1").fetchone()
        assert json.loads(counts)["audit.quality"] == sum(n for _, n, _ in runs)
        before, after = (con.execute("SELECT value FROM audit.quality WHERE run_id = ? AND table_name = 'entities' "
                                     "AND metric = 'f1'", [r]).fetchone()[0] for r in (first.run_id, second.run_id))
    assert after < before - 0.02


def test_without_a_gold_folder_the_asset_says_so_and_passes(two_refreshes, tmp_path):
    _, _, published, _ = two_refreshes
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    shutil.copy(published, warehouse / "warehouse.duckdb")
    result = dg.materialize([quality, quality_holds], resources={
        "paths": WarehousePaths(raw_dir=str(tmp_path), warehouse_dir=str(warehouse)),
        "quality_gold": QualityGold(gold_dirs=[])})
    assert result.success
    (materialization,) = result.asset_materializations_for_node("quality")
    assert materialization.metadata["status"].value.startswith("no gold folder configured")
    assert _check(result).passed


def test_a_gold_folder_that_cannot_be_read_warns_and_never_fails_the_refresh(two_refreshes, tmp_path):
    _, _, published, _ = two_refreshes
    warehouse, gold = tmp_path / "warehouse", tmp_path / "gold"
    warehouse.mkdir()
    gold.mkdir()
    shutil.copy(published, warehouse / "warehouse.duckdb")
    (gold / "documents.csv").write_text(f"file,ordinal\n{ONE_FILE},1\n")  # columns the scorers need are missing
    result = dg.materialize([quality, quality_holds], resources={
        "paths": WarehousePaths(raw_dir=str(tmp_path), warehouse_dir=str(warehouse)),
        "quality_gold": QualityGold(gold_dirs=[str(gold)])})
    assert result.success
    (materialization,) = result.asset_materializations_for_node("quality")
    assert materialization.metadata["status"].value.startswith("not measured: KeyError")
    evaluation = _check(result)
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN


def test_an_unreadable_warehouse_is_a_warning_of_asset_and_check_not_a_failed_refresh(tmp_path):
    (tmp_path / "warehouse.duckdb").write_bytes(b"not a DuckDB file")
    result = dg.materialize([quality, quality_holds], resources={
        "paths": WarehousePaths(raw_dir=str(tmp_path), warehouse_dir=str(tmp_path)), "quality_gold": QualityGold()})
    assert result.success
    (materialization,) = result.asset_materializations_for_node("quality")
    assert materialization.metadata["status"].value.startswith("not measured: ")
    evaluation = _check(result)
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["status"].value.startswith("could not judge: ")


def _figures(run: str, hour: int, values: dict[tuple[str, str], float]) -> list[dict]:
    return [dict(run_id=run, scored_at=datetime(2026, 1, 1, hour), gold="g", gold_files=1, scope="s",
                 table_name=t, metric=m, value=v, detail=None) for (t, m), v in values.items()]


def test_verdict_warns_past_the_tolerance_and_fails_on_invented_dates_or_provenance():
    base = {("entities", "f1"): 0.90, ("events", "invented_dates"): 0.0, ("provenance", "ok"): 1.0}
    small = {**base, ("entities", "f1"): 0.885}
    large = {**base, ("entities", "f1"): 0.875}
    invented = {**base, ("events", "invented_dates"): 2.0}
    broken = {**base, ("provenance", "ok"): 0.999}
    split = {**base, ("happenings", "rows_per_happening"): 1.5}  # lower is better: a rise is worse
    merged = {**base, ("happenings", "rows_per_happening"): 1.0}
    base = {**base, ("happenings", "rows_per_happening"): 1.2}
    for values, expected in [(small, ([], [])), (large, ([], ["g: entities.f1 0.900 -> 0.875"])),
                             (split, ([], ["g: happenings.rows_per_happening 1.200 -> 1.500"])), (merged, ([], [])),
                             (invented, (["g: events.invented_dates = 2 (None)"], [])),
                             (broken, (["g: provenance.ok = 0.999 (None)"], []))]:
        figures = pd.DataFrame(_figures("a", 1, base) + _figures("b", 2, values), columns=COLUMNS)
        assert verdict(compared(figures, "b")) == expected


def test_runs_on_other_files_are_not_compared():
    figures = pd.DataFrame(_figures("a", 1, {("entities", "f1"): 0.9}) + _figures("b", 2, {("entities", "f1"): 0.5}),
                           columns=COLUMNS)
    figures.loc[figures["run_id"] == "b", "scope"] = "other files"
    assert compared(figures, "b")["previous"].isna().all()


def test_gold_is_cut_to_the_files_the_warehouse_holds(tmp_path):
    from assets.quality import DEFAULT_GOLD

    cut_gold(DEFAULT_GOLD, {ONE_FILE}, tmp_path)
    assert gold_file_names(tmp_path) == {ONE_FILE}
    entities = pd.read_csv(tmp_path / "entities.csv")
    assert len(entities) and entities["files"].str.contains(ONE_FILE).all()
    positions = pd.read_csv(tmp_path / "positions.csv")
    assert len(positions) and (positions["file"] == ONE_FILE).all()
    # events.csv is referenced by row number (happenings): whole, its scorer keeps to documents.csv
    assert (tmp_path / "events.csv").read_bytes() == (DEFAULT_GOLD / "events.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in DEFAULT_GOLD.glob("*.csv"))
