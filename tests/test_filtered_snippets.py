"""Filtered snippets (`dual-layout snippet --where`) executed for real against pyiceberg's own scan.

One pyiceberg table partitioned by an identity string (with a value that needs URL-encoding and a
null), an identity int, ``day(obs_time)`` (with null timestamps) and ``bucket(4, station)``, one data
file per partition. Each generated Dask read runs in this process with a counting fsspec filesystem
registered for local paths, so the test sees every Parquet file Dask opens: exactly the files of the
partitions the predicate selects (told apart from ``inspect.files()``'s partition tuples), and the
rows equal ``table.scan(row_filter=...)``. The pinned read must plan only the selected partitions'
files; the Spark read runs in the session's SparkSession.

A second table has a field of every other transform and type a writer partitions by (year, hour,
month, truncate of strings, ints, longs and decimals, float, double and decimal identity), written
once by pyiceberg and once by Spark, whose Java spellings of directory values differ (``0.1`` for
the float pyiceberg writes ``0.10000000149011612``, ``1.0E20`` for ``1e+20``) and which also writes
NaN partitions: the same predicates open the same partitions in both.
"""

from __future__ import annotations

import datetime
import decimal
import math
import urllib.parse
from collections.abc import Callable
from typing import Any, ClassVar

import fsspec
import pyarrow as pa
import pytest
from fsspec.implementations.local import LocalFileSystem
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import (
    BucketTransform,
    DayTransform,
    HourTransform,
    IdentityTransform,
    MonthTransform,
    Transform,
    TruncateTransform,
    YearTransform,
)
from pyiceberg.types import (
    DateType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
    TimestamptzType,
)

from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.lakes import SnippetLake, pyiceberg_lake
from tests.snippets.tables import write_pyiceberg_yaml
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
            # The strict upper bound is midnight: the range ends in the day before.
            p["obs_time_day"] is not None
            and datetime.date(2024, 1, 5)
            <= p["obs_time_day"]
            < datetime.date(2024, 1, 8)
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


def snippet(helper_cli, lake: SnippetLake, *args: str, table: str = "events") -> dict:
    result = helper_cli.run(
        "snippet",
        "--format",
        "json",
        *args,
        lake.table(table),
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
    lake: SnippetLake, selects: Callable[[dict], bool], table: str = "events"
) -> tuple[set[str], int]:
    """The live data files whose partition the predicate selects, and how many files the table has."""
    files = lake.load(table).inspect.files().to_pylist()
    # pyiceberg writes file:///path, Java file:/path.
    chosen = {
        urllib.parse.urlsplit(row["file_path"]).path
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


# ------------------------------------------------ every transform, written by pyiceberg and by Spark

UTC = datetime.timezone.utc
EVERY_COLUMNS = [
    ("id", LongType()),
    ("ts", TimestampType()),
    ("tz", TimestamptzType()),
    ("d", DateType()),
    ("s", StringType()),
    ("i", IntegerType()),
    ("l", LongType()),
    ("f", FloatType()),
    ("db", DoubleType()),
    ("dec", DecimalType(10, 2)),
    # The same type: pyiceberg's manifests define the Avro type decimal_10_2 once per field.
    ("amount", DecimalType(10, 2)),
]
EVERY = Schema(
    *(
        NestedField(n, name, kind, required=False)
        for n, (name, kind) in enumerate(EVERY_COLUMNS, 1)
    )
)
#: (transform as Spark's PARTITIONED BY says it, pyiceberg's transform, source column); Spark names
#: the fields as pyiceberg's names here do.
EVERY_FIELDS: list[tuple[str, Transform[Any, Any], str, str]] = [
    ("years(ts)", YearTransform(), "ts", "ts_year"),
    ("hours(tz)", HourTransform(), "tz", "tz_hour"),
    ("months(d)", MonthTransform(), "d", "d_month"),
    ("truncate(2, s)", TruncateTransform(2), "s", "s_trunc"),
    ("truncate(10, i)", TruncateTransform(10), "i", "i_trunc"),
    ("truncate(100, l)", TruncateTransform(100), "l", "l_trunc"),
    ("f", IdentityTransform(), "f", "f"),
    ("db", IdentityTransform(), "db", "db"),
    ("truncate(50, dec)", TruncateTransform(50), "dec", "dec_trunc"),
    ("amount", IdentityTransform(), "amount", "amount"),
]
#: pyiceberg 0.12 cannot read the manifests Java writes for decimal partition fields (their Avro
#: type is named ``decimal_10_2``), so Spark's table leaves those two out.
DECIMAL_FIELDS = {"dec_trunc", "amount"}
#: Each column's values cycle with its own period, so rows combine them differently; month and
#: year boundaries, pre-1970 times, negative truncated integers, both float spellings' values.
EVERY_VALUES: dict[str, list[Any]] = {
    "ts": [
        datetime.datetime(1969, 6, 1),
        datetime.datetime(1969, 12, 31, 23, 30),
        datetime.datetime(1970, 1, 1),
        datetime.datetime(2024, 3, 5, 7, 1),
        datetime.datetime(2024, 12, 31, 23, 59, 59, 999999),
        datetime.datetime(2025, 1, 1),
    ],
    "tz": [
        datetime.datetime(1969, 12, 31, 22, 59, 59, tzinfo=UTC),
        datetime.datetime(1969, 12, 31, 23, 30, tzinfo=UTC),
        datetime.datetime(2024, 3, 5, 7, tzinfo=UTC),
        datetime.datetime(2024, 3, 5, 7, 59, 59, tzinfo=UTC),
        datetime.datetime(2024, 3, 5, 8, tzinfo=UTC),
    ],
    "d": [
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 31),
        datetime.date(2024, 4, 1),
        datetime.date(1969, 12, 31),
        datetime.date(1970, 1, 1),
        datetime.date(1969, 12, 1),
    ],
    "s": ["ab", "abc", "ac", "a", "ü/x", "b", "ba"],
    "i": [-11, -10, -7, -1, 0, 9, 10, 15],
    "l": [-101, -100, -1, 0, 99, 100],
    # 0.1 is not a float32: pyiceberg spells the stored value 0.10000000149011612, Java 0.1.
    "f": [0.1, 2.5, -1.25, -0.0, 3.0],
    # Java spells these 1.5E-7 and 1.0E20, pyiceberg 1.5e-07 and 1e+20.
    "db": [1.5e-7, 2.5, 1e20, -0.0, 7.0],
    "dec": [
        decimal.Decimal(text)
        for text in ("-0.51", "-0.50", "-0.01", "0.00", "0.49", "0.50")
    ],
    "amount": [decimal.Decimal(text) for text in ("12.50", "0.00", "-3.25")],
}
EVERY_ROWS = 24


def every_rows(extra: dict[str, list] | None = None) -> list[dict]:
    """Rows cycling through EVERY_VALUES, one with nulls in every column but the integers, then `extra`'s values.

    Integer columns stay set: pandas turns an integer column of a file with nulls into floats, and
    that dtype is not what a read of the column is about here.
    """

    def row(n: int, **values) -> dict:
        cycled = {c: column[n % len(column)] for c, column in EVERY_VALUES.items()}
        return {"id": n, **cycled, **values}

    rows = [row(n) for n in range(EVERY_ROWS)]
    nulls = dict.fromkeys(set(EVERY_VALUES) - {"i", "l"})
    rows.append(row(len(rows), **nulls))
    for column, values in (extra or {}).items():
        rows += [row(len(rows), **{column: value}) for value in values]
    return rows


def every_arrow(rows: list[dict]) -> pa.Table:
    from pyiceberg.io.pyarrow import schema_to_pyarrow

    schema = schema_to_pyarrow(EVERY)
    return pa.Table.from_pylist(rows, schema=schema)


@pytest.fixture(scope="module")
def pyiceberg_every(tmp_path_factory) -> SnippetLake:
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("every-pyiceberg")
    (root / "warehouse").mkdir()
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("every_py", **properties)
    catalog.create_namespace("sci")
    spec = PartitionSpec(
        *(
            PartitionField(EVERY.find_field(source).field_id, 1000 + n, transform, name)
            for n, (_, transform, source, name) in enumerate(EVERY_FIELDS)
        )
    )
    table = catalog.create_table("sci.every", EVERY, partition_spec=spec)
    table.append(every_arrow(every_rows()))
    return pyiceberg_lake("sql-local", catalog, properties, root / "home")


@pytest.fixture(scope="module")
def spark_every(tmp_path_factory, spark) -> SnippetLake:
    """The same rows written by Spark (Java's spellings), plus the NaN partitions pyiceberg cannot write."""
    from tests.fixtures.spark import new_lakehouse, register_lakehouse

    root = tmp_path_factory.mktemp("every-spark")
    # Its own SQLite file: once Spark's JDBC catalog has used one, pyiceberg cannot commit to it.
    lakehouse = new_lakehouse(
        root, sql_catalog="every_spark", hadoop_catalog="every_hadoop"
    )
    register_lakehouse(spark, lakehouse)
    fields = [
        spark_field
        for spark_field, *_, name in EVERY_FIELDS
        if name not in DECIMAL_FIELDS
    ]
    spark.sql("CREATE NAMESPACE every_spark.sci")
    spark.sql(
        "CREATE TABLE every_spark.sci.every (id BIGINT, ts TIMESTAMP_NTZ, tz TIMESTAMP, d DATE, s STRING, "
        "i INT, l BIGINT, f FLOAT, db DOUBLE, dec DECIMAL(10, 2), amount DECIMAL(10, 2)) "
        f"USING iceberg PARTITIONED BY ({', '.join(fields)})"
    )
    rows = every_rows({"f": [float("nan")], "db": [float("nan")]})
    frame = spark.createDataFrame(
        [tuple(row[c] for c, _ in EVERY_COLUMNS) for row in rows],
        "id BIGINT, ts TIMESTAMP_NTZ, tz TIMESTAMP, d DATE, s STRING, i INT, l BIGINT, f FLOAT, "
        "db DOUBLE, dec DECIMAL(10, 2), amount DECIMAL(10, 2)",
    )
    frame.writeTo("every_spark.sci.every").append()
    catalog = lakehouse.load_pyiceberg_catalog()
    home = write_pyiceberg_yaml(
        root / "home", {"every_spark": lakehouse.pyiceberg_properties()}
    )
    return SnippetLake(
        "spark", "every_spark", home, lambda name: catalog.load_table(f"sci.{name}")
    )


def hours(year: int, month: int, day: int, hour: int) -> int:
    transform: Callable[[Any], Any] = HourTransform().transform(TimestampType())
    return transform(
        int(
            datetime.datetime(year, month, day, hour, tzinfo=UTC).timestamp()
            * 1_000_000
        )
    )


def is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


# (predicate, pyiceberg's row filter when it spells the predicate differently, which partition
# tuples the directory tests keep). Partition values are Iceberg's: years and months since 1970,
# hours since the epoch. Directories may be kept beyond the predicate (a strict float bound keeps
# the float32 next to it; NaN directories are kept for float ranges), never fewer.
EVERY_CASES: dict[str, tuple[str, str | None, Callable[[dict], bool]]] = {
    "year-before-1970": (
        "ts < '1970-01-01T00:00:00'",
        None,
        lambda p: p["ts_year"] is not None and p["ts_year"] <= -1,
    ),
    "year-strict-end": (
        "ts >= '2024-06-01T00:00:00' AND ts < '2025-01-01T00:00:00'",
        None,
        lambda p: p["ts_year"] == 2024 - 1970,
    ),
    "month-boundaries": (
        "d >= '2024-03-01' AND d < '2024-04-01'",
        None,
        lambda p: p["d_month"] == (2024 - 1970) * 12 + 2,
    ),
    "month-in": (
        "d IN ('2024-02-29', '1969-12-31')",
        None,
        lambda p: p["d_month"] in ((2024 - 1970) * 12 + 1, -1),
    ),
    "hour-range": (
        "tz >= '1969-12-31T23:00:00' AND tz < '2024-03-05T08:00:00'",
        "tz >= '1969-12-31T23:00:00+00:00' AND tz < '2024-03-05T08:00:00+00:00'",
        lambda p: (
            p["tz_hour"] is not None and -1 <= p["tz_hour"] <= hours(2024, 3, 5, 7)
        ),
    ),
    "hour-equal": (
        "tz = '2024-03-05T07:59:59'",
        "tz = '2024-03-05T07:59:59+00:00'",
        lambda p: p["tz_hour"] == hours(2024, 3, 5, 7),
    ),
    "truncate-string-in": (
        "s IN ('abc', 'b')",
        None,
        lambda p: p["s_trunc"] in ("ab", "b"),
    ),
    "truncate-string-range": (
        "s > 'ab' AND s < 'b'",
        None,
        lambda p: p["s_trunc"] is not None and "ab" <= p["s_trunc"] <= "b",
    ),
    "truncate-negative-int": (
        "i >= -10 AND i < 0",
        None,
        lambda p: p["i_trunc"] == -10,
    ),
    "truncate-long": (
        "l > -101 AND l <= 99",
        None,
        lambda p: p["l_trunc"] in (-100, 0),
    ),
    "float-both-spellings": (
        "f >= 0.1 AND f < 2.5",
        None,
        lambda p: is_nan(p["f"]) or (p["f"] is not None and 0.09 < p["f"] <= 2.5),
    ),
    "float-in-with-negative-zero": (
        "f IN (0.0, -1.25)",
        None,
        lambda p: p["f"] in (0.0, -1.25),
    ),
    "double-range": (
        "db < 0.000001",
        None,
        lambda p: is_nan(p["db"]) or (p["db"] is not None and p["db"] < 0.000001),
    ),
    "double-not-equal": (
        "db != 2.5",
        None,
        lambda p: p["db"] is not None and p["db"] != 2.5,
    ),
    "null-partitions": (
        "s IS NULL AND d IS NULL",
        None,
        lambda p: p["s_trunc"] is None and p["d_month"] is None,
    ),
    "decimal-truncate": (
        "dec > -0.01 AND dec <= 0.49",
        None,
        lambda p: p["dec_trunc"] == 0,
    ),
    "decimal-identity": (
        "amount = 12.5",
        "amount = 12.50",  # pyiceberg wants the column's scale
        lambda p: p["amount"] == decimal.Decimal("12.50"),
    ),
    "decimal-not-null": (
        "amount IS NOT NULL AND dec < -0.50",
        None,
        lambda p: (
            p["amount"] is not None
            and p["dec_trunc"] is not None
            and p["dec_trunc"] <= -1
        ),
    ),
}
EVERY_PARAMS = [
    pytest.param(writer, case, id=f"{writer}-{case}")
    for writer in ("pyiceberg", "spark")
    for case, (predicate, *_) in EVERY_CASES.items()
    if writer == "pyiceberg"
    or not ({"dec", "amount"} & set(predicate.split()) or case == "double-not-equal")
]


@pytest.mark.parametrize(("writer", "case"), EVERY_PARAMS)
def test_every_transform_prunes_and_returns_icebergs_rows(
    request, helper_cli, monkeypatch, counting_files, writer, case
):
    lake = request.getfixturevalue(f"{writer}_every")
    predicate, iceberg_filter, selects = EVERY_CASES[case]
    generated = snippet(
        helper_cli, lake, "--engine", "dask", "--where", predicate, table="every"
    )
    frame = execute(lake, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()

    expected = (
        lake.load("every").scan(row_filter=iceberg_filter or predicate).to_arrow()
    )
    assert expected.num_rows > 0
    hive_columns = frozenset(name for *_, name in EVERY_FIELDS) - {"f", "db", "amount"}
    assert_frame_matches(frame, expected, extra_columns=hive_columns)
    chosen, total = selected_files(lake, selects, table="every")
    assert 0 < len(chosen) < total
    assert {path for path in counting_files if path.endswith(".parquet")} == chosen


def test_not_equal_on_a_double_keeps_the_nan_directory_but_dask_drops_its_rows(
    helper_cli, spark_every, monkeypatch, counting_files
):
    """Dask's filters cannot tell NaN from null in a float column ("is not None" drops both), so the
    rows filter of != loses the NaN rows Iceberg keeps; the directory test still opens them."""
    predicate, _, selects = EVERY_CASES["double-not-equal"]
    generated = snippet(
        helper_cli, spark_every, "--engine", "dask", "--where", predicate, table="every"
    )
    frame = execute(spark_every, monkeypatch, generated["code"])[
        generated["variable"]
    ].compute()
    expected = spark_every.load("every").scan(row_filter=predicate).to_arrow()
    nan_rows = [row["id"] for row in expected.to_pylist() if is_nan(row["db"])]
    assert len(nan_rows) == 1
    assert sorted(frame["id"]) == sorted(
        set(expected["id"].to_pylist()) - set(nan_rows)
    )
    chosen, _ = selected_files(spark_every, selects, table="every")
    assert any("/db=NaN/" in path for path in chosen)
    assert {path for path in counting_files if path.endswith(".parquet")} == chosen


def test_directory_tests_read_every_writers_spelling_of_a_value(
    helper_cli, pyiceberg_every, monkeypatch
):
    """The generated tests parse directory values: each spelling of a value passes or fails alike,
    and text that is no value of the field is kept for the rows filter to decide."""
    predicate = (
        "amount = 12.5 AND f >= 0.1 AND db IN (100000000000000000000.0) "
        "AND tz = '2024-03-05T07:59:59' AND d < '2024-03-01'"
    )
    generated = snippet(
        helper_cli,
        pyiceberg_every,
        "--engine",
        "dask",
        "--where",
        predicate,
        table="every",
    )
    namespace = execute(pyiceberg_every, monkeypatch, generated["code"])
    tests, keeps = namespace["partition_tests"], namespace["keeps"]
    spellings = {
        "amount": {
            "12.50": True,
            "12.5": True,
            "1.25E+1": True,
            "12.51": False,
            "abc": True,
        },
        "f": {
            "0.1": True,
            "0.10000000149011612": True,
            "0.099999994": False,
            "NaN": True,
        },
        "db": {"1e+20": True, "1.0E20": True, "1.0E21": False, "null": False},
        "tz_hour": {
            "2024-03-05-07": True,
            "2024-03-05-08": False,
            "__HIVE_DEFAULT_PARTITION__": False,
        },
        "d_month": {
            "2024-02": True,
            "1969-12": True,
            "2024-03": False,
            "2024-13": True,
        },
    }
    assert {
        key: {raw: keeps(tests[key], raw) for raw in values}
        for key, values in spellings.items()
    } == spellings
