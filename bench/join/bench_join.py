"""Dask partition-aligned join (the `dual-layout snippet --variant join` code) vs `dd.merge`.

Builds two Iceberg tables with pyiceberg, both partitioned by ``bucket(N, station_id)`` (N ≥ 20),
a few million rows on the left, generates the join snippet and the two read snippets with the
helper's CLI, and times on one ``distributed.LocalCluster`` (2 worker processes):

- ours: the join snippet's DataFrame (one task per pair of partitions, no shuffle);
- theirs: ``dd.merge`` of the two read snippets' DataFrames (Dask's hash join, which shuffles).

Both count the joined rows, which must agree. One run; prints the ratio theirs / ours.

    .venv/bin/python bench/join/bench_join.py [--rows 3000000] [--stations 200000] [--buckets 24]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import yaml

REPO = Path(__file__).resolve().parents[2]


def build_tables(root: Path, rows: int, stations: int, buckets: int) -> dict[str, str]:
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.transforms import BucketTransform
    from pyiceberg.types import (
        DoubleType,
        LongType,
        NestedField,
        StringType,
        TimestampType,
    )

    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    (root / "warehouse").mkdir()
    catalog = SqlCatalog("bench", **properties)
    catalog.create_namespace("sci")
    spec = PartitionSpec(
        PartitionField(
            source_id=1,
            field_id=1000,
            transform=BucketTransform(buckets),
            name="station_id_bucket",
        )
    )
    readings = catalog.create_table(
        "sci.readings",
        Schema(
            NestedField(1, "station_id", LongType(), required=False),
            NestedField(2, "obs_time", TimestampType(), required=False),
            NestedField(3, "value", DoubleType(), required=False),
        ),
        partition_spec=spec,
    )
    rng = np.random.default_rng(7)
    start = np.datetime64("2024-01-01T00:00:00", "us")
    chunk = 1_000_000
    for offset in range(0, rows, chunk):
        n = min(chunk, rows - offset)
        readings.append(
            pa.table(
                {
                    "station_id": pa.array(rng.integers(0, stations, n), pa.int64()),
                    "obs_time": pa.array(
                        start + np.arange(offset, offset + n).astype("timedelta64[s]"),
                        pa.timestamp("us"),
                    ),
                    "value": pa.array(rng.normal(size=n), pa.float64()),
                }
            )
        )
    station_table = catalog.create_table(
        "sci.stations",
        Schema(
            NestedField(1, "station_id", LongType(), required=False),
            NestedField(2, "name", StringType(), required=False),
            NestedField(3, "elevation", DoubleType(), required=False),
        ),
        partition_spec=spec,
    )
    ids = np.arange(stations)
    station_table.append(
        pa.table(
            {
                "station_id": pa.array(ids, pa.int64()),
                "name": pa.array([f"station {i}" for i in ids], pa.string()),
                "elevation": pa.array(rng.uniform(0, 3000, stations), pa.float64()),
            }
        )
    )
    return {"bench": properties}


def helper_bundle(out: Path) -> Path:
    esbuild = REPO / "node_modules" / ".bin" / "esbuild"
    subprocess.run(
        [
            str(esbuild),
            "src/server/main.ts",
            "--bundle",
            "--platform=node",
            "--target=node18",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=REPO,
        check=True,
    )
    return out


def snippet(bundle: Path, home: Path, *args: str) -> dict:
    env = {**os.environ, "PYICEBERG_HOME": str(home)}
    completed = subprocess.run(
        ["node", str(bundle), "snippet", "--format", "json", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def timed_rows(frame) -> tuple[float, int]:
    started = time.perf_counter()
    rows = len(frame)
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--stations", type=int, default=200_000)
    parser.add_argument("--buckets", type=int, default=24)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    root = Path(tempfile.mkdtemp(prefix="bench-join-"))
    try:
        started = time.perf_counter()
        catalogs = build_tables(root, args.rows, args.stations, args.buckets)
        home = root / "home"
        home.mkdir()
        (home / ".pyiceberg.yaml").write_text(yaml.safe_dump({"catalog": catalogs}))
        print(
            f"tables: {args.rows:,} readings, {args.stations:,} stations, bucket[{args.buckets}] ({time.perf_counter() - started:.1f} s to write)"
        )
        bundle = helper_bundle(root / "dual-layout.js")
        join = snippet(
            bundle,
            home,
            "--engine",
            "dask",
            "--variant",
            "join",
            "bench.sci.readings",
            "bench.sci.stations",
        )
        read_left = snippet(bundle, home, "--engine", "dask", "bench.sci.readings")
        read_right = snippet(bundle, home, "--engine", "dask", "bench.sci.stations")

        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster),
        ):
            namespace = {"__name__": "__main__"}
            for cell in (read_left["code"], read_right["code"], join["code"]):
                exec(cell.rsplit("\n", 2)[0], namespace)  # noqa: S102 - the benchmark runs the snippets
            import dask.dataframe as dd

            ours = namespace[join["variable"]]
            theirs = dd.merge(
                namespace[read_left["variable"]],
                namespace[read_right["variable"]],
                on="station_id",
            )
            ours_s, ours_rows = timed_rows(ours)
            theirs_s, theirs_rows = timed_rows(theirs)
        if ours_rows != theirs_rows:
            sys.exit(
                f"row counts differ: partition-aligned {ours_rows:,}, dd.merge {theirs_rows:,}"
            )
        print(
            f"partition-aligned join: {ours_s:.2f} s ({ours.npartitions} tasks, no shuffle), {ours_rows:,} rows"
        )
        print(f"dd.merge:               {theirs_s:.2f} s")
        print(
            f"ratio dd.merge / partition-aligned: {theirs_s / ours_s:.2f}x (target >= 2x)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
