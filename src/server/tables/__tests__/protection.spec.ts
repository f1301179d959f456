import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildLakehouse, Lakehouse as BuiltLakehouse, PYTHON } from '../../catalogs/__tests__/lakehouse';
import { tablesOf } from '../catalogTables';
import { Lakehouse } from '../lakehouse';
import { buildProtectionPolicy, ProtectionPolicy, unprotectedTables } from '../protection';

const ADMIN = { protectedPaths: ['s3://lake/curated'], allowedPaths: ['s3://lake/curated/scratch'] };

let root: string;
let built: BuiltLakehouse;
let warehouse: string;

function localPath(location: string): string {
  return location.replace(/^file:\/\//, '');
}

/** The table's location as pyiceberg wrote it into its metadata. */
function locationOf(metadataLocation: string): string {
  return JSON.parse(fs.readFileSync(localPath(metadataLocation), 'utf8')).location as string;
}

function sqlite(statement: string, ...params: string[]): void {
  const script = 'import sqlite3, sys\nwith sqlite3.connect(sys.argv[1]) as db:\n    db.execute(sys.argv[2], sys.argv[3:])\n';
  execFileSync(PYTHON, ['-c', script, built.db, statement, ...params]);
}

function home(catalogs: Record<string, Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(root, 'home-'));
  const yaml = [
    'catalog:',
    ...Object.entries(catalogs).flatMap(([name, props]) => [`  ${name}:`, ...Object.entries(props).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)])
  ];
  fs.writeFileSync(path.join(dir, '.pyiceberg.yaml'), yaml.join('\n'));
  return dir;
}

async function policyFor(pyicebergHome: string, catalog?: string): Promise<ProtectionPolicy> {
  const lakehouse = Lakehouse.load({ env: { PYICEBERG_HOME: pyicebergHome, DUAL_LAYOUT_SETTINGS: JSON.stringify(ADMIN) }, cwd: root });
  try {
    return await buildProtectionPolicy(lakehouse, { catalog, tablesOf });
  } finally {
    await lakehouse.dispose();
  }
}

function locationsOf(policy: ProtectionPolicy, table: string): string[] {
  return policy.protected.filter(entry => entry.table === table).map(entry => entry.location);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-protection-'));
  built = buildLakehouse(fs.mkdtempSync(path.join(root, 'lake-')));
  warehouse = `file://${path.join(path.dirname(built.db), 'warehouse')}`;
  // sci.deep.stations: its current metadata file cut in half, as a crashed copy leaves it.
  const stations = localPath(built.stations);
  const text = fs.readFileSync(stations, 'utf8');
  fs.writeFileSync(stations, text.slice(0, text.length / 2));
  // sci.gone: a catalog row whose metadata file was deleted.
  sqlite(
    'INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location) VALUES (?, ?, ?, ?)',
    'lake',
    'sci',
    'gone',
    `${warehouse}/sci/gone/metadata/00003-deleted.metadata.json`
  );
});

describe('buildProtectionPolicy', () => {
  describe('a catalog with readable and unreadable tables', () => {
    let policy: ProtectionPolicy;

    beforeAll(async () => {
      policy = await policyFor(home({ lake: { uri: `sqlite:///${built.db}`, warehouse } }));
    });

    it('should protect a readable table at the location its metadata gives', () => {
      expect(locationsOf(policy, 'lake.sci.obs')).toEqual([locationOf(built.obs)]);
    });

    it('should protect a table with truncated metadata at the parent of its metadata folder', () => {
      expect(locationsOf(policy, 'lake.sci.deep.stations')).toEqual([built.stations.replace(/\/metadata\/[^/]+$/, '')]);
    });

    it('should protect a table whose metadata file is gone at the location the catalog row tells', () => {
      expect(locationsOf(policy, 'lake.sci.gone')).toEqual([`${warehouse}/sci/gone`]);
    });

    it('should list each unreadable table with a reason naming it and its file', () => {
      expect(policy.unavailable.map(u => u.table)).toEqual(['lake.sci.deep.stations', 'lake.sci.gone']);
      const [stations, gone] = policy.unavailable;
      expect(stations.reason).toContain('lake.sci.deep.stations');
      expect(stations.reason).toContain(path.basename(built.stations));
      expect(gone.reason).toContain('00003-deleted.metadata.json');
      expect(unprotectedTables(policy)).toEqual([]);
    });

    it('should keep the admin’s paths and report no failed catalog', () => {
      expect(policy.protectedPaths).toEqual(ADMIN.protectedPaths);
      expect(policy.allowedPaths).toEqual(ADMIN.allowedPaths);
      expect(policy.unavailableCatalogs).toEqual([]);
    });
  });

  describe('a table whose catalog record cannot be loaded', () => {
    beforeAll(() => {
      sqlite(
        'INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location) VALUES (?, ?, ?, NULL)',
        'lake',
        'sci.deep',
        'norecord'
      );
    });

    afterAll(() => sqlite("DELETE FROM iceberg_tables WHERE table_name = 'norecord'"));

    it('should protect both warehouse conventions of a nested namespace', async () => {
      const policy = await policyFor(home({ lake: { uri: `sqlite:///${built.db}`, warehouse } }), 'lake');
      const base = localPath(warehouse);
      expect(locationsOf(policy, 'lake.sci.deep.norecord')).toEqual([`${base}/sci.deep/norecord`, `${base}/sci/deep/norecord`]);
      expect(policy.unavailable.find(u => u.table === 'lake.sci.deep.norecord')?.reason).toBe(
        "Table 'sci.deep.norecord' in catalog 'lake' has no metadata_location"
      );
    });

    it('should add the namespace’s location property, where pyiceberg puts the table', async () => {
      sqlite(
        "INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES ('lake', 'sci.deep', 'location', ?)",
        's3://archive/deep'
      );
      try {
        const policy = await policyFor(home({ lake: { uri: `sqlite:///${built.db}`, warehouse } }), 'lake');
        const base = localPath(warehouse);
        expect(locationsOf(policy, 'lake.sci.deep.norecord')).toEqual(['s3://archive/deep/norecord', `${base}/sci.deep/norecord`, `${base}/sci/deep/norecord`]);
      } finally {
        sqlite("DELETE FROM iceberg_namespace_properties WHERE property_value = 's3://archive/deep'");
      }
    });

    it('should say so when the catalog knows no location, and count the table as unprotected', async () => {
      const policy = await policyFor(home({ lake: { uri: `sqlite:///${built.db}` } }), 'lake');
      expect(locationsOf(policy, 'lake.sci.deep.norecord')).toEqual([]);
      const [unprotected] = unprotectedTables(policy);
      expect(unprotected.table).toBe('lake.sci.deep.norecord');
      expect(unprotected.reason).toMatch(/catalog 'lake' tells no location for it, so it is not protected$/);
    });
  });

  describe('a Hadoop table with a truncated current version', () => {
    it('should protect its directory in the warehouse', async () => {
      const current = path.join(built.hadoopWarehouse, 'sci', 'obs', 'metadata', `v${built.hadoopVersions}.metadata.json`);
      fs.truncateSync(current, 100);
      const policy = await policyFor(home({ files: { type: 'hadoop', warehouse: built.hadoopWarehouse } }));
      expect(policy.protected).toEqual([{ table: 'files.sci.obs', location: path.join(built.hadoopWarehouse, 'sci', 'obs') }]);
      expect(policy.unavailable.map(u => u.table)).toEqual(['files.sci.obs']);
      expect(policy.unavailable[0].reason).toContain(`v${built.hadoopVersions}.metadata.json`);
    });
  });

  describe('catalogs that cannot be listed', () => {
    it('should name each failed catalog, keep the admin’s paths and still protect the others', async () => {
      const policy = await policyFor(
        home({
          lake: { uri: `sqlite:///${built.db}`, warehouse },
          broken: { type: 'sql' },
          remote: { uri: 'http://127.0.0.1:9/catalog', token: 'tok-secret-123' }
        })
      );
      expect(policy.unavailableCatalogs.map(c => c.catalog)).toEqual(['broken', 'remote']);
      expect(policy.unavailableCatalogs[0].reason).toMatch(/SQL catalog 'broken' needs a 'uri'/);
      expect(policy.unavailableCatalogs[1].reason).toMatch(/REST catalog 'remote'/);
      expect(JSON.stringify(policy)).not.toContain('tok-secret-123');
      expect(policy.protectedPaths).toEqual(ADMIN.protectedPaths);
      expect(locationsOf(policy, 'lake.sci.obs')).toEqual([locationOf(built.obs)]);
    });

    it('should report a configuration file that cannot be read', async () => {
      const dir = fs.mkdtempSync(path.join(root, 'home-'));
      fs.writeFileSync(path.join(dir, '.pyiceberg.yaml'), 'catalog: [unclosed');
      const policy = await policyFor(dir);
      expect(policy.unavailableCatalogs).toHaveLength(1);
      expect(policy.unavailableCatalogs[0].catalog).toBeNull();
      expect(policy.protected).toEqual([]);
      expect(policy.protectedPaths).toEqual(ADMIN.protectedPaths);
    });
  });

  describe('a readable table with data or metadata outside its location', () => {
    it('should protect the data root and the metadata folder too', async () => {
      const script = String.raw`
import sys, pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
root = sys.argv[1]
cat = SqlCatalog("moved", uri=f"sqlite:///{root}/moved.db", warehouse=f"file://{root}/wh")
cat.create_namespace("ns")
t = cat.create_table("ns.t", schema=pa.schema([("id", pa.int64())]),
    properties={"write.data.path": f"file://{root}/elsewhere/data", "write.metadata.path": f"file://{root}/meta/t"})
t.append(pa.table({"id": [1]}))
print(t.metadata.location)
`;
      const dir = fs.mkdtempSync(path.join(root, 'moved-'));
      const location = execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' }).trim();
      const policy = await policyFor(home({ moved: { uri: `sqlite:///${dir}/moved.db`, warehouse: `file://${dir}` } }));
      expect(locationsOf(policy, 'moved.ns.t')).toEqual([location, `${dir}/elsewhere/data`, `file://${dir}/meta/t`]);
      expect(policy.unavailable).toEqual([]);
    });
  });
});
