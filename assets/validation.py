"""Validate a table with its Pandera model, keeping the good rows and turning each refused
row into an audit record instead of failing the run."""

import json
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from assets.faults import crash_point
from assets.schemas import RejectedRows

REJECTED_COLUMNS = list(RejectedRows.to_schema().columns)


@dataclass
class Validated:
    """A table's rows that passed validation, and the audit rows of those that did not."""

    table: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def n_rejected(self) -> int:
        return len(self.rejected)


def empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})


def _json_row(row: pd.Series) -> str:
    values = {k: (None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else v)
              for k, v in row.items() if not str(k).startswith("_") and k != "content"}
    return json.dumps(values, default=str, ensure_ascii=False)


def validate(df: pd.DataFrame, model: type[pa.DataFrameModel], table_name: str, run_id: str) -> Validated:
    """Split `df` into rows the model accepts and audit rows for those it refuses.

    Columns whose names start with "_" help dataframe-level checks and are dropped from
    the result. A failure that concerns no particular row (a missing column, a wrong
    dtype for the whole table) is a defect of the pipeline, not of the input, and raises.
    """
    df = df.reset_index(drop=True)
    crash_point("validation")
    helper_columns = [c for c in df.columns if str(c).startswith("_")]
    try:
        checked = model.validate(df, lazy=True)
        return Validated(checked.drop(columns=helper_columns), empty_rejected())
    except SchemaErrors as errors:
        cases = errors.failure_cases
    row_level = cases[cases["index"].notna()]
    if len(row_level) < len(cases):
        table_level = cases[cases["index"].isna()]
        raise ValueError(f"{table_name}: table-level validation failure (pipeline defect):\n"
                         f"{table_level[['column', 'check', 'failure_case']].to_string()}")
    reasons: dict[int, list[str]] = {}
    for _, case in row_level.iterrows():
        label = f"{case['check']} on {case['column']}" if pd.notna(case["column"]) else str(case["check"])
        reasons.setdefault(int(case["index"]), [])
        if label not in reasons[int(case["index"])]:
            reasons[int(case["index"])].append(label)
    bad = sorted(reasons)
    rejected = pd.DataFrame({
        "table_name": table_name,
        "check_name": ["; ".join(reasons[i]) for i in bad],
        "row_json": [_json_row(df.loc[i]) for i in bad],
        "file_id": [df.loc[i].get("file_id") for i in bad],
        "doc_id": [df.loc[i].get("doc_id") for i in bad],
        "run_id": run_id,
    }, columns=REJECTED_COLUMNS)
    good = model.validate(df.drop(index=bad), lazy=True)
    return Validated(good.drop(columns=helper_columns).reset_index(drop=True), rejected)


def empty_validated(model: type[pa.DataFrameModel]) -> Validated:
    """A table with the model's columns and no rows (for extractions not written yet)."""
    columns = list(model.to_schema().columns)
    return Validated(pd.DataFrame({c: pd.Series(dtype="object") for c in columns}), empty_rejected())
