"""Build the benchmark table once: `bench.observations`, identity-partitioned by `region`, written by
pyiceberg into a SQL (SQLite) catalog that Spark's JDBC catalog and the helper share.

Every data file covers one contiguous range of `id`, so an `UPDATE … WHERE id = K` finds its file
from the manifests' column bounds, as it would on a table sorted by its key. Most columns are
random doubles, so the Parquet bytes are what the rows cost and not an artefact of compression.

The built table's files are kept as a pristine copy next to the working warehouse;
`restore_files` puts the working warehouse back to them with hard links (Iceberg never rewrites a
file in place, it writes new ones and deletes old ones, so linking the immutable files is safe).
The catalog itself is never copied: a running Spark session holds it open, so the benchmark puts
the table back through Spark (`register_table` on the pristine metadata file).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

CATALOG = "lake"
NAMESPACE = "bench"
TABLE = "observations"
FLUX_COLUMNS = 8
BUILT_MARKER = "built.json"


def _schema():
    from pyiceberg.schema import Schema
    from pyiceberg.types import (
        DoubleType,
        LongType,
        NestedField,
        StringType,
        TimestampType,
    )

    fields = [
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
        NestedField(3, "obs_time", TimestampType(), required=False),
        NestedField(4, "value", DoubleType(), required=False),
    ]
    fields += [
        NestedField(5 + i, f"flux_{i}", DoubleType(), required=False)
        for i in range(FLUX_COLUMNS)
    ]
    return Schema(*fields)


def region_name(index: int) -> str:
    return f"r{index:02d}"


def _batch(
    rng: np.random.Generator, first_file: int, partitions: int, rows_per_file: int
) -> pa.Table:
    """One file's worth of rows for each partition; file `f` holds ids [f·R, (f+1)·R)."""
    files = np.arange(first_file, first_file + partitions)
    ids = (files[:, None] * rows_per_file + np.arange(rows_per_file)).ravel()
    regions = np.repeat([region_name(f % partitions) for f in files], rows_per_file)
    start = np.datetime64("2025-01-01T00:00:00", "us")
    offsets = rng.integers(0, 365 * 86_400 * 1_000_000, ids.size)
    columns = {
        "id": pa.array(ids, pa.int64()),
        "region": pa.array(regions, pa.string()),
        "obs_time": pa.array(start + offsets.astype("timedelta64[us]")),
        "value": pa.array(rng.normal(size=ids.size)),
    }
    for i in range(FLUX_COLUMNS):
        columns[f"flux_{i}"] = pa.array(rng.normal(size=ids.size))
    return pa.table(columns)


def catalog_properties(lakehouse: Path) -> dict[str, str]:
    return {
        "type": "sql",
        "uri": f"sqlite:///{lakehouse / 'catalog.db'}",
        "warehouse": (lakehouse / "warehouse").as_uri(),
    }


def build(
    workdir: Path,
    partitions: int,
    files_per_partition: int,
    rows_per_file: int,
    fresh: bool = False,
) -> dict:
    """Build (or reuse) the pristine table under `workdir`; returns its description."""
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.transforms import IdentityTransform

    workdir = workdir.resolve()
    lakehouse, pristine = workdir / "lakehouse", workdir / "pristine"
    shape = {
        "partitions": partitions,
        "files_per_partition": files_per_partition,
        "rows_per_file": rows_per_file,
    }
    marker = pristine / BUILT_MARKER
    if not fresh and marker.exists():
        info = json.loads(marker.read_text())
        if info["shape"] == shape:
            return info
    for folder in (lakehouse, pristine):
        if folder.exists():
            shutil.rmtree(folder)
    (lakehouse / "warehouse").mkdir(parents=True)

    started = time.perf_counter()
    properties = catalog_properties(lakehouse)
    catalog = SqlCatalog(CATALOG, **properties)
    catalog.create_namespace(NAMESPACE)
    table = catalog.create_table(
        f"{NAMESPACE}.{TABLE}",
        _schema(),
        partition_spec=PartitionSpec(
            PartitionField(2, 1000, IdentityTransform(), "region")
        ),
    )
    rng = np.random.default_rng(12)
    # One append per round of files: each writes one file into every partition.
    for round_ in range(files_per_partition):
        table.append(_batch(rng, round_ * partitions, partitions, rows_per_file))
    data_root = Path(table.location().removeprefix("file://")) / "data"
    parquet_bytes = sum(p.stat().st_size for p in data_root.rglob("*.parquet"))
    info = {
        "shape": shape,
        "catalog": CATALOG,
        "properties": properties,
        "table": f"{CATALOG}.{NAMESPACE}.{TABLE}",
        "spark_table": f"{CATALOG}.{NAMESPACE}.{TABLE}",
        "location": str(data_root.parent),
        "data_root": str(data_root),
        "rows": partitions * files_per_partition * rows_per_file,
        "metadata_location": table.metadata_location,
        "parquet_bytes": parquet_bytes,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    pristine.mkdir()
    subprocess.run(
        ["cp", "-al", str(lakehouse / "warehouse"), str(pristine / "warehouse")],
        check=True,
    )
    marker.write_text(json.dumps(info, indent=1))
    return info


def restore_files(workdir: Path) -> None:
    """Put the working warehouse back to the pristine table's files (hard links)."""
    workdir = workdir.resolve()
    warehouse = workdir / "lakehouse" / "warehouse"
    shutil.rmtree(warehouse)
    subprocess.run(
        ["cp", "-al", str(workdir / "pristine" / "warehouse"), str(warehouse)],
        check=True,
    )
