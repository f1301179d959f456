"""Ground truth for a scenario: read the table as a scientist would with Dask, and with Iceberg.

The Hive view is ``dd.read_parquet(<data root>, dataset={"partitioning": "hive"})``; the Iceberg
view is a pyiceberg (or Spark) scan of the same snapshot. Both are projected onto the Iceberg
schema's columns (a directory-derived column such as ``ts_day`` is extra, not a difference) and
compared as multisets of rows. Integer widths count: a column Iceberg types ``long`` that Dask
reads as int32 is a difference, because arithmetic on it overflows differently.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa


@dataclass(frozen=True)
class Comparison:
    match: bool
    reason: str


def read_hive_view(data_root: str, storage_options: dict | None = None) -> pd.DataFrame:
    import dask.dataframe as dd

    kwargs = {"dataset": {"partitioning": "hive"}}
    if storage_options:
        kwargs["storage_options"] = storage_options
    return dd.read_parquet(data_root, **kwargs).compute()


def compare_views(
    iceberg: pa.Table, data_root: str, storage_options: dict | None = None
) -> Comparison:
    """Whether Dask's rows equal the Iceberg rows (as multisets, typed); `reason` says why not."""
    try:
        hive = read_hive_view(data_root, storage_options)
    except Exception as error:  # noqa: BLE001 - any failure of Dask's read is a difference
        return Comparison(
            False,
            f"Dask cannot read the tree: {type(error).__name__}: {str(error).splitlines()[-1][:200]}",
        )
    columns = iceberg.column_names
    missing = [c for c in columns if c not in hive.columns]
    if missing:
        return Comparison(False, f"Dask has no column(s) {missing}")
    for name in columns:
        field = iceberg.schema.field(name)
        if pa.types.is_integer(field.type):
            dask_type = hive[name].dtype
            width = getattr(dask_type, "itemsize", None) or getattr(
                getattr(dask_type, "numpy_dtype", None), "itemsize", None
            )
            if width is not None and width != field.type.bit_width // 8:
                return Comparison(
                    False, f"column {name}: Iceberg {field.type}, Dask {dask_type}"
                )
    iceberg_rows = Counter(_rows(iceberg.to_pandas(), columns))
    hive_rows = Counter(_rows(hive, columns))
    if iceberg_rows == hive_rows:
        return Comparison(True, f"{sum(hive_rows.values())} rows match")
    only_dask = sum((hive_rows - iceberg_rows).values())
    only_iceberg = sum((iceberg_rows - hive_rows).values())
    return Comparison(
        False, f"{only_dask} row(s) only in Dask, {only_iceberg} only in Iceberg"
    )


def _rows(frame: pd.DataFrame, columns: list[str]):
    values = [frame[c].astype(object).tolist() for c in columns]
    return [tuple(_normalise(v) for v in row) for row in zip(*values)]


def _normalise(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return (
            value.tz_convert(None).to_pydatetime()
            if value.tzinfo
            else value.to_pydatetime()
        )
    if isinstance(value, dt.datetime):
        return (
            value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            if value.tzinfo
            else value
        )
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value
