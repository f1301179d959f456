/**
 * The REST client against Apache Iceberg's own REST catalog server (started
 * by tests/fixtures/rest.py on loopback), with tables pyiceberg wrote through
 * that server.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { RestCatalog } from '../rest';
import { PYTHON } from './lakehouse';

const REPO = path.resolve(__dirname, '../../../..');
const JARS = process.env.DUAL_LAYOUT_JARS ?? path.join(REPO, '.cache', 'jars');
const haveJars = fs.existsSync(path.join(JARS, 'rest-catalog', 'iceberg-core-1.10.0-tests.jar'));

interface Served {
  uri: string;
  warehouse: string;
  tokenUri: string;
  clientId: string;
  clientSecret: string;
}

const POPULATE = String.raw`
import json, sys
import pyarrow as pa
from pyiceberg.catalog.rest import RestCatalog
catalog = RestCatalog("rest", uri=sys.argv[1], warehouse=sys.argv[2])
catalog.create_namespace("sci")
catalog.create_namespace(("sci", "deep"))
schema = pa.schema([("id", pa.int64()), ("region", pa.string())])
obs = catalog.create_table("sci.obs", schema=schema)
obs.append(pa.table({"id": [1, 2], "region": ["EU", "US"]}))
catalog.create_table("sci.deep.stations", schema=schema)
for i in range(3):
    catalog.create_table(f"sci.t{i}", schema=schema)
obs = catalog.load_table("sci.obs")
print(json.dumps({"metadataLocation": obs.metadata_location, "snapshotId": obs.metadata.current_snapshot_id}))
`;

(haveJars ? describe : describe.skip)('RestCatalog against Iceberg’s REST server (needs `make jars`)', () => {
  let server: ChildProcess;
  let served: Served;
  let obs: { metadataLocation: string; snapshotId: number };

  beforeAll(async () => {
    server = spawn(PYTHON, ['-m', 'tests.fixtures.rest'], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', code => reject(new Error(`REST server exited with ${code}`)));
    });
    served = JSON.parse(firstLine);
    obs = JSON.parse(execFileSync(PYTHON, ['-c', POPULATE, served.uri, served.warehouse], { encoding: 'utf-8' }));
  }, 120000);

  afterAll(async () => {
    if (!server || server.exitCode !== null) {
      return;
    }
    const exited = new Promise(resolve => server.once('exit', resolve));
    server.stdin?.end();
    const timer = setTimeout(() => server.kill(), 20000);
    await exited;
    clearTimeout(timer);
  }, 30000);

  function catalog(properties: Record<string, string> = {}): RestCatalog {
    return new RestCatalog('rest', { uri: served.uri, warehouse: served.warehouse, ...properties });
  }

  describe('#listNamespaces', () => {
    it('should list top-level and nested namespaces', async () => {
      expect(await catalog().listNamespaces()).toEqual([['sci']]);
      expect(await catalog().listNamespaces(['sci'])).toEqual([['sci', 'deep']]);
    });
  });

  describe('#listTables', () => {
    it('should list every table across pages of one', async () => {
      const tables = await catalog({ 'rest-page-size': '1' }).listTables(['sci']);
      expect(tables.sort()).toEqual(['obs', 't0', 't1', 't2']);
    });
  });

  describe('#loadTable', () => {
    it("should return pyiceberg's metadata location and the inline metadata", async () => {
      const table = await catalog().loadTable(['sci'], 'obs');
      expect(table.metadataLocation).toBe(obs.metadataLocation);
      expect((table.metadataJson as Record<string, unknown>)['current-snapshot-id']).toBe(obs.snapshotId);
    });

    it('should name the catalog, table and status of a missing table', async () => {
      await expect(catalog().loadTable(['sci'], 'ghost')).rejects.toMatchObject({
        catalog: 'rest',
        table: 'sci.ghost',
        message: expect.stringMatching(/^REST catalog 'rest' could not load table 'sci.ghost': HTTP 404 NoSuchTableException: /)
      });
    });
  });

  describe('#authorization', () => {
    it('should sign in with client credentials', async () => {
      const signedIn = catalog({ credential: `${served.clientId}:${served.clientSecret}`, 'oauth2-server-uri': served.tokenUri });
      expect(await signedIn.listTables(['sci', 'deep'])).toEqual(['stations']);
    });

    it('should report wrong credentials without the secret', async () => {
      const error = await catalog({ credential: `${served.clientId}:wrong-secret-77`, 'oauth2-server-uri': served.tokenUri })
        .listNamespaces()
        .catch(e => e);
      expect(error.message).toContain('HTTP 401 invalid_client');
      expect(error.message).not.toContain('wrong-secret-77');
    });
  });
});
