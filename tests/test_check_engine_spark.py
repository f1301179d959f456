"""`dual-layout check --engine spark`: Spark reads the live set and the listing, the helper's verifier compares.

Hazard scenarios written by real pyiceberg (tests/scenarios) are checked twice, by the helper
alone and through a Spark job on the Spark Connect server the tests start
(tests/fixtures/spark_connect.py); the verdicts must be identical, findings and their order
included. The scenarios cover identity values needing escapes, transforms, leftovers of an
overwrite, an orphan file, a file in the wrong directory, spec evolution and a dropped partition
field, an unpartitioned and an empty table. Tables Spark wrote add position deletes, deletion
vectors (format v3) and a branch checked by name.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.fixtures.spark import new_lakehouse, register_lakehouse
from tests.scenarios.pyiceberg_tables import PyicebergTables
from tests.scenarios.spark_tables import SparkTables

SCENARIOS = [
    "clean_identity",
    "clean_transforms",
    "overwrite_leftovers",
    "orphan_file",
    "wrong_directory",
    "spec_evolution",
    "dropped_partition_field",
    "unpartitioned",
    "empty_table",
]

SPARK_SCENARIOS = ["position_deletes", "deletion_vectors"]


@pytest.fixture(scope="module")
def scenario_home(tmp_path_factory):
    """The scenarios in their own SQL catalog, and a PYICEBERG_HOME naming it."""
    lake = new_lakehouse(
        tmp_path_factory.mktemp("check-engine-lake"), sql_catalog="sparkcheck"
    )
    tables = PyicebergTables(
        lake.load_pyiceberg_catalog(), tmp_path_factory.mktemp("outside")
    )
    scenarios = [getattr(tables, name)() for name in SCENARIOS]
    home = lake.write_pyiceberg_home(tmp_path_factory.mktemp("check-engine-home"))
    return home, [scenario.qualified for scenario in scenarios]


def check(helper_cli, home, *args: str, settings: dict | None = None, python=None):
    """`dual-layout check` as JSON; `python` is the interpreter the Spark job runs in."""
    env = {
        "PYICEBERG_HOME": str(home),
        "DUAL_LAYOUT_PYTHON": str(python or sys.executable),
    }
    if settings is not None:
        env["DUAL_LAYOUT_SETTINGS"] = json.dumps(settings)
    return helper_cli.run("check", "--format", "json", *args, env=env, timeout=900)


def verdicts(result) -> dict[str, dict]:
    """Verdicts by table, without the time they were made."""
    tables = result.json()["tables"]
    return {
        verdict["table"]: {k: v for k, v in verdict.items() if k != "checkedAtMs"}
        for verdict in tables
    }


def test_spark_engine_verdicts_equal_the_helpers(
    helper_cli, spark_connect_server, scenario_home
):
    home, tables = scenario_home
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
    assert {v["status"] for v in helper.values()} == {"consistent", "drift"}
    for table in tables:
        assert spark[table] == helper[table], table


def assert_same_verdicts(helper_cli, connect, home, tables, *args: str) -> None:
    by_helper = check(helper_cli, home, *args, *tables)
    by_spark = check(
        helper_cli,
        home,
        "--engine",
        "spark",
        *args,
        *tables,
        settings={"sparkProfile": {"remote": connect.remote}},
    )
    assert by_spark.returncode == by_helper.returncode, by_spark.stderr[-3000:]
    helper, spark = verdicts(by_helper), verdicts(by_spark)
    assert sorted(helper) == sorted(tables)
    for table in tables:
        assert spark[table] == helper[table], table


@pytest.mark.spark
def test_spark_engine_agrees_on_tables_spark_wrote(
    helper_cli, spark_connect_server, spark, tmp_path
):
    """Delete files (with v3's referenced data file and content offsets) and a branch.

    The tables get a SQLite catalog of their own: the Connect server keeps its JDBC connection to
    every catalog file it read for the rest of the session, and the shared lakehouse's file must
    stay writable for the modules after this one.
    """
    (tmp_path / "lake").mkdir()
    lake = new_lakehouse(
        tmp_path / "lake",
        sql_catalog="sparkwritten",
        hadoop_catalog="sparkwritten_hadoop",
    )
    register_lakehouse(spark, lake)
    tables = SparkTables(spark, lake, namespace="engine_check")
    scenarios = [getattr(tables, name)() for name in SPARK_SCENARIOS]
    main, audit = tables.branch_write()
    home = lake.write_pyiceberg_home(tmp_path)
    assert {s.status for s in scenarios} == {"drift"}
    assert_same_verdicts(
        helper_cli,
        spark_connect_server,
        home,
        [s.qualified for s in [*scenarios, main]],
    )
    assert_same_verdicts(
        helper_cli, spark_connect_server, home, [audit.qualified], "--snapshot", "audit"
    )


def test_spark_engine_verdicts_are_published_for_every_helper(
    helper_cli, spark_connect_server, scenario_home, tmp_path
):
    """An admin's Spark job publishes; helpers then show its verdicts as their own (test_published_verdicts)."""
    home, tables = scenario_home
    chosen = [
        t for t in tables if t.endswith((".overwrite_leftovers", ".clean_identity"))
    ]
    store = tmp_path / "verdicts"
    published = check(
        helper_cli,
        home,
        "--engine",
        "spark",
        "--publish",
        str(store),
        "--published-by",
        "nightly-spark",
        *chosen,
        settings={"sparkProfile": {"remote": spark_connect_server.remote}},
    )
    assert published.returncode == 1, published.stderr[-3000:]
    assert published.stderr.endswith(
        f"published 2 verdicts to {store} as nightly-spark\n"
    )
    entries = [json.loads(path.read_text()) for path in store.glob("*.json")]
    assert {entry.pop("producedBy") for entry in entries} == {"nightly-spark"}
    helper = verdicts(check(helper_cli, home, *chosen))
    for entry in entries:
        for key in ("producedAt", "helperVersion", "checkedAtMs"):
            entry.pop(key)
        assert entry == helper[entry["table"]]


def test_spark_engine_errors_name_the_table(helper_cli, scenario_home):
    home, tables = scenario_home
    usage = check(helper_cli, home, "--engine", "spark", "--files", tables[0])
    assert usage.returncode == 2
    assert "--files" in usage.stderr and "--engine spark" in usage.stderr
    missing_python = helper_cli.run(
        "check",
        "--format",
        "json",
        "--engine",
        "spark",
        tables[0],
        env={
            "PYICEBERG_HOME": str(home),
            "DUAL_LAYOUT_PYTHON": "/nonexistent/python3",
        },
    )
    assert missing_python.returncode == 2
    [verdict] = missing_python.json()["tables"]
    assert verdict["status"] == "error"
    assert verdict["error"].startswith(f"{tables[0]}: cannot start the Spark check")
