"""Pictures of the published warehouse for the operator: events per year by type (the
timeline) and the most mentioned entities, as PNG images in the Dagster UI's metadata.

They are drawn from the published file (read-only, like any analyst) after it is
swapped in, in the same refresh run, so they show exactly what analysts see; a picture
that cannot be drawn is a warning in the log and the metadata, never a failed refresh. `python -m assets.charts DIR` writes
the same pictures as files (the README's tour uses them).
"""

import io
import sys
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import pandas as pd

from assets.metadata import image_metadata
from assets.resources import WarehousePaths
from assets.reuse import reused_while_published_tables_unchanged
from storage.warehouse_file import open_read_only

TOP_ENTITIES = 15


# marts.timeline's year and type of each happening, without the view's other columns: its
# lists of names, texts and documents need more than the charts' memory cap (DuckDB ran out
# of its 64 MB at 10,000 files, and the chart was never drawn); this needs a few MB. The
# date is the view's (its finest reports, the one most of them give, then the earliest) and
# so is the type (the most frequent, the first in order on a tie); tests/test_charts.py
# checks that both count the same.
EVENTS_PER_YEAR = """
WITH reports AS (
    SELECT happening_id, event_type, date_start, date_end, date_precision,
           CASE date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 ELSE 2 END AS precision_rank
    FROM core.events WHERE date_start IS NOT NULL
),
finest AS (
    SELECT happening_id, date_start,
           row_number() OVER (PARTITION BY happening_id ORDER BY count(*) DESC, date_start, date_end) AS pick
    FROM reports r
    WHERE precision_rank = (SELECT min(x.precision_rank) FROM reports x WHERE x.happening_id = r.happening_id)
    GROUP BY happening_id, date_start, date_end, date_precision
),
types AS (SELECT happening_id, mode(event_type ORDER BY event_type) AS event_type FROM reports GROUP BY happening_id)
SELECT year(f.date_start) AS year, t.event_type, count(*) AS n
FROM finest f JOIN types t USING (happening_id)
WHERE f.pick = 1
GROUP BY ALL ORDER BY year, event_type"""


def events_per_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Distinct dated happenings (marts.timeline) per year and type: year × type counts."""
    df = con.execute(EVENTS_PER_YEAR).df()
    if df.empty:
        return df
    return df.pivot(index="year", columns="event_type", values="n").fillna(0).astype(int)


def top_entities(con: duckdb.DuckDBPyConnection, limit: int = TOP_ENTITIES) -> pd.DataFrame:
    """The entities of marts.entity_profile with the most mentions (its n_mentions), counted
    from core.mentions directly: the view also pairs every two mentions of a sentence for
    its co-occurrences, which the picture does not show and which costs memory."""
    return con.execute("""SELECT e.name, e.entity_type, count(*) AS n_mentions
                          FROM core.mentions m JOIN core.entities e USING (entity_id)
                          GROUP BY e.entity_id, e.name, e.entity_type
                          ORDER BY n_mentions DESC, e.name LIMIT ?""", [limit]).df()


def png_bytes(figure) -> bytes:
    """A matplotlib figure as PNG bytes (also used by the quality asset's chart)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def timeline_png(per_year: pd.DataFrame) -> bytes:
    """A stacked bar per year, one colour per event type."""
    import matplotlib
    matplotlib.use("Agg")  # files only: no display on servers and in CI
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4.5))
    ax = figure.subplots()
    if per_year.empty:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center")
    else:
        # one bar per year and type that has happenings: at 10,000 files, 439 of 2,000 (125
        # years by 16 types), and drawing the empty ones took 1.1 s of the 1.6 s the step took
        at = np.arange(len(per_year))
        bottom = np.zeros(len(per_year))
        colours = matplotlib.colormaps["tab20"]
        for i, event_type in enumerate(per_year.columns):
            heights = per_year[event_type].to_numpy()
            some = heights > 0
            ax.bar(at[some], heights[some], bottom=bottom[some], label=event_type, color=colours(i % 20))
            bottom = bottom + heights
        ax.set_xticks(at, labels=per_year.index.astype(str))
        ax.set_xlim(-0.5, len(per_year) - 0.5)
        ax.legend(fontsize=7, ncols=2, loc="upper left", frameon=False)
        ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.set_title("Happenings per year by type (marts.timeline)")
    ax.set_ylabel("distinct happenings")
    return png_bytes(figure)


def top_entities_png(entities: pd.DataFrame) -> bytes:
    """Horizontal bars: the most mentioned entities, most mentioned on top."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 0.35 * max(len(entities), 3) + 1))
    ax = figure.subplots()
    labels = [f"{n} ({t.lower()})" for n, t in zip(entities["name"], entities["entity_type"])]
    ax.barh(labels[::-1], entities["n_mentions"][::-1], color="#4f43dd")
    ax.set_title("Most mentioned entities (marts.entity_profile)")
    ax.set_xlabel("mentions")
    ax.tick_params(axis="y", labelsize=8)
    return png_bytes(figure)


def draw(published: Path) -> dict[str, bytes]:
    """{file name: PNG} of both pictures, drawn from the published warehouse."""
    with open_read_only(published) as con:
        return {"timeline.png": timeline_png(events_per_year(con)),
                "top-entities.png": top_entities_png(top_entities(con))}


@dg.asset(
    key=["charts"],
    group_name="publish",
    deps=[dg.AssetKey(["warehouse"])],
    kinds={"duckdb"},
    description="Pictures of the published warehouse: happenings per year by type and the most mentioned "
                "entities, drawn read-only from warehouse.duckdb as analysts see it.",
)
@reused_while_published_tables_unchanged
def charts(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    try:
        pictures = draw(paths.published_file)
    except Exception as error:  # a picture is never worth a failed refresh: say so and carry on
        context.log.warning(f"charts not drawn from {paths.published_file}: {type(error).__name__}: {error}")
        return dg.MaterializeResult(metadata={"drawn": False, "error": f"{type(error).__name__}: {error}"})
    context.log.info(f"drew {', '.join(pictures)} from {paths.published_file}")
    return dg.MaterializeResult(metadata={
        "drawn": True,
        "timeline": image_metadata(pictures["timeline.png"], "Happenings per year by type"),
        "top_entities": image_metadata(pictures["top-entities.png"], "Most mentioned entities"),
    })


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m assets.charts WAREHOUSE_FILE OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, png in draw(Path(argv[0])).items():
        (out / name).write_bytes(png)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
