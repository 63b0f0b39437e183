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


def test_refresh_leaves_the_charts_to_their_own_job():
    import dagster as dg

    from pipelines import defs

    refresh = defs.resolve_job_def("refresh_warehouse").asset_layer.selected_asset_keys
    assert dg.AssetKey(["warehouse"]) in refresh and dg.AssetKey(["charts"]) not in refresh
    assert defs.resolve_job_def("draw_charts").asset_layer.selected_asset_keys == {dg.AssetKey(["charts"])}


def test_sensor_asks_for_charts_once_per_publish():
    import dagster as dg

    from pipelines.sensors import charts_after_publish

    instance = dg.DagsterInstance.ephemeral()
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key="warehouse"))
    context = dg.build_sensor_context(instance=instance)
    requests = list(charts_after_publish(context))
    assert len(requests) == 1 and requests[0].run_key.startswith("warehouse-")
    (skip,) = charts_after_publish(dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral()))
    assert isinstance(skip, dg.SkipReason)
