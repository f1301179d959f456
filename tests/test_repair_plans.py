"""`dual-layout repair` plans executed in real Spark, with Dask as the judge.

Every drift fixture of the verifier scenarios (pyiceberg and Spark writers) is built again in this
module's own namespace, planned with `dual-layout repair --format json`, and its `script` run with
`spark` bound, first as a dry run (which must change no byte under the table), then for real.
Afterwards Iceberg's rows are the same multiset as before (Spark and pyiceberg), no file a
retained snapshot, branch or tag references is gone, and either `dual-layout check` says
`consistent` and Dask's plain and filtered reads return Iceberg's rows, or the plan said
`repairable: false` and named exactly the finding kinds it leaves, and every row-changing finding
left afterwards is one it named. `pytest -s` prints the matrix: scenario → steps → outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.fixtures.spark import SparkLakehouse, new_lakehouse, register_lakehouse
from tests.repair.lake import Lake, StoredTable, TableState
from tests.repair.script import ScriptRun, run_script
from tests.repair.storage import StorageListing
from tests.scenarios.ground_truth import compare_views, partition_source_columns
from tests.scenarios.pyiceberg_tables import (
    IDENTITY_REGION,
    SCHEMA,
    PyicebergTables,
    local_path,
    observations,
)
from tests.scenarios.scenario import Scenario
from tests.scenarios.spark_tables import SparkTables, values

NAMESPACE = "repair"

#: Building the fixtures and running every plan's script twice is one module fixture, longer than
#: the suite's default per-test timeout on two shared cores (expire_snapshots takes seconds each).
pytestmark = pytest.mark.timeout(1800)

#: Consistent already: the plan has no steps and `repair` exits 0.
CONSISTENT = [
    "clean_identity",
    "clean_transforms",
    "promoted_type_new_first",
    "identity_field_added",
    "dropped_partition_field",
    "object_storage",
    "unpartitioned",
    "dropped_column_new_first",
    "spark_clean",
    "spark_branch@audit",
    "spark_object_storage",
    "spark_unpartitioned",
    "hadoop_clean",
]
#: Drifted, and the plan's script makes them consistent.
REPAIRED = [
    "overwrite_leftovers",
    "delete_leftovers",
    "expired_snapshots",
    "orphan_file",
    "dask_metadata_summary",
    "add_files_outside",
    "wrong_directory",
    "data_path_moved",
    "renamed_column",
    "dropped_and_readded",
    "promoted_type",
    "spec_evolution",
    "dropped_column_old_first",
    "spark_cow",
    "spark_compaction",
    "spark_mor",
    "spark_dv",
    "spark_dv_shared",
    "spark_dangling",
    "spark_rolled_back",
    "spark_wap",
]
#: Drifted beyond repair in place: the finding kinds the plan must name as unrepairable.
UNREPAIRABLE = {
    # Iceberg writers spell `a b` as `a+b` and null as `null`, which Dask decodes differently.
    "identity_space_and_null": {"partition-mismatch"},
    # Identity beside transform keys: Dask refuses the tree by design.
    "identity_and_transform": {"schema-drift"},
    # An identity key on a long column: Dask types the directory int32.
    "identity_on_long": {"schema-drift"},
    # No data file at all: Dask raises on an empty tree.
    "empty_table": {"schema-drift"},
    # The audit branch's head holds its files.
    "spark_branch": {"stale-file"},
    # A tag or a branch on an old snapshot holds the files main replaced.
    "spark_tagged": {"stale-file"},
    "spark_old_branch": {"stale-file"},
}
SCENARIOS = [*CONSISTENT, *REPAIRED, *UNREPAIRABLE]

PLAN_KEYS = {
    "table",
    "status",
    "snapshot",
    "repairable",
    "steps",
    "unrepairable",
    "advice",
    "script",
    "standaloneScript",
    "assumptions",
    "dryRun",
}
STEP_KEYS = {
    "title",
    "why",
    "findings",
    "partitions",
    "code",
    "files",
    "rewriteBytes",
    "expiresSnapshots",
}
UNREPAIRABLE_KEYS = {"findings", "paths", "reason", "alternative"}


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """Where fixtures keep files outside any table (add_files of a foreign file)."""
    return tmp_path_factory.mktemp("repair-outside")


@pytest.fixture(scope="module")
def repair_lakehouse(spark, tmp_path_factory) -> SparkLakehouse:
    """This module's own catalogs: it writes with pyiceberg and Spark alike (see register_lakehouse)."""
    lakehouse = new_lakehouse(
        tmp_path_factory.mktemp("repair-lakehouse"), "repairs", "repairs_hadoop"
    )
    register_lakehouse(spark, lakehouse)
    return lakehouse


@pytest.fixture(scope="module")
def scenarios(spark, repair_lakehouse, outside) -> dict[str, Scenario]:
    # pyiceberg writes first: once Spark's JDBC catalog has written to the SQLite file, a
    # pyiceberg commit finds the database locked.
    pyiceberg_tables = PyicebergTables(
        repair_lakehouse.load_pyiceberg_catalog(), outside, NAMESPACE
    )
    built = [*pyiceberg_tables.build_all(), pyiceberg_tables.dask_metadata_summary()]
    spark_tables = SparkTables(spark, repair_lakehouse, NAMESPACE)
    built += [*spark_tables.build_all(), *spark_tables.build_retained_history()]
    return {s.name: s for s in built}


@pytest.fixture(scope="module")
def home(repair_lakehouse, tmp_path_factory) -> Path:
    return repair_lakehouse.write_pyiceberg_home(
        tmp_path_factory.mktemp("repair-pyiceberg-home")
    )


@pytest.fixture(scope="module")
def lake(helper_cli, home, spark, repair_lakehouse, outside) -> Lake:
    return Lake(helper_cli, home, spark, repair_lakehouse, outside)


@dataclass
class Outcome:
    """One scenario's plans, script runs and table states, from `outcomes`."""

    scenario: Scenario
    plan: dict | None = None
    dry_plan: dict | None = None
    #: Taken right before the dry run (two scenarios may share a table).
    before: TableState | None = None
    dry_run: ScriptRun | None = None
    after_dry_run: StoredTable | None = None
    run: ScriptRun | None = None
    after: TableState | None = None
    verdict: dict | None = None


@dataclass(frozen=True)
class Outcomes:
    by_name: dict[str, Outcome]
    #: `(exit code, stdout + stderr)` of `repair` on each group of tables `outcomes` planned:
    #: the drifted ones, the consistent ones, and each one planned at a branch or tag.
    exits: dict[str, tuple[int, str]]


@pytest.fixture(scope="module")
def outcomes(scenarios, lake) -> Outcomes:
    """Plans every scenario (one `repair` per snapshot selector and mode), runs each dry-run
    script and then each script, recording the table before and after, then checks them all."""
    by_name = {name: Outcome(s) for name, s in scenarios.items()}
    exits = {}
    groups = {
        "consistent": [n for n in CONSISTENT if scenarios[n].snapshot is None],
        "drift": [*REPAIRED, *UNREPAIRABLE],
        **{n: [n] for n, s in scenarios.items() if s.snapshot is not None},
    }
    for group, names in groups.items():
        selector = scenarios[names[0]].snapshot
        extra = ["--snapshot", selector] if selector else []
        tables = [scenarios[n].qualified for n in names]
        result = lake.repair(tables, *extra)
        dry = lake.repair(tables, "--dry-run", *extra)
        exits[group] = (result.returncode, result.stdout + result.stderr)
        plans = {p["table"]: p for p in result.json()["tables"]}
        dry_plans = {p["table"]: p for p in dry.json()["tables"]}
        for name in names:
            by_name[name].plan = plans.get(scenarios[name].qualified)
            by_name[name].dry_plan = dry_plans.get(scenarios[name].qualified)
    for name, outcome in by_name.items():
        if outcome.plan is None or outcome.dry_plan is None:
            continue
        outcome.before = lake.state(outcome.scenario)
        outcome.dry_run = run_script(outcome.dry_plan["script"], lake.spark, name)
        outcome.after_dry_run = lake.stored(outcome.scenario)
        outcome.run = run_script(outcome.plan["script"], lake.spark, name)
        outcome.after = lake.state(outcome.scenario)
    verdicts = lake.verdicts(sorted({s.qualified for s in scenarios.values()}))
    for outcome in by_name.values():
        outcome.verdict = verdicts.get(outcome.scenario.qualified)
    return Outcomes(by_name, exits)


def assert_contract(plan: dict, scenario: Scenario, dry_run: bool):
    assert set(plan) == PLAN_KEYS, plan
    assert plan["table"] == scenario.qualified
    assert plan["dryRun"] is dry_run
    assert isinstance(plan["script"], str) and isinstance(plan["standaloneScript"], str)
    assert not plan["steps"] or plan["assumptions"], "a plan states what it assumes"
    for step in plan["steps"]:
        assert set(step) == STEP_KEYS, sorted(step)
        assert step["title"] and step["why"] and step["code"], step
        assert step["findings"], step
        assert step["code"] in plan["script"], "the script performs every step"
    for cause in plan["unrepairable"]:
        assert set(cause) == UNREPAIRABLE_KEYS, sorted(cause)
        assert cause["findings"] and cause["reason"] and cause["alternative"], cause


def step_kinds(plan: dict) -> list[str]:
    return [
        f"{step['title']} [{', '.join(step['findings'])}]" for step in plan["steps"]
    ]


def expired(plan: dict) -> set[int]:
    return {int(s) for step in plan["steps"] for s in step["expiresSnapshots"]}


def unrepairable_kinds(plan: dict) -> set[str]:
    return {kind for cause in plan["unrepairable"] for kind in cause["findings"]}


def named_by(plan: dict, path: str) -> bool:
    """Whether an unrepairable cause names the file, or a directory holding it."""
    target = local_path(path).rstrip("/")
    for cause in plan["unrepairable"]:
        for named in cause["paths"]:
            named = local_path(named).rstrip("/")
            if target == named or target.startswith(named + "/"):
                return True
    return False


def print_matrix(name: str, plan: dict, outcome: str):
    steps = "; ".join(step_kinds(plan)) or "no steps"
    print(f"\nMATRIX {name} | {plan['status']} | {steps} | {outcome}")


@pytest.mark.spark
def test_repair_exits_0_when_nothing_needs_repair_and_1_with_a_plan(outcomes):
    codes = {group: code for group, (code, _) in outcomes.exits.items()}
    expected = {group: 1 if group == "drift" else 0 for group in codes}
    assert codes == expected, outcomes.exits


@pytest.mark.spark
@pytest.mark.parametrize("name", SCENARIOS)
def test_plan_repairs_or_says_why(name, outcomes, lake):
    assert set(outcomes.by_name) == set(SCENARIOS)
    outcome = outcomes.by_name[name]
    scenario, plan, before = outcome.scenario, outcome.plan, outcome.before
    assert plan is not None and outcome.dry_plan is not None, "no plan for the table"
    assert_contract(plan, scenario, dry_run=False)
    assert_contract(outcome.dry_plan, scenario, dry_run=True)
    assert outcome.dry_plan["snapshot"] == plan["snapshot"]
    assert [s["title"] for s in outcome.dry_plan["steps"]] == [
        s["title"] for s in plan["steps"]
    ]

    assert outcome.dry_run.stopped is None, outcome.dry_run.output
    assert outcome.after_dry_run == before.stored, "a dry run changes no byte"

    run, after = outcome.run, outcome.after
    assert run.stopped is None, run.output
    assert after.rows == before.rows, "Iceberg's rows are unchanged"
    assert after.ref_rows == before.ref_rows, "every branch and tag reads its rows"
    assert {r: s for r, s in after.heads.items() if r != "main"} == {
        r: s for r, s in before.heads.items() if r != "main"
    }, "only main moves (a rewrite commits to it)"
    other_heads = {s for r, s in before.heads.items() if r != "main"}
    assert not expired(plan) & other_heads, f"expires a ref's head: {before.heads}"
    assert not after.missing_referenced, "a retained snapshot's file was removed"
    assert before.snapshots - after.snapshots == expired(plan), (
        "the plan names every snapshot it expires"
    )

    if name in CONSISTENT:
        assert (plan["steps"], plan["unrepairable"], plan["repairable"]) == (
            [],
            [],
            True,
        )
        assert after.stored == before.stored, "nothing to repair, nothing changed"
        print_matrix(name, plan, "consistent, nothing to do")
        return
    if name in REPAIRED:
        assert plan["repairable"] is True, plan["unrepairable"]
        assert plan["unrepairable"] == []
        assert plan["steps"], "a drifted table gets steps"
        assert outcome.verdict["status"] == "consistent", (
            [(step["title"], step["partitions"]) for step in plan["steps"]],
            outcome.verdict["findings"],
        )
        assert_dask_reads_iceberg_rows(lake, scenario)
        print_matrix(name, plan, "repaired: consistent, Dask = Iceberg")
        return
    assert plan["repairable"] is False
    assert unrepairable_kinds(plan) == UNREPAIRABLE[name], plan["unrepairable"]
    assert outcome.verdict["status"] == "drift"
    left = [f for f in outcome.verdict["findings"] if f["changesRows"]]
    unnamed = [f for f in left if not named_by(plan, f["path"])]
    assert not unnamed, f"drift the plan did not name: {unnamed}"
    reasons = "; ".join(cause["reason"] for cause in plan["unrepairable"])
    print_matrix(name, plan, f"not repairable: {reasons}")


def assert_dask_reads_iceberg_rows(lake: Lake, scenario: Scenario):
    table = lake.pyiceberg_table(scenario)
    snapshot = table.current_snapshot()
    snapshot_id = snapshot.snapshot_id if snapshot else None
    truth = compare_views(
        table.scan(snapshot_id=snapshot_id).to_arrow(),
        scenario.data_root,
        filter_columns=partition_source_columns(table, snapshot_id),
    )
    assert truth.match, truth.reason


@pytest.mark.spark
@pytest.mark.parametrize("name", ["spark_tagged", "spark_old_branch"])
def test_a_ref_on_an_old_snapshot_keeps_its_files(name, outcomes):
    """Main replaced two files of region US; a ref holds the first. The plan expires only the
    snapshot that held the second, keeps every file the ref reads, and names the first."""
    outcome = outcomes.by_name[name]
    before, after, plan = outcome.before, outcome.after, outcome.plan
    held = before.live_files["keep"] - before.live_files["main"]
    assert len(held) == 1, held
    middle = before.snapshots - set(before.heads.values())
    assert expired(plan) == middle
    named = {local_path(p) for c in plan["unrepairable"] for p in c["paths"]}
    assert named == held
    assert after.ref_rows["keep"] == before.ref_rows["keep"]
    assert after.live_files["keep"] == before.live_files["keep"]
    assert all(Path(p).exists() for p in after.live_files["keep"])
    assert after.snapshots == set(before.heads.values())
    stale = {
        local_path(f["path"])
        for f in outcome.verdict["findings"]
        if f["kind"] == "stale-file"
    }
    assert stale == held, "only the file the ref holds is left stale"


@pytest.mark.spark
def test_a_moved_table_is_refused(lake, spark):
    """Plan, then one more append: the script stops before changing anything, saying why."""
    namespace = f"{NAMESPACE}_moved"
    tables = SparkTables(spark, lake.lakehouse, namespace)
    scenario = tables.copy_on_write_leftovers()
    result = lake.repair([scenario.qualified])
    assert result.returncode == 1, result.stderr
    [plan] = result.json()["tables"]
    spark.sql(f"INSERT INTO {scenario.qualified} VALUES {values([100])}")
    moved_to = lake.pyiceberg_table(scenario).current_snapshot().snapshot_id
    before = lake.state(scenario)

    run = run_script(plan["script"], spark, scenario.name)

    assert run.stopped is not None, run.output
    assert str(plan["snapshot"]) in run.stopped and str(moved_to) in run.stopped, (
        run.stopped
    )
    assert lake.state(scenario) == before, "nothing was changed"


@pytest.mark.spark
def test_keep_history_expires_nothing_and_names_what_stays(lake, spark):
    """With --keep-history the leftovers older snapshots hold stay, and the plan says so."""
    tables = SparkTables(spark, lake.lakehouse, f"{NAMESPACE}_history")
    scenario = tables.copy_on_write_leftovers()
    result = lake.repair([scenario.qualified], "--keep-history")
    assert result.returncode == 1, result.stderr
    [plan] = result.json()["tables"]
    assert_contract(plan, scenario, dry_run=False)
    assert (plan["repairable"], expired(plan)) == (False, set())
    assert unrepairable_kinds(plan) == {"stale-file"}
    stale = {
        local_path(f["path"])
        for f in lake.verdicts([scenario.qualified])[scenario.qualified]["findings"]
        if f["kind"] == "stale-file"
    }
    assert {local_path(p) for c in plan["unrepairable"] for p in c["paths"]} == stale
    before = lake.state(scenario)

    run = run_script(plan["script"], spark, scenario.name)

    assert run.stopped is None, run.output
    assert lake.state(scenario) == before, "history kept, nothing changed"


def test_an_unknown_table_exits_2_with_one_line(lake, repair_lakehouse):
    catalog = repair_lakehouse.sql_catalog_name
    result = lake.run("repair", f"{catalog}.{NAMESPACE}.no_such_table")
    assert result.returncode == 2, result.stdout + result.stderr
    table = f"{NAMESPACE}.no_such_table"
    assert result.stderr.splitlines() == [
        f"dual-layout repair: {catalog}.{table}: Table '{table}' does not exist in catalog '{catalog}'"
    ]


def test_a_corrupt_metadata_file_exits_2_naming_it(helper_cli, tmp_path):
    from pyiceberg.catalog.sql import SqlCatalog

    properties = {
        "type": "sql",
        "uri": f"sqlite:///{tmp_path / 'catalog.db'}",
        "warehouse": (tmp_path / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("broken", **properties)
    catalog.create_namespace("ns")
    table = catalog.create_table("ns.bad", SCHEMA, partition_spec=IDENTITY_REGION)
    table.append(observations(range(1, 4)))
    table.overwrite(observations(range(5, 7)))
    metadata = Path(local_path(catalog.load_table("ns.bad").metadata_location))
    metadata.write_bytes(metadata.read_bytes()[: metadata.stat().st_size // 2])
    (tmp_path / ".pyiceberg.yaml").write_text(
        yaml.safe_dump({"catalog": {"broken": properties}})
    )
    listing = StorageListing.of(tmp_path / "warehouse")

    result = helper_cli.run(
        "repair", "broken.ns.bad", env={"PYICEBERG_HOME": str(tmp_path)}
    )

    assert result.returncode == 2, result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("dual-layout repair: broken.ns.bad: "), line
    assert str(metadata) in line, line
    assert StorageListing.of(tmp_path / "warehouse") == listing
