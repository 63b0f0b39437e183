"""Reading cells back from pandas: a missing value may come as None, NaN, NaT or pd.NA,
depending on the column's dtype and where the rows came from (a fresh extraction or the
store)."""

from datetime import date

import pandas as pd


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def day_or_none(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def timestamp_or_none(value: object) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)
