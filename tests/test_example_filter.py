"""The commented example filter of an unfiltered Dask read, uncommented and run for real: it returns
pyiceberg's rows of exactly one partition of the field it names (identity, month)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform, MonthTransform, Transform
from pyiceberg.types import LongType, NestedField, StringType, TimestampType

from tests.snippets.compare import assert_frame_matches
from tests.snippets.lakes import SnippetLake, pyiceberg_lake
from tests.test_filtered_snippets import execute, snippet

SCHEMA = Schema(
    NestedField(1, "event_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "obs_time", TimestampType(), required=False),
)
START = datetime.datetime(2024, 1, 20)
ROWS = pa.table(
    {
        "event_id": pa.array(range(12), pa.int64()),
        "region": pa.array([("EU", "US", "a b/c")[i % 3] for i in range(12)]),
        "obs_time": pa.array(
            [START + datetime.timedelta(days=11 * i) for i in range(12)],
            pa.timestamp("us"),
        ),
    }
)
#: table → (partition field, the rows' value of it)
TABLES: dict[str, tuple[Transform[Any, Any], str, Callable[[Any], Any]]] = {
    "by_region": (IdentityTransform(), "region", lambda row: row["region"]),
    "by_month": (
        MonthTransform(),
        "obs_time",
        lambda row: (row["obs_time"].year, row["obs_time"].month),
    ),
}


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> SnippetLake:
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("example-filter")
    (root / "warehouse").mkdir()
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("examples", **properties)
    catalog.create_namespace("sci")
    for name, (transform, source, _) in TABLES.items():
        spec = PartitionSpec(
            PartitionField(SCHEMA.find_field(source).field_id, 1000, transform, "p")
        )
        catalog.create_table(f"sci.{name}", SCHEMA, partition_spec=spec).append(ROWS)
    return pyiceberg_lake("sql-local", catalog, properties, root / "home")


@pytest.mark.parametrize("name", TABLES)
def test_uncommented_example_returns_one_partitions_rows(
    helper_cli, lake, monkeypatch, name
):
    generated = snippet(helper_cli, lake, "--engine", "dask", table=name)
    code = generated["code"]
    assert code.count("    # filters=") == 1
    frame = execute(lake, monkeypatch, code.replace("    # filters=", "    filters="))[
        generated["variable"]
    ].compute()

    value_of = TABLES[name][2]
    rows = lake.load(name).scan().to_arrow()
    values = {value_of(row) for row in frame.to_dict("records")}
    assert len(values) == 1
    expected = rows.filter(
        pa.array([value_of(row) in values for row in rows.to_pylist()])
    )
    assert 0 < expected.num_rows < rows.num_rows
    assert_frame_matches(frame, expected, extra_columns=frozenset({"p"}))
