"""Hazard tables written by Spark with the Iceberg runtime: copy-on-write and merge-on-read DML,
compaction, branches, the object-storage layout, and a Hadoop-catalog table."""

from __future__ import annotations

import pyarrow as pa

from .pyiceberg_tables import local_path
from .scenario import Scenario

NAMESPACE = "hzs"

COLUMNS = "id bigint, region string, obs_time timestamp, value double"


def values(ids, region_of=lambda i: "EU" if i % 2 else "US") -> str:
    return ", ".join(
        f"({i}, '{region_of(i)}', TIMESTAMP '2024-01-02 {i % 24:02d}:00:00', {i * 1.5})"
        for i in ids
    )


class SparkTables:
    def __init__(self, spark, lakehouse, namespace: str = NAMESPACE):
        self.spark = spark
        self.lakehouse = lakehouse
        self.namespace = namespace
        self.catalog = lakehouse.load_pyiceberg_catalog()
        spark.sql(
            f"CREATE NAMESPACE IF NOT EXISTS {lakehouse.sql_catalog_name}.{namespace}"
        )

    def sql(self, text: str):
        return self.spark.sql(text)

    def _create(self, name, properties=None, catalog=None, partitioned_by="region"):
        catalog = catalog or self.lakehouse.sql_catalog_name
        props = {"format-version": "2", **(properties or {})}
        tblprops = ", ".join(f"'{k}'='{v}'" for k, v in props.items())
        partitioning = f"PARTITIONED BY ({partitioned_by})" if partitioned_by else ""
        self.sql(
            f"CREATE TABLE {catalog}.{self.namespace}.{name} ({COLUMNS}) USING iceberg {partitioning} TBLPROPERTIES ({tblprops})"
        )
        return f"{catalog}.{self.namespace}.{name}"

    def _rows(self, qualified: str, snapshot: str | None):
        def read() -> pa.Table:
            version = f" VERSION AS OF '{snapshot}'" if snapshot else ""
            batches = self.sql(
                f"SELECT * FROM {qualified}{version}"
            )._collect_as_arrow()
            schema = batches[0].schema if batches else None
            return (
                pa.Table.from_batches(batches, schema)
                if batches
                else self._empty(qualified)
            )

        return read

    def _empty(self, qualified):
        return pa.Table.from_pandas(self.sql(f"SELECT * FROM {qualified}").toPandas())

    def _scenario(
        self,
        name,
        status,
        kinds=(),
        snapshot=None,
        catalog=None,
        scenario_name=None,
        layout="hive",
    ) -> Scenario:
        catalog = catalog or self.lakehouse.sql_catalog_name
        qualified = f"{catalog}.{self.namespace}.{name}"
        if catalog == self.lakehouse.sql_catalog_name:
            table = self.catalog.load_table(f"{self.namespace}.{name}")
            root = table.properties.get("write.data.path") or f"{table.location()}/data"
        else:
            root = str(self.lakehouse.hadoop_warehouse / self.namespace / name / "data")
        return Scenario(
            name=scenario_name or name,
            catalog=catalog,
            table=f"{self.namespace}.{name}",
            writer="spark",
            status=status,
            kinds=frozenset(kinds),
            data_root=local_path(root),
            iceberg_rows=self._rows(qualified, snapshot),
            snapshot=snapshot,
            layout=layout,
        )

    def build_all(self) -> list[Scenario]:
        scenarios = [
            self.clean(),
            self.copy_on_write_leftovers(),
            self.compaction_leftovers(),
            *self.branch_write(),
            self.position_deletes(),
            self.deletion_vectors(),
            self.deletion_vectors_in_one_puffin(),
            self.dangling_deletes(),
            self.object_storage_layout(),
            self.unpartitioned(),
            self.hadoop_clean(),
        ]
        return scenarios

    def build_retained_history(self) -> list[Scenario]:
        """Stale files that snapshots outside main's current state still hold: a rolled-back
        snapshot, an unpublished write-audit-publish snapshot, and a tag and a branch on an
        old snapshot."""
        return [
            self.rolled_back(),
            self.unpublished_wap(),
            self.ref_on_old_snapshot("spark_tagged", "TAG"),
            self.ref_on_old_snapshot("spark_old_branch", "BRANCH"),
        ]

    def _current_snapshot_id(self, name) -> int:
        table = self.catalog.load_table(f"{self.namespace}.{name}")
        return table.current_snapshot().snapshot_id

    def rolled_back(self):
        """A bad append rolled back: its files stay in the tree, no ancestor of main holds them."""
        t = self._create("spark_rolled_back")
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        good = self._current_snapshot_id("spark_rolled_back")
        self.sql(f"INSERT INTO {t} VALUES {values(range(5, 9))}")
        self.sql(
            f"CALL {self.lakehouse.sql_catalog_name}.system.rollback_to_snapshot(table => '{self.namespace}.spark_rolled_back', snapshot_id => {good})"
        )
        return self._scenario("spark_rolled_back", "drift", {"stale-file"})

    def unpublished_wap(self):
        """With `write.wap.enabled` and `spark.wap.id` set, an append is staged, not published."""
        t = self._create("spark_wap", {"write.wap.enabled": "true"})
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        self.spark.conf.set("spark.wap.id", "audit-1")
        try:
            self.sql(f"INSERT INTO {t} VALUES {values(range(5, 9))}")
        finally:
            self.spark.conf.unset("spark.wap.id")
        return self._scenario("spark_wap", "drift", {"stale-file"})

    def ref_on_old_snapshot(self, name, ref_type):
        """A tag or branch on the first snapshot, then two copy-on-write deletes in region US:
        the first file replaced is held by the ref, the second only by main's older snapshot."""
        t = self._create(name)
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 9))}")
        self.sql(f"ALTER TABLE {t} CREATE {ref_type} keep")
        self.sql(f"DELETE FROM {t} WHERE id = 2")
        self.sql(f"DELETE FROM {t} WHERE id = 4")
        return self._scenario(name, "drift", {"stale-file"})

    def clean(self):
        t = self._create("spark_clean")
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        self.sql(f"INSERT INTO {t} VALUES {values(range(5, 9))}")
        return self._scenario("spark_clean", "consistent")

    def copy_on_write_leftovers(self):
        """UPDATE, DELETE and MERGE in copy-on-write mode rewrite whole files; the old ones stay."""
        t = self._create("spark_cow")
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 9))}")
        self.sql(f"UPDATE {t} SET value = -1 WHERE id = 1")
        self.sql(f"DELETE FROM {t} WHERE id = 2")
        self.sql(
            f"MERGE INTO {t} AS target USING (SELECT 3 AS id, -3.0 AS value) AS source ON target.id = source.id WHEN MATCHED THEN UPDATE SET target.value = source.value"
        )
        return self._scenario("spark_cow", "drift", {"stale-file"})

    def compaction_leftovers(self):
        """rewrite_data_files replaces small files with one; the small ones stay until expired and removed."""
        t = self._create("spark_compaction")
        for start in (1, 5, 9):
            self.sql(f"INSERT INTO {t} VALUES {values(range(start, start + 4))}")
        self.sql(
            f"CALL {self.lakehouse.sql_catalog_name}.system.rewrite_data_files(table => '{self.namespace}.spark_compaction', options => map('min-input-files', '2'))"
        )
        return self._scenario("spark_compaction", "drift", {"stale-file"})

    def branch_write(self):
        """Write-audit-publish: the audit branch's files share the tree with main's."""
        t = self._create("spark_branch")
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        self.sql(f"ALTER TABLE {t} CREATE BRANCH audit")
        self.sql(f"INSERT INTO {t}.branch_audit VALUES {values(range(100, 103))}")
        return [
            self._scenario("spark_branch", "drift", {"stale-file"}),
            self._scenario(
                "spark_branch",
                "consistent",
                snapshot="audit",
                scenario_name="spark_branch@audit",
            ),
        ]

    def position_deletes(self):
        t = self._create("spark_mor", {"write.delete.mode": "merge-on-read"})
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 9))}")
        self.sql(f"DELETE FROM {t} WHERE id IN (2, 3)")
        return self._scenario("spark_mor", "drift", {"delete-file"})

    def deletion_vectors(self):
        """Format v3 merge-on-read deletes are deletion vectors in Puffin files."""
        t = self._create(
            "spark_dv", {"format-version": "3", "write.delete.mode": "merge-on-read"}
        )
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 9))}")
        self.sql(f"DELETE FROM {t} WHERE id = 4")
        return self._scenario("spark_dv", "drift", {"delete-file"})

    def object_storage_layout(self):
        t = self._create(
            "spark_object_storage", {"write.object-storage.enabled": "true"}
        )
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        return self._scenario(
            "spark_object_storage", "consistent", layout="object-storage"
        )

    def deletion_vectors_in_one_puffin(self):
        """One DELETE removing rows from several data files: their deletion vectors share a
        Puffin file (checked against the metadata by the test)."""
        t = self._create(
            "spark_dv_shared",
            {"format-version": "3", "write.delete.mode": "merge-on-read"},
        )
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 9))}")
        self.sql(f"INSERT INTO {t} VALUES {values(range(9, 17))}")
        self.sql(f"DELETE FROM {t} WHERE id IN (1, 2, 3, 9, 10)")
        return self._scenario("spark_dv_shared", "drift", {"delete-file"})

    def dangling_deletes(self):
        """A position delete, then compaction: the rewritten file no longer holds the deleted
        row, so the delete file stays live but deletes nothing (format v3 would drop a
        deletion vector with its data file). The old data files stay in the tree."""
        t = self._create("spark_dangling", {"write.delete.mode": "merge-on-read"})
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        self.sql(f"INSERT INTO {t} VALUES {values(range(5, 9))}")
        self.sql(f"DELETE FROM {t} WHERE id = 3")
        self.sql(
            f"CALL {self.lakehouse.sql_catalog_name}.system.rewrite_data_files(table => '{self.namespace}.spark_dangling', options => map('min-input-files', '2'))"
        )
        return self._scenario("spark_dangling", "drift", {"delete-file", "stale-file"})

    def unpartitioned(self):
        t = self._create("spark_unpartitioned", partitioned_by=None)
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 5))}")
        self.sql(f"INSERT INTO {t} VALUES {values(range(5, 9))}")
        return self._scenario(
            "spark_unpartitioned", "consistent", layout="unpartitioned"
        )

    def hadoop_clean(self):
        catalog = self.lakehouse.hadoop_catalog_name
        self.sql(f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{self.namespace}")
        t = self._create("hadoop_clean", catalog=catalog)
        self.sql(f"INSERT INTO {t} VALUES {values(range(1, 7))}")
        return self._scenario("hadoop_clean", "consistent", catalog=catalog)
