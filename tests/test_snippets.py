"""Every snippet `dual-layout snippet` generates, executed for real and checked against pyiceberg.

Dask snippets run in a kernel-like subprocess (cells executed as ``__main__`` code, see
``tests/snippets/kernel.py``) connected, as the admin's ``daskProfile.scheduler`` says, to a real
``distributed.LocalCluster`` with two worker processes. Spark snippets run in this process, where
the session's one SparkSession already exists: the snippet must reuse it (and add the catalog it
lacks), which is itself what a scientist with a running session gets.

Matrix: {Dask read, Dask pinned, Spark read} × {SQL on local files, SQL on S3, REST, Hadoop},
the joins on the SQL catalog (local and S3), and the error cases of the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.catalog_matrix import (
    run_cli,
    run_in_spark_session,
    snippet,
    spark_result,
)
from tests.snippets.compare import (
    assert_frame_matches,
    assert_spark_matches,
    rows_of_frame,
)
from tests.snippets.lakes import SnippetLake, pyiceberg_lake, spark_hadoop_lake
from tests.snippets.run import kernel_env
from tests.snippets.run import run_kernel as run_cells
from tests.snippets.tables import build_tables

SHUFFLE_LAYERS = ("shuffle", "hash-join", "hashjoin", "p2p", "merge", "repartition")
# Hive columns the transforms add to the Dask read (the verifier's `extra-column`).
HIVE_EXTRA_COLUMNS = frozenset({"obs_time_day", "station_id_bucket"})


# ---------------------------------------------------------------- lakes (one per catalog kind)


@pytest.fixture(scope="session")
def sql_local_lake(tmp_path_factory) -> SnippetLake:
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("snippets-sql-local")
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    (root / "warehouse").mkdir()
    catalog = SqlCatalog("snip", **properties)
    build_tables(catalog)
    return pyiceberg_lake("sql-local", catalog, properties, root / "home")


@pytest.fixture(scope="session")
def sql_s3_lake(tmp_path_factory, s3_server) -> SnippetLake:
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("snippets-sql-s3")
    # The S3 keys live in .pyiceberg.yaml only: snippets must reference them from there.
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": s3_server.uri("snippets"),
        **s3_server.properties,
    }
    catalog = SqlCatalog("snips3", **properties)
    build_tables(catalog)
    return pyiceberg_lake("sql-s3", catalog, properties, root / "home")


@pytest.fixture(scope="module")
def rest_lake(tmp_path_factory, rest_catalog_server) -> SnippetLake:
    from pyiceberg.catalog.rest import RestCatalog

    root = tmp_path_factory.mktemp("snippets-rest")
    properties = {"type": "rest", "uri": rest_catalog_server.uri}
    catalog = RestCatalog("snrest", **properties)
    build_tables(catalog)
    return pyiceberg_lake("rest", catalog, properties, root / "home")


@pytest.fixture(scope="session")
def hadoop_lake(tmp_path_factory, spark, spark_lakehouse) -> SnippetLake:
    return spark_hadoop_lake(
        spark, spark_lakehouse, tmp_path_factory.mktemp("snippets-hadoop")
    )


LAKES = ["sql_local_lake", "sql_s3_lake", "rest_lake", "hadoop_lake"]


@pytest.fixture(
    params=LAKES, ids=lambda name: name.removesuffix("_lake").replace("_", "-")
)
def lake(request) -> SnippetLake:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- running snippets


@pytest.fixture(scope="session")
def dask_scheduler():
    """A real two-process Dask cluster; the admin's daskProfile points snippets at it."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def run_kernel(tmp_path: Path, lake: SnippetLake, cells: list[dict]) -> dict:
    return run_cells(tmp_path, kernel_env(lake.home, lake.env), cells)


@pytest.fixture(scope="module")
def dask_reads(helper_cli, dask_scheduler, tmp_path_factory):
    """``lake → {"read": …, "pinned": …}``: both observations snippets run in one kernel per lake."""
    runs: dict[str, dict] = {}

    def run(lake: SnippetLake) -> dict:
        if lake.kind not in runs:
            settings = {"daskProfile": {"scheduler": dask_scheduler}}
            table = lake.table("observations")
            read = snippet(
                helper_cli, lake, "--engine", "dask", table, settings=settings
            )
            pinned = snippet(
                helper_cli,
                lake,
                "--engine",
                "dask",
                "--variant",
                "pinned",
                table,
                settings=settings,
            )
            assert read["variable"] == pinned["variable"] == "observations"
            assert f'Client("{dask_scheduler}")' in read["code"]
            cells = [
                {"code": read["code"], "collect": {"read": "observations"}},
                {"code": pinned["code"], "collect": {"pinned": "observations"}},
            ]
            runs[lake.kind] = {
                "code": read["code"],
                **run_kernel(tmp_path_factory.mktemp(lake.kind), lake, cells),
            }
        return runs[lake.kind]

    return run


# ---------------------------------------------------------------- Dask


def test_dask_read_returns_the_iceberg_rows(dask_reads, lake):
    results = dask_reads(lake)
    assert "Read-only" in results["code"]
    frame = results["read"]["frame"]
    assert_frame_matches(
        frame, lake.iceberg_rows("observations"), extra_columns=HIVE_EXTRA_COLUMNS
    )
    # The transform's Hive column is a date, not a string, and agrees with the timestamp it came from.
    assert str(frame.dtypes["obs_time_day"]) == "date32[day][pyarrow]"
    present = frame.dropna(subset=["obs_time"])
    assert (present["obs_time_day"].astype(object) == present["obs_time"].dt.date).all()


def test_dask_pinned_returns_the_iceberg_rows(dask_reads, lake):
    pinned = dask_reads(lake)["pinned"]
    assert_frame_matches(pinned["frame"], lake.iceberg_rows("observations"))
    assert pinned["npartitions"] == len(lake.load("observations").inspect.files())


def test_dask_pinned_ignores_leftovers_and_reads_a_chosen_snapshot(
    helper_cli, dask_scheduler, sql_local_lake, tmp_path
):
    lake = sql_local_lake
    settings = {"daskProfile": {"scheduler": dask_scheduler}}
    read = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        lake.table("overwritten"),
        settings=settings,
    )
    pinned = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        lake.table("overwritten"),
        settings=settings,
    )
    observations = lake.load("observations")
    first = observations.history()[0].snapshot_id
    chosen = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        "--snapshot",
        str(first),
        lake.table("observations"),
    )
    assert f"snapshot_id={first})" in chosen["code"]
    cells = [
        {"code": read["code"], "collect": {"hive": "overwritten"}},
        {"code": pinned["code"], "collect": {"pinned": "overwritten"}},
        {"code": chosen["code"], "collect": {"chosen": "observations"}},
    ]
    results = run_kernel(tmp_path, lake, cells)
    assert len(results["hive"]["frame"]) == 30, (
        "the fixture must leave the overwritten files in the Hive tree"
    )
    assert_frame_matches(results["pinned"]["frame"], lake.iceberg_rows("overwritten"))
    assert_frame_matches(
        results["chosen"]["frame"], observations.scan(snapshot_id=first).to_arrow()
    )


@pytest.mark.parametrize("lake_name", ["sql_local_lake", "sql_s3_lake"])
def test_dask_join_pairs_partitions_without_a_shuffle(
    helper_cli, dask_scheduler, lake_name, request, tmp_path
):
    lake = request.getfixturevalue(lake_name)
    settings = {"daskProfile": {"scheduler": dask_scheduler}}
    readings = snippet(
        helper_cli, lake, "--engine", "dask", lake.table("readings"), settings=settings
    )
    stations = snippet(
        helper_cli, lake, "--engine", "dask", lake.table("stations"), settings=settings
    )
    joined = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "join",
        lake.table("readings"),
        lake.table("stations"),
        settings=settings,
    )
    assert joined["variable"] == "readings_stations"
    merge_cell = 'merged = dd.merge(readings, stations, on="station_id", suffixes=("", "_stations"))'
    cells = [
        {"code": readings["code"]},
        {"code": stations["code"]},
        {"code": joined["code"], "collect": {"join": "readings_stations"}},
        {"code": merge_cell, "collect": {"merged": "merged"}},
    ]
    results = run_kernel(tmp_path, lake, cells)
    join, merged = results["join"], results["merged"]
    assert not [
        layer
        for layer in join["layers"]
        if any(word in layer for word in SHUFFLE_LAYERS)
    ], join["layers"]
    assert [
        layer
        for layer in merged["layers"]
        if any(word in layer for word in SHUFFLE_LAYERS)
    ], "dd.merge should shuffle"
    columns = list(join["frame"].columns)
    assert set(columns) == {"station_id", "obs_time", "value", "name", "elevation"}
    assert rows_of_frame(join["frame"], columns) == rows_of_frame(
        merged["frame"], columns
    )
    expected = (
        lake.iceberg_rows("readings")
        .to_pandas()
        .merge(lake.iceberg_rows("stations").to_pandas(), on="station_id")
    )
    assert rows_of_frame(join["frame"], columns) == rows_of_frame(expected, columns)
    assert (
        len(join["frame"]) == 275
    )  # readings of stations 0–10; station 11 and 12 have no partner
    assert {name: str(dtype) for name, dtype in join["frame"].dtypes.items()} == {
        name: str(merged["frame"].dtypes[name]) for name in columns
    }


# ---------------------------------------------------------------- Spark


def test_spark_read_reuses_the_session_and_returns_the_iceberg_rows(
    helper_cli, spark, lake, monkeypatch
):
    generated = snippet(
        helper_cli, lake, "--engine", "spark", lake.table("observations")
    )
    assert generated["variable"] == "observations"
    namespace = run_in_spark_session(spark, monkeypatch, lake, generated["code"])
    assert (
        spark.conf.get(f"spark.sql.catalog.{lake.catalog}")
        == "org.apache.iceberg.spark.SparkCatalog"
    )
    assert_spark_matches(
        spark_result(namespace["observations"]), lake.iceberg_rows("observations")
    )


SPJ_KEYS = (
    "spark.sql.sources.v2.bucketing.enabled",
    "spark.sql.sources.v2.bucketing.pushPartValues.enabled",
    "spark.sql.sources.v2.bucketing.partiallyClusteredDistribution.enabled",
    "spark.sql.requireAllClusterKeysForCoPartition",
    "spark.sql.iceberg.planning.preserve-data-grouping",
    "spark.sql.autoBroadcastJoinThreshold",
)


@pytest.fixture
def restore_spark_conf(spark):
    """The join snippet tunes the shared session; give the other tests theirs back."""
    saved = {key: spark.conf.get(key, None) for key in SPJ_KEYS}
    yield
    for key, value in saved.items():
        if value is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, value)


def join_inputs_exchange(frame) -> bool:
    return "Exchange" in frame._jdf.queryExecution().executedPlan().toString()


def test_spark_join_has_no_exchange_before_the_join(
    helper_cli, spark, sql_local_lake, monkeypatch, restore_spark_conf
):
    lake = sql_local_lake
    generated = snippet(
        helper_cli,
        lake,
        "--engine",
        "spark",
        "--variant",
        "join",
        lake.table("readings"),
        lake.table("stations"),
    )
    namespace = run_in_spark_session(spark, monkeypatch, lake, generated["code"])
    joined = namespace[generated["variable"]]
    assert not join_inputs_exchange(joined), (
        joined._jdf.queryExecution().executedPlan().toString()
    )
    expected = (
        lake.iceberg_rows("readings")
        .to_pandas()
        .merge(lake.iceberg_rows("stations").to_pandas(), on="station_id")
    )
    result = spark_result(joined)
    columns = [name for name, _ in result["schema"]]
    assert rows_of_frame(
        pd.DataFrame(result["rows"], columns=columns), columns
    ) == rows_of_frame(expected, columns)
    # Control: without storage-partitioned join the same query shuffles, so the check above can fail.
    spark.conf.set("spark.sql.sources.v2.bucketing.enabled", "false")
    assert join_inputs_exchange(
        namespace["readings"].join(namespace["stations"], ["station_id"])
    )


# ---------------------------------------------------------------- CLI errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask", "snip.sci.nope"], "'sci.nope' does not exist"),
        (
            ["--engine", "dask", "--variant", "join", "snip.sci.readings"],
            "--variant join needs two tables",
        ),
        (
            ["--engine", "dask", "--variant", "stream", "snip.sci.readings"],
            "--variant must be read, pinned, join",
        ),
        (
            ["--engine", "spark", "--variant", "pinned", "snip.sci.readings"],
            "The pinned variant is a Dask read",
        ),
        (["--engine", "flink", "snip.sci.readings"], "--engine must be spark, dask"),
        (
            [
                "--engine",
                "dask",
                "--variant",
                "join",
                "snip.sci.readings",
                "snip.sci.observations",
            ],
            "snip.sci.readings is partitioned by [bucket[4](station_id)]",
        ),
        (["--engine", "dask", "nocat.sci.readings"], "not configured"),
    ],
)
def test_snippet_errors_exit_2_with_one_clear_line(
    helper_cli, sql_local_lake, args, message
):
    result = run_cli(helper_cli, sql_local_lake, "snippet", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_text_format_prints_the_code(helper_cli, sql_local_lake):
    text = run_cli(
        helper_cli,
        sql_local_lake,
        "snippet",
        "--engine",
        "dask",
        sql_local_lake.table("observations"),
    )
    as_json = snippet(
        helper_cli,
        sql_local_lake,
        "--engine",
        "dask",
        sql_local_lake.table("observations"),
    )
    assert text.returncode == 0
    assert text.stdout == as_json["code"]
