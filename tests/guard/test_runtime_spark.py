"""Iceberg maintenance through PySpark in a guarded kernel: a repair is a write to its table.

A real SparkSession runs in the kernel. ``spark.sql("CALL <catalog>.system.<procedure>(…)")`` on a
protected table and a FileIO ``deleteFile`` of one of its files are refused before the JVM is asked
(the table's snapshots and files are unchanged); "Run anyway" lets the same repair run; procedures on
other tables, and SQL that only mentions CALL, run as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.spark import REPO, find_jars
from tests.guard.kernel import Kernel

PROTECTED = "lake.sci.events"
# Starting a JVM and writing two tables on a shared, loaded machine takes minutes, not seconds.
SPARK_SETUP_TIMEOUT = 600
# SQL that only mentions a procedure call (Spark SQL strings take double quotes too).
MENTION = "SELECT \"CALL lake.system.expire_snapshots(table => 'sci.events')\" AS note"


@dataclass(frozen=True)
class SparkKernel:
    kernel: Kernel
    policy_file: Path
    table_dir: Path

    def write_policy(self, mode: str) -> None:
        policy = {
            "protected": [{"table": PROTECTED, "location": self.table_dir.as_uri()}],
            "mode": mode,
        }
        partial = self.policy_file.with_suffix(".partial")
        partial.write_text(json.dumps(policy))
        partial.replace(self.policy_file)

    def state(self) -> tuple[list[int], dict[str, int]]:
        """The protected table's snapshot ids (from Spark) and every file below its folder with its size."""
        snapshots = json.loads(
            self.kernel.ok(
                "print(json.dumps([r.snapshot_id for r in spark.sql("
                f"'SELECT snapshot_id FROM {PROTECTED}.snapshots ORDER BY committed_at').collect()]))"
            )
            .output.strip()
            .splitlines()[-1]
        )
        files = {
            str(p): p.stat().st_size for p in self.table_dir.rglob("*") if p.is_file()
        }
        return snapshots, files


def _refused(result) -> str:
    ename, evalue = result.raised()
    assert ename == "ProtectedWriteError", f"{ename}: {evalue}\n{result.output}"
    return evalue


@pytest.fixture(scope="module")
def spark_kernel(tmp_path_factory) -> Iterator[SparkKernel]:
    jars = find_jars()
    if not jars:
        pytest.skip("Iceberg/Spark jars not found; run `make jars`")
    root = tmp_path_factory.mktemp("guard-spark").resolve()
    policy_file = root / "policy.json"
    kernel = Kernel({"DUAL_LAYOUT_POLICY": str(policy_file)}, cwd=str(root))
    try:
        kernel.ok(
            "import json, sys\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            "from pathlib import Path\n"
            "from tests.fixtures.spark import SparkLakehouse, start_spark_session\n"
            f"root = Path({str(root)!r})\n"
            "lake = SparkLakehouse(root=root, sqlite_path=root / 'catalog.db', warehouse=root / 'wh', hadoop_warehouse=root / 'hwh')\n"
            "lake.warehouse.mkdir(); lake.hadoop_warehouse.mkdir(); lake.load_pyiceberg_catalog()\n"
            f"spark = start_spark_session(lake, [Path(p) for p in {[str(j) for j in jars]!r}], 'guard-maintenance')\n"
            "for name in ('events', 'scratch'):\n"
            "    spark.sql(f'CREATE TABLE lake.sci.{name} (id bigint, region string) USING iceberg PARTITIONED BY (region)')\n"
            "    for region in ('EU', 'US'):\n"
            "        spark.sql(f\"INSERT INTO lake.sci.{name} VALUES (1, '{region}'), (2, '{region}')\")\n"
            f'table_dir = spark.sql("DESCRIBE TABLE EXTENDED {PROTECTED}").where("col_name = \'Location\'").first().data_type\n'
            "print(table_dir)",
            timeout=SPARK_SETUP_TIMEOUT,
        )
        location = kernel.ok("print(table_dir)").output.strip().splitlines()[-1]
        table_dir = Path(location.removeprefix("file:"))
        handle = SparkKernel(kernel, policy_file, table_dir)
        handle.write_policy("warn")
        kernel.ok("%load_ext jupyterlab_dual_layout.guard")
        yield handle
    finally:
        kernel.run("spark.stop()")
        kernel.shutdown()


@pytest.fixture
def guarded(spark_kernel: SparkKernel) -> SparkKernel:
    spark_kernel.write_policy("warn")
    spark_kernel.kernel.ok("pass")
    return spark_kernel


def test_a_call_of_a_maintenance_procedure_on_a_protected_table_is_refused_before_spark_runs_it(
    guarded: SparkKernel,
):
    before = guarded.state()
    evalue = _refused(
        guarded.kernel.run(
            "spark.sql(\"CALL lake.system.rewrite_data_files(table => 'sci.events', "
            "options => map('rewrite-all', 'true'))\")"
        )
    )
    assert evalue.startswith(
        "spark.sql CALL lake.system.rewrite_data_files (maintenance) would write to lake.sci.events, "
        f"inside the protected table {PROTECTED}"
    )
    assert guarded.state() == before


def test_a_procedure_named_without_its_catalog_is_resolved_in_the_current_one(
    guarded: SparkKernel,
):
    before = guarded.state()
    snapshot = before[0][0]
    evalue = _refused(
        guarded.kernel.run(
            "spark.sql('USE lake')\n"
            f"spark.sql(\"CALL system.expire_snapshots(table => 'sci.events', snapshot_ids => array({snapshot}))\")"
        )
    )
    assert evalue.startswith(
        "spark.sql CALL system.expire_snapshots (maintenance) would delete lake.sci.events"
    )
    assert guarded.state() == before


def test_removing_a_file_through_the_tables_file_io_is_refused(guarded: SparkKernel):
    data_file = next(guarded.table_dir.rglob("*.parquet"))
    before = guarded.state()
    evalue = _refused(
        guarded.kernel.run(
            "io = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable("
            f"spark._jsparkSession, {PROTECTED!r}).io()\n"
            # As Iceberg records a local file's path: not percent-encoded.
            f"io.deleteFile({'file:' + str(data_file)!r})"
        )
    )
    assert evalue.startswith(
        f"Iceberg FileIO.deleteFile (maintenance) would delete {data_file}, inside the protected table {PROTECTED}"
    )
    assert data_file.is_file()
    assert guarded.state() == before


def test_block_mode_refuses_the_repair_even_when_allowed(guarded: SparkKernel):
    guarded.write_policy("block")
    before = guarded.state()
    evalue = _refused(
        guarded.kernel.run(
            "import jupyterlab_dual_layout.guard as g\n"
            "with g.allow_protected_writes('repair'):\n"
            "    spark.sql(\"CALL lake.system.rewrite_manifests('sci.events')\")"
        )
    )
    assert "mode block" in evalue
    assert guarded.state() == before


def test_run_anyway_lets_the_repair_run_and_says_so(guarded: SparkKernel):
    snapshots, _ = guarded.state()
    guarded.kernel.run(
        "import jupyterlab_dual_layout.guard as g; g.allow_next_cell('repair after a dry run')",
        silent=True,
    )
    result = guarded.kernel.ok(
        "rows = spark.sql(\"CALL lake.system.rewrite_data_files(table => 'sci.events', "
        "options => map('rewrite-all', 'true'))\").collect()\n"
        "print('rewritten', rows[0].rewritten_data_files_count)"
    )
    assert "rewritten 2" in result.output
    assert (
        "dual-layout guard: allowed spark.sql CALL lake.system.rewrite_data_files (maintenance) "
        f"to write to lake.sci.events (the protected table {PROTECTED}); reason: repair after a dry run"
    ) in result.output
    after, _ = guarded.state()
    assert after[: len(snapshots)] == snapshots and len(after) == len(snapshots) + 1


def test_other_tables_reads_and_text_that_mentions_call_pass(guarded: SparkKernel):
    snapshots, _ = guarded.state()
    result = guarded.kernel.ok(
        "rows = spark.sql(\"CALL lake.system.rewrite_data_files(table => 'sci.scratch', options => map('rewrite-all', 'true'))\").collect()\n"
        "print('scratch rewritten', rows[0].rewritten_data_files_count)\n"
        f"print(spark.sql({MENTION!r}).first().note)\n"
        "print('ancestors', spark.sql(\"CALL lake.system.ancestors_of('sci.events')\").count())\n"
        f"print('rows', spark.table({PROTECTED!r}).count())"
    )
    assert result.output.strip().splitlines()[-4:] == [
        "scratch rewritten 2",
        "CALL lake.system.expire_snapshots(table => 'sci.events')",
        f"ancestors {len(snapshots)}",
        "rows 4",
    ]
