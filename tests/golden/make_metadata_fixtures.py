"""Write the golden Iceberg metadata fixtures used by the TypeScript metadata engine's tests.

Run from the repository root::

    .venv/bin/python tests/golden/make_metadata_fixtures.py            # pyiceberg tables + golden JSON
    .venv/bin/python tests/golden/make_metadata_fixtures.py --spark    # also Spark tables (needs `make jars`)

Tables are written by real pyiceberg (and real Spark) under ``WAREHOUSE``; only their metadata
(metadata JSON, manifest lists, manifests) is copied into ``FIXTURES``, because the engine's tests
never read Parquet. Metadata keeps the absolute ``file://`` paths of ``WAREHOUSE``: the tests map
that prefix onto the fixture folder. Beside each table, ``expected.json`` holds what pyiceberg
itself reports (``inspect.files()`` per snapshot), the ground truth of the differential test.
``partition_paths.json`` and ``transforms.json`` hold pyiceberg's ``partition_to_path``,
``to_human_string`` and bucket results for edge-case values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import uuid
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "src" / "server" / "metadata" / "__tests__" / "fixtures"
WAREHOUSE = Path("/tmp/dual-layout-golden")


def _reset(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def _copy_metadata(table_location: Path, name: str) -> Path:
    """Copy a table's metadata folder (and its version hint) into the fixtures."""
    target = FIXTURES / name
    _reset(target)
    shutil.copytree(table_location / "metadata", target / "metadata")
    return target


def _files_of(table, snapshot_id: int) -> list[dict]:
    files = table.inspect.files(snapshot_id=snapshot_id).to_pylist()
    return sorted(
        (
            {
                "content": {0: "data", 1: "position-deletes", 2: "equality-deletes"}[
                    row["content"]
                ],
                "filePath": row["file_path"],
                "specId": row["spec_id"],
                "recordCount": row["record_count"],
            }
            for row in files
        ),
        key=lambda f: f["filePath"],
    )


def _write_expected(target: Path, table, metadata_location: str) -> None:
    snapshots = [
        {"snapshotId": str(s.snapshot_id), "files": _files_of(table, s.snapshot_id)}
        for s in table.metadata.snapshots
    ]
    expected = {
        "metadataLocation": metadata_location,
        "formatVersion": table.metadata.format_version,
        "currentSnapshotId": str(table.metadata.current_snapshot_id),
        "snapshots": snapshots,
    }
    (target / "expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True) + "\n"
    )


def _pyiceberg_tables() -> None:
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.expressions import EqualTo
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.transforms import (
        BucketTransform,
        DayTransform,
        IdentityTransform,
        TruncateTransform,
    )
    from pyiceberg.types import LongType, NestedField, StringType, TimestampType

    root = WAREHOUSE / "pyiceberg"
    _reset(root)
    catalog = SqlCatalog(
        "golden", uri=f"sqlite:///{root}/catalog.db", warehouse=root.as_uri()
    )
    catalog.create_namespace("golden")
    schema = Schema(
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
        NestedField(3, "obs_time", TimestampType(), required=False),
        NestedField(4, "name", StringType(), required=False),
    )
    arrow_schema = pa.schema(
        [
            ("id", pa.int64()),
            ("region", pa.string()),
            ("obs_time", pa.timestamp("us")),
            ("name", pa.string()),
        ]
    )
    rows = [
        (1, "EU", dt.datetime(2024, 1, 2, 7, 30), "alpha"),
        (2, "US east/west", dt.datetime(2024, 1, 2, 8, 0), "beta"),
        (3, "a=b%c", dt.datetime(1969, 12, 31, 23, 0), "gamma"),
        (4, "Zürich ☃", dt.datetime(2024, 2, 29, 0, 0), "delta"),
        (5, None, None, None),
    ]

    def batch(selected):
        return pa.Table.from_pylist(
            [
                dict(zip(["id", "region", "obs_time", "name"], r, strict=True))
                for r in selected
            ],
            schema=arrow_schema,
        )

    specs = {
        "v1": PartitionSpec(
            PartitionField(2, 1000, IdentityTransform(), "region"),
            PartitionField(3, 1001, DayTransform(), "obs_time_day"),
        ),
        "v2": PartitionSpec(
            PartitionField(2, 1000, IdentityTransform(), "region"),
            PartitionField(3, 1001, DayTransform(), "obs_time_day"),
            PartitionField(1, 1002, BucketTransform(8), "id_bucket"),
            PartitionField(4, 1003, TruncateTransform(3), "name_trunc"),
        ),
    }
    for version, spec in specs.items():
        name = f"pyiceberg_{version}"
        table = catalog.create_table(
            f"golden.{name}",
            schema=schema,
            partition_spec=spec,
            properties={"format-version": version[1]},
        )
        table.append(batch(rows[:3]))
        table.append(batch(rows[3:]))
        # A copy-on-write delete rewrites or drops files: manifests then hold `deleted` and `existing` entries.
        table.delete(EqualTo("id", 2))
        table.append(batch(rows[1:2]))
        table = catalog.load_table(f"golden.{name}")
        target = _copy_metadata(Path(table.location().removeprefix("file://")), name)
        _write_expected(target, table, table.metadata_location)


def _partition_path_goldens() -> None:
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.transforms import parse_transform
    from pyiceberg.typedef import Record
    from pyiceberg.types import (
        BinaryType,
        BooleanType,
        DateType,
        DecimalType,
        DoubleType,
        FixedType,
        FloatType,
        IntegerType,
        LongType,
        NestedField,
        StringType,
        TimestampType,
        TimestamptzType,
        TimeType,
        UUIDType,
    )

    types = {
        "boolean": BooleanType(),
        "int": IntegerType(),
        "long": LongType(),
        "float": FloatType(),
        "double": DoubleType(),
        "date": DateType(),
        "time": TimeType(),
        "timestamp": TimestampType(),
        "timestamptz": TimestamptzType(),
        "string": StringType(),
        "uuid": UUIDType(),
        "binary": BinaryType(),
        "fixed[4]": FixedType(4),
        "decimal(9, 2)": DecimalType(9, 2),
        "decimal(38, 10)": DecimalType(38, 10),
    }
    # (source type, transform, internal value as JSON) — values are what a manifest holds.
    cases = [
        ("string", "identity", "EU"),
        ("string", "identity", "US east/west"),
        ("string", "identity", "a=b%c&d?e#f"),
        ("string", "identity", "Zürich ☃ 日本"),
        ("string", "identity", "plus+tilde~star*"),
        ("string", "identity", ""),
        ("string", "identity", None),
        ("string", "identity", "null"),
        ("string", "identity", "__HIVE_DEFAULT_PARTITION__"),
        ("boolean", "identity", True),
        ("boolean", "identity", False),
        ("int", "identity", -42),
        ("long", "identity", 9007199254740993),
        ("float", "identity", 1.5),
        ("double", "identity", 1.0),
        ("double", "identity", 1e20),
        ("double", "identity", 1.25e-7),
        ("double", "identity", -0.0),
        ("date", "identity", 19724),
        ("date", "identity", -1),
        ("date", "identity", -719162),
        ("time", "identity", 27030000000),
        ("time", "identity", 27030000123),
        ("timestamp", "identity", 1704180600000000),
        ("timestamp", "identity", 1704180600000001),
        ("timestamp", "identity", -1),
        ("timestamptz", "identity", 1704180600000000),
        ("uuid", "identity", "f79c3e09-677c-4bbd-a479-3f349cb785e7"),
        ("binary", "identity", "00010203ff"),
        ("fixed[4]", "identity", "deadbeef"),
        ("decimal(9, 2)", "identity", "1420"),
        ("decimal(9, 2)", "identity", "-5"),
        ("decimal(38, 10)", "identity", "1"),
        ("decimal(38, 10)", "identity", "123456789012345678901234567"),
        ("timestamp", "day", 19724),
        ("timestamp", "day", -1),
        ("date", "day", 0),
        ("timestamp", "hour", 473351),
        ("timestamp", "hour", -1),
        ("timestamp", "month", 648),
        ("timestamp", "month", -1),
        ("timestamp", "month", -13),
        ("date", "year", 54),
        ("date", "year", -1),
        ("timestamptz", "hour", 473351),
        ("long", "bucket[16]", 7),
        ("string", "truncate[3]", "Zür"),
        ("int", "truncate[10]", -10),
        ("binary", "truncate[2]", "0001"),
        ("decimal(9, 2)", "truncate[50]", "1400"),
        ("string", "void", None),
    ]
    out = []
    for index, (type_name, transform_name, raw) in enumerate(cases):
        source_type = types[type_name]
        value: object = raw
        if raw is not None and (type_name in ("binary", "fixed[4]")):
            value = bytes.fromhex(raw)
        elif (
            raw is not None
            and type_name.startswith("decimal")
            and transform_name in ("identity", "truncate[50]")
        ):
            value = Decimal(int(raw)).scaleb(-source_type.scale)
        elif raw is not None and type_name == "uuid":
            value = uuid.UUID(raw)
        name = f"col {index}/é=%"
        schema = Schema(NestedField(1, name, source_type, required=False))
        spec = PartitionSpec(
            PartitionField(
                1, 1000, parse_transform(transform_name), f"{name}_{transform_name}"
            )
        )
        path = spec.partition_to_path(Record(value), schema)
        human = parse_transform(transform_name).to_human_string(
            spec.partition_type(schema).fields[0].field_type, value
        )
        out.append(
            {
                "sourceType": type_name,
                "transform": transform_name,
                "name": f"{name}_{transform_name}",
                "value": str(raw) if isinstance(raw, int) and abs(raw) > 2**53 else raw,
                "human": human,
                "path": path,
            }
        )
    (FIXTURES / "partition_paths.json").write_text(
        json.dumps(out, indent=1, ensure_ascii=False) + "\n"
    )

    bucket_cases = [
        ("int", 34),
        ("int", -1),
        ("long", 34),
        ("long", -9007199254740993),
        ("date", 17486),
        ("time", 81068000000),
        ("timestamp", 1510871468000000),
        ("timestamptz", 1510871468000000),
        ("string", "iceberg"),
        ("string", "Zürich ☃ 日本"),
        ("string", ""),
        ("uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7"),
        ("binary", "00010203"),
        ("fixed[4]", "00010203"),
        ("decimal(9, 2)", "1420"),
        ("decimal(9, 2)", "-1420"),
        ("decimal(38, 10)", "-123456789012345678901234567"),
        ("decimal(9, 2)", "0"),
    ]
    from pyiceberg.transforms import BucketTransform

    buckets = []
    for type_name, raw in bucket_cases:
        source_type = types[type_name]
        value = raw
        if type_name in ("binary", "fixed[4]"):
            value = bytes.fromhex(raw)
        elif type_name.startswith("decimal"):
            value = Decimal(int(raw)).scaleb(-source_type.scale)
        elif type_name == "uuid":
            value = uuid.UUID(raw)
        for n in (16, 1000, 2147483647):
            buckets.append(
                {
                    "sourceType": type_name,
                    # Longs beyond 2**53 would lose precision in JSON numbers.
                    "value": str(raw)
                    if isinstance(raw, int) and abs(raw) > 2**53
                    else raw,
                    "numBuckets": n,
                    "bucket": BucketTransform(n).transform(source_type)(value),
                }
            )
    (FIXTURES / "transforms.json").write_text(
        json.dumps({"bucket": buckets}, indent=1, ensure_ascii=False) + "\n"
    )


def _spark_tables() -> None:
    sys.path.insert(0, str(REPO))
    from pyspark.sql import SparkSession

    from tests.fixtures.spark import find_jars

    jars = find_jars()
    if not jars:
        raise SystemExit("Spark fixtures need the Iceberg jars: run `make jars` first")
    root = WAREHOUSE / "spark"
    _reset(root)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("golden-fixtures")
        .config("spark.jars", ",".join(str(j) for j in jars))
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        )
        .config("spark.sql.catalog.golden", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.golden.type", "hadoop")
        .config("spark.sql.catalog.golden.warehouse", root.as_uri())
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    tables = {
        # Merge-on-read position deletes, gzip-compressed metadata JSON.
        "spark_v2_mor": "'format-version'='2', 'write.delete.mode'='merge-on-read', "
        "'write.update.mode'='merge-on-read', 'write.metadata.compression-codec'='gzip'",
        # Format v3: deletes become deletion vectors in Puffin files.
        "spark_v3_dv": "'format-version'='3', 'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read'",
    }
    for name, properties in tables.items():
        spark.sql(
            f"CREATE TABLE golden.db.{name} (id BIGINT, region STRING, obs_time TIMESTAMP) USING iceberg "
            f"PARTITIONED BY (region, days(obs_time)) TBLPROPERTIES ({properties})"
        )
        spark.sql(
            f"INSERT INTO golden.db.{name} VALUES (1, 'EU', TIMESTAMP '2024-01-02 07:00:00'), "
            "(2, 'EU', TIMESTAMP '2024-01-02 08:00:00'), (3, 'US west', TIMESTAMP '2024-01-03 09:00:00'), "
            "(4, NULL, NULL)"
        )
        spark.sql(f"DELETE FROM golden.db.{name} WHERE id = 2")
        spark.sql(f"UPDATE golden.db.{name} SET id = 30 WHERE id = 3")
        location = root / "db" / name
        target = _copy_metadata(location, name)
        files = spark.sql(
            f"SELECT content, file_path, spec_id, record_count FROM golden.db.{name}.files"
        ).collect()
        history = spark.sql(
            f"SELECT snapshot_id FROM golden.db.{name}.snapshots ORDER BY committed_at"
        ).collect()
        metadata_files = sorted(
            p
            for p in (location / "metadata").iterdir()
            if p.name.endswith("metadata.json")
        )
        latest = max(
            metadata_files, key=lambda p: int(p.name.split(".")[0].removeprefix("v"))
        )
        expected = {
            "metadataLocation": latest.as_uri(),
            "currentSnapshotId": str(history[-1].snapshot_id),
            "snapshots": [
                {
                    "snapshotId": str(history[-1].snapshot_id),
                    "files": sorted(
                        (
                            {
                                "content": {
                                    0: "data",
                                    1: "position-deletes",
                                    2: "equality-deletes",
                                }[r.content],
                                "filePath": r.file_path,
                                "specId": r.spec_id,
                                "recordCount": r.record_count,
                            }
                            for r in files
                        ),
                        key=lambda f: f["filePath"],
                    ),
                }
            ],
        }
        (target / "expected.json").write_text(
            json.dumps(expected, indent=1, sort_keys=True) + "\n"
        )
    spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--spark", action="store_true", help="also write the Spark tables"
    )
    args = parser.parse_args()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    _pyiceberg_tables()
    _partition_path_goldens()
    if args.spark:
        _spark_tables()
    print(f"fixtures written to {FIXTURES}")


if __name__ == "__main__":
    main()
