"""The snippets' cluster variants, executed against real servers the tests start on 127.0.0.1.

- Spark through Spark Connect (``sparkProfile.remote``): a Connect server started from pyspark's
  ``spark-submit`` with the ``spark-connect`` jar (``tests/fixtures/spark_connect.py``). The server
  knows no catalog; the snippet adds the table's to its Connect session, then reads and joins.
- Dask through Dask Gateway (``daskProfile.gateway``): ``dask-gateway-server`` with its local
  backend; the snippet starts a cluster there (or joins a named one) and reads on it.
- Dask through a plain scheduler address (``daskProfile.scheduler``).

Each snippet runs unmodified in a kernel-like process (``tests/snippets/kernel.py``) and its rows
are compared with pyiceberg's scan of the same table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.snippets.compare import (
    assert_frame_matches,
    assert_spark_matches,
    rows_of_frame,
)
from tests.snippets.lakes import SnippetLake, pyiceberg_lake
from tests.snippets.run import kernel_env, run_kernel
from tests.snippets.tables import build_tables

# Hive columns the transforms add to the Dask read (the verifier's `extra-column`).
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day"})


@pytest.fixture(scope="module")
def cluster_lake(tmp_path_factory) -> SnippetLake:
    """The snippet tables in a SQL catalog (SQLite) on local files, which every server here reads."""
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("cluster-snippets")
    (root / "warehouse").mkdir()
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("clu", **properties)
    build_tables(catalog)
    return pyiceberg_lake("sql-local", catalog, properties, root / "home")


def snippet(helper_cli, lake: SnippetLake, settings: dict, *args: str) -> dict:
    result = helper_cli.run(
        "snippet",
        "--format",
        "json",
        *args,
        env={
            "PYICEBERG_HOME": str(lake.home),
            "DUAL_LAYOUT_SETTINGS": json.dumps(settings),
        },
    )
    assert result.returncode == 0, result.stderr
    return result.json()


def run_cells(
    tmp_path: Path, lake: SnippetLake, cells: list[dict], env: dict | None = None
):
    return run_kernel(tmp_path, kernel_env(lake.home, env), cells)


def dask_snippets(helper_cli, lake: SnippetLake, profile: dict) -> tuple[dict, dict]:
    """The read and pinned Dask snippets of ``observations`` for a ``daskProfile``."""
    settings = {"daskProfile": profile}
    table = lake.table("observations")
    read = snippet(helper_cli, lake, settings, "--engine", "dask", table)
    pinned = snippet(
        helper_cli, lake, settings, "--engine", "dask", "--variant", "pinned", table
    )
    return read, pinned


def assert_dask_results(results: dict, lake: SnippetLake) -> None:
    expected = lake.iceberg_rows("observations")
    assert_frame_matches(
        results["read"]["frame"], expected, extra_columns=HIVE_EXTRA_COLUMNS
    )
    assert_frame_matches(results["pinned"]["frame"], expected)
    files = len(lake.load("observations").inspect.files())
    assert results["pinned"]["npartitions"] == files


# ---------------------------------------------------------------- Spark Connect


def test_spark_read_and_join_run_through_spark_connect(
    helper_cli, spark_connect_server, cluster_lake, tmp_path
):
    lake = cluster_lake
    settings = {"sparkProfile": {"remote": spark_connect_server.remote}}
    read = snippet(
        helper_cli, lake, settings, "--engine", "spark", lake.table("observations")
    )
    joined = snippet(
        helper_cli,
        lake,
        settings,
        "--engine",
        "spark",
        "--variant",
        "join",
        lake.table("readings"),
        lake.table("stations"),
    )
    for code in (read["code"], joined["code"]):
        assert f'.remote("{spark_connect_server.remote}")' in code
        # Static settings a Connect client cannot send: the server has them.
        assert "spark.jars" not in code and "spark.sql.extensions" not in code
    cells = [
        {
            "code": read["code"],
            "collect": {"read": read["variable"], "session": "session_type"},
        },
        {"code": joined["code"], "collect": {"join": joined["variable"]}},
        {
            "code": f"plan = {joined['variable']}._explain_string(mode='simple')",
            "collect": {"plan": "plan"},
        },
    ]
    # The type of the session the snippet bound, read before the join cell reuses it.
    cells[0]["code"] += "\nsession_type = type(spark).__module__\n"
    results = run_cells(tmp_path, lake, cells)
    assert results["session"]["value"] == "pyspark.sql.connect.session"
    assert_spark_matches(results["read"], lake.iceberg_rows("observations"))
    expected = (
        lake.iceberg_rows("readings")
        .to_pandas()
        .merge(lake.iceberg_rows("stations").to_pandas(), on="station_id")
    )
    join = results["join"]
    columns = [name for name, _ in join["schema"]]
    assert rows_of_frame(
        pd.DataFrame(join["rows"], columns=columns), columns
    ) == rows_of_frame(expected, columns)
    assert len(join["rows"]) == 275
    # Storage-partitioned join through Connect too: the session settings reached the server.
    assert "BatchScan" in results["plan"]["value"]
    assert "Exchange" not in results["plan"]["value"], results["plan"]["value"]


# ---------------------------------------------------------------- Dask Gateway


def test_dask_reads_start_a_gateway_cluster(
    helper_cli, dask_gateway_server, cluster_lake, tmp_path
):
    lake = cluster_lake
    read, pinned = dask_snippets(
        helper_cli, lake, {"gateway": {"address": dask_gateway_server.address}}
    )
    assert f'Gateway("{dask_gateway_server.address}")' in read["code"]
    assert "cluster.adapt()" in read["code"]
    assert dask_gateway_server.password not in read["code"] + pinned["code"]
    cells = [
        {"code": read["code"], "collect": {"read": read["variable"]}},
        {
            "code": pinned["code"] + "\nscheduler = client.scheduler.address\n",
            "collect": {"pinned": pinned["variable"], "scheduler": "scheduler"},
        },
    ]
    results = run_cells(tmp_path, lake, cells, dask_gateway_server.kernel_env)
    # The gateway's proxy serves the cluster's scheduler; the second snippet reused the client.
    assert results["scheduler"]["value"].startswith("gateway://127.0.0.1:")
    assert_dask_results(results, lake)


# dask-gateway's Gateway.__del__ closes again after close() and trips over distributed's stopped loop.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_reads_join_a_named_gateway_cluster(
    helper_cli, dask_gateway_server, cluster_lake, tmp_path
):
    lake = cluster_lake
    gateway = dask_gateway_server.gateway()
    cluster = gateway.new_cluster()
    try:
        cluster.scale(1)
        read, pinned = dask_snippets(
            helper_cli,
            lake,
            {
                "gateway": {
                    "address": dask_gateway_server.address,
                    "cluster": cluster.name,
                }
            },
        )
        assert f'gateway.connect("{cluster.name}")' in read["code"]
        # Someone else's cluster keeps its scaling.
        assert "adapt" not in read["code"]
        cells = [
            {
                "code": read["code"] + "\njoined = cluster.name\n",
                "collect": {"read": read["variable"], "joined": "joined"},
            },
            {"code": pinned["code"], "collect": {"pinned": pinned["variable"]}},
        ]
        results = run_cells(tmp_path, lake, cells, dask_gateway_server.kernel_env)
        assert results["joined"]["value"] == cluster.name
        assert_dask_results(results, lake)
        # The kernel left; the cluster it joined is still there for its owner.
        assert cluster.name in [report.name for report in gateway.list_clusters()]
    finally:
        cluster.shutdown()
        gateway.close()


# ---------------------------------------------------------------- plain scheduler


def test_dask_reads_run_on_a_scheduler_address(
    helper_cli, dask_scheduler_address, cluster_lake, tmp_path
):
    lake = cluster_lake
    read, pinned = dask_snippets(
        helper_cli, lake, {"scheduler": dask_scheduler_address}
    )
    assert f'Client("{dask_scheduler_address}")' in read["code"]
    cells = [
        {
            "code": read["code"] + "\nscheduler = client.scheduler.address\n",
            "collect": {"read": read["variable"], "scheduler": "scheduler"},
        },
        {"code": pinned["code"], "collect": {"pinned": pinned["variable"]}},
    ]
    results = run_cells(tmp_path, lake, cells)
    assert results["scheduler"]["value"] == dask_scheduler_address
    assert_dask_results(results, lake)
