"""The layout-safe Spark write (`dual-layout snippet --engine spark --variant write`) in real Spark.

A table with 30 partitions, written by Spark, gets the generated snippet run in the test's session;
then an append, an update of one row and a merge of a few rows (updates and an insert) go through
the snippet's `commit_keeping_layout`. After each: `dual-layout check` says `consistent`, real
Dask's plain and per-partition reads of the data root return Spark's rows, the files of the
partitions the write did not touch are the same files, and the files it replaced are gone. A tag
on the snapshot before an update keeps the files it reads, the function says so, and the tag still
reads its rows. A table whose retention would expire every older snapshot loses only the one that
listed the replaced file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from tests.scenarios.ground_truth import compare_views

NAMESPACE = "write_snippet"
STATIONS = [f"st{i:02d}" for i in range(30)]


@pytest.fixture(scope="module")
def pyiceberg_home(spark_lakehouse, tmp_path_factory) -> Path:
    return spark_lakehouse.write_pyiceberg_home(
        tmp_path_factory.mktemp("write-snippet-home")
    )


class WriteTable:
    """A Spark-written table partitioned by station, and the generated write snippet run on it."""

    def __init__(self, spark, helper_cli, home: Path, catalog: str, name: str):
        self.spark = spark
        self.cli = helper_cli
        self.home = home
        self.identifier = f"{catalog}.{NAMESPACE}.{name}"
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{NAMESPACE}")
        spark.sql(
            f"CREATE TABLE {self.identifier} (id bigint, station string, value double) "
            "USING iceberg PARTITIONED BY (station) TBLPROPERTIES ('format-version'='2')"
        )
        rows = [
            (i, STATIONS[i % len(STATIONS)], i * 0.5) for i in range(4 * len(STATIONS))
        ]
        self.write_rows(rows)
        location = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(
            spark._jsparkSession, self.identifier
        ).location()
        self.data_root = Path(location.removeprefix("file:")) / "data"

    def write_rows(self, rows):
        frame = self.spark.createDataFrame(
            rows, "id bigint, station string, value double"
        )
        frame.writeTo(self.identifier).append()

    def run_snippet(self, monkeypatch, code: str | None = None) -> dict:
        monkeypatch.setenv("PYICEBERG_HOME", str(self.home))
        namespace: dict[str, Any] = {"__name__": "__main__"}
        source = code or self.snippet_code()
        exec(compile(source, "<write snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
        assert namespace["spark"]._jsparkSession.equals(self.spark._jsparkSession)
        return namespace

    def snippet_code(self) -> str:
        generated = self.cli.run(
            "snippet",
            "--engine",
            "spark",
            "--variant",
            "write",
            "--format",
            "json",
            self.identifier,
            env={"PYICEBERG_HOME": str(self.home)},
        )
        assert generated.returncode == 0, generated.stderr
        return generated.json()["code"]

    def rows(self, version: str | None = None) -> pa.Table:
        suffix = f" VERSION AS OF '{version}'" if version else ""
        batches = self.spark.sql(
            f"SELECT * FROM {self.identifier}{suffix}"
        )._collect_as_arrow()
        return pa.Table.from_batches(batches)

    def verdict(self) -> dict:
        result = self.cli.run(
            "check",
            "--format",
            "json",
            self.identifier,
            env={"PYICEBERG_HOME": str(self.home)},
        )
        assert result.returncode in (0, 1), result.stderr
        [verdict] = result.json()["tables"]
        return verdict

    def files_by_partition(self) -> dict[str, set[str]]:
        return {
            directory.name: {p.name for p in directory.glob("*.parquet")}
            for directory in self.data_root.iterdir()
            if directory.is_dir()
        }

    def assert_consistent(self):
        verdict = self.verdict()
        assert verdict["status"] == "consistent", verdict["findings"]
        truth = compare_views(
            self.rows(), str(self.data_root), filter_columns=("station",)
        )
        assert truth.match, truth.reason


def changed_partitions(
    before: dict[str, set[str]], after: dict[str, set[str]]
) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@pytest.fixture(scope="module")
def readings(spark, helper_cli, pyiceberg_home, spark_lakehouse) -> WriteTable:
    return WriteTable(
        spark, helper_cli, pyiceberg_home, spark_lakehouse.sql_catalog_name, "readings"
    )


def test_append_update_and_merge_keep_the_table_consistent(
    readings, monkeypatch, capsys
):
    spark = readings.spark
    assert len(readings.files_by_partition()) == len(STATIONS)
    namespace = readings.run_snippet(monkeypatch)
    commit = namespace["commit_keeping_layout"]
    shown = spark.sql(f"SHOW TBLPROPERTIES {readings.identifier}").collect()
    properties = {row.key: row.value for row in shown}
    for key in ("write.delete.mode", "write.update.mode", "write.merge.mode"):
        assert properties[key] == "copy-on-write"
    assert properties["write.object-storage.enabled"] == "false"
    assert properties["write.distribution-mode"] == "hash"
    assert "write.data.path" not in properties
    readings.assert_consistent()

    # Append two rows to two partitions: nothing is replaced, two files are added.
    before = readings.files_by_partition()
    commit(lambda: readings.write_rows([(1000, "st03", 1.0), (1001, "st04", 2.0)]))
    assert changed_partitions(before, readings.files_by_partition()) == {
        "station=st03",
        "station=st04",
    }
    assert "which replaced no file: nothing to remove" in capsys.readouterr().out
    readings.assert_consistent()

    # Update one row: its partition's file is replaced, and the replaced file is gone.
    before = readings.files_by_partition()
    commit(
        lambda: spark.sql(f"UPDATE {readings.identifier} SET value = -1.0 WHERE id = 7")
    )
    after = readings.files_by_partition()
    assert changed_partitions(before, after) == {"station=st07"}
    assert not (before["station=st07"] & after["station=st07"])
    assert "which replaced 1 file(s)" in capsys.readouterr().out
    rows = readings.rows()
    assert rows.filter(pc.equal(rows["id"], 7))["value"].to_pylist() == [-1.0]
    readings.assert_consistent()

    # Merge: two updates in two partitions and one insert into a third.
    spark.createDataFrame(
        [(8, "st08", 80.0), (9, "st09", 90.0), (2000, "st10", 3.0)],
        "id bigint, station string, value double",
    ).createOrReplaceTempView("write_snippet_updates")
    before = readings.files_by_partition()
    count = readings.rows().num_rows
    commit(
        lambda: spark.sql(
            f"MERGE INTO {readings.identifier} AS t USING write_snippet_updates AS s "
            "ON t.id = s.id AND t.station = s.station "
            "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
        )
    )
    assert changed_partitions(before, readings.files_by_partition()) == {
        "station=st08",
        "station=st09",
        "station=st10",
    }
    rows = readings.rows()
    assert rows.num_rows == count + 1
    by_id = dict(zip(rows["id"].to_pylist(), rows["value"].to_pylist()))
    assert (by_id[8], by_id[9], by_id[2000]) == (80.0, 90.0, 3.0)
    readings.assert_consistent()


def test_the_snippet_examples_write_only_when_asked_and_keep_the_layout(
    readings, monkeypatch
):
    code = readings.snippet_code()
    snapshots = (
        readings.spark.sql(f"SELECT count(*) AS n FROM {readings.identifier}.snapshots")
        .first()
        .n
    )
    readings.run_snippet(monkeypatch, code)
    assert (
        readings.spark.sql(f"SELECT count(*) AS n FROM {readings.identifier}.snapshots")
        .first()
        .n
        == snapshots
    )
    count = readings.rows().num_rows
    assert code.count("\nRUN_EXAMPLES = False\n") == 1
    readings.run_snippet(
        monkeypatch, code.replace("\nRUN_EXAMPLES = False\n", "\nRUN_EXAMPLES = True\n")
    )
    assert readings.rows().num_rows == count + 3
    readings.assert_consistent()


def test_a_tag_keeps_the_files_it_reads(
    spark, helper_cli, pyiceberg_home, spark_lakehouse, monkeypatch, capsys
):
    tagged = WriteTable(
        spark, helper_cli, pyiceberg_home, spark_lakehouse.sql_catalog_name, "tagged"
    )
    namespace = tagged.run_snippet(monkeypatch)
    tagged.assert_consistent()
    original = tagged.rows()
    spark.sql(f"ALTER TABLE {tagged.identifier} CREATE TAG before_update")
    tag_snapshot = (
        spark.sql(
            f"SELECT snapshot_id FROM {tagged.identifier}.refs WHERE name = 'before_update'"
        )
        .first()
        .snapshot_id
    )
    before = tagged.files_by_partition()
    capsys.readouterr()

    namespace["commit_keeping_layout"](
        lambda: spark.sql(f"UPDATE {tagged.identifier} SET value = -1.0 WHERE id = 5")
    )

    out = capsys.readouterr().out
    [old_file] = before["station=st05"]
    assert (
        f"kept file:{tagged.data_root}/station=st05/{old_file}: tag before_update points at snapshot {tag_snapshot}, which still reads it"
        in out
    )
    assert (tagged.data_root / "station=st05" / old_file).exists()
    assert "expire_snapshots" not in out
    assert compare_views(tagged.rows(), str(tagged.data_root)).match is False
    assert tagged.verdict()["status"] == "drift"
    assert sorted(
        tagged.rows("before_update").to_pylist(), key=lambda r: r["id"]
    ) == sorted(original.to_pylist(), key=lambda r: r["id"])


def test_only_the_snapshots_holding_replaced_files_are_expired_whatever_the_retention(
    spark, helper_cli, pyiceberg_home, spark_lakehouse, monkeypatch, capsys
):
    """Iceberg's expire_snapshots(snapshot_ids) alone would also expire every snapshot older than
    history.expire.max-snapshot-age-ms; the function expires exactly the ones that list the file."""
    aged = WriteTable(
        spark, helper_cli, pyiceberg_home, spark_lakehouse.sql_catalog_name, "aged"
    )
    spark.sql(
        f"ALTER TABLE {aged.identifier} SET TBLPROPERTIES "
        "('history.expire.max-snapshot-age-ms'='1')"
    )
    namespace = aged.run_snippet(monkeypatch)
    aged.write_rows([(5000, "st01", 1.0)])
    aged.write_rows([(5001, "st02", 2.0)])
    history = [
        row.snapshot_id
        for row in spark.sql(
            f"SELECT snapshot_id FROM {aged.identifier}.snapshots ORDER BY committed_at"
        ).collect()
    ]
    capsys.readouterr()

    namespace["commit_keeping_layout"](
        lambda: spark.sql(f"DELETE FROM {aged.identifier} WHERE id = 5001")
    )

    left = {
        row.snapshot_id
        for row in spark.sql(
            f"SELECT snapshot_id FROM {aged.identifier}.snapshots"
        ).collect()
    }
    # The file of id 5001 was added by the last snapshot before the delete: only that one goes.
    assert left == (set(history) - {history[-1]}) | {_current(spark, aged)}
    assert f"snapshot_ids => array({history[-1]})" in capsys.readouterr().out
    aged.assert_consistent()


def _current(spark, table: WriteTable) -> int:
    return (
        spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(
            spark._jsparkSession, table.identifier
        )
        .currentSnapshot()
        .snapshotId()
    )
