"""A REST catalog that vends storage credentials: Apache Iceberg's REST server handing out
session credentials minted by moto's STS, tables on moto's S3 with authentication on (static
keys are refused), see tests/fixtures/rest_vending.py. Two writers use only what it vends:
pyiceberg, and Spark through a REST catalog in the tests' session that sends
``X-Iceberg-Access-Delegation: vended-credentials`` and holds no key (S3FileIO with the moto
endpoint, region and path-style access only), creating a namespace and a table and appending
twice. The vended role may write the bucket (the writers' need; the helper only reads). Iceberg's
adapter vends on every load whether or not the header asks, so Spark writes through the vending
front told to vend only to a client that asks (as real servers do): the header is what gets Spark
its credentials, and the same catalog without it cannot write.

Each writer's table goes through the same steps: list, check (consistent), preview, the Spark
snippet run unmodified, the Dask read and the pinned read, rows compared with pyiceberg's scan.
The helper lists and checks them with no key of its own, picks each file's credential by prefix,
refreshes credentials before they expire, and says clearly, without a secret, when they cannot
be refreshed or cover another prefix."""

from __future__ import annotations

import pytest

from tests.fixtures.rest_vending import (  # noqa: F401 - the module's fixture
    VendingLakehouse,
    vending_front,
    vending_lakehouse,
)
from tests.fixtures.spark import register_spark_catalog

NAMESPACE = "sci"
TABLE = "obs"
#: The table Spark writes, and the name of the vending catalog in Spark's session.
SPARK_NAMESPACE = "lab"
SPARK_TABLE = "runs"
SPARK_CATALOG = "vend_writer"
#: Each writer's table: (namespace, table).
WRITTEN_BY = {"pyiceberg": (NAMESPACE, TABLE), "spark": (SPARK_NAMESPACE, SPARK_TABLE)}
#: Keys moto has never issued: a read signed with them is refused.
STATIC_KEYS = {
    "s3.access-key-id": "AKIASTATICNOTVALID01",
    "s3.secret-access-key": "static-secret-not-valid-0123456789",
}


def yaml_for(catalogs: dict[str, dict[str, str]]) -> str:
    lines = ["catalog:"]
    for name, properties in catalogs.items():
        lines.append(f"  {name}:")
        lines += [f"    {key}: '{value}'" for key, value in properties.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def written(vending_lakehouse: VendingLakehouse) -> VendingLakehouse:  # noqa: F811
    """pyiceberg, given no key, writes a partitioned table with what the catalog vends."""
    import pyarrow as pa
    from pyiceberg.catalog.rest import RestCatalog
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.schema import Schema
    from pyiceberg.transforms import IdentityTransform
    from pyiceberg.types import LongType, NestedField, StringType

    catalog = RestCatalog("vend", **vending_lakehouse.properties())
    catalog.create_namespace(NAMESPACE)
    schema = Schema(
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
    )
    table = catalog.create_table(
        f"{NAMESPACE}.{TABLE}",
        schema,
        partition_spec=PartitionSpec(
            PartitionField(2, 1000, IdentityTransform(), "region")
        ),
    )
    table.append(
        pa.table(
            {
                "id": pa.array([1, 2, 3], pa.int64()),
                "region": pa.array(["EU", "EU", "US"]),
            }
        )
    )
    return vending_lakehouse


@pytest.fixture(scope="module")
def writers_front(written: VendingLakehouse):
    """The front Spark writes through: it vends only to a client that asks, as real servers do."""
    with vending_front(written) as front:
        front.vends_only_when_asked = True
        yield front


def spark_rest_catalog(
    written: VendingLakehouse, uri: str, *, asks_for_credentials: bool
) -> dict[str, str]:
    """A Spark REST catalog's properties: S3FileIO on the moto endpoint, no key of its own."""
    delegation = (
        {"header.X-Iceberg-Access-Delegation": "vended-credentials"}
        if asks_for_credentials
        else {}
    )
    return {
        "type": "rest",
        "uri": uri,
        **delegation,
        "io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint": written.s3.endpoint,
        "s3.path-style-access": "true",
        "client.region": written.s3.region,
    }


def spark_snapshots(written: VendingLakehouse) -> list[str]:
    """The records each snapshot of Spark's table added, as pyiceberg reads them."""
    from pyiceberg.catalog.rest import RestCatalog

    loaded = RestCatalog("vend", **written.properties()).load_table(
        f"{SPARK_NAMESPACE}.{SPARK_TABLE}"
    )
    assert loaded.location().startswith(f"{written.warehouse}/")
    return [s.summary["added-records"] for s in loaded.snapshots()]


@pytest.fixture(scope="module")
def spark_written(written: VendingLakehouse, writers_front, spark) -> VendingLakehouse:
    """Spark, given no key, creates a namespace and a partitioned table through the vending
    catalog and appends rows twice with the credentials it vends (moto refuses any other)."""
    import os

    # The JVM inherits this environment: no key in it, so only the vended ones can sign.
    keys = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
    assert not [key for key in keys if key in os.environ]
    register_spark_catalog(
        spark,
        SPARK_CATALOG,
        spark_rest_catalog(written, writers_front.uri, asks_for_credentials=True),
    )
    table = f"{SPARK_CATALOG}.{SPARK_NAMESPACE}.{SPARK_TABLE}"
    spark.sql(f"CREATE NAMESPACE {SPARK_CATALOG}.{SPARK_NAMESPACE}")
    spark.sql(
        f"CREATE TABLE {table} (id BIGINT, region STRING) USING iceberg "
        "PARTITIONED BY (region)"
    )
    spark.sql(f"INSERT INTO {table} VALUES (10, 'EU'), (11, 'US'), (12, 'US')")
    spark.sql(f"INSERT INTO {table} VALUES (13, 'APAC')")
    assert spark_snapshots(written) == ["3", "1"]
    return written


@pytest.fixture(params=sorted(WRITTEN_BY))
def writer_table(request) -> tuple[str, str]:
    """Each writer's table (namespace, table), once it is written."""
    request.getfixturevalue("spark_written" if request.param == "spark" else "written")
    return WRITTEN_BY[request.param]


def test_spark_that_does_not_ask_for_credentials_cannot_write(
    spark_written: VendingLakehouse, writers_front, spark
):
    """The control: the same catalog without the header is vended nothing, so Spark has no
    credentials to write its data file with (none in its environment); nothing is committed."""
    register_spark_catalog(
        spark,
        "vend_unasked",
        spark_rest_catalog(
            spark_written, writers_front.uri, asks_for_credentials=False
        ),
    )
    with pytest.raises(
        Exception, match="Unable to load credentials from any of the providers"
    ):
        spark.sql(
            f"INSERT INTO vend_unasked.{SPARK_NAMESPACE}.{SPARK_TABLE} VALUES (99, 'EU')"
        )
    assert spark_snapshots(spark_written) == ["3", "1"]


def vended_secrets(lakehouse: VendingLakehouse) -> list[str]:
    """What the server vends now (Iceberg's adapter vends the same set on every load)."""
    from pyiceberg.catalog.rest import RestCatalog

    table = RestCatalog("vend", **lakehouse.properties()).load_table(
        f"{NAMESPACE}.{TABLE}"
    )
    return [
        table.io.properties[key] for key in ("s3.secret-access-key", "s3.session-token")
    ]


def test_static_keys_are_refused_by_the_store(written: VendingLakehouse):
    """The control: without the vended credentials nothing on this S3 can be read."""
    import boto3
    from botocore.exceptions import ClientError

    client = boto3.client(
        "s3",
        endpoint_url=written.s3.endpoint,
        region_name=written.s3.region,
        aws_access_key_id=STATIC_KEYS["s3.access-key-id"],
        aws_secret_access_key=STATIC_KEYS["s3.secret-access-key"],
    )
    with pytest.raises(ClientError, match="InvalidAccessKeyId"):
        client.list_objects_v2(Bucket=written.s3.bucket, Prefix="vending/")


def test_lists_and_checks_with_vended_credentials(
    helper_cli, spark_written: VendingLakehouse, pyiceberg_home
):
    written = spark_written
    home = pyiceberg_home(yaml_for({"vend": {**written.properties(), **STATIC_KEYS}}))
    env = {"PYICEBERG_HOME": str(home)}
    listing = helper_cli.run("list", "--format", "json", env=env)
    assert listing.returncode == 0, listing.stderr
    assert [entry["table"] for entry in listing.json()["tables"]] == [
        "vend.lab.runs",
        "vend.sci.obs",
    ]

    check = helper_cli.run(
        "check", "--format", "json", "vend.sci.obs", "vend.lab.runs", env=env
    )
    assert check.returncode == 0, check.stderr
    verdicts = check.json()["tables"]
    assert {v["table"]: v["status"] for v in verdicts} == {
        "vend.sci.obs": "consistent",
        "vend.lab.runs": "consistent",
    }, verdicts
    for secret in vended_secrets(written):
        assert secret not in check.stdout + check.stderr + listing.stdout


def test_refreshes_expired_credentials_through_the_credentials_endpoint(
    helper_cli, written: VendingLakehouse, pyiceberg_home
):
    with vending_front(written) as front:
        front.expires_in_ms = 0
        home = pyiceberg_home(yaml_for({"vend": written.properties(front.uri)}))
        check = helper_cli.run(
            "check",
            "--format",
            "json",
            "vend.sci.obs",
            env={"PYICEBERG_HOME": str(home)},
        )
        assert check.returncode == 0, check.stderr
        assert check.json()["tables"][0]["status"] == "consistent"
        assert front.credential_requests == 1


def test_expired_credentials_that_cannot_be_refreshed(
    helper_cli, written: VendingLakehouse, pyiceberg_home
):
    with vending_front(written) as front:
        front.expires_in_ms = -60_000
        front.credentials_failure = 503
        home = pyiceberg_home(
            yaml_for(
                {
                    "vend": written.properties(front.uri),
                    "direct": written.properties(),
                }
            )
        )
        env = {"PYICEBERG_HOME": str(home)}
        check = helper_cli.run(
            "check", "--format", "json", "vend.sci.obs", "direct.sci.obs", env=env
        )
    assert check.returncode == 2, check.stderr
    verdicts = {v["table"]: v for v in check.json()["tables"]}
    assert verdicts["direct.sci.obs"]["status"] == "consistent"
    failed = verdicts["vend.sci.obs"]
    assert failed["status"] == "error"
    # The table is named once, by the storage layer, in the verdict and on the CLI line.
    assert failed["error"].startswith(
        "REST catalog 'vend', table 'vend.sci.obs': the storage credentials the catalog "
        f"vended for {written.warehouse}/sci/obs/metadata/"
    )
    [line] = [line for line in check.stderr.splitlines() if "vend.sci.obs" in line]
    assert line == f"dual-layout check: {failed['error']}"
    assert line.count("vend.sci.obs") == 1
    assert (
        "could not be refreshed: REST catalog 'vend' could not load the storage credentials "
        "of table 'sci.obs': HTTP 503 ServiceUnavailableException: credential service unavailable"
    ) in failed["error"]
    for secret in vended_secrets(written):
        assert secret not in check.stdout + check.stderr


def test_credentials_for_another_prefix(
    helper_cli, written: VendingLakehouse, pyiceberg_home
):
    other = written.s3.uri("elsewhere/")
    with vending_front(written) as front:
        front.prefix_for = lambda location: other
        home = pyiceberg_home(
            yaml_for(
                {"vend": written.properties(front.uri), "direct": written.properties()}
            )
        )
        check = helper_cli.run(
            "check",
            "--format",
            "json",
            "vend.sci.obs",
            "direct.sci.obs",
            env={"PYICEBERG_HOME": str(home)},
        )
    assert check.returncode == 2, check.stderr
    verdicts = {v["table"]: v for v in check.json()["tables"]}
    assert verdicts["direct.sci.obs"]["status"] == "consistent"
    failed = verdicts["vend.sci.obs"]
    assert failed["status"] == "error"
    assert failed["error"].startswith(
        f"REST catalog 'vend', table 'vend.sci.obs': {written.warehouse}/sci/obs/metadata/"
    )
    [line] = [line for line in check.stderr.splitlines() if "vend.sci.obs" in line]
    assert line == f"dual-layout check: {failed['error']}"
    assert line.count("vend.sci.obs") == 1
    assert (
        f"is not under any prefix the catalog vended storage credentials for ({other}), "
        "so it was read with the table's config and failed"
    ) in failed["error"]
    for secret in vended_secrets(written):
        assert secret not in check.stdout + check.stderr


def test_list_shows_each_catalogs_type_and_health(
    helper_cli, spark_written: VendingLakehouse, pyiceberg_home
):
    import socket

    written = spark_written

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    home = pyiceberg_home(
        yaml_for(
            {
                "vend": written.properties(),
                "down": {"type": "rest", "uri": f"http://127.0.0.1:{closed}"},
            }
        )
    )
    env = {"PYICEBERG_HOME": str(home)}
    down_error = (
        f"REST catalog 'down' at http://127.0.0.1:{closed} could not read its "
        "configuration (GET /v1/config): ECONNREFUSED"
    )
    text = helper_cli.run("list", "--catalogs", env=env)
    assert text.returncode == 2
    assert (
        text.stdout == f"down (rest): error: {down_error}\nvend (rest): ok, 2 tables\n"
    )
    listing = helper_cli.run("list", "--format", "json", env=env)
    assert listing.json()["catalogs"] == [
        {
            "name": "down",
            "type": "rest",
            "health": "error",
            "tables": 0,
            "error": down_error,
        },
        {"name": "vend", "type": "rest", "health": "ok", "tables": 2},
    ]


def vend_home(written: VendingLakehouse, pyiceberg_home):
    """The kernel's and the helper's `.pyiceberg.yaml`: the catalog, no key."""
    return pyiceberg_home(yaml_for({"vend": written.properties()}))


def generated(helper_cli, home, table: tuple[str, str], *args: str) -> dict:
    result = helper_cli.run(
        "snippet",
        "--format",
        "json",
        *args,
        ".".join(("vend", *table)),
        env={"PYICEBERG_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    return result.json()


def expected_rows(
    written: VendingLakehouse, table: tuple[str, str] = (NAMESPACE, TABLE)
) -> set[tuple]:
    """pyiceberg's scan of a table, read with the vended credentials."""
    from pyiceberg.catalog.rest import RestCatalog

    loaded = RestCatalog("vend", **written.properties()).load_table(".".join(table))
    return {(row["id"], row["region"]) for row in loaded.scan().to_arrow().to_pylist()}


def test_dask_snippets_read_with_the_tables_vended_credentials(
    helper_cli, written: VendingLakehouse, pyiceberg_home, tmp_path, writer_table
):
    from tests.snippets.run import kernel_env, run_kernel

    namespace, name = writer_table
    home = vend_home(written, pyiceberg_home)
    read = generated(helper_cli, home, writer_table, "--engine", "dask")
    pinned = generated(
        helper_cli, home, writer_table, "--engine", "dask", "--variant", "pinned"
    )
    for code in (read["code"], pinned["code"]):
        # One catalog round trip when the cell runs, whatever the number of keys.
        [load] = [line for line in code.splitlines() if "load_table(" in line]
        assert load == (
            f'{name}_vended = load_catalog("vend")'
            f'.load_table(("{namespace}", "{name}",)).io.properties'
        )
        assert f'{name}_vended.get("s3.session-token")' in code
        for secret in vended_secrets(written):
            assert secret not in code
    results = run_kernel(
        tmp_path,
        kernel_env(home),
        [
            {"code": read["code"], "collect": {"read": read["variable"]}},
            {"code": pinned["code"], "collect": {"pinned": pinned["variable"]}},
        ],
    )
    expected = expected_rows(written, writer_table)
    for alias in ("read", "pinned"):
        frame = results[alias]["frame"]
        assert set(zip(frame["id"], frame["region"].astype(str))) == expected, alias
        assert len(frame) == len(expected)


def test_spark_snippet_asks_for_vended_credentials(
    helper_cli,
    written: VendingLakehouse,
    pyiceberg_home,
    spark,
    monkeypatch,
    writer_table,
):
    home = vend_home(written, pyiceberg_home)
    snippet = generated(helper_cli, home, writer_table, "--engine", "spark")
    code = snippet["code"]
    assert (
        '"spark.sql.catalog.vend.header.X-Iceberg-Access-Delegation": "vended-credentials"'
        in code
    )
    assert "s3.access-key-id" not in code
    monkeypatch.setenv("PYICEBERG_HOME", str(home))
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(code, "<spark snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    frame = namespace[snippet["variable"]].select("id", "region")
    assert {tuple(row) for row in frame.collect()} == expected_rows(
        written, writer_table
    )


def test_preview_and_details_through_the_api_without_the_secrets(
    start_helper, written: VendingLakehouse, pyiceberg_home, writer_table
):
    import pyarrow as pa

    identifier = ".".join(("vend", *writer_table))

    helper = start_helper(
        pyiceberg_home(yaml_for({"vend": {**written.properties(), **STATIC_KEYS}}))
    )
    catalogs = helper.get("catalogs")
    assert catalogs.json()["catalogs"] == [{"name": "vend", "type": "rest"}]
    preview = helper.get(f"tables/{identifier}/preview", params={"limit": 10})
    assert preview.status_code == 200, preview.text
    rows = pa.ipc.open_stream(preview.content).read_all()
    assert set(zip(rows["id"].to_pylist(), rows["region"].to_pylist())) == (
        expected_rows(written, writer_table)
    )
    details = helper.get(f"tables/{identifier}")
    assert details.status_code == 200, details.text
    for secret in vended_secrets(written):
        assert secret not in details.text + catalogs.text
