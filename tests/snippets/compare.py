"""Compare what a snippet returned with pyiceberg's scan: the same columns, kinds of values and rows."""

from __future__ import annotations

import datetime
import decimal
import math
from collections import Counter

import pandas as pd
import pyarrow as pa


def arrow_kind(arrow_type: pa.DataType) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "string"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_timestamp(arrow_type):
        return "timestamptz" if arrow_type.tz else "timestamp"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type):
        return "float"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_decimal(arrow_type):
        return "decimal"
    return str(arrow_type)


def pandas_kind(dtype) -> str:
    if isinstance(dtype, pd.ArrowDtype):
        return arrow_kind(dtype.pyarrow_dtype)
    if isinstance(dtype, pd.StringDtype):
        return "string"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "timestamptz"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "timestamp"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return f"python objects ({dtype})"


SPARK_KINDS = {
    "string": "string",
    "date": "date",
    "timestamp": "timestamptz",
    "timestamp_ntz": "timestamp",
    "bigint": "integer",
    "int": "integer",
    "double": "float",
    "float": "float",
    "boolean": "boolean",
}


def _normal(value):
    """One spelling per value across pandas, Arrow and Spark."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return ("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, decimal.Decimal):
        return ("decimal", str(value))
    if hasattr(value, "item"):
        value = value.item()
    return value


def rows_of_frame(frame: pd.DataFrame, columns: list[str]) -> Counter:
    return Counter(
        tuple(_normal(v) for v in row)
        for row in frame[columns].itertuples(index=False, name=None)
    )


def rows_of_arrow(table: pa.Table, columns: list[str]) -> Counter:
    data = table.select(columns).to_pylist()
    return Counter(tuple(_normal(row[c]) for c in columns) for row in data)


def assert_frame_matches(
    frame: pd.DataFrame, expected: pa.Table, extra_columns: frozenset[str] = frozenset()
) -> None:
    """Same Iceberg columns with the same kinds and the same row multiset; `extra_columns` may be added (Hive transform columns)."""
    columns = expected.column_names
    assert set(frame.columns) - set(columns) <= extra_columns, (
        f"unexpected columns {sorted(set(frame.columns) - set(columns))}"
    )
    assert set(columns) <= set(frame.columns), (
        f"missing columns {sorted(set(columns) - set(frame.columns))}"
    )
    expected_kinds = {field.name: arrow_kind(field.type) for field in expected.schema}
    actual_kinds = {name: pandas_kind(frame.dtypes[name]) for name in columns}
    assert actual_kinds == expected_kinds
    assert len(frame) == expected.num_rows
    assert rows_of_frame(frame, columns) == rows_of_arrow(expected, columns)


def assert_spark_matches(result: dict, expected: pa.Table) -> None:
    schema = dict(result["schema"])
    columns = expected.column_names
    assert list(schema) == columns
    assert {name: SPARK_KINDS.get(kind, kind) for name, kind in schema.items()} == {
        field.name: arrow_kind(field.type) for field in expected.schema
    }
    actual = Counter(tuple(_normal(v) for v in row) for row in result["rows"])
    assert actual == rows_of_arrow(expected, columns)
