"""Ground truth for a scenario: read the table as a scientist would with Dask, and with Iceberg.

The Hive view is ``dd.read_parquet(<data root>, dataset={"partitioning": "hive"})``, plain and
filtered on each partition source column; the Iceberg view is a pyiceberg (or Spark) scan of the
same snapshot, filtered the same way. Both are projected onto the Iceberg
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
import pyarrow.compute as pc


@dataclass(frozen=True)
class Comparison:
    match: bool
    reason: str
    #: (a): the plain read returns Iceberg's rows.
    plain: bool = True
    #: (b): every filtered read returns Iceberg's rows for its filter.
    filtered: bool = True


#: Values filtered on per column: all distinct ones up to this many, else evenly spaced ones.
MAX_FILTER_VALUES = 8


def read_hive_view(
    data_root: str, storage_options: dict | None = None, filters=None
) -> pd.DataFrame:
    import dask.dataframe as dd

    kwargs = {"dataset": {"partitioning": "hive"}}
    if storage_options:
        kwargs["storage_options"] = storage_options
    if filters is not None:
        kwargs["filters"] = filters
    return dd.read_parquet(data_root, **kwargs).compute()


def partition_source_columns(table, snapshot_id: int | None = None) -> list[str]:
    """Current-schema names of the source columns of every partition spec with live files."""
    files = table.inspect.files(snapshot_id=snapshot_id)
    spec_ids = set(files.column("spec_id").to_pylist()) if files.num_rows else set()
    schema = table.schema()
    names = []
    for spec_id in sorted(spec_ids):
        for field in table.specs()[spec_id].fields:
            if str(field.transform) == "void":
                continue
            try:
                name = schema.find_column_name(field.source_id)
            except ValueError:
                name = None  # the source column was dropped: nothing to filter on
            if name and name not in names:
                names.append(name)
    return names


def filter_values(column: pa.ChunkedArray) -> list:
    """Deterministic, bounded values that occur in a column: every distinct one, or evenly
    spaced ones including the smallest and largest; `None` too when the column holds nulls."""
    distinct = sorted(v for v in set(column.to_pylist()) if v is not None)
    if len(distinct) > MAX_FILTER_VALUES:
        step = (len(distinct) - 1) / (MAX_FILTER_VALUES - 1)
        distinct = [distinct[round(i * step)] for i in range(MAX_FILTER_VALUES)]
    return distinct + ([None] if column.null_count else [])


def compare_views(
    iceberg: pa.Table,
    data_root: str,
    storage_options: dict | None = None,
    filter_columns: list[str] | tuple[str, ...] = (),
) -> Comparison:
    """Whether Dask's rows equal Iceberg's (as multisets, typed), for (a) the plain read and
    (b) the read filtered on each value `filter_values` picks of each of `filter_columns`
    (`==`, or `is None` for null: Dask raises on `== None`); `reason` says why not."""
    plain = _compare(iceberg, lambda: read_hive_view(data_root, storage_options))
    reasons = [] if plain is None else [f"plain read: {plain}"]
    filtered_ok = True
    for name in filter_columns:
        column = iceberg.column(name)
        for value in filter_values(column):
            if value is None:
                dask_filter, mask = (name, "is", None), pc.is_null(column)
            else:
                dask_filter, mask = (name, "==", value), pc.equal(column, value)
            expected = iceberg.filter(pc.fill_null(mask, False))
            difference = _compare(
                expected,
                lambda f=dask_filter: read_hive_view(data_root, storage_options, [f]),
            )
            if difference is not None:
                filtered_ok = False
                reasons.append(f"filter {dask_filter!r}: {difference}")
    if not reasons:
        return Comparison(True, f"{iceberg.num_rows} rows match, plain and filtered")
    return Comparison(False, "; ".join(reasons), plain is None, filtered_ok)


def _compare(iceberg: pa.Table, read) -> str | None:
    """`None` when Dask's read returns Iceberg's rows, else what differs."""
    try:
        hive = read()
    except Exception as error:  # noqa: BLE001 - any failure of Dask's read is a difference
        return (
            f"Dask raises {type(error).__name__}: {str(error).splitlines()[-1][:200]}"
        )
    columns = iceberg.column_names
    missing = [c for c in columns if c not in hive.columns]
    if missing:
        return f"Dask has no column(s) {missing}"
    for name in columns:
        field = iceberg.schema.field(name)
        if pa.types.is_integer(field.type):
            dask_type = hive[name].dtype
            width = getattr(dask_type, "itemsize", None) or getattr(
                getattr(dask_type, "numpy_dtype", None), "itemsize", None
            )
            if width is not None and width != field.type.bit_width // 8:
                return f"column {name}: Iceberg {field.type}, Dask {dask_type}"
    iceberg_rows = Counter(_rows(iceberg.to_pandas(), columns))
    hive_rows = Counter(_rows(hive, columns))
    if iceberg_rows == hive_rows:
        return None
    only_dask = sum((hive_rows - iceberg_rows).values())
    only_iceberg = sum((iceberg_rows - hive_rows).values())
    return f"{only_dask} row(s) only in Dask, {only_iceberg} only in Iceberg"


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
