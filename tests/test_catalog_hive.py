"""The Hive catalog on a real Hive Metastore (``tests/fixtures/hive_metastore.py``), written by
both of its writers into one database, as a platform's metastore holds both:

- **pyiceberg**: ``HiveCatalog`` (Thrift, via pyiceberg's vendored client) writes the snippet
  tables (``tests/snippets/tables.py``);
- **Spark**: Iceberg's ``type=hive`` catalog, added to the shared session at run time under the
  same catalog name, writes observations, bucketed readings and a table it overwrites
  (prefixed ``spark_``).

Beside them, tables made straight through Thrift: a plain Parquet Hive table (not Iceberg, so
never listed) and an Iceberg-typed one whose ``metadata_location`` names a missing file.

Matrix, for each writer: ``list``, ``check`` (a consistent table and one whose overwrite left
stale files), ``preview`` through the API, the Spark snippet executed unmodified (configuring a
``hive`` catalog) and the Dask read and pinned read run in a kernel; rows compared with
pyiceberg's. Then the ways a metastore goes wrong, each with its exact message.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from tests.fixtures.catalogs import list_all_tables
from tests.fixtures.hive_metastore import HiveMetastore
from tests.fixtures.spark import register_spark_catalog
from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.lakes import _sql_literal
from tests.snippets.run import kernel_env, run_kernel
from tests.snippets.tables import (
    NAMESPACE,
    build_tables,
    observations,
    readings,
    write_pyiceberg_yaml,
)

CATALOG = "meta"
# Tables made through Thrift by hand, in a database of their own.
ODD_DATABASE = "odd"
# Hive columns the observations' transforms add to the Dask read.
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_path(location: str) -> str:
    """A local file's path from pyiceberg's ``file:///p`` or Hive's ``file:/p``."""
    return location.removeprefix("file://").removeprefix("file:")


def values(rows: pa.Table) -> str:
    return ", ".join(
        "(" + ", ".join(_sql_literal(v) for v in row.values()) + ")"
        for row in rows.to_pylist()
    )


@dataclass(frozen=True)
class HiveLake:
    """One writer's tables in the shared metastore, as a notebook names them."""

    writer: str
    prefix: str
    home: Path
    metastore: HiveMetastore
    catalog: object  # pyiceberg's HiveCatalog, the ground truth

    def table(self, name: str) -> str:
        return f"{CATALOG}.{NAMESPACE}.{self.prefix}{name}"

    def load(self, name: str):
        return self.catalog.load_table(f"{NAMESPACE}.{self.prefix}{name}")  # type: ignore[attr-defined]

    def iceberg_rows(self, name: str) -> pa.Table:
        return self.load(name).scan().to_arrow()


# ---------------------------------------------------------------- the writers


@pytest.fixture(scope="module")
def hive_home(hive_metastore: HiveMetastore, tmp_path_factory) -> Path:
    return write_pyiceberg_yaml(
        tmp_path_factory.mktemp("hive-home"),
        {CATALOG: hive_metastore.pyiceberg_properties()},
    )


@pytest.fixture(scope="module")
def pyiceberg_written(hive_metastore: HiveMetastore, hive_home: Path) -> HiveLake:
    catalog = hive_metastore.load_pyiceberg_catalog(CATALOG)
    build_tables(catalog)
    catalog.create_namespace(ODD_DATABASE)
    hive_metastore.create_hive_table(
        ODD_DATABASE, "plain_parquet", {"table_type": "PARQUET"}
    )
    missing = hive_metastore.warehouse / "gone" / "00003-missing.metadata.json"
    hive_metastore.create_hive_table(
        ODD_DATABASE,
        "lost_metadata",
        {"table_type": "iceberg", "metadata_location": missing.as_uri()},
    )
    hive_metastore.create_hive_table(
        ODD_DATABASE, "no_metadata_location", {"table_type": "ICEBERG"}
    )
    return HiveLake("pyiceberg", "", hive_home, hive_metastore, catalog)


@pytest.fixture(scope="module")
def spark_written(
    pyiceberg_written: HiveLake, hive_metastore: HiveMetastore, spark
) -> HiveLake:
    """Spark's tables beside pyiceberg's (the database exists: pyiceberg made it)."""
    register_spark_catalog(spark, CATALOG, hive_metastore.spark_properties())
    table = f"{CATALOG}.{NAMESPACE}.spark_"
    spark.sql(
        f"CREATE TABLE {table}observations (obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, "
        "obs_date DATE, value DOUBLE) USING iceberg PARTITIONED BY (region, days(obs_time))"
    )
    spark.sql(
        f"INSERT INTO {table}observations VALUES {values(observations(range(30)))}"
    )
    spark.sql(
        f"CREATE TABLE {table}readings (station_id BIGINT, obs_time TIMESTAMP_NTZ, value DOUBLE) "
        "USING iceberg PARTITIONED BY (bucket(4, station_id))"
    )
    spark.sql(f"INSERT INTO {table}readings VALUES {values(readings(60))}")
    spark.sql(
        f"CREATE TABLE {table}overwritten (obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, "
        "obs_date DATE, value DOUBLE) USING iceberg PARTITIONED BY (region)"
    )
    spark.sql(
        f"INSERT INTO {table}overwritten VALUES {values(observations(range(20)))}"
    )
    spark.sql(
        f"INSERT OVERWRITE {table}overwritten VALUES {values(observations(range(100, 110)))}"
    )
    return HiveLake(
        "spark",
        "spark_",
        pyiceberg_written.home,
        hive_metastore,
        pyiceberg_written.catalog,
    )


@pytest.fixture(
    params=["pyiceberg_written", "spark_written"], ids=["pyiceberg", "spark"]
)
def lake(request) -> HiveLake:
    return request.getfixturevalue(request.param)


def cli(helper_cli, home: Path, *args: str):
    return helper_cli.run(*args, env={"PYICEBERG_HOME": str(home)})


def hive_yaml(**catalogs: dict[str, str]) -> str:
    lines = ["catalog:"]
    for name, properties in catalogs.items():
        lines.append(f"  {name}:")
        lines += [f"    {key}: {value}" for key, value in properties.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- list, check, preview


def test_list_shows_the_iceberg_tables_of_both_writers_and_skips_plain_hive_tables(
    helper_cli, pyiceberg_written, spark_written
):
    result = cli(helper_cli, pyiceberg_written.home, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {entry["table"] for entry in result.json()["tables"]}
    assert listed == {
        f"{CATALOG}.{table}" for table in list_all_tables(pyiceberg_written.catalog)
    }
    assert {
        pyiceberg_written.table("observations"),
        spark_written.table("observations"),
        f"{CATALOG}.{ODD_DATABASE}.lost_metadata",
    } <= listed
    assert f"{CATALOG}.{ODD_DATABASE}.plain_parquet" not in listed
    assert result.json()["errors"] == []


def test_check_finds_the_consistent_table_and_the_overwrite_leftovers(helper_cli, lake):
    result = cli(
        helper_cli,
        lake.home,
        "check",
        "--format",
        "json",
        lake.table("readings"),
        lake.table("overwritten"),
    )
    assert result.returncode == 1, result.stderr
    verdicts = {v["table"]: v for v in result.json()["tables"]}
    assert verdicts[lake.table("readings")]["status"] == "consistent"
    drifted = verdicts[lake.table("overwritten")]
    assert drifted["status"] == "drift"
    stale = {f["path"] for f in drifted["findings"] if f["kind"] == "stale-file"}
    table = lake.load("overwritten")
    first = table.history()[0].snapshot_id

    def files(snapshot_id: int) -> set[str]:
        return {
            local_path(task.file.file_path)
            for task in table.scan(snapshot_id=snapshot_id).plan_files()
        }

    replaced = files(first) - files(table.current_snapshot().snapshot_id)
    assert replaced and stale == replaced


def test_preview_returns_the_live_rows(start_helper, lake):
    helper = start_helper(lake.home)
    response = helper.get(
        f"tables/{lake.table('overwritten')}/preview", params={"limit": 500}
    )
    assert response.status_code == 200, response.text
    rows = pa.ipc.open_stream(response.content).read_all()
    expected = lake.iceberg_rows("overwritten")
    assert (
        sorted(rows["obs_id"].to_pylist())
        == sorted(expected["obs_id"].to_pylist())
        == list(range(100, 110))
    )


# ---------------------------------------------------------------- snippets


def snippet(helper_cli, lake: HiveLake, *args: str) -> dict:
    result = cli(helper_cli, lake.home, "snippet", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return result.json()


def test_spark_snippet_configures_a_hive_catalog_and_reads_the_iceberg_rows(
    helper_cli, spark, lake, monkeypatch
):
    generated = snippet(
        helper_cli, lake, "--engine", "spark", lake.table("observations")
    )
    monkeypatch.setenv("PYICEBERG_HOME", str(lake.home))
    namespace: dict = {"__name__": "__main__"}
    exec(compile(generated["code"], "<spark snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    assert namespace["spark"]._jsparkSession.equals(spark._jsparkSession)
    prefix = f"spark.sql.catalog.{CATALOG}"
    conf = namespace["catalog_conf"]
    assert conf[prefix] == "org.apache.iceberg.spark.SparkCatalog"
    assert conf[f"{prefix}.type"] == "hive"
    assert conf[f"{prefix}.uri"] == lake.metastore.uri
    frame = namespace[generated["variable"]]
    assert_spark_matches(
        {
            "rows": [tuple(row) for row in frame.collect()],
            "schema": [
                (f.name, f.dataType.simpleString()) for f in frame.schema.fields
            ],
        },
        lake.iceberg_rows("observations"),
    )


def test_dask_read_and_pinned_read_return_the_iceberg_rows(helper_cli, lake, tmp_path):
    read = snippet(helper_cli, lake, "--engine", "dask", lake.table("observations"))
    hive = snippet(helper_cli, lake, "--engine", "dask", lake.table("overwritten"))
    pinned = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        lake.table("overwritten"),
    )
    cells = [
        {"code": read["code"], "collect": {"read": read["variable"]}},
        {"code": hive["code"], "collect": {"hive": hive["variable"]}},
        {"code": pinned["code"], "collect": {"pinned": pinned["variable"]}},
    ]
    results = run_kernel(tmp_path, kernel_env(lake.home), cells)
    assert_frame_matches(
        results["read"]["frame"],
        lake.iceberg_rows("observations"),
        extra_columns=HIVE_EXTRA_COLUMNS,
    )
    assert len(results["hive"]["frame"]) == 30, (
        "the overwrite must leave its replaced files in the Hive tree"
    )
    assert_frame_matches(results["pinned"]["frame"], lake.iceberg_rows("overwritten"))


# ---------------------------------------------------------------- bad input


def test_a_table_whose_metadata_file_is_missing_is_an_error_and_the_rest_is_checked(
    helper_cli, pyiceberg_written
):
    lost = f"{CATALOG}.{ODD_DATABASE}.lost_metadata"
    result = cli(
        helper_cli,
        pyiceberg_written.home,
        "check",
        "--format",
        "json",
        lost,
        pyiceberg_written.table("readings"),
    )
    # A table that cannot be read makes `check` exit 2; the other table is still checked.
    assert result.returncode == 2, result.stderr
    verdicts = {v["table"]: v for v in result.json()["tables"]}
    assert verdicts[pyiceberg_written.table("readings")]["status"] == "consistent"
    assert verdicts[lost]["status"] == "error"
    missing = (
        pyiceberg_written.metastore.warehouse / "gone" / "00003-missing.metadata.json"
    )
    assert verdicts[lost]["error"].endswith(
        f"cannot read {missing.as_uri()}: no such file"
    )


def test_a_plain_hive_table_is_named_as_not_iceberg(helper_cli, pyiceberg_written):
    plain = f"{CATALOG}.{ODD_DATABASE}.plain_parquet"
    result = cli(helper_cli, pyiceberg_written.home, "check", "--format", "json", plain)
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert verdict["error"] == (
        f"Hive catalog '{CATALOG}': table '{ODD_DATABASE}.plain_parquet' is not an Iceberg table "
        "(table_type 'PARQUET', Hive type 'EXTERNAL_TABLE')"
    )


def test_a_table_without_metadata_location_fails_alone_and_stays_protected_at_its_database_location(
    helper_cli, pyiceberg_written, tmp_path
):
    import json

    table = f"{CATALOG}.{ODD_DATABASE}.no_metadata_location"
    result = cli(helper_cli, pyiceberg_written.home, "check", "--format", "json", table)
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert verdict["error"] == (
        f"Hive catalog '{CATALOG}': table '{ODD_DATABASE}.no_metadata_location' has no "
        "'metadata_location' parameter"
    )
    # Hive's own place for it: the database's locationUri + the table's name.
    folder = (
        pyiceberg_written.metastore.warehouse
        / f"{ODD_DATABASE}.db"
        / "no_metadata_location"
    )
    cell = f"import pandas as pd\npd.DataFrame({{'x': [1]}}).to_parquet('{folder}/data/extra.parquet')"
    notebook = tmp_path / "writes.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "source": cell,
                        "outputs": [],
                        "execution_count": None,
                    }
                ],
            }
        )
    )
    scan = cli(
        helper_cli,
        pyiceberg_written.home,
        "scan",
        "--catalog",
        CATALOG,
        "--format",
        "json",
        str(notebook),
    )
    assert scan.returncode == 1, scan.stderr
    assert [f["table"] for f in scan.json()["findings"]] == [table]
    assert f"table {table} is protected" in scan.stderr


def test_unreachable_metastore_names_the_catalog_and_the_others_list(
    helper_cli, pyiceberg_written, hive_metastore, pyiceberg_home
):
    port = closed_port()
    home = pyiceberg_home(
        hive_yaml(
            **{
                CATALOG: hive_metastore.pyiceberg_properties(),
                "down": {"uri": f"thrift://127.0.0.1:{port}"},
            }
        )
    )
    result = cli(helper_cli, home, "list", "--format", "json")
    assert result.returncode == 2
    assert pyiceberg_written.table("observations") in {
        e["table"] for e in result.json()["tables"]
    }
    assert result.json()["errors"] == [
        {
            "catalog": "down",
            "message": f"Hive catalog 'down' could not reach its metastore (thrift://127.0.0.1:{port}: ECONNREFUSED)",
        }
    ]


def test_fails_over_to_the_next_metastore_uri(
    helper_cli, pyiceberg_written, hive_metastore, pyiceberg_home
):
    uris = f"thrift://127.0.0.1:{closed_port()},{hive_metastore.uri}"
    home = pyiceberg_home(
        hive_yaml(
            **{CATALOG: {"uri": uris, "warehouse": hive_metastore.warehouse.as_uri()}}
        )
    )
    failover = cli(helper_cli, home, "list", "--catalog", CATALOG)
    direct = cli(helper_cli, pyiceberg_written.home, "list", "--catalog", CATALOG)
    assert failover.returncode == 0, failover.stderr
    assert pyiceberg_written.table("observations") in failover.stdout.split()
    assert failover.stdout == direct.stdout


def test_kerberos_is_named_as_unsupported(helper_cli, hive_metastore, pyiceberg_home):
    home = pyiceberg_home(
        hive_yaml(
            secure={
                "uri": hive_metastore.uri,
                "hive.kerberos-authentication": "true",
            }
        )
    )
    result = cli(helper_cli, home, "list", "--format", "json")
    assert result.returncode == 2
    assert result.json()["errors"] == [
        {
            "catalog": "secure",
            "message": "Hive catalog 'secure' sets 'hive.kerberos-authentication: true': Kerberos (SASL) "
            "metastores are not supported; dual-layout reads metastores that accept plain Thrift connections",
        }
    ]
