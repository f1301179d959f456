"""Build a pyiceberg table through appends, partition spec evolution, overwrites, deletes and a
schema change, then print (JSON) its metadata location and ``inspect.files()`` for every snapshot.

Used by the metadata engine's differential test (src/server/metadata/__tests__/differential.spec.ts):
the engine's live file list must equal pyiceberg's for each snapshot. Usage::

    python tests/golden/differential_table.py WAREHOUSE_DIR
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import EqualTo
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import DayTransform, IdentityTransform
from pyiceberg.types import DoubleType, LongType, NestedField, StringType, TimestampType

CONTENT = {0: "data", 1: "position-deletes", 2: "equality-deletes"}


def rows(start: int, count: int, region: str) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "id": i,
                "region": region,
                "obs_time": dt.datetime(2024, 1, 1 + i % 5, i % 24),
            }
            for i in range(start, start + count)
        ],
        schema=pa.schema(
            [
                ("id", pa.int64()),
                ("region", pa.string()),
                ("obs_time", pa.timestamp("us")),
            ]
        ),
    )


def main(warehouse: Path) -> None:
    catalog = SqlCatalog(
        "diff", uri=f"sqlite:///{warehouse}/catalog.db", warehouse=warehouse.as_uri()
    )
    catalog.create_namespace("ns")
    schema = Schema(
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
        NestedField(3, "obs_time", TimestampType(), required=False),
    )
    spec = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
    table = catalog.create_table("ns.events", schema=schema, partition_spec=spec)
    table.append(rows(0, 10, "EU"))
    table.append(rows(10, 10, "US west"))
    with table.update_spec() as update:
        update.add_field("obs_time", DayTransform(), "obs_time_day")
    table.append(rows(20, 10, "EU"))
    table.overwrite(rows(30, 5, "EU"), overwrite_filter=EqualTo("region", "EU"))
    table.delete(EqualTo("id", 12))
    with table.update_schema() as update:
        update.add_column("score", DoubleType())
    table.append(
        pa.Table.from_pylist(
            [
                {
                    "id": 99,
                    "region": "a/b=c",
                    "obs_time": dt.datetime(1969, 12, 31, 23),
                    "score": 1.5,
                }
            ],
            schema=pa.schema(
                [
                    ("id", pa.int64()),
                    ("region", pa.string()),
                    ("obs_time", pa.timestamp("us")),
                    ("score", pa.float64()),
                ]
            ),
        )
    )
    table = catalog.load_table("ns.events")
    snapshots = []
    for snapshot in table.metadata.snapshots:
        files = table.inspect.files(snapshot_id=snapshot.snapshot_id).to_pylist()
        snapshots.append(
            {
                "snapshotId": str(snapshot.snapshot_id),
                "files": sorted(
                    [
                        {
                            "content": CONTENT[f["content"]],
                            "filePath": f["file_path"],
                            "specId": f["spec_id"],
                        }
                        for f in files
                    ],
                    key=lambda f: f["filePath"],
                ),
            }
        )
    json.dump(
        {"metadataLocation": table.metadata_location, "snapshots": snapshots},
        sys.stdout,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
