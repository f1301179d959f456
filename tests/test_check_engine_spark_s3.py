"""`dual-layout check --engine spark` on S3: the same verdicts as the helper's own check.

Hazard tables written by pyiceberg to the loopback S3 server (tests/fixtures/s3.py) are checked
by the helper alone and through a Spark job on the shared Spark Connect server
(tests/fixtures/spark_connect.py), whose class path has Hadoop's S3A filesystem but no S3
settings: Iceberg reads the entries with the catalog's S3FileIO properties and Spark lists the
data root through S3A with the same settings, both passed by the job, the keys read from the
catalog's `.pyiceberg.yaml` when the job runs. The verdicts must be identical, findings and
their order included: a clean identity table, overwrite leftovers with an orphan, a file in the
wrong directory and a table without a data root yet.
"""

from __future__ import annotations

import io
import subprocess
import sys
import uuid

import pyarrow.parquet as pq
import pytest
import yaml

from tests.fixtures.s3 import free_port
from tests.scenarios.pyiceberg_tables import IDENTITY_REGION, SCHEMA, observations
from tests.scenarios.s3_tables import NAMESPACE, S3Tables
from tests.test_check_engine_spark import check, verdicts

pytestmark = pytest.mark.s3

CATALOG = "sparks3"

# A TCP forwarder from a loopback port (argv[1]) to another (argv[2]), until it is killed.
FORWARDER = """
import asyncio, sys

async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()

async def forward(reader, writer):
    upstream = await asyncio.open_connection("127.0.0.1", int(sys.argv[2]))
    await asyncio.gather(pipe(reader, upstream[1]), pipe(upstream[0], writer))

async def main():
    server = await asyncio.start_server(forward, "127.0.0.1", int(sys.argv[1]))
    print("listening", flush=True)
    await server.serve_forever()

asyncio.run(main())
"""


def put_parquet(s3, location: str, table) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    bucket, _, key = location.removeprefix("s3://").partition("/")
    s3.client().put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())


def wrong_directory(tables: S3Tables) -> str:
    """A file of region EU placed under region=US/ and registered with add_files."""
    table = tables.catalog.create_table(
        f"{NAMESPACE}.s3_wrong_directory", SCHEMA, partition_spec=IDENTITY_REGION
    )
    table.append(observations(range(1, 5)))
    wrong = f"{table.location()}/data/region=US/misplaced-eu.parquet"
    put_parquet(tables.s3, wrong, observations([51, 53], ["EU", "EU"]))
    table.add_files([wrong])
    return f"{CATALOG}.{NAMESPACE}.s3_wrong_directory"


def empty_table(tables: S3Tables) -> str:
    """No snapshot and no object under the data root: Spark's listing finds no path."""
    tables.catalog.create_table(
        f"{NAMESPACE}.s3_empty", SCHEMA, partition_spec=IDENTITY_REGION
    )
    return f"{CATALOG}.{NAMESPACE}.s3_empty"


@pytest.fixture(scope="module")
def s3_home(s3_server, tmp_path_factory):
    """The scenarios in their own SQLite catalog on S3, and a PYICEBERG_HOME naming it."""
    root = tmp_path_factory.mktemp("check-engine-s3")
    tables = S3Tables(
        s3_server,
        f"spark-check-{uuid.uuid4().hex[:12]}",
        root / "catalog.db",
        catalog_name=CATALOG,
    )
    names = [
        tables.clean().qualified,
        tables.leftovers_and_orphan().qualified,
        wrong_directory(tables),
        empty_table(tables),
    ]
    (root / ".pyiceberg.yaml").write_text(
        yaml.safe_dump({"catalog": {CATALOG: tables.properties}})
    )
    return root, names


def home_with_endpoint(home, new_home, endpoint: str):
    """A PYICEBERG_HOME naming the same catalog, reached through another S3 endpoint."""
    settings = yaml.safe_load((home / ".pyiceberg.yaml").read_text())
    settings["catalog"][CATALOG]["s3.endpoint"] = endpoint
    (new_home / ".pyiceberg.yaml").write_text(yaml.safe_dump(settings))
    return new_home


@pytest.mark.spark
def test_spark_engine_verdicts_on_s3_equal_the_helpers(
    helper_cli, spark_connect_server, s3_server, s3_home
):
    home, tables = s3_home
    by_helper = check(helper_cli, home, *tables)
    by_spark = check(
        helper_cli,
        home,
        "--engine",
        "spark",
        *tables,
        settings={"sparkProfile": {"remote": spark_connect_server.remote}},
    )
    assert by_spark.returncode == by_helper.returncode == 1, by_spark.stderr[-3000:]
    helper, spark = verdicts(by_helper), verdicts(by_spark)
    assert sorted(helper) == sorted(tables)
    # Both engines must see the hazards, or the comparison below proves nothing.
    kinds = {t: [f["kind"] for f in helper[t]["findings"]] for t in tables}
    assert [helper[t]["status"] for t in tables] == ["consistent"] + ["drift"] * 3
    assert kinds[tables[0]] == []
    assert set(kinds[tables[1]]) == {"stale-file"} and len(kinds[tables[1]]) > 1
    assert "partition-mismatch" in kinds[tables[2]]
    # Dask raises on a data root without files: Spark's listing must find none either.
    assert [f.get("cause") for f in helper[tables[3]]["findings"]] == ["empty-tree"]
    for table in tables:
        assert spark[table] == helper[table], table
    # The keys came from .pyiceberg.yaml at run time: never in the output nor in the server's log.
    secret = s3_server.secret_access_key
    assert secret not in by_spark.stdout + by_spark.stderr
    assert secret not in spark_connect_server.log.read_text()


def test_unreachable_endpoint_is_an_error_naming_the_table(
    helper_cli, s3_home, tmp_path
):
    """Nothing answers at the catalog's endpoint: the table fails alone, before any Spark job."""
    home, tables = s3_home
    endpoint = f"http://127.0.0.1:{free_port()}"
    unreachable = home_with_endpoint(home, tmp_path, endpoint)
    # Were a Spark job started, its error would say it cannot start this interpreter.
    result = check(
        helper_cli, unreachable, "--engine", "spark", tables[0], python="/nonexistent"
    )
    assert result.returncode == 2, result.stderr
    [verdict] = result.json()["tables"]
    metadata = verdicts(check(helper_cli, home, tables[0]))[tables[0]][
        "metadataLocation"
    ]
    assert verdict["error"] == (
        f"{tables[0]}: S3 HeadObject of {metadata} failed: cannot reach {endpoint} (ECONNREFUSED)"
    )


@pytest.mark.spark
def test_endpoint_unreachable_from_spark_is_an_error_naming_the_table(
    helper_cli, spark_connect_server, s3_server, s3_home, tmp_path
):
    """The helper reaches S3 (through a loopback forwarder), Spark does not: the forwarder stops
    after the helper opened the table and before the job starts, as from a cluster whose network
    has no route to the store. The job's error names the table and the endpoint."""
    home, tables = s3_home
    port = free_port()
    target = s3_server.endpoint.rsplit(":", 1)[1]
    forwarder = subprocess.Popen(
        [sys.executable, "-c", FORWARDER, str(port), target],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert forwarder.stdout.readline() == "listening\n"
        endpoint = f"http://127.0.0.1:{port}"
        python = tmp_path / "python-after-the-forwarder-stops"
        python.write_text(
            "#!/bin/bash\n"
            f"kill {forwarder.pid}\n"
            f"while (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; do sleep 0.1; done\n"
            f'exec {sys.executable} "$@"\n'
        )
        python.chmod(0o755)
        result = check(
            helper_cli,
            home_with_endpoint(home, tmp_path, endpoint),
            "--engine",
            "spark",
            tables[0],
            settings={"sparkProfile": {"remote": spark_connect_server.remote}},
            python=python,
        )
    finally:
        forwarder.kill()
        forwarder.wait()
    assert result.returncode == 2, result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["error"] == (
        f"{tables[0]}: the Spark check exited with 1: "
        "pyspark.errors.exceptions.connect.SparkConnectGrpcException: "
        "(software.amazon.awssdk.core.exception.SdkClientException) Unable to execute HTTP "
        f"request: Connect to 127.0.0.1:{port} [/127.0.0.1] failed: Connection refused "
        "(SDK Attempt Count: 1)"
    )
