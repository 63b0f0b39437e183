"""The operator's pictures: drawn from the published warehouse, shown in the UI's metadata."""

import base64

from assets.charts import draw, events_per_year, top_entities
from assets.metadata import image_metadata

PNG = b"\x89PNG\r\n\x1a\n"


def test_events_per_year_counts_every_dated_happening(seed_db):
    per_year = events_per_year(seed_db)
    total = seed_db.execute("SELECT count(*) FROM marts.timeline").fetchone()[0]
    assert int(per_year.to_numpy().sum()) == total > 0
    assert 2020 in per_year.index and "exercise" in per_year.columns
    # the chart's own query gives the view's year and type of every happening
    by_view = seed_db.execute("""SELECT year(date_start) AS year, event_type, count(*) AS n FROM marts.timeline
                                 GROUP BY ALL ORDER BY year, event_type""").fetchall()
    by_chart = [(year, event_type, int(n)) for year, row in per_year.iterrows() for event_type, n in row.items() if n]
    assert sorted(by_chart) == sorted(by_view)


def test_top_entities_are_the_most_mentioned(seed_db):
    top = top_entities(seed_db, limit=5)
    assert len(top) == 5 and list(top["n_mentions"]) == sorted(top["n_mentions"], reverse=True)


def test_pictures_are_pngs_and_show_inline(seed_warehouse):
    pictures = draw(seed_warehouse)
    assert set(pictures) == {"timeline.png", "top-entities.png"}
    for png in pictures.values():
        assert png.startswith(PNG) and len(png) > 5_000
    markdown = image_metadata(pictures["timeline.png"], "timeline").value
    assert markdown.startswith("![timeline](data:image/png;base64,")
    assert base64.b64decode(markdown.split(",", 1)[1].rstrip(")")).startswith(PNG)


def test_draw_charts_job_puts_both_pictures_in_the_metadata(seed_warehouse):
    import dagster as dg

    from assets.resources import WarehousePaths
    from pipelines.definitions import build_definitions

    defs = build_definitions(WarehousePaths(raw_dir=str(seed_warehouse.parent), warehouse_dir=str(seed_warehouse.parent)))
    result = defs.resolve_job_def("draw_charts").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    (materialization,) = result.asset_materializations_for_node("charts")
    for key in ["timeline", "top_entities"]:
        assert materialization.metadata[key].value.startswith("![")


def test_refresh_draws_the_charts_and_scores_quality_after_publish():
    import dagster as dg

    from pipelines import defs

    job = defs.resolve_job_def("refresh_warehouse")
    refresh = job.asset_layer.selected_asset_keys
    assert {dg.AssetKey(["warehouse"]), dg.AssetKey(["charts"]), dg.AssetKey(["quality"])} <= refresh
    graph = defs.resolve_asset_graph()
    for key in (["charts"], ["quality"]):
        assert dg.AssetKey(["warehouse"]) in graph.get(dg.AssetKey(key)).parent_keys
    assert defs.resolve_job_def("draw_charts").asset_layer.selected_asset_keys == {dg.AssetKey(["charts"])}


def test_seed_refresh_materialised_the_charts(seed_run):
    result, _ = seed_run
    (materialization,) = result.asset_materializations_for_node("charts")
    assert materialization.metadata["drawn"].value is True
    assert materialization.metadata["timeline"].value.startswith("![")


def test_a_chart_that_cannot_be_drawn_warns_and_never_fails(tmp_path):
    import dagster as dg

    from assets.charts import charts
    from assets.resources import WarehousePaths

    (tmp_path / "warehouse.duckdb").write_bytes(b"not a DuckDB file")
    result = dg.materialize([charts], resources={"paths": WarehousePaths(raw_dir=str(tmp_path),
                                                                         warehouse_dir=str(tmp_path))})
    assert result.success
    (materialization,) = result.asset_materializations_for_node("charts")
    assert materialization.metadata["drawn"].value is False
    assert "error" in materialization.metadata and "timeline" not in materialization.metadata
