"""Filtered Dask reads: the generated `--where` read and the pinned read vs plain `partitioning="hive"`.

Builds one Iceberg table with pyiceberg, partitioned by ``region`` (identity, 40 values) and
``day(obs_time)`` (100 days), one data file per partition: 4,000 files. Then, for the one-region
filter ``region = 'R07'``, one run each of:

- generated: ``dual-layout snippet --engine dask --where "region = 'R07'"`` (lists the data root
  and opens only the selected partitions' files);
- plain: ``dd.read_parquet(root, filters=[("region", "==", "R07")])`` with the Hive partitioning
  the unfiltered snippet uses (the transform's ``obs_time_day`` key; ``region`` read from the files).
  ``partitioning="hive"`` itself is tried and its outcome printed: Dask refuses it, since Iceberg
  writers keep ``region`` inside the files as well;
- pinned: ``dual-layout snippet --engine dask --variant pinned --where ...`` (Iceberg plans the files).

Each prints files opened (Parquet files opened through fsspec, counted by a filesystem subclass;
for the pinned read, which reads through pyiceberg's own FileIO, the files Iceberg planned), wall
time (executing the cell and computing the frame; generating the code is not counted) and whether
its rows equal ``table.scan(row_filter=...)``. Local files first, then the same table written to a
loopback S3 server (moto). Targets: the generated and pinned reads open only the selected
partition's files; generated ≥ 5x faster than plain; pinned no slower than plain.

    .venv/bin/python bench/prune/bench_prune.py [--regions 40] [--days 100] [--rows-per-file 25] [--skip-s3]
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pa_ds

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.fixtures.helper_cli import HelperCli, build_helper_bundle
from tests.fixtures.s3 import moto_server
from tests.snippets.tables import write_pyiceberg_yaml

REGION = "R07"
PREDICATE = f"region = '{REGION}'"
OPENED: list[str] = []


def table_rows(regions: int, days: int, per_file: int) -> pa.Table:
    count = regions * days * per_file
    start = datetime.datetime(2024, 1, 1)
    return pa.table(
        {
            "obs_id": pa.array(range(count), pa.int64()),
            "region": pa.array(
                [f"R{(i // per_file) % regions:02d}" for i in range(count)], pa.string()
            ),
            "obs_time": pa.array(
                [
                    start
                    + datetime.timedelta(
                        days=i // (per_file * regions), seconds=i % 86_000
                    )
                    for i in range(count)
                ],
                pa.timestamp("us"),
            ),
            "value": pa.array([i * 0.25 for i in range(count)], pa.float64()),
        }
    )


def build_table(catalog_name: str, properties: dict[str, str], rows: pa.Table):
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.transforms import DayTransform, IdentityTransform
    from pyiceberg.types import (
        DoubleType,
        LongType,
        NestedField,
        StringType,
        TimestampType,
    )

    catalog = SqlCatalog(catalog_name, **properties)
    catalog.create_namespace("sci")
    schema = Schema(
        NestedField(1, "obs_id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
        NestedField(3, "obs_time", TimestampType(), required=False),
        NestedField(4, "value", DoubleType(), required=False),
    )
    spec = PartitionSpec(
        PartitionField(2, 1000, IdentityTransform(), "region"),
        PartitionField(3, 1001, DayTransform(), "obs_time_day"),
    )
    table = catalog.create_table("sci.obs", schema, partition_spec=spec)
    table.append(rows)
    return table


def counting(base: type) -> type:
    class Counting(base):
        def _open(self, path, mode="rb", **kwargs):
            if str(path).endswith(".parquet"):
                OPENED.append(str(path))
            return super()._open(path, mode, **kwargs)

    return Counting


def register_counting_filesystems() -> None:
    import fsspec
    from fsspec.implementations.local import LocalFileSystem
    from s3fs import S3FileSystem

    for protocol, base in (
        ("file", LocalFileSystem),
        ("local", LocalFileSystem),
        ("s3", S3FileSystem),
    ):
        fsspec.register_implementation(protocol, counting(base), clobber=True)


def namespace_options(code: str) -> dict:
    """The storage options a generated cell builds (S3 settings from the catalog's configuration)."""
    setup = code.split("partition_tests =", 1)[0]
    namespace: dict = {"__name__": "__main__"}
    exec(compile(setup, "<snippet setup>", "exec"), namespace)  # noqa: S102 - the cell's own settings
    return namespace.get("storage_options", {})


def run_cell(code: str, variable: str) -> tuple[dict, pd.DataFrame, float]:
    namespace: dict = {"__name__": "__main__"}
    start = time.perf_counter()
    exec(compile(code, "<snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the benchmark
    frame = namespace[variable].compute()
    return namespace, frame, time.perf_counter() - start


def measure(
    cli: HelperCli, home: Path, table_id: str, table, total_files: int, label: str
) -> dict:
    import dask.dataframe as dd

    env = {"PYICEBERG_HOME": str(home)}
    os.environ.update(
        env
    )  # the cells read the catalog's S3 settings from there, as a kernel does
    truth = sorted(table.scan(row_filter=PREDICATE).to_arrow()["obs_id"].to_pylist())
    results = {}

    def generate(*args: str) -> dict:
        result = cli.run(
            "snippet",
            "--format",
            "json",
            "--engine",
            "dask",
            *args,
            "--where",
            PREDICATE,
            table_id,
            env=env,
        )
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        return result.json()

    read = generate()
    # Untimed warm-up (thread pool, pyarrow's dataset machinery), so no side pays for it.
    dd.read_parquet(
        table.inspect.files()["file_path"][0].as_py(),
        dataset={"partitioning": None},
        storage_options=namespace_options(read["code"]),
    ).compute()
    OPENED.clear()
    namespace, frame, seconds = run_cell(read["code"], read["variable"])
    results["generated"] = (len(set(OPENED)), seconds, sorted(frame["obs_id"]) == truth)

    options = namespace.get(
        "storage_options", {}
    )  # the S3 settings the generated cell built
    data_root = f"{table.metadata.location}/data"
    try:
        dd.read_parquet(
            data_root,
            dataset={"partitioning": "hive"},
            filters=[("region", "==", REGION)],
            storage_options=options,
        )
        hive_note = "partitioning='hive' reads"
    except (
        ValueError
    ) as error:  # Iceberg keeps region inside the files too, which Dask refuses
        hive_note = f"partitioning='hive' fails: {' '.join(str(error).split())[:150]}"
    # So plain is what the unfiltered snippet reads, with the filter on region added: Hive keys
    # of the transforms only, region from the files.
    OPENED.clear()
    start = time.perf_counter()
    plain = dd.read_parquet(
        data_root,
        dataset={
            "partitioning": pa_ds.HivePartitioning(
                pa.schema([("obs_time_day", pa.date32())]), null_fallback="null"
            )
        },
        filters=[("region", "==", REGION)],
        storage_options=options,
    ).compute()
    results["plain hive"] = (
        len(set(OPENED)),
        time.perf_counter() - start,
        sorted(plain["obs_id"]) == truth,
    )

    pinned = generate("--variant", "pinned")
    namespace, frame, seconds = run_cell(pinned["code"], pinned["variable"])
    planned = len(namespace[f"{pinned['variable']}_files"])
    results["pinned"] = (planned, seconds, sorted(frame["obs_id"]) == truth)

    selected = sum(1 for task in table.scan(row_filter=PREDICATE).plan_files())
    print(
        f"\n{label}: {total_files} files, {len(truth)} rows where {PREDICATE} in {selected} files"
    )
    print(f"  ({hive_note})")
    print(f"  {'read':<12}{'files opened':>14}{'wall s':>10}{'rows equal':>12}")
    for name, (files, wall, equal) in results.items():
        print(f"  {name:<12}{files:>14}{wall:>10.2f}{equal!s:>12}")
    generated_wall, plain_wall, pinned_wall = (
        results[k][1] for k in ("generated", "plain hive", "pinned")
    )
    print(
        f"  plain/generated: {plain_wall / generated_wall:.1f}x (target ≥ 5x); "
        f"plain/pinned: {plain_wall / pinned_wall:.1f}x (target ≥ 1x); "
        f"generated opens only the selected files: {results['generated'][0] == selected}; "
        f"pinned plans only them: {results['pinned'][0] == selected}"
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--rows-per-file", type=int, default=25)
    parser.add_argument("--skip-s3", action="store_true")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import dask

    dask.config.set(scheduler="threads")
    rows = table_rows(args.regions, args.days, args.rows_per_file)
    files = args.regions * args.days
    with tempfile.TemporaryDirectory(prefix="bench-prune-") as directory:
        root = Path(directory)
        cli = HelperCli(build_helper_bundle(root / "dual-layout.js"))
        register_counting_filesystems()

        (root / "warehouse").mkdir()
        local = {
            "type": "sql",
            "uri": f"sqlite:///{root / 'local.db'}",
            "warehouse": (root / "warehouse").as_uri(),
        }
        start = time.perf_counter()
        table = build_table("prunelocal", local, rows)
        print(f"local table written in {time.perf_counter() - start:.1f} s")
        write_pyiceberg_yaml(root / "home-local", {"prunelocal": local})
        measure(
            cli, root / "home-local", "prunelocal.sci.obs", table, files, "local files"
        )

        if args.skip_s3:
            return
        with moto_server() as server:
            s3 = {
                "type": "sql",
                "uri": f"sqlite:///{root / 's3.db'}",
                "warehouse": server.uri("prune"),
                **server.properties,
            }
            start = time.perf_counter()
            table = build_table("prunes3", s3, rows)
            print(f"\nS3 table written in {time.perf_counter() - start:.1f} s")
            write_pyiceberg_yaml(root / "home-s3", {"prunes3": s3})
            measure(
                cli,
                root / "home-s3",
                "prunes3.sci.obs",
                table,
                files,
                "loopback S3 (moto)",
            )


if __name__ == "__main__":
    main()
