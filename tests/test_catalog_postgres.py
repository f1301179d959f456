"""The SQL catalog on a real PostgreSQL server, written by each of its two writers.

One server (``tests/fixtures/postgres.py``), one database per writer, each with its own
password-protected role:

- **pyiceberg**: ``SqlCatalog`` through psycopg2 (``postgresql+psycopg2://``) creates the catalog
  tables without Spark's ``iceberg_type`` column and writes the snippet tables
  (``tests/snippets/tables.py``).
- **Spark**: Iceberg's ``JdbcCatalog`` with PostgreSQL's JDBC driver, in the shared session,
  creates the tables with its V1 schema (``iceberg_type``) and writes observations, a table it
  overwrites, and a view (which is not a table).

Matrix, for each writer: ``list``, ``check`` (a consistent table and one whose overwrite left
stale files), ``preview`` through the API, the Spark snippet executed unmodified, and the Dask
read and pinned read run in a kernel; rows compared with pyiceberg's. Then the ways a PostgreSQL
catalog goes wrong: a wrong password and a closed port, each with its exact message, while the
other catalogs keep listing.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
import pytest

from tests.fixtures.catalogs import list_all_tables
from tests.fixtures.postgres import PostgresDatabase, PostgresServer
from tests.fixtures.spark import find_jars, register_spark_catalog
from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.lakes import SnippetLake, _sql_literal
from tests.snippets.run import kernel_env, run_kernel
from tests.snippets.tables import (
    NAMESPACE,
    build_tables,
    observations,
    readings,
    write_pyiceberg_yaml,
)

PYICEBERG_CATALOG = "pgpy"
SPARK_CATALOG = "pgspark"
# Hive columns the observations' transforms add to the Dask read.
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_path(location: str) -> str:
    """A local file's path from pyiceberg's ``file:///p`` or Spark's ``file:/p``."""
    return location.removeprefix("file://").removeprefix("file:")


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
def pyiceberg_written(postgres_server: PostgresServer, tmp_path_factory) -> SnippetLake:
    root = tmp_path_factory.mktemp("pg-pyiceberg")
    database = postgres_server.create_database(
        "pyiceberg_lake", "pyiceberg_writer", "pg-writer-5150"
    )
    properties = sql_properties(database, root / "warehouse")
    catalog = pyiceberg_catalog(PYICEBERG_CATALOG, properties)
    build_tables(catalog)
    write_pyiceberg_yaml(root / "home", {PYICEBERG_CATALOG: properties})
    return SnippetLake(
        "pyiceberg",
        PYICEBERG_CATALOG,
        root / "home",
        lambda name: catalog.load_table(f"{NAMESPACE}.{name}"),
    )


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
) -> SnippetLake:
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
    table = f"{SPARK_CATALOG}.{NAMESPACE}"
    spark.sql(f"CREATE NAMESPACE {table}")
    spark.sql(
        f"CREATE TABLE {table}.observations (obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, "
        "obs_date DATE, value DOUBLE) USING iceberg PARTITIONED BY (region, days(obs_time))"
    )
    spark.sql(
        f"INSERT INTO {table}.observations VALUES {values(observations(range(30)))}"
    )
    spark.sql(
        f"CREATE TABLE {table}.readings (station_id BIGINT, obs_time TIMESTAMP_NTZ, value DOUBLE) "
        "USING iceberg PARTITIONED BY (bucket(4, station_id))"
    )
    spark.sql(f"INSERT INTO {table}.readings VALUES {values(readings(60))}")
    spark.sql(
        f"CREATE TABLE {table}.overwritten (obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, "
        "obs_date DATE, value DOUBLE) USING iceberg PARTITIONED BY (region)"
    )
    spark.sql(
        f"INSERT INTO {table}.overwritten VALUES {values(observations(range(20)))}"
    )
    spark.sql(
        f"INSERT OVERWRITE {table}.overwritten VALUES {values(observations(range(100, 110)))}"
    )
    spark.sql(
        f"CREATE VIEW {table}.eu_view AS SELECT obs_id FROM {table}.observations WHERE region = 'EU'"
    )
    properties = sql_properties(database, root / "warehouse")
    write_pyiceberg_yaml(root / "home", {SPARK_CATALOG: properties})
    catalog = pyiceberg_catalog(SPARK_CATALOG, properties)
    return SnippetLake(
        "spark",
        SPARK_CATALOG,
        root / "home",
        lambda name: catalog.load_table(f"{NAMESPACE}.{name}"),
    )


def values(rows: pa.Table) -> str:
    return ", ".join(
        "(" + ", ".join(_sql_literal(v) for v in row.values()) + ")"
        for row in rows.to_pylist()
    )


@pytest.fixture(
    params=["pyiceberg_written", "spark_written"], ids=["pyiceberg", "spark"]
)
def lake(request) -> SnippetLake:
    return request.getfixturevalue(request.param)


def cli(helper_cli, lake: SnippetLake, *args: str, env: dict[str, str] | None = None):
    return helper_cli.run(*args, env={"PYICEBERG_HOME": str(lake.home), **(env or {})})


# ---------------------------------------------------------------- list, check, preview


def test_list_shows_what_pyiceberg_lists_without_views(helper_cli, lake):
    result = cli(helper_cli, lake, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {entry["table"] for entry in result.json()["tables"]}
    catalog = lake.load("observations").catalog
    assert listed == {f"{lake.catalog}.{table}" for table in list_all_tables(catalog)}
    assert {lake.table("observations"), lake.table("overwritten")} <= listed
    assert lake.table("eu_view") not in listed
    assert result.json()["errors"] == []


def test_check_finds_the_consistent_table_and_the_overwrite_leftovers(helper_cli, lake):
    result = cli(
        helper_cli,
        lake,
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


def snippet(helper_cli, lake: SnippetLake, *args: str) -> dict:
    result = cli(helper_cli, lake, "snippet", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return result.json()


def test_spark_snippet_reads_the_iceberg_rows(helper_cli, spark, lake, monkeypatch):
    generated = snippet(
        helper_cli, lake, "--engine", "spark", lake.table("observations")
    )
    code = generated["code"]
    assert "pg-writer-5150" not in code and "pg-spark-8086" not in code
    monkeypatch.setenv("PYICEBERG_HOME", str(lake.home))
    namespace: dict = {"__name__": "__main__"}
    exec(compile(code, "<spark snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    assert namespace["spark"]._jsparkSession.equals(spark._jsparkSession)
    prefix = f"spark.sql.catalog.{lake.catalog}"
    conf = namespace["catalog_conf"]
    # The JDBC settings a Spark writer needs, the password read at run time from .pyiceberg.yaml.
    database_url = lake.load("observations").catalog.properties["uri"]
    assert conf[f"{prefix}.type"] == "jdbc"
    assert conf[f"{prefix}.uri"].startswith("jdbc:postgresql://127.0.0.1:")
    assert conf[f"{prefix}.jdbc.user"] == urlsplit(database_url).username
    assert conf[f"{prefix}.jdbc.password"] == urlsplit(database_url).password
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
    pinned = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        lake.table("overwritten"),
    )
    hive = snippet(helper_cli, lake, "--engine", "dask", lake.table("overwritten"))
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
