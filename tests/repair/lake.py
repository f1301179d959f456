"""The session's catalogs as the repair tests see them: the CLI, Spark and pyiceberg, and the
state of one table (rows, refs, snapshots, bytes on disk) to compare before and after a script."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pyiceberg.table import StaticTable

from tests.repair.rows import IcebergRows, spark_rows
from tests.repair.storage import StorageListing
from tests.scenarios.pyiceberg_tables import local_path
from tests.scenarios.scenario import Scenario


@dataclass(frozen=True)
class StoredTable:
    """Bytes on disk and the catalog's pointer: what a dry run must leave alone."""

    listing: StorageListing
    metadata_location: str


@dataclass(frozen=True)
class TableState:
    stored: StoredTable
    rows: IcebergRows
    #: Rows of every branch and tag but main, by name.
    ref_rows: dict[str, Counter]
    #: Snapshot id of every ref, main included.
    heads: dict[str, int]
    snapshots: set[int]
    #: Data and delete files any retained snapshot references (`all_files`) that are not on disk.
    missing_referenced: set[str]
    #: Live files of each ref.
    live_files: dict[str, set[str]]


class Lake:
    """The CLI, Spark and pyiceberg on the session's catalogs."""

    def __init__(self, helper_cli, home: Path, spark, spark_lakehouse, outside: Path):
        self.cli = helper_cli
        self.env = {"PYICEBERG_HOME": str(home)}
        self.spark = spark
        self.lakehouse = spark_lakehouse
        self.catalog = spark_lakehouse.load_pyiceberg_catalog()
        self.outside = outside

    def run(self, *args: str):
        return self.cli.run(*args, env=self.env)

    def repair(self, tables: list[str], *extra: str):
        return self.run("repair", "--format", "json", *extra, *tables)

    def verdicts(self, tables: list[str]) -> dict[str, dict]:
        result = self.run("check", "--format", "json", *tables)
        assert result.returncode in (0, 1), result.stdout + result.stderr
        return {verdict["table"]: verdict for verdict in result.json()["tables"]}

    def pyiceberg_table(self, scenario: Scenario):
        """The table as it is now: through the SQL catalog, or from a Hadoop table's version hint."""
        if scenario.catalog == self.lakehouse.sql_catalog_name:
            return self.catalog.load_table(scenario.table)
        metadata = self.location(scenario) / "metadata"
        version = (metadata / "version-hint.text").read_text().strip()
        return StaticTable.from_metadata(str(metadata / f"v{version}.metadata.json"))

    def location(self, scenario: Scenario) -> Path:
        if scenario.catalog == self.lakehouse.hadoop_catalog_name:
            return self.lakehouse.hadoop_warehouse / scenario.table.replace(".", "/")
        return Path(local_path(self.catalog.load_table(scenario.table).location()))

    def stored(self, scenario: Scenario) -> StoredTable:
        """Every file of the table (its location, and the foreign files fixtures registered)."""
        return StoredTable(
            StorageListing.of(self.location(scenario), self.outside),
            self.pyiceberg_table(scenario).metadata_location,
        )

    def state(self, scenario: Scenario) -> TableState:
        table = self.pyiceberg_table(scenario)
        heads = {name: ref.snapshot_id for name, ref in table.metadata.refs.items()}
        referenced = table.inspect.all_files().column("file_path").to_pylist()
        qualified = scenario.qualified
        return TableState(
            stored=self.stored(scenario),
            rows=IcebergRows.read(self.spark, qualified, table),
            ref_rows={
                ref: spark_rows(self.spark, qualified, ref)
                for ref in heads
                if ref != "main"
            },
            heads=heads,
            snapshots={snapshot.snapshot_id for snapshot in table.snapshots()},
            missing_referenced={
                local_path(p) for p in referenced if not Path(local_path(p)).exists()
            },
            live_files={
                ref: {
                    local_path(p)
                    for p in table.inspect.files(snapshot_id=snapshot_id)
                    .column("file_path")
                    .to_pylist()
                }
                for ref, snapshot_id in heads.items()
            },
        )
