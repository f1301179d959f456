"""Benchmark: the generated repair after a one-row update vs rewriting the whole table.

Builds (once, reused from --workdir; --fresh rebuilds) a table of 48 identity partitions and about
1.1 GB of Parquet in a SQLite catalog that Spark's JDBC catalog and the helper share. For each of
two write modes, merge-on-read (position deletes) and copy-on-write, it updates one row through
Spark (`UPDATE … WHERE id = K`), then, each side starting from the same updated table:

- ours: `dual-layout repair --format json TABLE`, its `script` executed in the same SparkSession;
- theirs: what the post's author had to do, rewrite the whole table: `rewrite_data_files` with
  `rewrite-all`, `remove-dangling-deletes` and `use-starting-sequence-number` false (without the
  last two a merge-on-read table keeps its delete file live in the Hive tree), followed by
  `expire_snapshots` of everything but the new snapshot, without which the replaced files stay on
  storage and Dask reads them twice.

Both sides are measured alike: wall time, Parquet bytes written and removed in the storage listing,
the bytes Iceberg's snapshot summaries record, `dual-layout check` afterwards, Iceberg's rows
before and after (Spark), and Dask's plain Hive read against Iceberg's rows.

    .venv/bin/python bench/repair/run.py [--fresh] [--rounds 3] [--baseline-rounds 1] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from build_table import FLUX_COLUMNS, build, region_name, restore_files
from measure import (
    StorageDelta,
    committed_bytes,
    dask_rows,
    human_bytes,
    iceberg_rows,
    latest_commit_ms,
    listing,
    same_rows,
)

from tests.fixtures.helper_cli import build_helper_bundle
from tests.fixtures.spark import SparkLakehouse, find_jars, start_spark_session

MODES = {
    "merge-on-read": "merge-on-read update (position deletes)",
    "copy-on-write": "copy-on-write update",
}
COLUMNS = ["id", "region", "obs_time", "value"] + [
    f"flux_{i}" for i in range(FLUX_COLUMNS)
]
UPDATED_VALUE = -1.0


@dataclass
class Outcome:
    """One side's run on one updated table."""

    seconds: float
    phases: dict[str, float]
    storage: StorageDelta
    committed: tuple[int, int]
    verdict: str
    rows_unchanged: bool
    dask_equals_iceberg: bool
    report: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return (
            self.verdict == "consistent"
            and self.rows_unchanged
            and self.dask_equals_iceberg
        )


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.workdir = args.workdir.resolve()
        self.info = build(
            self.workdir,
            args.partitions,
            args.files_per_partition,
            args.rows_per_file,
            fresh=args.fresh,
        )
        self.table = self.info["spark_table"]
        self.location = Path(self.info["location"])
        partitions, files = args.partitions, args.files_per_partition
        # A row in the middle of a file of one partition; ids are contiguous per file.
        key_file = partitions * (files // 2) + 7 % partitions
        self.key = key_file * args.rows_per_file + args.rows_per_file // 5
        self.key_region = region_name(key_file % partitions)
        home = self.workdir / "home"
        home.mkdir(exist_ok=True)
        (home / ".pyiceberg.yaml").write_text(
            json.dumps({"catalog": {self.info["catalog"]: self.info["properties"]}})
        )
        self.helper_env = {**os.environ, "PYICEBERG_HOME": str(home)}
        self.helper = args.helper or build_helper_bundle(
            self.workdir / "dual-layout.js"
        )
        lakehouse = self.workdir / "lakehouse"
        jars = find_jars()
        if not jars:
            raise SystemExit("Iceberg/Spark jars not found; run `make jars`")
        self.spark = start_spark_session(
            SparkLakehouse(
                lakehouse,
                lakehouse / "catalog.db",
                lakehouse / "warehouse",
                self.workdir / "hadoop-warehouse",
            ),
            jars,
            app_name="dual-layout-bench-repair",
            config={"spark.driver.memory": args.driver_memory},
        )
        self.pristine_snapshot: int | None = None

    def cli(self, command: str, expect: tuple[int, ...]) -> dict:
        """`dual-layout COMMAND --format json TABLE`, as a person runs it."""
        completed = subprocess.run(
            ["node", str(self.helper), command, "--format", "json", self.info["table"]],
            capture_output=True,
            text=True,
            env=self.helper_env,
            check=False,
        )
        if completed.returncode not in expect:
            raise SystemExit(
                f"dual-layout {command} exited {completed.returncode}, expected {expect}:\n"
                f"{completed.stderr[-2000:]}{completed.stdout[-2000:]}"
            )
        return json.loads(completed.stdout)["tables"][0]

    def verdict(self) -> dict:
        return self.cli("check", expect=(0, 1))

    def current_snapshot(self) -> int:
        return self.spark.sql(
            f"SELECT snapshot_id FROM {self.table}.history "
            "ORDER BY made_current_at DESC LIMIT 1"
        ).first()["snapshot_id"]

    def restore(self) -> None:
        """The pristine table again: its files back in place, and the catalog pointing at its
        metadata file (dropping the registration only, never the files)."""
        catalog, identifier = self.table.split(".", 1)
        self.spark.sql(f"DROP TABLE IF EXISTS {self.table}")
        restore_files(self.workdir)
        self.spark.sql(
            f"CALL {catalog}.system.register_table(table => '{identifier}', "
            f"metadata_file => '{self.info['metadata_location']}')"
        )
        snapshot = self.current_snapshot()
        if self.pristine_snapshot is None:
            self.pristine_snapshot = snapshot
        elif snapshot != self.pristine_snapshot:
            raise SystemExit(
                f"Spark sees snapshot {snapshot} after the restore, not {self.pristine_snapshot}"
            )

    def update_one_row(self, mode: str) -> float:
        self.spark.sql(
            f"ALTER TABLE {self.table} SET TBLPROPERTIES ('write.update.mode' = '{mode}')"
        )
        started = time.perf_counter()
        self.spark.sql(
            f"UPDATE {self.table} SET value = {UPDATED_VALUE} WHERE id = {self.key}"
        )
        return time.perf_counter() - started

    def ours(self) -> tuple[dict[str, float], list[str]]:
        started = time.perf_counter()
        plan = self.cli("repair", expect=(1,))
        planned = time.perf_counter()
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            # Running the plan's code, as a person pastes it into their session, is what is measured.
            exec(  # noqa: S102
                compile(plan["script"], "<repair script>", "exec"),
                {"spark": self.spark},
            )
        finished = time.perf_counter()
        steps = [f"step: {step['title']}" for step in plan["steps"]]
        return (
            {"plan": planned - started, "script": finished - planned},
            steps + printed.getvalue().splitlines(),
        )

    def theirs(self) -> tuple[dict[str, float], list[str]]:
        catalog, identifier = self.table.split(".", 1)
        started = time.perf_counter()
        rewrite = self.spark.sql(
            f"CALL {catalog}.system.rewrite_data_files(table => '{identifier}', "
            "options => map('rewrite-all', 'true', 'remove-dangling-deletes', 'true', "
            "'use-starting-sequence-number', 'false'))"
        ).first()
        rewritten = time.perf_counter()
        newest = datetime.fromtimestamp(
            (latest_commit_ms(self.spark, self.table) + 1) / 1000, timezone.utc
        )
        expire = self.spark.sql(
            f"CALL {catalog}.system.expire_snapshots(table => '{identifier}', "
            f"older_than => TIMESTAMP '{newest:%Y-%m-%d %H:%M:%S.%f}', retain_last => 1)"
        ).first()
        finished = time.perf_counter()
        return (
            {"rewrite": rewritten - started, "expire": finished - rewritten},
            [
                f"rewrite_data_files: {rewrite.asDict()}",
                f"expire_snapshots: {expire.asDict()}",
            ],
        )

    def run(self, mode: str, side: str) -> tuple[Outcome, float, dict]:
        self.restore()
        update_seconds = self.update_one_row(mode)
        drift = self.verdict()
        before_rows = iceberg_rows(self.spark, self.table, COLUMNS, self.key)
        if before_rows.key_values != (UPDATED_VALUE,):
            raise SystemExit(f"the update did not change row {self.key}: {before_rows}")
        before_files = listing(self.location)
        started = time.perf_counter()
        phases, report = self.ours() if side == "ours" else self.theirs()
        seconds = time.perf_counter() - started
        after_files = listing(self.location)
        storage = StorageDelta.between(before_files, after_files)
        after_rows = iceberg_rows(self.spark, self.table, COLUMNS, self.key)
        outcome = Outcome(
            seconds=seconds,
            phases=phases,
            storage=storage,
            committed=committed_bytes(before_files, after_files),
            verdict=self.verdict()["status"],
            rows_unchanged=after_rows == before_rows,
            dask_equals_iceberg=same_rows(
                after_rows, dask_rows(self.info["data_root"], self.key)
            ),
            report=report,
        )
        return outcome, update_seconds, drift


def describe(name: str, outcomes: list[Outcome]) -> list[str]:
    best = min(outcomes, key=lambda o: o.seconds)
    phases = " + ".join(f"{k} {v:.1f} s" for k, v in best.phases.items())
    storage = best.storage
    added, removed = best.committed
    # The first run's checks; any later run that differs is flagged on the same line.
    first = outcomes[0]
    checks = (
        f"check -> {first.verdict}, Iceberg rows {'unchanged' if first.rows_unchanged else 'CHANGED'}, "
        f"Dask {'=' if first.dask_equals_iceberg else '!='} Iceberg"
    )
    runs = [f"{o.seconds:.1f}" for o in outcomes]
    return [
        f"  {name}: best of {len(outcomes)} {best.seconds:7.1f} s ({phases}; runs {', '.join(runs)} s)",
        (
            f"      storage: Parquet written {human_bytes(storage.parquet_written)} in {storage.parquet_files_written} files, "
            f"removed {human_bytes(storage.parquet_removed)} in {storage.parquet_files_removed} files, "
            f"metadata written {human_bytes(storage.other_written)}"
        ),
        f"      Iceberg's snapshot summaries: added {human_bytes(added)}, removed {human_bytes(removed)}",
        f"      {checks}"
        + (
            ""
            if all(o.correct for o in outcomes)
            else "  (a later run was NOT correct)"
        ),
    ]


def ratio(ours: float, theirs: float) -> str:
    if ours == 0:
        return "0 (nothing rewritten)"
    return f"{ours / theirs:.4f} (1/{theirs / ours:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/dual-layout-bench-repair")
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the table")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of the generated repair per mode"
    )
    parser.add_argument(
        "--baseline-rounds",
        type=int,
        default=1,
        help="runs of the full rewrite per mode",
    )
    parser.add_argument("--partitions", type=int, default=48)
    parser.add_argument("--files-per-partition", type=int, default=4)
    parser.add_argument("--rows-per-file", type=int, default=60_000)
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    parser.add_argument("--driver-memory", default="2g")
    parser.add_argument(
        "--helper", type=Path, help="a helper bundle (default: bundled from this tree)"
    )
    args = parser.parse_args()
    # Minutes pass between lines: show each as it comes, also when the output is a file.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)

    bench = Bench(args)
    info = bench.info
    # Warm-up, untimed: the JVM, the catalog and the page cache, for both sides alike.
    bench.restore()
    iceberg_rows(bench.spark, bench.table, COLUMNS, bench.key)

    print(
        f"table: {info['table']}, {args.partitions} partitions x {args.files_per_partition} files, "
        f"{info['rows']:,} rows, {human_bytes(info['parquet_bytes'])} of Parquet "
        f"(built in {info['build_seconds']} s, reused when present)"
    )
    print(
        f"one row updated: UPDATE {bench.table} SET value = {UPDATED_VALUE} WHERE id = {bench.key}"
        f"  (partition region={bench.key_region}); Spark local[2], load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    all_correct = True
    for mode in args.modes:
        results: dict[str, list[Outcome]] = {"ours": [], "theirs": []}
        updates: list[float] = []
        drift: dict = {}
        # Interleaved, so neither side always runs on the warmer machine.
        for i in range(max(args.rounds, args.baseline_rounds)):
            for side, rounds in (
                ("ours", args.rounds),
                ("theirs", args.baseline_rounds),
            ):
                if i < rounds:
                    outcome, update_seconds, drift = bench.run(mode, side)
                    results[side].append(outcome)
                    updates.append(update_seconds)
        kinds = sorted({f["kind"] for f in drift["findings"] if f["changesRows"]})
        print(
            f"\n{MODES[mode]}: UPDATE best {min(updates):.1f} s; check -> {drift['status']} ({', '.join(kinds)})"
        )
        for line in results["ours"][0].report:
            print(f"      | {line}")
        print("\n".join(describe("generated repair", results["ours"])))
        print("\n".join(describe("full rewrite    ", results["theirs"])))
        ours = min(results["ours"], key=lambda o: o.seconds)
        theirs = min(results["theirs"], key=lambda o: o.seconds)
        print(
            f"  Parquet bytes written, repair / full rewrite: {ratio(ours.storage.parquet_written, theirs.storage.parquet_written)}"
            "  (target <= 1/20)"
        )
        print(
            f"  Parquet bytes removed, repair / full rewrite: {ratio(ours.storage.parquet_removed, theirs.storage.parquet_removed)}"
        )
        print(
            f"  wall time, full rewrite / repair:             {theirs.seconds / ours.seconds:.1f}x"
        )
        all_correct &= all(o.correct for side in results.values() for o in side)
    bench.spark.stop()
    if not all_correct:
        raise SystemExit(
            "a side left the table inconsistent, changed Iceberg's rows or Dask's view"
        )


if __name__ == "__main__":
    main()
