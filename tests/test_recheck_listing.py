"""Re-checks through one helper server, whose local listings re-read only changed directories,
give the verdict a fresh `dual-layout check` process gives after every kind of change."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import EqualTo
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import DoubleType, LongType, NestedField, StringType

SCHEMA = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "magnitude", DoubleType(), required=False),
)
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
TABLE = "lab.survey.observations"
# Above the listings' racy margin (2 s): directories written before it can be reused.
SETTLE_SECONDS = 2.5


def rows(start: int, regions: tuple[str, ...]) -> pa.Table:
    count = 3 * len(regions)
    return pa.table(
        {
            "obs_id": pa.array(range(start, start + count), pa.int64()),
            "region": [regions[i % len(regions)] for i in range(count)],
            "magnitude": [0.5 * i for i in range(count)],
        }
    )


@pytest.fixture
def lakehouse(tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    properties = {
        "uri": f"sqlite:///{tmp_path}/catalog.db",
        "warehouse": f"file://{warehouse}",
    }
    catalog = SqlCatalog("lab", **properties)
    catalog.create_namespace("survey")
    table = catalog.create_table(
        "survey.observations", schema=SCHEMA, partition_spec=SPEC
    )
    table.append(rows(0, ("EU", "US")))
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps({"catalog": {"lab": properties}})
    )
    return tmp_path, catalog, warehouse / "survey" / "observations" / "data"


def comparable(verdict: dict) -> dict:
    return {key: verdict[key] for key in ("status", "snapshot", "layout", "findings")}


def test_every_recheck_equals_a_fresh_check(start_helper, helper_cli, lakehouse):
    home, catalog, data = lakehouse
    helper = start_helper(home)

    def recheck_equals_fresh() -> dict:
        time.sleep(
            SETTLE_SECONDS
        )  # what did not change since is reused by the server's next listing
        served = helper.wait_for_check(TABLE)
        assert served["state"] == "done", served
        fresh = helper_cli.run(
            "check",
            "--format",
            "json",
            TABLE,
            env={"PYICEBERG_HOME": str(home)},
            cwd=home,
        )
        assert fresh.returncode in (0, 1), fresh.stderr
        [expected] = fresh.json()["tables"]
        assert comparable(served["verdict"]) == comparable(expected)
        return served["verdict"]

    assert recheck_equals_fresh()["status"] == "consistent"
    assert (
        recheck_equals_fresh()["status"] == "consistent"
    )  # this one reuses every directory

    # A stray copy dropped into a partition without any commit: only the tree says it is there.
    live = min((data / "region=EU").glob("*.parquet"))
    stray = data / "region=EU" / "00000-stray.parquet"
    shutil.copyfile(live, stray)
    verdict = recheck_equals_fresh()
    assert [f["path"] for f in verdict["findings"] if f["kind"] == "stale-file"] == [
        str(stray)
    ]
    stray.unlink()

    # An append landing in a new partition directory, and one in an existing partition.
    table = catalog.load_table("survey.observations")
    table.append(rows(100, ("Asia",)))
    table.append(rows(200, ("US",)))
    assert recheck_equals_fresh()["status"] == "consistent"

    # A stray file whose name sorts first in Dask's listing.
    first = data / "region=Asia" / "0-first.parquet"
    shutil.copyfile(live, first)
    assert recheck_equals_fresh()["status"] == "drift"
    first.unlink()

    # A live file removed without any commit.
    removed = min((data / "region=US").glob("*.parquet"))
    kept = removed.read_bytes()
    removed.unlink()
    assert recheck_equals_fresh()["status"] != "consistent"
    removed.write_bytes(kept)
    assert recheck_equals_fresh()["status"] == "consistent"

    # A delete commit and an overwrite: files leave the snapshot but stay in the tree.
    table.delete(EqualTo("region", "Asia"))
    table.overwrite(rows(300, ("EU", "US")))
    assert recheck_equals_fresh()["status"] == "drift"

    # A _metadata summary appearing at the root replaces Dask's listing.
    summary = data / "_metadata"
    summary.write_bytes(b"")
    verdict = recheck_equals_fresh()
    assert verdict["findings"][0]["cause"] == "dask-metadata-summary"
    summary.unlink()

    # A stray file under a new hive key: every directory's Dask decoding changes.
    odd = data / "region=EU" / "night=1" / "00000-odd.parquet"
    odd.parent.mkdir()
    shutil.copyfile(live, odd)
    assert recheck_equals_fresh()["status"] == "drift"
    shutil.rmtree(odd.parent)

    # Appends with manifest merging on: one commit rewrites every manifest into one.
    with table.transaction() as tx:
        tx.set_properties(
            {
                "commit.manifest-merge.enabled": "true",
                "commit.manifest.min-count-to-merge": "2",
            }
        )
    table = catalog.load_table("survey.observations")
    table.append(rows(400, ("US",)))
    table = catalog.load_table("survey.observations")
    assert len(table.current_snapshot().manifests(table.io)) == 1
    recheck_equals_fresh()

    # A schema change, then a partition spec change with an append under the new spec.
    with table.update_schema() as update:
        update.add_column("flag", StringType())
    recheck_equals_fresh()
    table = catalog.load_table("survey.observations")
    with table.update_spec() as update:
        update.add_identity("obs_id")
    table = catalog.load_table("survey.observations")
    batch = rows(500, ("EU",)).append_column("flag", pa.array(["x"] * 3))
    table.append(batch)
    verdict = recheck_equals_fresh()
    assert verdict["layout"]["kind"] == "hive-mixed"
