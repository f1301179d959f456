"""Filtered snippets (`dual-layout snippet --where`) executed for real against pyiceberg's own scan.

One pyiceberg table partitioned by an identity string (with a value that needs URL-encoding and a
null), an identity int, ``day(obs_time)`` (with null timestamps) and ``bucket(4, station)``, one data
file per partition. Each generated Dask read runs in this process with a counting fsspec filesystem
registered for local paths, so the test sees every Parquet file Dask opens: exactly the files of the
partitions the predicate selects (told apart from ``inspect.files()``'s partition tuples), and the
rows equal ``table.scan(row_filter=...)``. The pinned read must plan only the selected partitions'
files; the Spark read runs in the session's SparkSession.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import ClassVar

import fsspec
import pyarrow as pa
import pytest
from fsspec.implementations.local import LocalFileSystem
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import BucketTransform, DayTransform, IdentityTransform
from pyiceberg.types import (
    IntegerType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
)

from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.lakes import SnippetLake, pyiceberg_lake
from tests.test_snippets import run_in_spark_session, spark_result

REGIONS = ["EU", "US", "a b/c+ü", None]
EVENTS = Schema(
    NestedField(1, "event_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "night", IntegerType(), required=False),
    NestedField(4, "obs_time", TimestampType(), required=False),
    NestedField(5, "station", LongType(), required=False),
)
SPEC = PartitionSpec(
    PartitionField(2, 1000, IdentityTransform(), "region"),
    PartitionField(3, 1001, IdentityTransform(), "night"),
    PartitionField(4, 1002, DayTransform(), "obs_time_day"),
    PartitionField(5, 1003, BucketTransform(4), "station_bucket"),
)
HIVE_COLUMNS = frozenset({"obs_time_day", "station_bucket"})


def events(count: int) -> pa.Table:
    start = datetime.datetime(2024, 1, 1, 3)
    return pa.table(
        {
            "event_id": pa.array(range(count), pa.int64()),
            "region": pa.array([REGIONS[i % 4] for i in range(count)], pa.string()),
            "night": pa.array([20240101 + i % 3 for i in range(count)], pa.int32()),
            "obs_time": pa.array(
                [
                    None if i % 13 == 7 else start + datetime.timedelta(hours=9 * i)
                    for i in range(count)
                ],
                pa.timestamp("us"),
            ),
            "station": pa.array([i % 6 for i in range(count)], pa.int64()),
        }
    )


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> SnippetLake:
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("filtered-snippets")
    (root / "warehouse").mkdir()
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("filtered", **properties)
    catalog.create_namespace("sci")
    table = catalog.create_table("sci.events", EVENTS, partition_spec=SPEC)
    table.append(events(48))
    return pyiceberg_lake("sql-local", catalog, properties, root / "home")


def bucket_of(station: int) -> int | None:
    return BucketTransform(4).transform(LongType())(station)


# (predicate, which partition tuples it selects). The predicates are also pyiceberg's string syntax,
# so the ground truth is `table.scan(row_filter=PREDICATE)`.
CASES: dict[str, tuple[str, Callable[[dict], bool]]] = {
    "encoded-value": ("region = 'a b/c+ü'", lambda p: p["region"] == "a b/c+ü"),
    "null-identity": ("region IS NULL", lambda p: p["region"] is None),
    "int-range-and-in": (
        "night >= 20240102 AND region IN ('EU', 'US')",
        lambda p: p["night"] >= 20240102 and p["region"] in ("EU", "US"),
    ),
    "day-range": (
        "obs_time >= '2024-01-05T12:00:00' AND obs_time < '2024-01-08T00:00:00'",
        lambda p: (
            p["obs_time_day"] is not None
            and datetime.date(2024, 1, 5)
            <= p["obs_time_day"]
            <= datetime.date(2024, 1, 8)
        ),
    ),
    "null-timestamp": ("obs_time IS NULL", lambda p: p["obs_time_day"] is None),
    "bucket": ("station = 3", lambda p: p["station_bucket"] == bucket_of(3)),
    "not-equal": ("region != 'EU'", lambda p: p["region"] not in ("EU", None)),
}


class CountingFileSystem(LocalFileSystem):
    """The local filesystem, recording every file opened for reading."""

    opened: ClassVar[list[str]] = []

    def _open(self, path, mode="rb", **kwargs):
        CountingFileSystem.opened.append(self._strip_protocol(path))
        return super()._open(path, mode, **kwargs)


@pytest.fixture
def counting_files():
    fsspec.register_implementation("file", CountingFileSystem, clobber=True)
    fsspec.register_implementation("local", CountingFileSystem, clobber=True)
    CountingFileSystem.opened = []
    yield CountingFileSystem.opened
    fsspec.register_implementation("file", LocalFileSystem, clobber=True)
    fsspec.register_implementation("local", LocalFileSystem, clobber=True)


def snippet(helper_cli, lake: SnippetLake, *args: str) -> dict:
    result = helper_cli.run(
        "snippet",
        "--format",
        "json",
        *args,
        lake.table("events"),
        env={"PYICEBERG_HOME": str(lake.home)},
    )
    assert result.returncode == 0, result.stderr
    return result.json()


def execute(lake: SnippetLake, monkeypatch, code: str) -> dict:
    monkeypatch.setenv("PYICEBERG_HOME", str(lake.home))
    namespace: dict = {"__name__": "__main__"}
    exec(compile(code, "<filtered snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    return namespace


def selected_files(
    lake: SnippetLake, selects: Callable[[dict], bool]
) -> tuple[set[str], int]:
    """The live data files whose partition the predicate selects, and how many files the table has."""
    files = lake.load("events").inspect.files().to_pylist()
    chosen = {
        row["file_path"].removeprefix("file://")
        for row in files
        if selects(row["partition"])
    }
    return chosen, len(files)


@pytest.mark.parametrize("case", CASES)
def test_dask_read_opens_only_the_selected_partitions_and_returns_icebergs_rows(
    helper_cli, lake, monkeypatch, counting_files, case
):
    predicate, selects = CASES[case]
    generated = snippet(helper_cli, lake, "--engine", "dask", "--where", predicate)
    frame = execute(lake, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()

    expected = lake.load("events").scan(row_filter=predicate).to_arrow()
    assert expected.num_rows > 0
    assert_frame_matches(frame, expected, extra_columns=HIVE_COLUMNS)
    chosen, total = selected_files(lake, selects)
    assert 0 < len(chosen) < total
    assert {path for path in counting_files if path.endswith(".parquet")} == chosen


def test_dask_read_of_a_value_no_partition_has_opens_one_file_and_is_empty(
    helper_cli, lake, monkeypatch, counting_files
):
    generated = snippet(
        helper_cli, lake, "--engine", "dask", "--where", "region = 'nowhere'"
    )
    frame = execute(lake, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()
    assert len(frame) == 0
    assert list(frame.columns)[: len(EVENTS.fields)] == [f.name for f in EVENTS.fields]
    assert len({path for path in counting_files if path.endswith(".parquet")}) == 1


@pytest.mark.parametrize("case", ["encoded-value", "day-range", "bucket"])
def test_pinned_read_plans_only_the_selected_partitions(
    helper_cli, lake, monkeypatch, case
):
    predicate, selects = CASES[case]
    generated = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        "--where",
        predicate,
    )
    assert "row_filter=" in generated["code"]
    namespace = execute(lake, monkeypatch, generated["code"])
    frame = namespace[generated["variable"]].compute()
    assert_frame_matches(
        frame, lake.load("events").scan(row_filter=predicate).to_arrow()
    )
    planned = {
        task.file.file_path.removeprefix("file://")
        for task in namespace["events_files"]
    }
    chosen, _ = selected_files(lake, selects)
    assert planned and planned <= chosen


def test_pinned_read_with_columns_reads_icebergs_projection(
    helper_cli, lake, monkeypatch
):
    """`--columns` on the pinned read is pyiceberg's `selected_fields`, even without the filter's column."""
    predicate, selects = CASES["encoded-value"]
    generated = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--variant",
        "pinned",
        "--where",
        predicate,
        "--columns",
        "obs_time, event_id",
    )
    # In the table's order, as pyiceberg's selected_fields returns them.
    assert 'selected_fields=("event_id", "obs_time",),' in generated["code"]
    namespace = execute(lake, monkeypatch, generated["code"])
    frame = namespace[generated["variable"]].compute()
    expected = (
        lake.load("events")
        .scan(row_filter=predicate, selected_fields=("obs_time", "event_id"))
        .to_arrow()
    )
    assert expected.column_names == ["event_id", "obs_time"]
    assert expected.num_rows > 0
    assert list(frame.columns) == expected.column_names
    assert_frame_matches(frame, expected)
    planned = {
        task.file.file_path.removeprefix("file://")
        for task in namespace["events_files"]
    }
    chosen, _ = selected_files(lake, selects)
    assert planned and planned <= chosen


def test_dask_read_with_columns_still_opens_only_the_selected_partitions(
    helper_cli, lake, monkeypatch, counting_files
):
    predicate, selects = CASES["int-range-and-in"]
    generated = snippet(
        helper_cli,
        lake,
        "--engine",
        "dask",
        "--where",
        predicate,
        "--columns",
        "event_id,obs_time",
    )
    frame = execute(lake, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()
    expected = (
        lake.load("events")
        .scan(row_filter=predicate, selected_fields=("event_id", "obs_time"))
        .to_arrow()
    )
    assert list(frame.columns) == ["event_id", "obs_time"]
    assert_frame_matches(frame, expected)
    chosen, total = selected_files(lake, selects)
    assert 0 < len(chosen) < total
    assert {path for path in counting_files if path.endswith(".parquet")} == chosen


def test_an_unknown_column_exits_2_with_one_line_naming_the_table(helper_cli, lake):
    result = helper_cli.run(
        "snippet",
        "--engine",
        "dask",
        "--columns",
        "event_id,nope",
        lake.table("events"),
        env={"PYICEBERG_HOME": str(lake.home)},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "dual-layout snippet: filtered.sci.events has no column 'nope'; "
        "its columns are event_id, region, night, obs_time, station.\n"
    )


def test_spark_read_filters_with_a_column_condition(
    helper_cli, spark, lake, monkeypatch
):
    predicate = "region IN ('a b/c+ü', 'US') AND obs_time < '2024-01-06T00:00:00'"
    generated = snippet(helper_cli, lake, "--engine", "spark", "--where", predicate)
    assert '.isin(["a b/c+\\xfc", "US"])' in generated["code"]
    namespace = run_in_spark_session(spark, monkeypatch, lake, generated["code"])
    assert_spark_matches(
        spark_result(namespace["events"]),
        lake.load("events").scan(row_filter=predicate).to_arrow(),
    )


def test_spark_read_selects_the_columns(helper_cli, spark, lake, monkeypatch):
    predicate = "night >= 20240102"
    generated = snippet(
        helper_cli,
        lake,
        "--engine",
        "spark",
        "--where",
        predicate,
        "--columns",
        "station,event_id",
    )
    assert (
        'events = events.select(events["event_id"], events["station"])'
        in (generated["code"])
    )
    namespace = run_in_spark_session(spark, monkeypatch, lake, generated["code"])
    assert_spark_matches(
        spark_result(namespace["events"]),
        lake.load("events")
        .scan(row_filter=predicate, selected_fields=("event_id", "station"))
        .to_arrow(),
    )


@pytest.mark.parametrize(
    ("predicate", "message"),
    [
        (
            "region = 'EU' OR night = 1",
            (
                "Invalid filter on filtered.sci.events: OR is not supported: only AND joins conditions "
                "(write IN (…) for several values of one column)."
            ),
        ),
        (
            "event_id = 3",
            (
                "Invalid filter on filtered.sci.events: event_id is not a partition source column; "
                "filters can use region, night, obs_time, station."
            ),
        ),
        (
            "night = 'one'",
            "Invalid filter on filtered.sci.events: night is a int column: 'one' is not an integer.",
        ),
    ],
)
def test_an_invalid_predicate_exits_2_with_one_line_naming_the_table(
    helper_cli, lake, predicate, message
):
    result = helper_cli.run(
        "snippet",
        "--engine",
        "dask",
        "--where",
        predicate,
        lake.table("events"),
        env={"PYICEBERG_HOME": str(lake.home)},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_generated_code_stays_correct_for_partitions_written_later(
    helper_cli, tmp_path, monkeypatch, counting_files
):
    """The directory tests run when the cell runs: a partition appended after generation is read."""
    from pyiceberg.catalog.sql import SqlCatalog

    # Its own SQLite catalog: once Spark's JDBC catalog has read a database file, pyiceberg's commits to it fail as locked.
    (tmp_path / "warehouse").mkdir()
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{tmp_path / 'catalog.db'}",
        "warehouse": (tmp_path / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("later", **properties)
    catalog.create_namespace("sci")
    table = catalog.create_table("sci.events", EVENTS, partition_spec=SPEC)
    table.append(events(8))
    lake = pyiceberg_lake("sql-local", catalog, properties, tmp_path / "home")
    predicate = "night = 20240109"
    generated = snippet(helper_cli, lake, "--engine", "dask", "--where", predicate)
    table.append(events(4).set_column(2, "night", pa.array([20240109] * 4, pa.int32())))
    frame = execute(lake, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()
    assert sorted(frame["event_id"]) == [0, 1, 2, 3]
    assert_frame_matches(
        frame,
        table.refresh().scan(row_filter=predicate).to_arrow(),
        extra_columns=HIVE_COLUMNS,
    )
    assert len({path for path in counting_files if path.endswith(".parquet")}) == 4


def test_api_serves_filtered_snippets_and_explains_a_bad_predicate_with_a_400(
    start_helper, lake
):
    server = start_helper(lake.home)
    path = "tables/filtered.sci.events/snippets"
    good = server.get(path, params={"engine": "dask", "where": "region = 'a b/c+ü'"})
    assert good.status_code == 200, good.text
    assert '"region": (str, lambda v: v == "a b/c+\\xfc"),' in good.json()["code"]
    bad = server.get(
        path, params={"engine": "dask", "variant": "pinned", "where": "night = 'one'"}
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "error": {
            "message": "Invalid filter on filtered.sci.events: night is a int column: 'one' is not an integer.",
            "table": "filtered.sci.events",
        }
    }
    unknown = server.get(
        path, params={"engine": "dask", "variant": "pinned", "columns": "night,nope"}
    )
    assert unknown.status_code == 400
    assert unknown.json() == {
        "error": {
            "message": "filtered.sci.events has no column 'nope'; its columns are event_id, region, night, obs_time, station.",
            "table": "filtered.sci.events",
        }
    }
