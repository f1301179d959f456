/**
 * A small real lakehouse for the planner's tests, written by pyiceberg (SQLite catalog `lake`),
 * one table per cause: a clean one, an overwrite whose old files an older snapshot holds plus an
 * orphan copy, the same held by a tag, a file in the wrong directory, a value Dask decodes
 * differently (`a b` → `region=a+b`), and files written before a column was renamed or promoted.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PYTHON } from '../../catalogs/__tests__/lakehouse';

const BUILD_SCRIPT = String.raw`
import json, os, shutil, sys
import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionSpec, PartitionField
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import IntegerType, LongType, NestedField, StringType

root = sys.argv[1]
db = os.path.join(root, "catalog.db")
warehouse = os.path.join(root, "warehouse")
os.makedirs(warehouse)
lake = SqlCatalog("lake", uri=f"sqlite:///{db}", warehouse=f"file://{warehouse}")
lake.create_namespace("sci")
schema = Schema(NestedField(1, "id", LongType()), NestedField(2, "region", StringType()), NestedField(3, "val", StringType()))
by_region = PartitionSpec(PartitionField(source_id=2, field_id=1000, transform=IdentityTransform(), name="region"))
arrow = pa.schema([pa.field("id", pa.int64()), pa.field("region", pa.string()), pa.field("val", pa.string())])

def rows(ids, regions):
    return pa.table({"id": ids, "region": regions, "val": [f"v{i}" for i in ids]}, schema=arrow)

def table(name):
    return lake.create_table(f"sci.{name}", schema=schema, partition_spec=by_region)

def live_files(t):
    return sorted(f.file.file_path for f in t.scan().plan_files())

out = {"db": db, "tables": {}}

clean = table("clean")
clean.append(rows([1, 2], ["EU", "US"]))
out["tables"]["clean"] = {"snapshots": [str(s.snapshot_id) for s in clean.metadata.snapshots]}

overwritten = table("overwritten")
overwritten.append(rows([1, 2], ["EU", "US"]))
first = live_files(overwritten)
overwritten.overwrite(rows([3], ["EU"]))
orphan = os.path.join(overwritten.location().removeprefix("file://"), "data", "region=EU", "orphan-copy.parquet")
shutil.copy(live_files(overwritten)[0].removeprefix("file://"), orphan)
out["tables"]["overwritten"] = {"snapshots": [str(s.snapshot_id) for s in overwritten.metadata.snapshots], "replaced": first, "orphan": "file://" + orphan, "live": live_files(overwritten)}

tagged = table("tagged")
tagged.append(rows([1], ["EU"]))
tag_at = tagged.metadata.current_snapshot_id
held = live_files(tagged)
tagged.manage_snapshots().create_tag(tag_at, "published").commit()
tagged = lake.load_table("sci.tagged")
tagged.overwrite(rows([2], ["EU"]))
out["tables"]["tagged"] = {"snapshots": [str(s.snapshot_id) for s in tagged.metadata.snapshots], "held": held}

misplaced = table("misplaced")
misplaced.append(rows([1, 2], ["EU", "US"]))
wrong_dir = os.path.join(misplaced.location().removeprefix("file://"), "data", "region=US")
wrong = os.path.join(wrong_dir, "misplaced.parquet")
pq.write_table(rows([7], ["EU"]), wrong)
misplaced.add_files(["file://" + wrong])
misplaced = lake.load_table("sci.misplaced")
out["tables"]["misplaced"] = {"snapshots": [str(s.snapshot_id) for s in misplaced.metadata.snapshots], "misplaced": "file://" + wrong, "live": live_files(misplaced)}

spaced = table("spaced")
spaced.append(rows([1, 2], ["a b", "EU"]))
out["tables"]["spaced"] = {"snapshots": [str(s.snapshot_id) for s in spaced.metadata.snapshots]}

renamed = table("renamed")
renamed.append(rows([1, 2], ["EU", "US"]))
before = live_files(renamed)
with renamed.update_schema() as update:
    update.rename_column("val", "label")
renamed = lake.load_table("sci.renamed")
renamed.append(pa.table({"id": [3], "region": ["ASIA"], "label": ["v3"]}))
renamed = lake.load_table("sci.renamed")
out["tables"]["renamed"] = {"snapshots": [str(s.snapshot_id) for s in renamed.metadata.snapshots], "before": before, "live": live_files(renamed)}
promoted_schema = Schema(NestedField(1, "id", LongType()), NestedField(2, "region", StringType()), NestedField(3, "n", IntegerType()))
promoted = lake.create_table("sci.promoted", schema=promoted_schema, partition_spec=by_region)
promoted.append(pa.table({"id": [1, 2], "region": ["EU", "US"], "n": pa.array([1, 2], pa.int32())}))
before = live_files(promoted)
with promoted.update_schema() as update:
    update.update_column("n", LongType())
promoted = lake.load_table("sci.promoted")
promoted.append(pa.table({"id": [3], "region": ["WEST"], "n": pa.array([2**40], pa.int64())}))
out["tables"]["promoted"] = {"snapshots": [str(s.snapshot_id) for s in lake.load_table("sci.promoted").metadata.snapshots], "before": before}
print(json.dumps(out))
`;

export interface RepairLakehouse {
  db: string;
  tables: Record<string, { snapshots: string[] } & Record<string, unknown>>;
}

/** Build the lakehouse under `root` (an empty directory) with the project's pyiceberg. */
export function buildRepairLakehouse(root: string): RepairLakehouse {
  const output = execFileSync(PYTHON, ['-c', BUILD_SCRIPT, root], { encoding: 'utf-8', timeout: 180000 });
  return JSON.parse(output.trim().split('\n').pop() as string) as RepairLakehouse;
}

/** The lakehouse under `root` plus a `.pyiceberg.yaml` naming it: `env` is what the CLI and the helper read. */
export function repairLakehouseEnv(root: string): { lake: RepairLakehouse; env: NodeJS.ProcessEnv } {
  const lake = buildRepairLakehouse(root);
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.pyiceberg.yaml'), `catalog:\n  lake:\n    uri: sqlite:///${lake.db}\n    warehouse: file://${root}/warehouse\n`);
  return { lake, env: { PYICEBERG_HOME: home } };
}
