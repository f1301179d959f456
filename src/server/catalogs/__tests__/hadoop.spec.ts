import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalStorage } from '../../storage/local';
import { HadoopCatalog } from '../hadoop';
import { buildLakehouse, Lakehouse } from './lakehouse';

let root: string;
let lake: Lakehouse;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-hadoop-'));
  lake = buildLakehouse(root);
});

/** A fresh copy of the Hadoop warehouse, so each test may change it. */
function warehouseCopy(): string {
  const copy = fs.mkdtempSync(path.join(root, 'wh-'));
  fs.cpSync(lake.hadoopWarehouse, copy, { recursive: true });
  return copy;
}

function catalog(warehouse: string): HadoopCatalog {
  return new HadoopCatalog('hdp', { type: 'hadoop', warehouse }, location => new LocalStorage({ roots: [location] }));
}

function metadataDir(warehouse: string): string {
  return path.join(warehouse, 'sci', 'obs', 'metadata');
}

describe('HadoopCatalog', () => {
  describe('#listNamespaces', () => {
    it('should find namespaces as directories holding tables', async () => {
      const warehouse = warehouseCopy();
      fs.mkdirSync(path.join(warehouse, 'sci', 'nested', 'inner', 'metadata'), { recursive: true });
      fs.copyFileSync(path.join(metadataDir(warehouse), 'v1.metadata.json'), path.join(warehouse, 'sci', 'nested', 'inner', 'metadata', 'v1.metadata.json'));
      const hadoop = catalog(warehouse);
      expect(await hadoop.listNamespaces()).toEqual([['sci']]);
      expect(await hadoop.listNamespaces(['sci'])).toEqual([['sci', 'nested']]);
      await expect(hadoop.listNamespaces(['nope'])).rejects.toThrow("Namespace 'nope' does not exist in catalog 'hdp'");
    });
  });

  describe('#listTables', () => {
    it('should list table directories and ignore data files', async () => {
      const warehouse = warehouseCopy();
      fs.mkdirSync(path.join(warehouse, 'sci', 'obs', 'data', 'region=EU'), { recursive: true });
      fs.writeFileSync(path.join(warehouse, 'sci', 'obs', 'data', 'region=EU', 'part-0.parquet'), 'x');
      expect(await catalog(warehouse).listTables(['sci'])).toEqual(['obs']);
    });
  });

  describe('#loadTable', () => {
    it('should follow version-hint.text', async () => {
      const warehouse = warehouseCopy();
      const table = await catalog(warehouse).loadTable(['sci'], 'obs');
      expect(table.metadataLocation).toBe(path.join(metadataDir(warehouse), `v${lake.hadoopVersions}.metadata.json`));
      const hadoopMetadata = JSON.parse(fs.readFileSync(table.metadataLocation, 'utf-8'));
      const pyicebergMetadata = JSON.parse(fs.readFileSync(lake.obs.replace('file://', ''), 'utf-8'));
      expect(hadoopMetadata['current-snapshot-id']).toBe(pyicebergMetadata['current-snapshot-id']);
    });

    it('should use the highest version when the hint is missing', async () => {
      const warehouse = warehouseCopy();
      fs.rmSync(path.join(metadataDir(warehouse), 'version-hint.text'));
      const table = await catalog(warehouse).loadTable(['sci'], 'obs');
      expect(path.basename(table.metadataLocation)).toBe(`v${lake.hadoopVersions}.metadata.json`);
    });

    it('should move past a stale hint to versions committed after it', async () => {
      const warehouse = warehouseCopy();
      fs.writeFileSync(path.join(metadataDir(warehouse), 'version-hint.text'), '1\n');
      const table = await catalog(warehouse).loadTable(['sci'], 'obs');
      expect(path.basename(table.metadataLocation)).toBe(`v${lake.hadoopVersions}.metadata.json`);
    });

    it('should fall back to listing when the hint is garbage or names a missing version', async () => {
      const warehouse = warehouseCopy();
      fs.writeFileSync(path.join(metadataDir(warehouse), 'version-hint.text'), 'garbage');
      expect(path.basename((await catalog(warehouse).loadTable(['sci'], 'obs')).metadataLocation)).toBe(`v${lake.hadoopVersions}.metadata.json`);
      fs.writeFileSync(path.join(metadataDir(warehouse), 'version-hint.text'), '99');
      expect(path.basename((await catalog(warehouse).loadTable(['sci'], 'obs')).metadataLocation)).toBe(`v${lake.hadoopVersions}.metadata.json`);
    });

    it('should name the table when it has no metadata', async () => {
      const warehouse = warehouseCopy();
      await expect(catalog(warehouse).loadTable(['sci'], 'ghost')).rejects.toMatchObject({
        catalog: 'hdp',
        table: 'sci.ghost',
        message: expect.stringContaining("Table 'sci.ghost' in catalog 'hdp' has no v<N>.metadata.json")
      });
    });
  });

  describe('#constructor', () => {
    it('should require a warehouse', () => {
      expect(() => new HadoopCatalog('hdp', { type: 'hadoop' }, () => new LocalStorage())).toThrow("Hadoop catalog 'hdp' needs a 'warehouse'");
    });
  });
});
