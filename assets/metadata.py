"""Metadata every table asset reports to the Dagster UI: row count, schema, preview."""

import base64

import pandas as pd
import dagster as dg
import pandera.pandas as pa

from storage.parts import PartsWriter
from assets.schemas import columns_of

PREVIEW_ROWS = 5
PREVIEW_WIDTH = 80


def _short(value: object) -> object:
    if isinstance(value, str):
        flat = " ".join(value.split())
        return flat if len(flat) <= PREVIEW_WIDTH else flat[: PREVIEW_WIDTH - 1] + "…"
    return value


def table_metadata(df: pd.DataFrame, model: type[pa.DataFrameModel], n_rejected: int = 0,
                   n_rows: int | None = None) -> dict:
    """Row count, column schema with descriptions, a Markdown preview and refused rows.
    `df` may be only the first rows of a table written in parts; `n_rows` then counts all."""
    schema = dg.TableSchema(columns=[
        dg.TableColumn(name, type=sql_type, description=description)
        for name, sql_type, description in columns_of(model)])
    preview = df.head(PREVIEW_ROWS).apply(lambda col: col.map(_short)) if len(df) else df
    return {
        "dagster/row_count": dg.MetadataValue.int(len(df) if n_rows is None else n_rows),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if len(df) else "_empty_"),
        "rows_rejected": dg.MetadataValue.int(n_rejected),
    }


def image_metadata(png: bytes, alt: str) -> dg.MetadataValue:
    """A PNG shown inline in the Dagster UI: Markdown with the image as a data URI (the UI
    has no image metadata type, and a data URI keeps the picture inside the event log)."""
    encoded = base64.b64encode(png).decode("ascii")
    return dg.MetadataValue.md(f"![{alt}](data:image/png;base64,{encoded})")


def parted_metadata(writer: PartsWriter, model: type[pa.DataFrameModel], drop: tuple[str, ...] = ()) -> dict:
    """table_metadata of a table written in parts: all its rows counted, the first previewed."""
    first = writer.first if writer.first is not None else pd.DataFrame(columns=writer.columns)
    return table_metadata(first.drop(columns=list(drop)), model, writer.n_rejected, writer.n_rows)
