"""The helper's HTTP API on real pyiceberg tables: contents, security and concurrency."""

from __future__ import annotations

import datetime
import json
import re
import socket
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import DayTransform, IdentityTransform
from pyiceberg.types import DoubleType, LongType, NestedField, StringType, TimestampType

# Secrets configured for the catalogs below; no response may ever contain one.
S3_SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
REST_CREDENTIAL_SECRET = "client-secret-3f9a1c"
REST_TOKEN = "bearer-token-77d2e0"

SCHEMA = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "obs_time", TimestampType(), required=False),
    NestedField(4, "magnitude", DoubleType(), required=False),
)
# Identity partitions only: pyiceberg also stores `region` inside the files, and Dask reads a hive
# tree only when every partition column is in the files or none is (a day() column never is).
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
DAY_SPEC = PartitionSpec(
    PartitionField(2, 1000, IdentityTransform(), "region"),
    PartitionField(3, 1001, DayTransform(), "obs_time_day"),
)


def observations(start: int, count: int) -> pa.Table:
    return pa.table(
        {
            "obs_id": pa.array(range(start, start + count), pa.int64()),
            "region": [("EU", "US", "Paranal/VLT")[i % 3] for i in range(count)],
            "obs_time": [
                datetime.datetime(2024, 1, 1 + i % 4, 6) for i in range(count)
            ],
            "magnitude": [0.25 * i for i in range(count)],
        }
    )


@pytest.fixture
def lakehouse(tmp_path: Path) -> Path:
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    catalog = SqlCatalog(
        "lab", uri=f"sqlite:///{tmp_path}/catalog.db", warehouse=f"file://{warehouse}"
    )
    catalog.create_namespace("survey")
    table = catalog.create_table(
        "survey.observations", schema=SCHEMA, partition_spec=SPEC
    )
    table.append(observations(0, 60))
    by_day = catalog.create_table(
        "survey.by_day", schema=SCHEMA, partition_spec=DAY_SPEC
    )
    by_day.append(observations(0, 24))
    drifted = catalog.create_table("survey.drifted", schema=SCHEMA, partition_spec=SPEC)
    drifted.append(observations(0, 30))
    drifted.overwrite(observations(100, 12))
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps(
            {
                "catalog": {
                    "lab": {
                        "uri": f"sqlite:///{tmp_path}/catalog.db",
                        "warehouse": f"file://{warehouse}",
                        "s3.access-key-id": "AKIAEXAMPLEKEYID",
                        "s3.secret-access-key": S3_SECRET,
                    },
                    "remote": {
                        "uri": "http://127.0.0.1:9/catalog",
                        "credential": f"client-id:{REST_CREDENTIAL_SECRET}",
                        "token": REST_TOKEN,
                    },
                }
            }
        )
    )
    return tmp_path


def register_hostile_table(home: Path, name: str, metadata_location: str) -> None:
    """A catalog row an attacker could write: a table whose metadata lives outside the warehouse."""
    with sqlite3.connect(home / "catalog.db") as db:
        db.execute(
            "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location) VALUES (?, ?, ?, ?)",
            ("lab", "survey", name, metadata_location),
        )


def test_catalogs_list_and_an_unreachable_catalog_reports_inline(
    start_helper, lakehouse
):
    helper = start_helper(lakehouse)
    catalogs = {c["name"]: c for c in helper.get("catalogs").json()["catalogs"]}
    assert set(catalogs) == {"lab", "remote"}
    assert "error" not in catalogs["lab"]
    tables = helper.get("catalogs/lab/tables").json()
    assert [t["id"] for t in tables["tables"]] == [
        "lab.survey.by_day",
        "lab.survey.drifted",
        "lab.survey.observations",
    ]
    unreachable = helper.get("catalogs/remote/tables")
    assert unreachable.status_code == 502
    assert unreachable.json()["error"]["catalog"] == "remote"


def test_search_and_paging(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    found = helper.get("catalogs/lab/tables", params={"q": "OBSERV"}).json()
    assert [t["id"] for t in found["tables"]] == ["lab.survey.observations"]
    page = helper.get("catalogs/lab/tables", params={"offset": 1, "limit": 1}).json()
    assert page["total"] == 3 and [t["name"] for t in page["tables"]] == ["drifted"]
    assert (
        helper.get("catalogs/lab/tables", params={"limit": "lots"}).status_code == 400
    )


def test_details_match_pyiceberg(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    details = helper.get("tables/lab.survey.by_day").json()
    table = SqlCatalog("lab", uri=f"sqlite:///{lakehouse}/catalog.db").load_table(
        "survey.by_day"
    )
    files = table.inspect.files()
    assert details["currentSnapshotId"] == table.current_snapshot().snapshot_id
    assert details["fileCount"] == files.num_rows
    assert details["recordCount"] == sum(files["record_count"].to_pylist())
    assert details["hivePathExample"].startswith("region=")
    partitions = {p["path"] for p in details["partitions"]}
    assert "region=Paranal%2FVLT/obs_time_day=2024-01-02" in partitions
    assert [f["name"] for f in details["schema"]["fields"]] == [
        "obs_id",
        "region",
        "obs_time",
        "magnitude",
    ]


def test_preview_is_arrow_with_the_live_rows(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    response = helper.get("tables/lab.survey.drifted/preview", params={"limit": 500})
    assert response.headers["Content-Type"] == "application/vnd.apache.arrow.stream"
    assert response.headers["X-Dual-Layout-Deletes"] == "applied"
    rows = pa.ipc.open_stream(response.content).read_all()
    # Only the 12 rows of the overwrite are live; the 30 older rows are leftovers on disk.
    assert sorted(rows["obs_id"].to_pylist()) == list(range(100, 112))
    projected = helper.get(
        "tables/lab.survey.drifted/preview", params={"columns": "region", "limit": 3}
    )
    assert pa.ipc.open_stream(projected.content).read_all().column_names == ["region"]
    unknown = helper.get(
        "tables/lab.survey.drifted/preview", params={"columns": "nope"}
    )
    assert unknown.status_code == 400 and "nope" in unknown.json()["error"]["message"]


def test_check_reports_drift_with_the_stale_files(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    assert helper.get("tables/lab.survey.drifted/verdict").json() == {"verdict": None}
    progress = helper.wait_for_check("lab.survey.drifted")
    assert progress["state"] == "done"
    verdict = progress["verdict"]
    assert verdict["status"] == "drift"
    stale = [f["path"] for f in verdict["findings"] if f["kind"] == "stale-file"]
    assert stale and all("/survey/drifted/data/" in path for path in stale)
    assert helper.get("tables/lab.survey.drifted/verdict").json()["status"] == "drift"
    clean = helper.wait_for_check("lab.survey.observations")["verdict"]
    assert clean["status"] == "consistent", clean


def test_every_request_needs_the_token(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    for path in [
        "version",
        "catalogs",
        "catalogs/lab/tables",
        "tables/lab.survey.observations",
        "policy",
    ]:
        assert helper.get(path, token="").status_code == 401
        assert helper.get(path, token="wrong" * 6).status_code == 401


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("tables/..%2F..%2Fetc%2Fpasswd", 400),
        ("tables/lab.survey..%2Fobservations", 400),
        ("tables/lab.survey.observations%00", 400),
        ("tables/lab.survey.%2e%2e", 400),
        ("catalogs/..%2Flab/tables", 400),
        # The client resolves the dots: /api/etc/passwd is no endpoint.
        ("catalogs/lab/tables/../../etc/passwd", 404),
        ("tables/lab.survey.observations/preview?columns=../../etc/passwd", 400),
    ],
)
def test_traversal_attempts_are_refused(start_helper, lakehouse, path, status):
    helper = start_helper(lakehouse)
    response = helper.get(path)
    assert response.status_code == status, response.text
    assert "root:" not in response.text
    assert "error" in response.json()


def test_metadata_outside_the_warehouse_is_never_read(
    start_helper, lakehouse, tmp_path_factory
):
    outside = tmp_path_factory.mktemp("outside")
    stolen = outside / "v1.metadata.json"
    stolen.write_text('{"secret": "do-not-read-me"}')
    register_hostile_table(lakehouse, "escape", f"file://{stolen}")
    helper = start_helper(lakehouse)
    for path in ["tables/lab.survey.escape", "tables/lab.survey.escape/preview"]:
        response = helper.get(path)
        assert response.status_code == 502, response.text
        assert response.json()["error"]["table"] == "lab.survey.escape"
        assert "do-not-read-me" not in response.text
        assert "outside" in response.json()["error"]["message"]
    check = helper.post("tables/lab.survey.escape/check")
    assert check.status_code == 502 and "do-not-read-me" not in check.text
    # The other tables keep working.
    assert helper.get("tables/lab.survey.observations").status_code == 200


def test_no_response_ever_contains_a_secret(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    bodies = []
    paths = [
        "version",
        "catalogs",
        "catalogs/lab/namespaces",
        "catalogs/remote/namespaces",
        "catalogs/lab/tables",
        "catalogs/remote/tables",
        "catalogs/nope/tables",
        "tables/remote.ns.t",
        "tables/lab.survey.observations",
        "tables/lab.survey.missing",
        "tables/lab.survey.observations/preview",
        "policy",
    ]
    for path in paths:
        bodies.append(helper.get(path).content)
    bodies.append(json.dumps(helper.wait_for_check("lab.survey.observations")).encode())
    bodies.append(helper.post("tables/remote.ns.t/check").content)
    checked = 0
    for body in bodies:
        for secret in (S3_SECRET, REST_CREDENTIAL_SECRET, REST_TOKEN):
            assert secret.encode() not in body
            checked += 1
    assert checked == len(bodies) * 3


def test_200_concurrent_requests_while_a_writer_commits(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    catalog = SqlCatalog(
        "lab",
        uri=f"sqlite:///{lakehouse}/catalog.db",
        warehouse=f"file://{lakehouse}/warehouse",
    )
    table = catalog.load_table("survey.observations")
    stop = threading.Event()

    def write():
        start = 1000
        while not stop.is_set() and start < 1000 + 40 * 15:
            table.append(observations(start, 15))
            start += 15

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            responses = list(
                pool.map(
                    lambda _: helper.get("tables/lab.survey.observations"), range(200)
                )
            )
    finally:
        stop.set()
        writer.join()
    assert [r.status_code for r in responses] == [200] * 200
    snapshots = {
        s.snapshot_id: s for s in catalog.load_table("survey.observations").snapshots()
    }
    seen = set()
    for response in responses:
        details = response.json()
        snapshot = snapshots[details["currentSnapshotId"]]
        # Each answer describes one committed snapshot, whole: its file count is that snapshot's.
        assert details["fileCount"] == int(snapshot.summary["total-data-files"])
        seen.add(details["currentSnapshotId"])
    assert len(seen) > 1, "the writer committed while requests were served"


def test_snippets_are_served_and_bad_requests_explained(start_helper, lakehouse):
    helper = start_helper(lakehouse)
    dask = helper.get(
        "tables/lab.survey.observations/snippets", params={"engine": "dask"}
    ).json()
    assert "read_parquet" in dask["code"] and dask["variable"].isidentifier()
    spark = helper.get(
        "tables/lab.survey.observations/snippets", params={"engine": "spark"}
    ).json()
    assert 'spark.table("lab.survey.observations")' in spark["code"]
    assert S3_SECRET not in spark["code"] + dask["code"]
    join = helper.get(
        "tables/lab.survey.observations/snippets",
        params={"engine": "dask", "variant": "join", "other": "lab.survey.drifted"},
    )
    assert join.status_code == 200, join.text
    missing_other = helper.get(
        "tables/lab.survey.observations/snippets",
        params={"engine": "dask", "variant": "join"},
    )
    assert (
        missing_other.status_code == 400
        and "other" in missing_other.json()["error"]["message"]
    )
    bad_engine = helper.get(
        "tables/lab.survey.observations/snippets", params={"engine": "polars"}
    )
    assert (
        bad_engine.status_code == 400
        and "spark, dask" in bad_engine.json()["error"]["message"]
    )


@pytest.mark.parametrize(
    ("path", "params", "status", "named"),
    [
        # What the request names does not exist.
        ("catalogs/nope/tables", {}, 404, {"catalog": "nope"}),
        ("catalogs/lab/namespaces", {"parent": "nowhere"}, 404, {"catalog": "lab"}),
        ("tables/nocat.survey.observations", {}, 404, {}),
        (
            "tables/lab.survey.missing",
            {},
            404,
            {"catalog": "lab", "table": "survey.missing"},
        ),
        (
            "tables/lab.nowhere.observations/preview",
            {},
            404,
            {"catalog": "lab", "table": "nowhere.observations"},
        ),
        # The request's parameters are wrong.
        ("catalogs/lab/tables", {"limit": "0"}, 400, {}),
        ("tables/lab.survey.observations/preview", {"limit": "-1"}, 400, {}),
        ("tables/lab.survey.observations/preview", {"columns": "nope"}, 400, {}),
        ("tables/lab..observations", {}, 400, {}),
        ("tables/observations", {}, 400, {}),
        ("tables/lab.survey.observations/snippets", {"engine": "flink"}, 400, {}),
        # A catalog that cannot be reached is upstream's failure, named.
        ("catalogs/remote/tables", {}, 502, {"catalog": "remote"}),
        ("tables/remote.survey.observations", {}, 502, {"catalog": "remote"}),
    ],
)
def test_http_errors_say_what_happened(
    start_helper, lakehouse, path, params, status, named
):
    response = start_helper(lakehouse).get(path, params=params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert {key: error.get(key) for key in named} == named


def test_metadata_refused_by_confinement_is_an_upstream_error_naming_the_table(
    start_helper, lakehouse, tmp_path_factory
):
    stolen = tmp_path_factory.mktemp("outside") / "v1.metadata.json"
    stolen.write_text("{}")
    register_hostile_table(lakehouse, "escape", f"file://{stolen}")
    response = start_helper(lakehouse).get("tables/lab.survey.escape")
    assert response.status_code == 502, response.text
    error = response.json()["error"]
    assert (error["catalog"], error["table"]) == ("lab", "lab.survey.escape")


def test_a_catalog_that_does_not_answer_in_time_is_a_504_naming_it(
    start_helper, lakehouse
):
    # A loopback server that accepts connections and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    config = json.loads((lakehouse / ".pyiceberg.yaml").read_text())
    config["catalog"]["slow"] = {
        "uri": f"http://127.0.0.1:{silent.getsockname()[1]}",
        "dual-layout.timeout-ms": "300",
    }
    (lakehouse / ".pyiceberg.yaml").write_text(json.dumps(config))
    try:
        response = start_helper(lakehouse).get("tables/slow.survey.observations")
    finally:
        silent.close()
    assert response.status_code == 504, response.text
    error = response.json()["error"]
    assert error["catalog"] == "slow"
    assert "no answer within 0.3 s" in error["message"]


def test_a_table_id_without_its_catalog_works_with_a_single_catalog(
    start_helper, lakehouse
):
    config = json.loads((lakehouse / ".pyiceberg.yaml").read_text())
    del config["catalog"]["remote"]
    (lakehouse / ".pyiceberg.yaml").write_text(json.dumps(config))
    helper = start_helper(lakehouse)
    details = helper.get("tables/survey.observations")
    assert details.status_code == 200, details.text
    assert details.json()["id"] == "lab.survey.observations"
    # A longer name must still start with a catalog.
    assert helper.get("tables/nocat.survey.observations").status_code == 404


def test_the_cli_snippet_filters_on_a_real_partition_as_the_api_does(
    helper_cli, start_helper, lakehouse
):
    config = json.loads((lakehouse / ".pyiceberg.yaml").read_text())
    del config["catalog"]["remote"]
    (lakehouse / ".pyiceberg.yaml").write_text(json.dumps(config))
    api = start_helper(lakehouse).get(
        "tables/lab.survey.by_day/snippets", params={"engine": "dask"}
    )
    assert api.status_code == 200, api.text
    # `ns.table`: the only catalog's table.
    cli = helper_cli.run(
        "snippet",
        "--engine",
        "dask",
        "survey.by_day",
        env={"PYICEBERG_HOME": str(lakehouse)},
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == api.json()["code"]
    # The first data file's partition, not a value made up from the spec.
    [value] = re.findall(r'filters=\[\("region", "==", "([^"]*)"\)\]', cli.stdout)
    assert value in {"EU", "US", "Paranal/VLT"}
