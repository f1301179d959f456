"""The steps every catalog kind's test module runs for each of its writers, written once.

A catalog module (``test_catalog_postgres.py``, ``_hive.py``, ``_glue.py``) builds one
:class:`WriterLake` per writer, pyiceberg (``tests/snippets/tables.py``'s ``build_tables``) and
Spark (:func:`write_spark_tables`), each holding at least ``observations`` (identity ``region`` +
``days(obs_time)``), ``readings`` (``bucket(4, station_id)``) and ``overwritten`` (20 rows, then
overwritten by ids 100–109, so its first files stay in the Hive tree). Then, for each lake:

list → check (a consistent table and the overwrite's leftovers) → preview through the API → the
Spark snippet run unmodified in the shared session → the Dask read and the pinned reads in a
kernel, every row compared with pyiceberg's scan of the same table.

What differs per catalog (which tables ``list`` must show or skip, the catalog's Spark
configuration, its bad input and exact messages) stays in its module. ``test_snippets.py`` uses
the snippet helpers (:func:`snippet`, :func:`run_in_spark_session`, :func:`spark_result`).
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.lakes import _sql_literal
from tests.snippets.run import kernel_env, run_kernel

#: The ids ``overwritten`` holds after its overwrite, whichever writer made it.
OVERWRITTEN_IDS = list(range(100, 110))
#: Rows of ``overwritten`` in its Hive tree: the 20 replaced ones are still there.
OVERWRITTEN_HIVE_ROWS = 30


class CatalogHome(Protocol):
    """Where a notebook's catalogs are configured: a ``.pyiceberg.yaml`` home and variables."""

    @property
    def home(self) -> Path: ...

    @property
    def env(self) -> dict[str, str]: ...


class CatalogLake(CatalogHome, Protocol):
    """A catalog as a notebook sees it: its home and its tables' names."""

    def table(self, name: str) -> str: ...

    def load(self, name: str) -> Any: ...

    def iceberg_rows(self, name: str) -> pa.Table: ...


@dataclass(frozen=True)
class WriterLake:
    """One writer's tables in a catalog: ``catalog.namespace.<prefix><name>`` to a notebook."""

    writer: str
    catalog: str
    home: Path
    #: pyiceberg's catalog for these tables: the ground truth.
    pyiceberg: Any = field(repr=False)
    namespace: str = "sci"
    prefix: str = ""
    #: Variables the CLI and the kernel need besides PYICEBERG_HOME.
    env: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> str:
        return f"{self.catalog}.{self.namespace}.{self.prefix}{name}"

    def load(self, name: str):
        return self.pyiceberg.load_table(f"{self.namespace}.{self.prefix}{name}")

    def iceberg_rows(self, name: str) -> pa.Table:
        return self.load(name).scan().to_arrow()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_path(location: str) -> str:
    """A local file's path from pyiceberg's ``file:///p`` or Java's ``file:/p``."""
    return location.removeprefix("file://").removeprefix("file:")


def sql_values(rows: pa.Table) -> str:
    """``rows`` as the tuples of a Spark SQL ``VALUES`` clause."""
    return ", ".join(
        "(" + ", ".join(_sql_literal(v) for v in row.values()) + ")"
        for row in rows.to_pylist()
    )


def write_spark_tables(spark, prefix: str) -> None:
    """Spark's own ``observations``, ``readings`` and ``overwritten`` under ``prefix``
    (``catalog.namespace.`` plus any name prefix); the namespace exists. One INSERT per
    snapshot: ``overwritten`` gets two, the second an ``INSERT OVERWRITE``."""
    from tests.snippets.tables import observations, readings

    columns = "obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, obs_date DATE, value DOUBLE"
    spark.sql(
        f"CREATE TABLE {prefix}observations ({columns}) USING iceberg "
        "PARTITIONED BY (region, days(obs_time))"
    )
    spark.sql(
        f"INSERT INTO {prefix}observations VALUES {sql_values(observations(range(30)))}"
    )
    spark.sql(
        f"CREATE TABLE {prefix}readings (station_id BIGINT, obs_time TIMESTAMP_NTZ, value DOUBLE) "
        "USING iceberg PARTITIONED BY (bucket(4, station_id))"
    )
    spark.sql(f"INSERT INTO {prefix}readings VALUES {sql_values(readings(60))}")
    spark.sql(
        f"CREATE TABLE {prefix}overwritten ({columns}) USING iceberg PARTITIONED BY (region)"
    )
    spark.sql(
        f"INSERT INTO {prefix}overwritten VALUES {sql_values(observations(range(20)))}"
    )
    spark.sql(
        f"INSERT OVERWRITE {prefix}overwritten VALUES {sql_values(observations(OVERWRITTEN_IDS))}"
    )


# ---------------------------------------------------------------- running the helper


def run_cli(
    helper_cli,
    lake: CatalogHome,
    *args: str,
    settings: dict | None = None,
    env: dict[str, str] | None = None,
):
    """``dual-layout ARGS`` with the lake's home (and admin ``settings``, if any)."""
    variables = {"PYICEBERG_HOME": str(lake.home), **lake.env, **(env or {})}
    if settings is not None:
        variables["DUAL_LAYOUT_SETTINGS"] = json.dumps(settings)
    return helper_cli.run(*args, env=variables)


def snippet(
    helper_cli, lake: CatalogHome, *args: str, settings: dict | None = None
) -> dict:
    """``dual-layout snippet --format json ARGS``, which must succeed."""
    result = run_cli(
        helper_cli, lake, "snippet", "--format", "json", *args, settings=settings
    )
    assert result.returncode == 0, result.stderr
    return result.json()


def listed(result) -> set[str]:
    return {entry["table"] for entry in result.json()["tables"]}


def writes_notebook(path: Path, folder: str | Path) -> Path:
    """A notebook with one cell that writes a Parquet file into ``folder/data``."""
    cell = f"import pandas as pd\npd.DataFrame({{'x': [1]}}).to_parquet('{folder}/data/extra.parquet')"
    path.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "source": cell,
                        "outputs": [],
                        "execution_count": None,
                    }
                ],
            }
        )
    )
    return path


def run_in_spark_session(spark, monkeypatch, lake: CatalogHome, code: str) -> dict:
    """Execute a Spark snippet in this process, where the session's SparkSession is active."""
    monkeypatch.setenv("PYICEBERG_HOME", str(lake.home))
    namespace: dict = {"__name__": "__main__"}
    exec(compile(code, "<spark snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    assert namespace["spark"]._jsparkSession.equals(spark._jsparkSession), (
        "the snippet built a second SparkSession"
    )
    return namespace


def spark_result(frame) -> dict:
    return {
        "rows": [tuple(row) for row in frame.collect()],
        "schema": [(f.name, f.dataType.simpleString()) for f in frame.schema.fields],
    }


# ---------------------------------------------------------------- the matrix's steps


def assert_check_finds_the_consistent_table_and_the_overwrite_leftovers(
    helper_cli, lake: CatalogLake
) -> None:
    result = run_cli(
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


def assert_preview_returns_the_live_rows(helper, lake: CatalogLake) -> None:
    """``helper``: a running ``dual-layout serve`` on the lake's home."""
    response = helper.get(
        f"tables/{lake.table('overwritten')}/preview", params={"limit": 500}
    )
    assert response.status_code == 200, response.text
    rows = pa.ipc.open_stream(response.content).read_all()
    expected = lake.iceberg_rows("overwritten")
    assert (
        sorted(rows["obs_id"].to_pylist())
        == sorted(expected["obs_id"].to_pylist())
        == OVERWRITTEN_IDS
    )


def spark_snippet_reads_the_iceberg_rows(
    helper_cli, spark, lake: CatalogLake, monkeypatch
) -> tuple[dict, dict]:
    """Generate the observations' Spark snippet, run it unmodified, compare its rows with
    pyiceberg's; returns the generated snippet and the namespace it ran in."""
    generated = snippet(
        helper_cli, lake, "--engine", "spark", lake.table("observations")
    )
    namespace = run_in_spark_session(spark, monkeypatch, lake, generated["code"])
    assert_spark_matches(
        spark_result(namespace[generated["variable"]]),
        lake.iceberg_rows("observations"),
    )
    return generated, namespace


def dask_reads_return_the_iceberg_rows(
    helper_cli, lake: CatalogLake, tmp_path: Path, extra_columns: frozenset[str]
) -> list[dict]:
    """In one kernel: the Dask read and the pinned read of ``observations`` and the Hive read
    and the pinned read of ``overwritten``. The read may add the ``extra_columns`` the
    transforms' Hive directories carry. Returns the generated snippets."""
    observations, overwritten = lake.table("observations"), lake.table("overwritten")
    read = snippet(helper_cli, lake, "--engine", "dask", observations)
    pinned = snippet(
        helper_cli, lake, "--engine", "dask", "--variant", "pinned", observations
    )
    hive = snippet(helper_cli, lake, "--engine", "dask", overwritten)
    drifted = snippet(
        helper_cli, lake, "--engine", "dask", "--variant", "pinned", overwritten
    )
    snippets = {"read": read, "pinned": pinned, "hive": hive, "drifted": drifted}
    cells = [
        {"code": generated["code"], "collect": {key: generated["variable"]}}
        for key, generated in snippets.items()
    ]
    results = run_kernel(tmp_path, kernel_env(lake.home, lake.env), cells)
    expected = lake.iceberg_rows("observations")
    assert_frame_matches(
        results["read"]["frame"], expected, extra_columns=extra_columns
    )
    assert_frame_matches(results["pinned"]["frame"], expected)
    assert len(results["hive"]["frame"]) == OVERWRITTEN_HIVE_ROWS, (
        "the overwrite must leave its replaced files in the Hive tree"
    )
    assert_frame_matches(results["drifted"]["frame"], lake.iceberg_rows("overwritten"))
    return list(snippets.values())
