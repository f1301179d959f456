"""`dual-layout list` against real catalogs: Iceberg's REST server, SQL (shared with Spark's
JDBC catalog) and the Hadoop layout Spark writes, plus the ways configuration goes wrong."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.fixtures.catalogs import PAGED_TABLES, list_all_tables
from tests.fixtures.rest import CLIENT_ID, CLIENT_SECRET


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listed(result) -> set[str]:
    return {entry["table"] for entry in result.json()["tables"]}


def spark_tables(spark, catalog: str) -> set[str]:
    """Every ``ns1.ns2.table`` Spark sees in ``catalog``, walking nested namespaces."""
    found: set[str] = set()
    pending = [
        row.namespace for row in spark.sql(f"SHOW NAMESPACES IN {catalog}").collect()
    ]
    while pending:
        namespace = pending.pop()
        tables = spark.sql(f"SHOW TABLES IN {catalog}.{namespace}").collect()
        found.update(f"{namespace}.{row.tableName}" for row in tables)
        children = spark.sql(f"SHOW NAMESPACES IN {catalog}.{namespace}").collect()
        pending.extend(row.namespace for row in children)  # full names, e.g. "a.b"
    return found


def rest_yaml(lakehouse, **extra: str) -> str:
    lines = [
        "catalog:",
        "  rest:",
        f"    uri: {lakehouse.server.uri}",
        f"    warehouse: {lakehouse.server.warehouse}",
    ]
    lines += [f"    {key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.rest
class TestRestCatalog:
    def test_lists_what_pyiceberg_lists(
        self, helper_cli, rest_lakehouse, pyiceberg_home
    ):
        result = helper_cli.run(
            "list",
            "--format",
            "json",
            env={"PYICEBERG_HOME": str(pyiceberg_home(rest_yaml(rest_lakehouse)))},
        )
        assert result.returncode == 0, result.stderr
        assert listed(result) == {f"rest.{table}" for table in rest_lakehouse.tables}
        assert {f"paged.{name}" for name in PAGED_TABLES} <= rest_lakehouse.tables
        assert result.json()["errors"] == []

    def test_follows_page_tokens(self, helper_cli, rest_lakehouse, pyiceberg_home):
        home = pyiceberg_home(rest_yaml(rest_lakehouse, **{"rest-page-size": "1"}))
        result = helper_cli.run(
            "list", "--catalog", "rest", env={"PYICEBERG_HOME": str(home)}
        )
        assert result.returncode == 0, result.stderr
        assert set(result.stdout.split()) == {
            f"rest.{table}" for table in rest_lakehouse.tables
        }

    def test_signs_in_with_client_credentials(
        self, helper_cli, rest_lakehouse, pyiceberg_home
    ):
        home = pyiceberg_home(
            rest_yaml(
                rest_lakehouse,
                credential=f"{CLIENT_ID}:{CLIENT_SECRET}",
                **{"oauth2-server-uri": rest_lakehouse.server.token_uri},
            )
        )
        result = helper_cli.run(
            "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
        )
        assert result.returncode == 0, result.stderr
        assert listed(result) == {f"rest.{table}" for table in rest_lakehouse.tables}

    def test_wrong_credentials_name_the_catalog_and_not_the_secret(
        self, helper_cli, rest_lakehouse, pyiceberg_home
    ):
        wrong = "not-the-secret-9931"
        home = pyiceberg_home(
            rest_yaml(
                rest_lakehouse,
                credential=f"{CLIENT_ID}:{wrong}",
                **{"oauth2-server-uri": rest_lakehouse.server.token_uri},
            )
        )
        result = helper_cli.run(
            "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
        )
        assert result.returncode == 2
        [error] = result.json()["errors"]
        assert error["catalog"] == "rest"
        assert error["message"].startswith(
            "REST catalog 'rest' could not obtain an OAuth2 token from "
        )
        assert "HTTP 401 invalid_client" in error["message"]
        assert wrong not in result.stdout + result.stderr

    def test_credentials_from_the_environment(
        self, helper_cli, rest_lakehouse, pyiceberg_home
    ):
        home = pyiceberg_home(rest_yaml(rest_lakehouse))
        env = {
            "PYICEBERG_HOME": str(home),
            "PYICEBERG_CATALOG__REST__CREDENTIAL": f"{CLIENT_ID}:wrong-from-env",
            "PYICEBERG_CATALOG__REST__OAUTH2_SERVER_URI": rest_lakehouse.server.token_uri,
        }
        result = helper_cli.run("list", env=env)
        assert result.returncode == 2
        assert "HTTP 401" in result.stderr
        assert "wrong-from-env" not in result.stderr

    def test_unreachable_server_fails_fast_and_the_others_still_list(
        self, helper_cli, rest_lakehouse, pyiceberg_home
    ):
        port = closed_port()
        home = pyiceberg_home(
            rest_yaml(rest_lakehouse) + f"  down:\n    uri: http://127.0.0.1:{port}\n"
        )
        started = time.monotonic()
        result = helper_cli.run(
            "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
        )
        assert time.monotonic() - started < 20
        assert result.returncode == 2
        assert listed(result) == {f"rest.{table}" for table in rest_lakehouse.tables}
        assert result.json()["errors"] == [
            {
                "catalog": "down",
                "message": f"REST catalog 'down' at http://127.0.0.1:{port} could not read its configuration (GET /v1/config): ECONNREFUSED",
            }
        ]
        assert (
            result.stderr.strip()
            == f"dual-layout list: {result.json()['errors'][0]['message']}"
        )


class TestConfiguration:
    def test_malformed_yaml_names_file_and_line(self, helper_cli, pyiceberg_home):
        home = pyiceberg_home(
            "catalog:\n  lake:\n    uri: sqlite:///x.db\n   broken: [\n"
        )
        result = helper_cli.run("list", env={"PYICEBERG_HOME": str(home)})
        assert result.returncode == 2
        assert result.stderr.startswith(
            f"dual-layout list: Malformed .pyiceberg.yaml: {home / '.pyiceberg.yaml'} line 4: "
        )

    def test_unknown_catalog_type(self, helper_cli, pyiceberg_home):
        home = pyiceberg_home(
            "catalog:\n  meta:\n    type: nessie\n    uri: http://nessie:19120\n"
        )
        result = helper_cli.run(
            "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
        )
        assert result.returncode == 2
        assert result.json()["errors"] == [
            {
                "catalog": "meta",
                "message": "Catalog 'meta' has type 'nessie', which dual-layout does not read; supported types: sql, rest, hadoop, hive, glue",
            }
        ]

    def test_unknown_catalog_name(self, helper_cli, pyiceberg_home):
        home = pyiceberg_home("catalog:\n  lake:\n    uri: sqlite:///x.db\n")
        result = helper_cli.run(
            "list", "--catalog", "lakehouse", env={"PYICEBERG_HOME": str(home)}
        )
        assert result.returncode == 2
        assert (
            result.stderr
            == "dual-layout list: Unknown catalog 'lakehouse'; configured catalogs: lake\n"
        )
        assert result.stdout == ""


@pytest.mark.spark
class TestSparkWrittenCatalogs:
    def test_sql_catalog_lists_what_spark_lists_without_views(
        self, helper_cli, spark, tmp_path, pyiceberg_home
    ):
        # A catalog database of its own: Spark's JDBC catalog keeps SQLite locked after it
        # creates a view, which would stop pyiceberg writing to a database other tests share.
        from pyiceberg.catalog.sql import SqlCatalog

        lake = "views_lake"
        database, warehouse = tmp_path / "views.db", tmp_path / "warehouse"
        properties = {
            "type": "sql",
            "uri": f"sqlite:///{database}",
            "warehouse": warehouse.as_uri(),
        }
        catalog = SqlCatalog(
            lake, **properties
        )  # creates the catalog tables; Spark's V1 schema adds its column
        for suffix, value in {
            "": "org.apache.iceberg.spark.SparkCatalog",
            ".type": "jdbc",
            ".uri": f"jdbc:sqlite:{database}",
            ".jdbc.schema-version": "V1",
            ".warehouse": warehouse.as_uri(),
        }.items():
            spark.conf.set(f"spark.sql.catalog.{lake}{suffix}", value)
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {lake}.catalogs_test")
        spark.sql(
            f"CREATE TABLE IF NOT EXISTS {lake}.catalogs_test.spark_made (id INT, site STRING) USING iceberg"
        )
        spark.sql(f"INSERT INTO {lake}.catalogs_test.spark_made VALUES (1, 'a')")
        spark.sql(
            f"CREATE VIEW IF NOT EXISTS {lake}.catalogs_test.spark_view AS SELECT id FROM {lake}.catalogs_test.spark_made"
        )
        home = pyiceberg_home(
            f"catalog:\n  {lake}:\n"
            + "".join(f"    {k}: {v}\n" for k, v in properties.items())
        )
        result = helper_cli.run(
            "list",
            "--catalog",
            lake,
            "--format",
            "json",
            env={"PYICEBERG_HOME": str(home)},
        )
        assert result.returncode == 0, result.stderr
        ours = listed(result)
        assert f"{lake}.catalogs_test.spark_made" in ours
        assert f"{lake}.catalogs_test.spark_view" not in ours
        assert ours == {f"{lake}.{table}" for table in list_all_tables(catalog)}

    def test_hadoop_layout_lists_what_spark_wrote(
        self, helper_cli, spark, spark_lakehouse, pyiceberg_home
    ):
        hadoop = spark_lakehouse.hadoop_catalog_name
        spark.sql(
            f"CREATE TABLE IF NOT EXISTS {hadoop}.catalogs_test.readings (id INT, day DATE) USING iceberg PARTITIONED BY (day)"
        )
        spark.sql(
            f"INSERT INTO {hadoop}.catalogs_test.readings VALUES (1, DATE'2024-01-02'), (2, DATE'2024-01-03')"
        )
        home = pyiceberg_home(
            f"catalog:\n  files:\n    type: hadoop\n    warehouse: {spark_lakehouse.hadoop_warehouse}\n"
        )
        result = helper_cli.run(
            "list",
            "--catalog",
            "files",
            "--format",
            "json",
            env={"PYICEBERG_HOME": str(home)},
        )
        assert result.returncode == 0, result.stderr
        assert "files.catalogs_test.readings" in listed(result)
        assert listed(result) == {f"files.{t}" for t in spark_tables(spark, hadoop)}


@pytest.mark.s3
def test_hadoop_layout_on_s3(
    helper_cli, s3_server, s3_prefix, tmp_path, pyiceberg_home
):
    """A Hadoop warehouse in a bucket: v<N>.metadata.json files from a real pyiceberg table."""
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog

    local = SqlCatalog(
        "local", uri=f"sqlite:///{tmp_path / 'c.db'}", warehouse=tmp_path.as_uri()
    )
    local.create_namespace("sci")
    table = local.create_table("sci.obs", schema=pa.schema([("id", pa.int64())]))
    table.append(pa.table({"id": [1, 2]}))
    history = [e.metadata_file for e in table.metadata.metadata_log]
    history.append(table.metadata_location)
    bucket_prefix = s3_prefix.removeprefix(f"s3://{s3_server.bucket}/")
    client = s3_server.client()
    for version, location in enumerate(history, start=1):
        client.put_object(
            Bucket=s3_server.bucket,
            Key=f"{bucket_prefix}/sci/obs/metadata/v{version}.metadata.json",
            Body=Path(location.removeprefix("file://")).read_bytes(),
        )
    client.put_object(
        Bucket=s3_server.bucket,
        Key=f"{bucket_prefix}/sci/obs/metadata/version-hint.text",
        Body=str(len(history)).encode(),
    )
    settings = "".join(f"    {k}: {v}\n" for k, v in s3_server.properties.items())
    home = pyiceberg_home(
        f"catalog:\n  bucket:\n    type: hadoop\n    warehouse: {s3_prefix}\n{settings}"
    )
    result = helper_cli.run(
        "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}
    )
    assert result.returncode == 0, result.stderr
    assert listed(result) == {"bucket.sci.obs"}
    assert s3_server.secret_access_key not in result.stdout + result.stderr
