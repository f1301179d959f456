"""The SQL catalog on a real PostgreSQL server, written by each of its two writers.

One server (``tests/fixtures/postgres.py``), one database per writer, each with its own
password-protected role:

- **pyiceberg**: ``SqlCatalog`` through psycopg2 (``postgresql+psycopg2://``) creates the catalog
  tables without Spark's ``iceberg_type`` column and writes the snippet tables
  (``tests/snippets/tables.py``).
- **Spark**: Iceberg's ``JdbcCatalog`` with PostgreSQL's JDBC driver, in the shared session,
  creates the tables with its V1 schema (``iceberg_type``) and writes observations, a table it
  overwrites, and a view (which is not a table).

Matrix, for each writer (the steps of ``tests/catalog_matrix.py``): ``list``, ``check`` (a
consistent table and one whose overwrite left stale files), ``preview`` through the API, the
Spark snippet executed unmodified, and the Dask read and pinned reads run in a kernel; rows
compared with pyiceberg's. Then the ways a PostgreSQL
catalog goes wrong: a wrong password and a closed port, each with its exact message, while the
other catalogs keep listing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

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
)
from tests.fixtures.catalogs import list_all_tables
from tests.fixtures.postgres import PostgresDatabase, PostgresServer
from tests.fixtures.spark import find_jars, register_spark_catalog
from tests.snippets.tables import NAMESPACE, build_tables, write_pyiceberg_yaml

PYICEBERG_CATALOG = "pgpy"
SPARK_CATALOG = "pgspark"
# Hive columns the observations' transforms add to the Dask read.
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})


def sql_properties(
    database: PostgresDatabase, warehouse: Path, **extra: str
) -> dict[str, str]:
    return {
        "type": "sql",
        "uri": database.uri(),
        "warehouse": warehouse.as_uri(),
        **extra,
    }


def pyiceberg_catalog(name: str, properties: dict[str, str]):
    from pyiceberg.catalog.sql import SqlCatalog

    return SqlCatalog(name, **properties)


# ---------------------------------------------------------------- the two writers


@pytest.fixture(scope="module")
def pyiceberg_written(postgres_server: PostgresServer, tmp_path_factory) -> WriterLake:
    root = tmp_path_factory.mktemp("pg-pyiceberg")
    database = postgres_server.create_database(
        "pyiceberg_lake", "pyiceberg_writer", "pg-writer-5150"
    )
    properties = sql_properties(database, root / "warehouse")
    catalog = pyiceberg_catalog(PYICEBERG_CATALOG, properties)
    build_tables(catalog)
    write_pyiceberg_yaml(root / "home", {PYICEBERG_CATALOG: properties})
    return WriterLake("pyiceberg", PYICEBERG_CATALOG, root / "home", catalog)


def spark_jdbc_properties(
    database: PostgresDatabase, warehouse: Path
) -> dict[str, str]:
    return {
        "type": "jdbc",
        "uri": database.jdbc_url,
        "jdbc.user": database.user,
        "jdbc.password": database.password,
        "jdbc.schema-version": "V1",
        "warehouse": warehouse.as_uri(),
    }


@pytest.fixture(scope="module")
def spark_written(
    postgres_server: PostgresServer, spark, tmp_path_factory
) -> WriterLake:
    assert any(jar.name.startswith("postgresql-") for jar in find_jars()), (
        "the shared session needs PostgreSQL's JDBC driver"
    )
    root = tmp_path_factory.mktemp("pg-spark")
    database = postgres_server.create_database(
        "spark_lake", "spark_writer", "pg-spark-8086"
    )
    register_spark_catalog(
        spark, SPARK_CATALOG, spark_jdbc_properties(database, root / "warehouse")
    )
    namespace = f"{SPARK_CATALOG}.{NAMESPACE}"
    spark.sql(f"CREATE NAMESPACE {namespace}")
    write_spark_tables(spark, f"{namespace}.")
    spark.sql(
        f"CREATE VIEW {namespace}.eu_view AS SELECT obs_id FROM {namespace}.observations WHERE region = 'EU'"
    )
    properties = sql_properties(database, root / "warehouse")
    write_pyiceberg_yaml(root / "home", {SPARK_CATALOG: properties})
    catalog = pyiceberg_catalog(SPARK_CATALOG, properties)
    return WriterLake("spark", SPARK_CATALOG, root / "home", catalog)


@pytest.fixture(
    params=["pyiceberg_written", "spark_written"], ids=["pyiceberg", "spark"]
)
def lake(request) -> WriterLake:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- list, check, preview


def test_list_shows_what_pyiceberg_lists_without_views(helper_cli, lake):
    result = run_cli(helper_cli, lake, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    catalog = lake.load("observations").catalog
    assert listed(result) == {
        f"{lake.catalog}.{table}" for table in list_all_tables(catalog)
    }
    assert {lake.table("observations"), lake.table("overwritten")} <= listed(result)
    assert lake.table("eu_view") not in listed(result)
    assert result.json()["errors"] == []


def test_check_finds_the_consistent_table_and_the_overwrite_leftovers(helper_cli, lake):
    assert_check_finds_the_consistent_table_and_the_overwrite_leftovers(
        helper_cli, lake
    )


def test_preview_returns_the_live_rows(start_helper, lake):
    assert_preview_returns_the_live_rows(start_helper(lake.home), lake)


# ---------------------------------------------------------------- snippets


def test_spark_snippet_reads_the_iceberg_rows(helper_cli, spark, lake, monkeypatch):
    generated, namespace = spark_snippet_reads_the_iceberg_rows(
        helper_cli, spark, lake, monkeypatch
    )
    code = generated["code"]
    assert "pg-writer-5150" not in code and "pg-spark-8086" not in code
    prefix = f"spark.sql.catalog.{lake.catalog}"
    conf = namespace["catalog_conf"]
    # The JDBC settings a Spark writer needs, the password read at run time from .pyiceberg.yaml.
    database_url = lake.load("observations").catalog.properties["uri"]
    assert conf[f"{prefix}.type"] == "jdbc"
    assert conf[f"{prefix}.uri"].startswith("jdbc:postgresql://127.0.0.1:")
    assert conf[f"{prefix}.jdbc.user"] == urlsplit(database_url).username
    assert conf[f"{prefix}.jdbc.password"] == urlsplit(database_url).password


def test_dask_read_and_pinned_read_return_the_iceberg_rows(helper_cli, lake, tmp_path):
    dask_reads_return_the_iceberg_rows(helper_cli, lake, tmp_path, HIVE_EXTRA_COLUMNS)


# ---------------------------------------------------------------- bad input


def test_plain_uri_with_the_password_from_pgpassword(
    helper_cli, pyiceberg_written, pyiceberg_home
):
    uri = pyiceberg_written.load("observations").catalog.properties["uri"]
    password = urlsplit(uri).password
    assert password
    plain = uri.replace("postgresql+psycopg2://", "postgresql://").replace(
        f":{password}@", "@"
    )
    home = pyiceberg_home(f"catalog:\n  {PYICEBERG_CATALOG}:\n    uri: {plain}\n")
    result = helper_cli.run(
        "list", env={"PYICEBERG_HOME": str(home), "PGPASSWORD": password}
    )
    assert result.returncode == 0, result.stderr
    assert pyiceberg_written.table("observations") in result.stdout.split()


def test_uri_from_pyicebergs_environment_variable(
    helper_cli, pyiceberg_written, pyiceberg_home
):
    uri = pyiceberg_written.load("observations").catalog.properties["uri"]
    home = pyiceberg_home(f"catalog:\n  {PYICEBERG_CATALOG}:\n    type: sql\n")
    env = {
        "PYICEBERG_HOME": str(home),
        f"PYICEBERG_CATALOG__{PYICEBERG_CATALOG.upper()}__URI": uri,
    }
    listed = helper_cli.run("list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert pyiceberg_written.table("observations") in listed.stdout.split()
    generated = helper_cli.run(
        "snippet", "--engine", "spark", pyiceberg_written.table("observations"), env=env
    )
    assert generated.returncode == 0, generated.stderr
    assert urlsplit(uri).password not in generated.stdout
    assert (
        f'urllib.parse.urlsplit(Config().get_catalog_config("{PYICEBERG_CATALOG}").get("uri")).password'
        in generated.stdout
    )


def test_wrong_password_names_the_catalog_not_the_password_and_the_others_list(
    helper_cli, pyiceberg_written, postgres_server, pyiceberg_home
):
    properties = pyiceberg_written.load("observations").catalog.properties
    wrong = "not-the-password-7734"
    good = properties["uri"]
    bad = good.replace(f":{urlsplit(good).password}@", f":{wrong}@")
    home = pyiceberg_home(
        f"catalog:\n  {PYICEBERG_CATALOG}:\n    uri: {good}\n  locked:\n    uri: {bad}\n"
    )
    result = helper_cli.run(
        "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
    )
    assert result.returncode == 2
    listed = {entry["table"] for entry in result.json()["tables"]}
    assert pyiceberg_written.table("observations") in listed
    assert result.json()["errors"] == [
        {
            "catalog": "locked",
            "message": f"SQL catalog 'locked': cannot list namespaces: PostgreSQL at 127.0.0.1:{postgres_server.port} "
            "(database 'pyiceberg_lake', user 'pyiceberg_writer') could not connect: "
            'password authentication failed for user "pyiceberg_writer"',
        }
    ]
    assert wrong not in result.stdout + result.stderr


def test_unreachable_server_fails_fast_with_a_clear_message(
    helper_cli, pyiceberg_written, pyiceberg_home
):
    properties = pyiceberg_written.load("observations").catalog.properties
    port = closed_port()
    home = pyiceberg_home(
        f"catalog:\n  {PYICEBERG_CATALOG}:\n    uri: {properties['uri']}\n"
        f"  down:\n    uri: postgresql+psycopg2://reader:pw-0000@127.0.0.1:{port}/lake\n"
    )
    result = helper_cli.run(
        "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
    )
    assert result.returncode == 2
    assert pyiceberg_written.table("observations") in {
        e["table"] for e in result.json()["tables"]
    }
    assert result.json()["errors"] == [
        {
            "catalog": "down",
            "message": f"SQL catalog 'down': cannot list namespaces: PostgreSQL at 127.0.0.1:{port} "
            "(database 'lake', user 'reader') could not connect: ECONNREFUSED",
        }
    ]
