"""The tables the snippet tests read, written by real pyiceberg (and Spark for Hadoop).

- ``observations``: partitioned by ``region`` and ``day(obs_time)``, so the Hive view has a
  transform column (``obs_time_day``) next to an identity column stored inside the files; values
  include a region needing URL-encoding and a null timestamp.
- ``readings`` and ``stations``: both partitioned by ``bucket(4, station_id)``, for the
  partition-aligned join.
- ``overwritten``: appended, then overwritten, so its Hive tree keeps the replaced files: the
  Hive read returns too many rows, the pinned read must not.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import yaml
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import BucketTransform, DayTransform, IdentityTransform
from pyiceberg.types import (
    DateType,
    DoubleType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
)

NAMESPACE = "sci"
REGIONS = ["EU", "US", "a b/c", "0123"]

OBSERVATIONS = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "obs_time", TimestampType(), required=False),
    NestedField(4, "obs_date", DateType(), required=False),
    NestedField(5, "value", DoubleType(), required=False),
)
BY_REGION_AND_DAY = PartitionSpec(
    PartitionField(
        source_id=2, field_id=1000, transform=IdentityTransform(), name="region"
    ),
    PartitionField(
        source_id=3, field_id=1001, transform=DayTransform(), name="obs_time_day"
    ),
)
BY_REGION = PartitionSpec(
    PartitionField(
        source_id=2, field_id=1000, transform=IdentityTransform(), name="region"
    )
)

READINGS = Schema(
    NestedField(1, "station_id", LongType(), required=False),
    NestedField(2, "obs_time", TimestampType(), required=False),
    NestedField(3, "value", DoubleType(), required=False),
)
STATIONS = Schema(
    NestedField(1, "station_id", LongType(), required=False),
    NestedField(2, "name", StringType(), required=False),
    NestedField(3, "elevation", DoubleType(), required=False),
)
BY_STATION_BUCKET = PartitionSpec(
    PartitionField(
        source_id=1,
        field_id=1000,
        transform=BucketTransform(4),
        name="station_id_bucket",
    )
)


def observations(ids) -> pa.Table:
    ids = list(ids)
    start = datetime.datetime(2024, 1, 1, 6)
    times = [
        None if i % 17 == 5 else start + datetime.timedelta(hours=7 * i) for i in ids
    ]
    return pa.table(
        {
            "obs_id": pa.array(ids, pa.int64()),
            "region": pa.array([REGIONS[i % len(REGIONS)] for i in ids], pa.string()),
            "obs_time": pa.array(times, pa.timestamp("us")),
            "obs_date": pa.array(
                [
                    datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 5)
                    for i in ids
                ],
                pa.date32(),
            ),
            "value": pa.array([i * 0.5 for i in ids], pa.float64()),
        }
    )


def readings(count: int) -> pa.Table:
    start = datetime.datetime(2024, 3, 1)
    return pa.table(
        {
            "station_id": pa.array([i % 12 for i in range(count)], pa.int64()),
            "obs_time": pa.array(
                [start + datetime.timedelta(minutes=10 * i) for i in range(count)],
                pa.timestamp("us"),
            ),
            "value": pa.array([float(i) for i in range(count)], pa.float64()),
        }
    )


def stations() -> pa.Table:
    # Readings of station 11 have no station row and station 12 has no readings: the inner join drops both.
    ids = [*range(11), 12]
    return pa.table(
        {
            "station_id": pa.array(ids, pa.int64()),
            "name": pa.array([f"station {i}" for i in ids], pa.string()),
            "elevation": pa.array([100.0 + i for i in ids], pa.float64()),
        }
    )


def build_tables(catalog) -> None:
    """Create and fill every snippet table in `catalog` (pyiceberg)."""
    catalog.create_namespace_if_not_exists(NAMESPACE)
    table = catalog.create_table(
        f"{NAMESPACE}.observations", OBSERVATIONS, partition_spec=BY_REGION_AND_DAY
    )
    table.append(observations(range(40)))
    table.append(observations(range(40, 60)))
    table = catalog.create_table(
        f"{NAMESPACE}.readings", READINGS, partition_spec=BY_STATION_BUCKET
    )
    table.append(readings(300))
    table = catalog.create_table(
        f"{NAMESPACE}.stations", STATIONS, partition_spec=BY_STATION_BUCKET
    )
    table.append(stations())
    table = catalog.create_table(
        f"{NAMESPACE}.overwritten", OBSERVATIONS, partition_spec=BY_REGION
    )
    table.append(observations(range(20)))
    table.overwrite(observations(range(100, 110)))


def write_pyiceberg_yaml(home: Path, catalogs: dict[str, dict[str, str]]) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    (home / ".pyiceberg.yaml").write_text(yaml.safe_dump({"catalog": catalogs}))
    return home
