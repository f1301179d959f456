"""The Hive catalog on a real Hive Metastore (``tests/fixtures/hive_metastore.py``), written by
both of its writers into one database, as a platform's metastore holds both:

- **pyiceberg**: ``HiveCatalog`` (Thrift, via pyiceberg's vendored client) writes the snippet
  tables (``tests/snippets/tables.py``);
- **Spark**: Iceberg's ``type=hive`` catalog, added to the shared session at run time under the
  same catalog name, writes observations, bucketed readings and a table it overwrites
  (prefixed ``spark_``).

Beside them, tables made straight through Thrift: a plain Parquet Hive table (not Iceberg, so
never listed) and an Iceberg-typed one whose ``metadata_location`` names a missing file.

Matrix, for each writer (the steps of ``tests/catalog_matrix.py``): ``list``, ``check`` (a
consistent table and one whose overwrite left stale files), ``preview`` through the API, the
Spark snippet executed unmodified (configuring a ``hive`` catalog) and the Dask read and pinned
reads run in a kernel; rows compared with pyiceberg's. Then the ways a metastore goes wrong, each with its exact message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalog_matrix import (
    WriterLake,
    assert_check_finds_the_consistent_table_and_the_overwrite_leftovers,
    assert_preview_returns_the_live_rows,
    closed_port,
    dask_reads_return_the_iceberg_rows,
    listed,
    run_cli,
    spark_snippet_reads_the_iceberg_rows,
    write_spark_tables,
    writes_notebook,
)
from tests.fixtures.catalogs import list_all_tables
from tests.fixtures.hive_metastore import HiveMetastore, HiveMetastoreLaunch
from tests.fixtures.spark import register_spark_catalog
from tests.snippets.tables import NAMESPACE, build_tables, write_pyiceberg_yaml

CATALOG = "meta"
# Tables made through Thrift by hand, in a database of their own.
ODD_DATABASE = "odd"
# Hive columns the observations' transforms add to the Dask read.
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})


# ---------------------------------------------------------------- the writers


@pytest.fixture(scope="module")
def metastore(hive_metastore_launch: HiveMetastoreLaunch, spark) -> HiveMetastore:
    """The module's metastore. Its JVM was launched before the shared Spark session was asked
    for, so the two starts overlap instead of adding up."""
    return hive_metastore_launch.ready()


@pytest.fixture(scope="module")
def hive_home(metastore: HiveMetastore, tmp_path_factory) -> Path:
    return write_pyiceberg_yaml(
        tmp_path_factory.mktemp("hive-home"),
        {CATALOG: metastore.pyiceberg_properties()},
    )


@pytest.fixture(scope="module")
def pyiceberg_written(metastore: HiveMetastore, hive_home: Path) -> WriterLake:
    catalog = metastore.load_pyiceberg_catalog(CATALOG)
    build_tables(catalog)
    catalog.create_namespace(ODD_DATABASE)
    metastore.create_hive_table(
        ODD_DATABASE, "plain_parquet", {"table_type": "PARQUET"}
    )
    missing = metastore.warehouse / "gone" / "00003-missing.metadata.json"
    metastore.create_hive_table(
        ODD_DATABASE,
        "lost_metadata",
        {"table_type": "iceberg", "metadata_location": missing.as_uri()},
    )
    metastore.create_hive_table(
        ODD_DATABASE, "no_metadata_location", {"table_type": "ICEBERG"}
    )
    return WriterLake("pyiceberg", CATALOG, hive_home, catalog)


@pytest.fixture(scope="module")
def spark_written(
    pyiceberg_written: WriterLake, metastore: HiveMetastore, spark
) -> WriterLake:
    """Spark's tables beside pyiceberg's (the database exists: pyiceberg made it)."""
    register_spark_catalog(spark, CATALOG, metastore.spark_properties())
    write_spark_tables(spark, f"{CATALOG}.{NAMESPACE}.spark_")
    return WriterLake(
        "spark",
        CATALOG,
        pyiceberg_written.home,
        pyiceberg_written.pyiceberg,
        prefix="spark_",
    )


@pytest.fixture(
    params=["pyiceberg_written", "spark_written"], ids=["pyiceberg", "spark"]
)
def lake(request) -> WriterLake:
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
    result = run_cli(helper_cli, pyiceberg_written, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert listed(result) == {
        f"{CATALOG}.{table}" for table in list_all_tables(pyiceberg_written.pyiceberg)
    }
    assert {
        pyiceberg_written.table("observations"),
        spark_written.table("observations"),
        f"{CATALOG}.{ODD_DATABASE}.lost_metadata",
    } <= listed(result)
    assert f"{CATALOG}.{ODD_DATABASE}.plain_parquet" not in listed(result)
    assert result.json()["errors"] == []


def test_check_finds_the_consistent_table_and_the_overwrite_leftovers(helper_cli, lake):
    assert_check_finds_the_consistent_table_and_the_overwrite_leftovers(
        helper_cli, lake
    )


def test_preview_returns_the_live_rows(start_helper, lake):
    assert_preview_returns_the_live_rows(start_helper(lake.home), lake)


# ---------------------------------------------------------------- snippets


def test_spark_snippet_configures_a_hive_catalog_and_reads_the_iceberg_rows(
    helper_cli, spark, metastore, lake, monkeypatch
):
    _, namespace = spark_snippet_reads_the_iceberg_rows(
        helper_cli, spark, lake, monkeypatch
    )
    prefix = f"spark.sql.catalog.{CATALOG}"
    conf = namespace["catalog_conf"]
    assert conf[prefix] == "org.apache.iceberg.spark.SparkCatalog"
    assert conf[f"{prefix}.type"] == "hive"
    assert conf[f"{prefix}.uri"] == metastore.uri


def test_dask_read_and_pinned_read_return_the_iceberg_rows(helper_cli, lake, tmp_path):
    dask_reads_return_the_iceberg_rows(helper_cli, lake, tmp_path, HIVE_EXTRA_COLUMNS)


# ---------------------------------------------------------------- bad input


def test_a_table_whose_metadata_file_is_missing_is_an_error_and_the_rest_is_checked(
    helper_cli, pyiceberg_written, metastore
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
    missing = metastore.warehouse / "gone" / "00003-missing.metadata.json"
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
    helper_cli, pyiceberg_written, metastore, tmp_path
):
    table = f"{CATALOG}.{ODD_DATABASE}.no_metadata_location"
    result = cli(helper_cli, pyiceberg_written.home, "check", "--format", "json", table)
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert verdict["error"] == (
        f"Hive catalog '{CATALOG}': table '{ODD_DATABASE}.no_metadata_location' has no "
        "'metadata_location' parameter"
    )
    # Hive's own place for it: the database's locationUri + the table's name.
    folder = metastore.warehouse / f"{ODD_DATABASE}.db" / "no_metadata_location"
    notebook = writes_notebook(tmp_path / "writes.ipynb", folder)
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
    helper_cli, pyiceberg_written, metastore, pyiceberg_home
):
    port = closed_port()
    home = pyiceberg_home(
        hive_yaml(
            **{
                CATALOG: metastore.pyiceberg_properties(),
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
    helper_cli, pyiceberg_written, metastore, pyiceberg_home
):
    uris = f"thrift://127.0.0.1:{closed_port()},{metastore.uri}"
    home = pyiceberg_home(
        hive_yaml(**{CATALOG: {"uri": uris, "warehouse": metastore.warehouse.as_uri()}})
    )
    failover = cli(helper_cli, home, "list", "--catalog", CATALOG)
    direct = cli(helper_cli, pyiceberg_written.home, "list", "--catalog", CATALOG)
    assert failover.returncode == 0, failover.stderr
    assert pyiceberg_written.table("observations") in failover.stdout.split()
    assert failover.stdout == direct.stdout


def test_kerberos_is_named_as_unsupported(helper_cli, metastore, pyiceberg_home):
    home = pyiceberg_home(
        hive_yaml(
            secure={
                "uri": metastore.uri,
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
