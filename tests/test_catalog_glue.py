"""AWS Glue catalogs against moto's Glue and S3 on loopback (``tests/fixtures/glue.py``).

Writers: pyiceberg's GlueCatalog (the snippet tables) and Spark's Iceberg GlueCatalog
(``iceberg-aws-bundle``, into a Glue database of its own). For each, the steps of
``tests/catalog_matrix.py``: list, check, preview, the Spark snippet run unmodified, the Dask
read and the snapshot-pinned reads, rows compared with pyiceberg's scan. Bad input: a Glue
table marked Iceberg without ``metadata_location`` (fails alone, stays protected), a Hive table
(not listed), wrong keys and keys without Glue permission with moto's SigV4 and IAM checks on
(where correctly signed requests list and check).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from tests.catalog_matrix import (
    WriterLake,
    assert_check_finds_the_consistent_table_and_the_overwrite_leftovers,
    assert_preview_returns_the_live_rows,
    dask_reads_return_the_iceberg_rows,
    listed,
    run_cli,
    spark_snippet_reads_the_iceberg_rows,
    write_spark_tables,
    writes_notebook,
)
from tests.fixtures.glue import (
    CATALOG,
    HIVE_TABLE,
    NO_METADATA_TABLE,
    GlueLake,
    glue_properties,
)
from tests.fixtures.s3 import BUCKET, enable_auth, free_port, moto_server
from tests.fixtures.spark import register_spark_catalog
from tests.snippets.tables import NAMESPACE

pytestmark = pytest.mark.s3

ICEBERG_TABLES = {"observations", "overwritten", "readings", "stations"}
SPARK_TABLES = {"observations", "overwritten", "readings"}
# Hive columns the transforms add to the Dask read of `observations`.
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})
SPARK_CATALOG = "glue_spark"
SPARK_DATABASE = "spark_written"


def qualified(name: str, namespace: str = NAMESPACE) -> str:
    return f"{CATALOG}.{namespace}.{name}"


def pyiceberg_glue(glue_lake: GlueLake):
    from pyiceberg.catalog.glue import GlueCatalog

    return GlueCatalog(CATALOG, **glue_lake.properties)


# ---------------------------------------------------------------- the two writers


@pytest.fixture(scope="module")
def pyiceberg_written(glue_lake: GlueLake) -> WriterLake:
    return WriterLake("pyiceberg", CATALOG, glue_lake.home, pyiceberg_glue(glue_lake))


@pytest.fixture(scope="module")
def jvm_aws_keys(spark, glue_lake: GlueLake) -> Iterator[None]:
    """The kernel's AWS identity, as the JVM's AWS SDK finds it (the tests' session started without one)."""
    system = spark._jvm.java.lang.System
    keys = {
        "aws.accessKeyId": glue_lake.server.access_key_id,
        "aws.secretAccessKey": glue_lake.server.secret_access_key,
    }
    for key, value in keys.items():
        system.setProperty(key, value)
    yield
    for key in keys:
        system.clearProperty(key)


@pytest.fixture(scope="module")
def spark_written(spark, glue_lake: GlueLake, jvm_aws_keys) -> WriterLake:
    """Spark's Iceberg GlueCatalog writes its tables into a Glue database of its own."""
    server = glue_lake.server
    register_spark_catalog(
        spark,
        SPARK_CATALOG,
        {
            "catalog-impl": "org.apache.iceberg.aws.glue.GlueCatalog",
            "io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
            # The warehouse of the pyiceberg catalog: with one, reads are confined to it.
            "warehouse": glue_lake.properties["warehouse"],
            "glue.endpoint": server.endpoint,
            "client.region": server.region,
            "s3.endpoint": server.endpoint,
            "s3.path-style-access": "true",
        },
    )
    spark.sql(f"CREATE NAMESPACE {SPARK_CATALOG}.{SPARK_DATABASE}")
    write_spark_tables(spark, f"{SPARK_CATALOG}.{SPARK_DATABASE}.")
    return WriterLake(
        "spark",
        CATALOG,
        glue_lake.home,
        pyiceberg_glue(glue_lake),
        namespace=SPARK_DATABASE,
    )


@pytest.fixture(
    params=[
        "pyiceberg_written",
        pytest.param("spark_written", marks=pytest.mark.spark),
    ],
    ids=["pyiceberg", "spark"],
)
def lake(request) -> WriterLake:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- list and check


def test_lists_the_iceberg_tables_pyiceberg_lists(helper_cli, glue_lake: GlueLake):
    result = run_cli(helper_cli, glue_lake, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    pyiceberg = pyiceberg_glue(glue_lake)
    ours = {t for t in listed(result) if t.startswith(f"{CATALOG}.{NAMESPACE}.")}
    assert ours == {qualified(name) for _, name in pyiceberg.list_tables(NAMESPACE)}
    # The table without metadata_location is still an Iceberg table to Glue; the Hive one is not.
    assert ours == {qualified(n) for n in ICEBERG_TABLES | {NO_METADATA_TABLE}}
    assert qualified(HIVE_TABLE) not in listed(result)
    assert result.json()["errors"] == []


@pytest.mark.spark
def test_lists_the_tables_spark_wrote(helper_cli, spark_written: WriterLake):
    result = run_cli(helper_cli, spark_written, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    theirs = {t for t in listed(result) if t.startswith(f"{CATALOG}.{SPARK_DATABASE}.")}
    assert theirs == {
        qualified(name, SPARK_DATABASE)
        for _, name in spark_written.pyiceberg.list_tables(SPARK_DATABASE)
    }
    assert theirs == {spark_written.table(name) for name in SPARK_TABLES}
    assert result.json()["errors"] == []


def test_check_finds_the_consistent_table_and_the_overwrite_leftovers(helper_cli, lake):
    assert_check_finds_the_consistent_table_and_the_overwrite_leftovers(
        helper_cli, lake
    )


def test_check_names_the_table_without_metadata_and_checks_the_rest(
    helper_cli, glue_lake: GlueLake
):
    result = run_cli(
        helper_cli,
        glue_lake,
        "check",
        "--format",
        "json",
        *(qualified(n) for n in sorted(ICEBERG_TABLES | {NO_METADATA_TABLE})),
    )
    assert result.returncode == 2, result.stderr
    verdicts = {v["table"]: v for v in result.json()["tables"]}
    assert verdicts[qualified("readings")]["status"] == "consistent"
    assert verdicts[qualified("stations")]["status"] == "consistent"
    # The rows an overwrite replaced stay in the Hive tree: Dask would read them, Iceberg does not.
    overwritten = verdicts[qualified("overwritten")]
    assert overwritten["status"] == "drift"
    assert [f["cause"] for f in overwritten["findings"]].count("leftover") == 4
    # Region identity columns inside the files next to a day transform that is not: Dask refuses it.
    observations = verdicts[qualified("observations")]
    assert observations["status"] == "drift"
    assert [f["cause"] for f in observations["findings"]] == [
        "mixed-identity-transform"
    ]
    broken = verdicts[qualified(NO_METADATA_TABLE)]
    assert broken["status"] == "error"
    assert broken["error"] == (
        f"Glue table 'sci.{NO_METADATA_TABLE}' in catalog 'glue' is marked Iceberg but has no "
        "'metadata_location' parameter, so its metadata cannot be found; register it again with "
        "an Iceberg writer (pyiceberg register_table, Spark CALL system.register_table)"
    )
    assert glue_lake.server.secret_access_key not in result.stdout + result.stderr


def test_a_hive_table_is_not_an_iceberg_table(helper_cli, glue_lake: GlueLake):
    result = run_cli(helper_cli, glue_lake, "check", qualified(HIVE_TABLE))
    assert result.returncode == 2
    assert result.stdout.splitlines()[:2] == [
        f"{qualified(HIVE_TABLE)}: ERROR: could not be checked",
        f"  Glue table 'sci.{HIVE_TABLE}' in catalog 'glue' is not an Iceberg table (table_type unset)",
    ]


def test_scan_protects_the_table_without_metadata_by_its_glue_location(
    helper_cli, glue_lake: GlueLake, tmp_path: Path
):
    folder = glue_lake.server.uri(
        "glue-warehouse", f"{NAMESPACE}.db", NO_METADATA_TABLE
    )
    path = writes_notebook(tmp_path / "writes.ipynb", folder)
    result = run_cli(
        helper_cli,
        glue_lake,
        "scan",
        "--catalog",
        CATALOG,
        "--format",
        "json",
        str(path),
    )
    assert result.returncode == 1, result.stderr
    assert [f["table"] for f in result.json()["findings"]] == [
        qualified(NO_METADATA_TABLE)
    ]
    # It stays protected though unreadable, and the warning says why.
    assert f"table {qualified(NO_METADATA_TABLE)} is protected" in result.stderr


def glue_reader(endpoint: str) -> tuple[str, str]:
    """An IAM user that may use Glue and the test bucket; returns its access key."""
    import boto3

    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bootstrap",
        aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName="glue-reader")
    statements = [
        {"Effect": "Allow", "Action": "glue:*", "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        },
    ]
    iam.put_user_policy(
        UserName="glue-reader",
        PolicyName="glue-and-bucket",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    key = iam.create_access_key(UserName="glue-reader")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def test_moto_verifies_the_signatures_and_wrong_keys_name_the_catalog(
    helper_cli, tmp_path: Path
):
    """moto checks every SigV4 signature and IAM policy: the helper's requests pass, bad keys fail alone."""
    import yaml
    from pyiceberg.catalog.glue import GlueCatalog

    wrong = "wrong-secret-for-glue-7731"
    with moto_server() as server:
        key_id, secret = glue_reader(server.endpoint)
        reader = {
            **glue_properties(server),
            "glue.access-key-id": key_id,
            "glue.secret-access-key": secret,
            "s3.access-key-id": key_id,
            "s3.secret-access-key": secret,
        }
        written = GlueCatalog("signed", **reader)
        written.create_namespace("sci")
        table = written.create_table("sci.obs", schema=pa.schema([("id", pa.int64())]))
        table.append(pa.table({"id": [1, 2]}))
        enable_auth(server.endpoint)
        catalogs = {
            "signed": reader,
            # The secret of another key: moto's SigV4 check refuses the signature.
            "locked": {**reader, "glue.secret-access-key": wrong},
            # The right keys of a user whose IAM policy allows S3 only.
            "denied": glue_properties(server),
        }
        (tmp_path / ".pyiceberg.yaml").write_text(yaml.safe_dump({"catalog": catalogs}))
        env = {"PYICEBERG_HOME": str(tmp_path)}
        listing = helper_cli.run("list", "--format", "json", env=env)
        check = helper_cli.run("check", "--format", "json", "signed.sci.obs", env=env)
    assert listing.returncode == 2
    assert listed(listing) == {"signed.sci.obs"}
    assert check.returncode == 0, check.stderr
    assert [v["status"] for v in check.json()["tables"]] == ["consistent"]
    errors = {error["catalog"]: error["message"] for error in listing.json()["errors"]}
    prefix = "Glue catalog '{}' could not list databases: Glue GetDatabases at {} failed: HTTP 403 "
    hint = (
        " (check glue.access-key-id and glue.secret-access-key, client.*, or the AWS_* variables "
        "and profile; and that they may read this Data Catalog)"
    )
    assert errors == {
        "locked": prefix.format("locked", server.endpoint)
        + "SignatureDoesNotMatch: The request signature we calculated does not match the signature "
        "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
        "documentation for details." + hint,
        "denied": prefix.format("denied", server.endpoint)
        + "AccessDenied: User: arn:aws:iam::123456789012:user/dual-layout-tests is not authorized "
        "to perform: glue:GetDatabases" + hint,
    }
    output = listing.stdout + listing.stderr + check.stdout + check.stderr
    for value in (
        wrong,
        secret,
        key_id,
        server.secret_access_key,
        server.access_key_id,
    ):
        assert value not in output


def test_an_unreachable_glue_endpoint_fails_fast_and_the_others_still_list(
    helper_cli, glue_lake: GlueLake, tmp_path: Path
):
    import yaml

    port = free_port()  # nothing listens there
    down = {**glue_lake.properties, "glue.endpoint": f"http://127.0.0.1:{port}"}
    (tmp_path / ".pyiceberg.yaml").write_text(
        yaml.safe_dump({"catalog": {CATALOG: glue_lake.properties, "down": down}})
    )
    started = time.monotonic()
    result = helper_cli.run(
        "list", "--format", "json", env={"PYICEBERG_HOME": str(tmp_path)}
    )
    assert time.monotonic() - started < 20
    assert result.returncode == 2
    assert qualified("observations") in listed(result)
    assert result.json()["errors"] == [
        {
            "catalog": "down",
            "message": f"Glue catalog 'down' could not list databases: Glue GetDatabases at http://127.0.0.1:{port} failed: ECONNREFUSED",
        }
    ]


# ---------------------------------------------------------------- preview, snippets


def test_preview_returns_the_live_rows(start_helper, lake):
    assert_preview_returns_the_live_rows(start_helper(lake.home), lake)


def test_dask_read_and_pinned_read_return_the_iceberg_rows(
    helper_cli, glue_lake: GlueLake, lake, tmp_path: Path
):
    # The kernel has no AWS variables: storage options come from its .pyiceberg.yaml at run time.
    for generated in dask_reads_return_the_iceberg_rows(
        helper_cli, lake, tmp_path, HIVE_EXTRA_COLUMNS
    ):
        assert glue_lake.server.secret_access_key not in generated["code"]


@pytest.mark.spark
def test_spark_snippet_reads_the_iceberg_rows(
    helper_cli, spark, glue_lake: GlueLake, jvm_aws_keys, lake, monkeypatch
):
    generated, _ = spark_snippet_reads_the_iceberg_rows(
        helper_cli, spark, lake, monkeypatch
    )
    assert "org.apache.iceberg.aws.glue.GlueCatalog" in generated["code"]
    assert glue_lake.server.secret_access_key not in generated["code"]
