import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { buildLakehouse, Lakehouse } from '../../catalogs/__tests__/lakehouse';
import { listCommand } from '../list';

let root: string;
let lake: Lakehouse;
let closedPort: number;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-list-'));
  lake = buildLakehouse(root);
  const closed = http.createServer();
  await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise(resolve => closed.close(resolve));
});

async function run(args: string[], yaml: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = fs.mkdtempSync(path.join(root, 'home-'));
  fs.writeFileSync(path.join(home, '.pyiceberg.yaml'), yaml);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', d => (chunks.stdout += d));
  stderr.on('data', d => (chunks.stderr += d));
  const code = await listCommand.run(args, { stdout, stderr, env: { PYICEBERG_HOME: home }, cwd: root });
  return { code, ...chunks };
}

function workingYaml(): string {
  return ['catalog:', '  lake:', `    uri: sqlite:///${lake.db}`, '  hdp:', '    type: hadoop', `    warehouse: ${lake.hadoopWarehouse}`].join('\n');
}

describe('listCommand', () => {
  describe('#run', () => {
    it('should list every table of every catalog as JSON', async () => {
      const { code, stdout, stderr } = await run(['--format', 'json'], workingYaml());
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({
        tables: [
          { table: 'hdp.sci.obs', catalog: 'hdp', namespace: ['sci'], name: 'obs' },
          { table: 'lake.sci.obs', catalog: 'lake', namespace: ['sci'], name: 'obs' },
          { table: 'lake.sci.deep.stations', catalog: 'lake', namespace: ['sci', 'deep'], name: 'stations' }
        ],
        errors: [],
        skipped: [],
        catalogs: [
          { name: 'hdp', type: 'hadoop', health: 'ok', tables: 1 },
          { name: 'lake', type: 'sql', health: 'ok', tables: 2 }
        ]
      });
    });

    it('should list one catalog as text', async () => {
      const { code, stdout } = await run(['--catalog', 'lake'], workingYaml());
      expect(code).toBe(0);
      expect(stdout).toBe('lake.sci.obs\nlake.sci.deep.stations\n');
    });

    it('should report an unreachable catalog and a wrong one and still list the others', async () => {
      const yaml = `${workingYaml()}\n  down:\n    uri: http://127.0.0.1:${closedPort}\n    credential: me:never-shown\n  odd:\n    type: nessie\n`;
      const { code, stdout, stderr } = await run(['--format', 'json'], yaml);
      expect(code).toBe(2);
      const result = JSON.parse(stdout);
      expect(result.tables.map((t: { table: string }) => t.table)).toEqual(['hdp.sci.obs', 'lake.sci.obs', 'lake.sci.deep.stations']);
      expect(result.errors).toEqual([
        { catalog: 'down', message: `REST catalog 'down' at http://127.0.0.1:${closedPort} could not obtain an OAuth2 token: ECONNREFUSED` },
        { catalog: 'odd', message: "Catalog 'odd' has type 'nessie', which dual-layout does not read; supported types: sql, rest, hadoop, hive, glue" }
      ]);
      expect(stderr.trim().split('\n')).toEqual(result.errors.map((e: { message: string }) => `dual-layout list: ${e.message}`));
      expect(stdout + stderr).not.toContain('never-shown');
    });

    it('should fail with one line naming the configured catalogs for an unknown --catalog', async () => {
      await expect(run(['--catalog', 'nope'], workingYaml())).rejects.toThrow("Unknown catalog 'nope'; configured catalogs: hdp, lake");
    });

    it('should report a malformed configuration file without a catalog', async () => {
      const { code, stdout } = await run(['--format', 'json'], 'catalog:\n  lake: [\n');
      expect(code).toBe(2);
      expect(JSON.parse(stdout).errors[0]).toEqual({ catalog: null, message: expect.stringMatching(/^Malformed \.pyiceberg\.yaml: .* line \d+: /) });
    });

    it('should reject stray arguments', async () => {
      await expect(run(['extra'], workingYaml())).rejects.toThrow("unexpected argument 'extra'");
    });
  });
});
