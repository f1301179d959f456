"""Published verdicts: `dual-layout check --publish` fills a verdict store that two real Jupyter
servers (`c.DualLayout.verdict_store`) answer from instead of checking, until the table changes."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType

PUBLISHER = "cron@platform"
SCHEMA = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
)
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))


def rows(start: int, count: int) -> pa.Table:
    return pa.table(
        {
            "obs_id": pa.array(range(start, start + count), pa.int64()),
            "region": [("EU", "US")[i % 2] for i in range(count)],
        }
    )


def entry_path(store: Path, metadata_location: str) -> Path:
    """The store's file for a metadata location: the SHA-256 of its normalised spelling."""
    normalised = metadata_location.removeprefix("file://")
    return store / f"{hashlib.sha256(normalised.encode()).hexdigest()}.json"


@pytest.fixture
def lakehouse(tmp_path: Path) -> dict:
    """SQL catalog `lab` with `survey.obs` and `survey.second`, region-partitioned, one append each."""
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    uri = f"sqlite:///{tmp_path}/catalog.db"
    catalog = SqlCatalog("lab", uri=uri, warehouse=f"file://{warehouse}")
    catalog.create_namespace("survey")
    for name in ("obs", "second"):
        catalog.create_table(
            f"survey.{name}", schema=SCHEMA, partition_spec=SPEC
        ).append(rows(0, 20))
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps(
            {"catalog": {"lab": {"uri": uri, "warehouse": f"file://{warehouse}"}}}
        )
    )
    return {
        "home": tmp_path,
        "catalog": catalog,
        "warehouse": warehouse,
        "store": tmp_path / "verdicts",
        "env": {"PYICEBERG_HOME": str(tmp_path), "HOME": str(tmp_path)},
    }


def metadata_location(lakehouse: dict, name: str) -> str:
    return lakehouse["catalog"].load_table(f"survey.{name}").metadata_location


def wait_for_check(server, table: str) -> dict:
    started = server.api(f"tables/{table}/check", "POST")
    assert started.status_code == 202, started.text
    progress = started.json()
    deadline = time.time() + 60
    while progress["state"] == "running" and time.time() < deadline:
        time.sleep(0.2)
        progress = server.api(f"checks/{progress['checkId']}").json()
    assert progress["state"] == "done", progress
    return progress["verdict"]


def test_two_servers_answer_with_the_published_verdict_until_the_table_changes(
    helper_cli, start_jupyter, lakehouse
):
    store = lakehouse["store"]
    published = helper_cli.run(
        "check",
        "--publish",
        str(store),
        "--published-by",
        PUBLISHER,
        "--format",
        "json",
        env=lakehouse["env"],
    )
    assert published.returncode == 0, published.stderr
    assert (
        published.stderr
        == f"dual-layout check: published 2 verdicts to {store} as {PUBLISHER}\n"
    )
    checked = {v["table"]: v for v in published.json()["tables"]}
    obs_metadata = metadata_location(lakehouse, "obs")
    entry = json.loads(entry_path(store, obs_metadata).read_text())
    # The verdict exactly as `check --format json` gave it, plus who, when and which helper.
    produced = {k: entry.pop(k) for k in ("producedAt", "producedBy", "helperVersion")}
    assert entry == checked["lab.survey.obs"]
    assert entry["metadataLocation"] == obs_metadata
    assert entry["status"] == "consistent"
    assert produced["producedBy"] == PUBLISHER
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", produced["producedAt"]
    )
    assert sorted(p.name for p in store.iterdir()) == sorted(
        entry_path(store, metadata_location(lakehouse, n)).name
        for n in ("obs", "second")
    )

    # Corrupt the second table's entry before any server reads it: it must be ignored, with a warning.
    second_entry = entry_path(store, metadata_location(lakehouse, "second"))
    second_entry.write_text('{"table": "lab.survey.second", "status": "consis')

    store_setting = [f"--DualLayout.verdict_store={store}"]
    server_a = start_jupyter(env=lakehouse["env"], extra_args=store_setting)
    server_b = start_jupyter(env=lakehouse["env"], extra_args=store_setting)

    # The real observable that nothing was listed: the data files are gone from where a check
    # would look, so any check of our own would report every live file missing.
    data = lakehouse["warehouse"] / "survey" / "obs" / "data"
    hidden = data.with_name("data-hidden")
    data.rename(hidden)
    try:
        # The observable bites: a check of our own now sees a different tree.
        assert (
            helper_cli.run("check", "lab.survey.obs", env=lakehouse["env"]).returncode
            == 1
        )
        for server in (server_a, server_b):
            verdict = server.api("tables/lab.survey.obs/verdict").json()
            assert verdict["published"] == {
                "producedAt": produced["producedAt"],
                "producedBy": PUBLISHER,
            }
            assert verdict["status"] == "consistent"
            assert verdict["findings"] == []
            assert verdict["metadataLocation"] == obs_metadata
        # Asking to check a table whose published verdict matches answers with that verdict.
        assert (
            wait_for_check(server_a, "lab.survey.obs")["published"]["producedBy"]
            == PUBLISHER
        )
        second_own = wait_for_check(server_b, "lab.survey.second")
    finally:
        hidden.rename(data)

    # The corrupt entry was not used: no verdict until checked, then the server's own one.
    assert "published" not in second_own
    assert second_own["status"] == "consistent"
    log_b = server_b.log_path.read_text()
    assert (
        f"dual-layout: verdict store: ignoring published verdict {second_entry} is not valid JSON"
        in log_b
    )
    assert server_a.api("tables/lab.survey.second/verdict").json() == {"verdict": None}

    # A commit makes a new metadata file: the stale published verdict is never used again.
    lakehouse["catalog"].load_table("survey.obs").append(rows(100, 4))
    new_metadata = metadata_location(lakehouse, "obs")
    assert new_metadata != obs_metadata
    for server in (server_a, server_b):
        assert server.api("tables/lab.survey.obs/verdict").json() == {"verdict": None}
    own = wait_for_check(server_a, "lab.survey.obs")
    assert "published" not in own
    assert own["metadataLocation"] == new_metadata
    assert own["status"] == "consistent"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--publish", "{warehouse}/verdicts"],
            (
                "dual-layout check: --publish: refusing to publish verdicts to {warehouse}/verdicts: "
                "it lies inside the warehouse of catalog lab ({warehouse}); the verdict store must be "
                "outside table storage (see dual-layout check --help)\n"
            ),
        ),
        (
            ["--publish", "gs://bucket/verdicts"],
            (
                "dual-layout check: --publish: verdict store gs://bucket/verdicts: only a local folder "
                "or an s3://bucket/prefix can hold verdicts (see dual-layout check --help)\n"
            ),
        ),
        (
            ["--publish", "{home}/verdicts", "--snapshot", "1", "lab.survey.obs"],
            (
                "dual-layout check: --publish records the verdict of each table’s current snapshot; "
                "it cannot be combined with --snapshot (see dual-layout check --help)\n"
            ),
        ),
        (
            ["--published-by", "me", "lab.survey.obs"],
            "dual-layout check: --published-by needs --publish LOCATION (see dual-layout check --help)\n",
        ),
    ],
)
def test_publish_refuses_bad_locations_and_writes_nothing(
    helper_cli, lakehouse, args, message
):
    places = {"warehouse": str(lakehouse["warehouse"]), "home": str(lakehouse["home"])}
    result = helper_cli.run(
        "check", *[a.format(**places) for a in args], env=lakehouse["env"]
    )
    assert result.returncode == 2
    assert result.stderr == message.format(**places)
    assert result.stdout == ""
    assert not (lakehouse["warehouse"] / "verdicts").exists()
    assert not (lakehouse["home"] / "verdicts").exists()


def test_publish_refuses_a_store_inside_a_checked_table_before_any_output(
    helper_cli, lakehouse, tmp_path
):
    """Without a warehouse in the configuration, the tables' own locations still bound the store."""
    home = tmp_path / "no-warehouse"
    home.mkdir()
    (home / ".pyiceberg.yaml").write_text(
        json.dumps(
            {"catalog": {"lab": {"uri": f"sqlite:///{lakehouse['home']}/catalog.db"}}}
        )
    )
    table = lakehouse["catalog"].load_table("survey.obs").metadata.location
    inside = f"{table.removeprefix('file://')}/data/verdicts"
    result = helper_cli.run(
        "check",
        "--publish",
        inside,
        "--format",
        "json",
        "lab.survey.obs",
        env={"PYICEBERG_HOME": str(home), "HOME": str(home)},
    )
    assert result.returncode == 2
    message = (
        f"--publish: refusing to publish verdicts to {inside}: it lies inside the location of "
        f"table lab.survey.obs ({table.removeprefix('file://')}); the verdict store must be outside "
        "table storage"
    )
    assert result.json() == {"error": {"message": message}}
    assert result.stdout.count("\n") == 1
    assert (
        result.stderr
        == f"dual-layout check: {message} (see dual-layout check --help)\n"
    )
    assert not Path(inside).exists()
