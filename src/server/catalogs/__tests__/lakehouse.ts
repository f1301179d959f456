/**
 * Builds small real catalogs with pyiceberg for the catalog specs: an SQLite
 * SQL catalog (two catalog names sharing one database, nested and empty
 * namespaces, a table with several commits) and a Hadoop layout made from
 * that table's metadata files (`v<N>.metadata.json` + `version-hint.text`,
 * which is all Iceberg's Hadoop layout is).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

export const PYTHON = process.env.DUAL_LAYOUT_PYTHON ?? path.resolve(__dirname, '../../../../.venv/bin/python');

const BUILD_SCRIPT = String.raw`
import json, os, shutil, sys
import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog

root = sys.argv[1]
db = os.path.join(root, "catalog.db")
warehouse = os.path.join(root, "warehouse")
os.makedirs(warehouse)
lake = SqlCatalog("lake", uri=f"sqlite:///{db}", warehouse=f"file://{warehouse}")
lake.create_namespace("sci")
lake.create_namespace(("sci", "deep"))
lake.create_namespace("empty_ns", {"owner": "nobody"})
schema = pa.schema([("id", pa.int64()), ("region", pa.string())])
obs = lake.create_table("sci.obs", schema=schema)
obs.append(pa.table({"id": [1, 2], "region": ["EU", "US"]}))
obs.append(pa.table({"id": [3], "region": ["EU"]}))
lake.create_table("sci.deep.stations", schema=schema)
other = SqlCatalog("other", uri=f"sqlite:///{db}", warehouse=f"file://{warehouse}")
other.create_namespace("ops")
other.create_table("ops.runs", schema=schema)

# Hadoop layout: the same table's metadata files as v1..vN plus the hint.
obs = lake.load_table("sci.obs")
history = [entry.metadata_file for entry in obs.metadata.metadata_log] + [obs.metadata_location]
hadoop_metadata = os.path.join(root, "hadoop", "sci", "obs", "metadata")
os.makedirs(hadoop_metadata)
for version, location in enumerate(history, start=1):
    shutil.copy(location.removeprefix("file://"), os.path.join(hadoop_metadata, f"v{version}.metadata.json"))
with open(os.path.join(hadoop_metadata, "version-hint.text"), "w") as hint:
    hint.write(str(len(history)))
print(json.dumps({
    "db": db,
    "obs": lake.load_table("sci.obs").metadata_location,
    "stations": lake.load_table("sci.deep.stations").metadata_location,
    "runs": other.load_table("ops.runs").metadata_location,
    "hadoopWarehouse": os.path.join(root, "hadoop"),
    "hadoopVersions": len(history),
}))
`;

export interface Lakehouse {
  db: string;
  obs: string;
  stations: string;
  runs: string;
  hadoopWarehouse: string;
  hadoopVersions: number;
}

/** Build the lakehouse under `root` (an empty directory) with the project's pyiceberg. */
export function buildLakehouse(root: string): Lakehouse {
  const output = execFileSync(PYTHON, ['-c', BUILD_SCRIPT, root], { encoding: 'utf-8', timeout: 120000 });
  return JSON.parse(output.trim().split('\n').pop() as string) as Lakehouse;
}
