"""The verifier against hazard tables written by real pyiceberg and Spark, with Dask as ground truth.

For every scenario: the verdict has the expected status, layout and finding kinds; it is
`consistent` exactly when Dask's rows equal Iceberg's, for the plain read and for the reads
filtered on each partition source column (no exceptions); it is `drift` exactly when some finding
says it changes rows; and the live files the helper plans equal pyiceberg's `inspect.files()` for
the same snapshot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pyiceberg.table import StaticTable

from tests.scenarios.ground_truth import compare_views, partition_source_columns
from tests.scenarios.pyiceberg_tables import PyicebergTables
from tests.scenarios.scenario import Scenario
from tests.scenarios.spark_tables import SparkTables

PYICEBERG_SCENARIOS = [
    "clean_identity",
    "identity_space_and_null",
    "clean_transforms",
    "identity_and_transform",
    "identity_on_long",
    "overwrite_leftovers",
    "delete_leftovers",
    "expired_snapshots",
    "orphan_file",
    "add_files_outside",
    "wrong_directory",
    "data_path_moved",
    "renamed_column",
    "dropped_and_readded",
    "promoted_type",
    "promoted_type_new_first",
    "spec_evolution",
    "identity_field_added",
    "dropped_partition_field",
    "object_storage",
    "unpartitioned",
    "dropped_column_new_first",
    "dropped_column_old_first",
    "empty_table",
]
SPARK_SCENARIOS = [
    "spark_clean",
    "spark_cow",
    "spark_compaction",
    "spark_branch",
    "spark_branch@audit",
    "spark_mor",
    "spark_dv",
    "spark_dv_shared",
    "spark_dangling",
    "spark_object_storage",
    "spark_unpartitioned",
    "hadoop_clean",
]


@pytest.fixture(scope="module")
def pyiceberg_home(spark_lakehouse, tmp_path_factory):
    return spark_lakehouse.write_pyiceberg_home(
        tmp_path_factory.mktemp("pyiceberg-home")
    )


@pytest.fixture(scope="module")
def pyiceberg_scenarios(spark_lakehouse, tmp_path_factory) -> dict[str, Scenario]:
    built = PyicebergTables(
        spark_lakehouse.load_pyiceberg_catalog(), tmp_path_factory.mktemp("outside")
    ).build_all()
    return {s.name: s for s in built}


@pytest.fixture(scope="module")
def spark_scenarios(spark, spark_lakehouse) -> dict[str, Scenario]:
    return {s.name: s for s in SparkTables(spark, spark_lakehouse).build_all()}


class Verdicts:
    """Runs `dual-layout check` once per snapshot selector and keeps the JSON verdicts."""

    def __init__(self, helper_cli, home):
        self.cli = helper_cli
        self.home = home
        self._by_key: dict[tuple[str, str | None], dict] = {}

    def of(self, scenario: Scenario, others: list[Scenario]) -> dict:
        key = (scenario.qualified, scenario.snapshot)
        if key not in self._by_key:
            batch = (
                [s for s in others if s.snapshot is None]
                if scenario.snapshot is None
                else [scenario]
            )
            args = [
                "check",
                "--format",
                "json",
                "--files",
                *sorted({s.qualified for s in batch}),
            ]
            if scenario.snapshot:
                args += ["--snapshot", scenario.snapshot]
            result = self.cli.run(*args, env={"PYICEBERG_HOME": str(self.home)})
            assert result.returncode in (0, 1, 2), result.stderr
            for verdict in result.json()["tables"]:
                self._by_key[(verdict["table"], scenario.snapshot)] = verdict
        return self._by_key[key]


@pytest.fixture(scope="module")
def verdicts(helper_cli, pyiceberg_home):
    return Verdicts(helper_cli, pyiceberg_home)


def assert_verdict(scenario: Scenario, verdict: dict):
    assert (verdict["status"], verdict["layout"]["kind"]) == (
        scenario.status,
        scenario.layout,
    ), verdict
    assert verdict["layout"]["pruning"] in ("safe", "unsafe")
    assert verdict["layout"]["explanation"]
    kinds = {finding["kind"] for finding in verdict["findings"]}
    assert scenario.kinds <= kinds, verdict["findings"]
    for finding in verdict["findings"]:
        assert finding["path"] and finding["detail"], finding
    changing = [f for f in verdict["findings"] if f["changesRows"]]
    assert (verdict["status"] == "drift") == bool(changing), verdict["findings"]


def assert_agrees_with_ground_truth(scenario: Scenario, verdict: dict, table):
    snapshot_id = verdict["snapshot"]
    truth = compare_views(
        scenario.iceberg_rows(),
        scenario.data_root,
        scenario.extra.get("storage_options"),
        filter_columns=partition_source_columns(table, snapshot_id),
    )
    assert (verdict["status"] == "consistent") == truth.match, (
        f"{truth.reason}; verdict {verdict}"
    )
    return truth


def pyiceberg_table(scenario: Scenario, catalog, verdict):
    if scenario.catalog == "hadoop":
        return StaticTable.from_metadata(verdict["metadataLocation"])
    return catalog.load_table(scenario.table)


def live_files_by_pyiceberg(scenario: Scenario, table, verdict) -> list[str]:
    """pyiceberg's live files of the checked snapshot; also checks the verdict names it exactly."""
    snapshot_id = (
        table.snapshot_by_name(scenario.snapshot).snapshot_id
        if scenario.snapshot
        else None
    )
    current = table.current_snapshot()
    assert verdict["snapshot"] == (snapshot_id or (current and current.snapshot_id))
    return sorted(
        table.inspect.files(snapshot_id=snapshot_id).column("file_path").to_pylist()
    )


def check_scenario(scenario: Scenario, verdict: dict, catalog):
    table = pyiceberg_table(scenario, catalog, verdict)
    assert_verdict(scenario, verdict)
    truth = assert_agrees_with_ground_truth(scenario, verdict, table)
    planned = sorted(f["path"] for f in verdict["files"])
    assert planned == live_files_by_pyiceberg(scenario, table, verdict)
    # The scenario table of the verifier's README: `pytest -s` prints it.
    print(
        f"\nSCENARIO {scenario.name} | {verdict['layout']['kind']} "
        f"({verdict['layout']['pruning']}) | {verdict['status']} | "
        f"plain {'=' if truth.plain else '≠'} filtered {'=' if truth.filtered else '≠'} | {truth.reason[:160]}"
    )
    return table


@pytest.mark.parametrize("name", PYICEBERG_SCENARIOS)
def test_pyiceberg_scenario(name, pyiceberg_scenarios, verdicts, spark_lakehouse):
    assert set(pyiceberg_scenarios) == set(PYICEBERG_SCENARIOS)
    scenario = pyiceberg_scenarios[name]
    verdict = verdicts.of(scenario, list(pyiceberg_scenarios.values()))
    check_scenario(scenario, verdict, spark_lakehouse.load_pyiceberg_catalog())


@pytest.mark.spark
@pytest.mark.parametrize("name", SPARK_SCENARIOS)
def test_spark_scenario(name, spark_scenarios, verdicts, spark_lakehouse):
    assert set(spark_scenarios) == set(SPARK_SCENARIOS)
    scenario = spark_scenarios[name]
    verdict = verdicts.of(scenario, list(spark_scenarios.values()))
    table = check_scenario(scenario, verdict, spark_lakehouse.load_pyiceberg_catalog())
    if name == "spark_dv_shared":
        assert_vectors_share_a_puffin_file(table, verdict)
    if name == "spark_dangling":
        assert_dangling_deletes_change_no_rows(verdict)
    if name == "spark_mor":
        assert verdict["deletes"]["deletedRows"] == 2, verdict


def assert_vectors_share_a_puffin_file(table, verdict):
    """Each deletion vector is its own finding, and the summary names every data file."""
    files = table.inspect.files().to_pylist()
    vectors = [f for f in files if f["file_format"] == "PUFFIN"]
    by_puffin: dict[str, int] = {}
    for vector in vectors:
        by_puffin[vector["file_path"]] = by_puffin.get(vector["file_path"], 0) + 1
    assert max(by_puffin.values()) >= 2, by_puffin
    findings = [f for f in verdict["findings"] if f["kind"] == "delete-file"]
    assert sorted((f["path"], f["deletedRows"]) for f in findings) == sorted(
        (v["file_path"], v["record_count"]) for v in vectors
    )
    referenced = sorted(f["referencedDataFile"] for f in findings)
    assert len(set(referenced)) == len(vectors)
    assert verdict["deletes"] == {
        "affectedDataFiles": referenced,
        "deletedRows": 5,
    }


def assert_dangling_deletes_change_no_rows(verdict):
    """After compaction the delete file still is live but deletes no row of a live data file;
    it changes Dask's rows only because it sits in the Hive tree, where Dask reads it as data."""
    deletes = [f for f in verdict["findings"] if f["kind"] == "delete-file"]
    assert deletes, verdict["findings"]
    for finding in deletes:
        assert "deletes nothing" in finding["detail"], finding
        assert finding["changesRows"] == ("reads it as data" in finding["detail"])
    assert "deletes" not in verdict


@pytest.mark.s3
def test_s3_scenarios(s3_server, helper_cli, tmp_path):
    from tests.scenarios.s3_tables import S3Tables

    tables = S3Tables(
        s3_server, f"verifier-{tmp_path.name}", tmp_path / "s3-catalog.db"
    )
    scenarios = tables.build_all()
    (tmp_path / ".pyiceberg.yaml").write_text(
        yaml.safe_dump({"catalog": {tables.catalog.name: tables.properties}})
    )
    result = helper_cli.run(
        "check",
        "--format",
        "json",
        "--files",
        *(s.qualified for s in scenarios),
        env={"PYICEBERG_HOME": str(tmp_path)},
    )
    assert result.returncode == 1, result.stderr
    by_table = {v["table"]: v for v in result.json()["tables"]}
    for scenario in scenarios:
        check_scenario(scenario, by_table[scenario.qualified], tables.catalog)


def test_broken_table_is_an_error_and_the_others_are_still_checked(
    helper_cli, tmp_path
):
    """A truncated metadata file gives that table status `error` naming the file; JSON stays valid."""
    from pyiceberg.catalog.sql import SqlCatalog

    from tests.scenarios.pyiceberg_tables import IDENTITY_REGION, SCHEMA, observations

    properties = {
        "type": "sql",
        "uri": f"sqlite:///{tmp_path / 'catalog.db'}",
        "warehouse": (tmp_path / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("broken", **properties)
    catalog.create_namespace("ns")
    for name in ("good", "bad"):
        table = catalog.create_table(
            f"ns.{name}", SCHEMA, partition_spec=IDENTITY_REGION
        )
        table.append(observations(range(1, 4)))
    bad_metadata = catalog.load_table("ns.bad").metadata_location.removeprefix(
        "file://"
    )
    metadata_file = Path(bad_metadata)
    metadata_file.write_bytes(
        metadata_file.read_bytes()[: metadata_file.stat().st_size // 2]
    )
    (tmp_path / ".pyiceberg.yaml").write_text(
        yaml.safe_dump({"catalog": {"broken": properties}})
    )
    tree_before = sorted(
        (str(p), p.stat().st_size, p.stat().st_mtime_ns)
        for p in (tmp_path / "warehouse").rglob("*")
    )

    result = helper_cli.run(
        "check", "--format", "json", env={"PYICEBERG_HOME": str(tmp_path)}
    )

    assert result.returncode == 2, result.stderr
    verdicts = {v["table"]: v for v in result.json()["tables"]}
    assert verdicts["broken.ns.good"]["status"] == "consistent"
    assert verdicts["broken.ns.bad"]["status"] == "error"
    assert bad_metadata in verdicts["broken.ns.bad"]["error"]
    assert tree_before == sorted(
        (str(p), p.stat().st_size, p.stat().st_mtime_ns)
        for p in (tmp_path / "warehouse").rglob("*")
    )


def test_text_output_and_exit_codes(helper_cli, pyiceberg_scenarios, pyiceberg_home):
    """Text for people: one block per table with the status spelled out; 0 consistent, 1 drift."""
    env = {"PYICEBERG_HOME": str(pyiceberg_home)}
    clean = helper_cli.run("check", "lake.hz.clean_identity", env=env)
    assert clean.returncode == 0, clean.stderr
    assert "lake.hz.clean_identity" in clean.stdout and "consistent" in clean.stdout
    assert "layout hive (pruning safe)" in clean.stdout
    hashed = helper_cli.run("check", "lake.hz.object_storage", env=env)
    assert hashed.returncode == 0, hashed.stderr
    assert "consistent" in hashed.stdout
    assert "layout object-storage (pruning unsafe)" in hashed.stdout
    drift = helper_cli.run("check", "--catalog", "lake", "hz.orphan_file", env=env)
    assert drift.returncode == 1, drift.stderr
    assert (
        "DRIFT" in drift.stdout and "orphan-of-a-failed-write.parquet" in drift.stdout
    )
    unknown = helper_cli.run(
        "check", "lake.hz.clean_identity", "--snapshot", "nope", env=env
    )
    assert unknown.returncode == 2
    assert "lake.hz.clean_identity" in unknown.stdout
    assert "has no branch or tag nope" in unknown.stdout
