import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import type { RepairPlan } from '../../../core/api/wire';
import { parseJson } from '../../../core/json';
import { HelperContext } from '../../api/context';
import { buildRouter } from '../../api/routes';
import { errorResponse } from '../../api/server';
import { repairLakehouseEnv, type RepairLakehouse } from '../../repair/__tests__/lakehouse';
import { repairCommand } from '../repair';

let root: string;
let lake: RepairLakehouse;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-repair-cli-'));
  ({ lake, env } = repairLakehouseEnv(root));
}, 180_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', d => (chunks.stdout += d));
  stderr.on('data', d => (chunks.stderr += d));
  const code = await repairCommand.run(args, { stdout, stderr, env, cwd: root });
  return { code, ...chunks };
}

const PLAN_KEYS = ['advice', 'assumptions', 'dryRun', 'repairable', 'script', 'snapshot', 'standaloneScript', 'status', 'steps', 'table', 'unrepairable'];
const STEP_KEYS = ['code', 'expiresSnapshots', 'files', 'findings', 'partitions', 'rewriteBytes', 'title', 'why'];

describe('dual-layout repair', () => {
  it('should exit 0 with nothing to repair for a consistent table', async () => {
    const { code, stdout, stderr } = await run(['sci.clean']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`lake.sci.clean (snapshot ${lake.tables.clean.snapshots[0]}): consistent, nothing to repair.\n`);
  });

  it('should exit 1 and print every plan as JSON, with the shape of RepairPlan', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json', '--dry-run', 'sci.misplaced', 'lake.sci.tagged']);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    const { tables } = parseJson(stdout) as { tables: RepairPlan[] };
    expect(tables.map(t => [t.table, t.status, t.repairable, t.dryRun])).toEqual([
      ['lake.sci.misplaced', 'drift', true, true],
      ['lake.sci.tagged', 'drift', false, true]
    ]);
    for (const plan of tables) {
      expect(Object.keys(plan).sort()).toEqual(PLAN_KEYS);
      plan.steps.forEach(step => {
        expect(Object.keys(step).sort()).toEqual(STEP_KEYS);
        expect(plan.script).toContain(step.code);
      });
    }
    const misplaced = tables[0];
    expect(misplaced.snapshot).toBe(BigInt(lake.tables.misplaced.snapshots[1]));
    expect(misplaced.steps.map(s => s.partitions)).toEqual([['region=EU'], [], []]);
    // The bytes rewritten are the sizes of the partition's live files on storage.
    const onDisk = misplaced.steps[0].files.reduce((sum, file) => sum + fs.statSync(file.replace('file://', '')).size, 0);
    expect([misplaced.steps[0].files.length, misplaced.steps[0].rewriteBytes]).toEqual([2, onDisk]);
    expect(misplaced.steps[1].expiresSnapshots.map(String).sort()).toEqual([...lake.tables.misplaced.snapshots].sort());
    expect(misplaced.script).toContain('DRY_RUN = True');
    expect(tables[1].steps).toEqual([]);
    expect(tables[1].unrepairable.map(u => u.findings)).toEqual([['stale-file']]);
  });

  it('should keep the JSON valid when one table fails, exit 2 and name it in one stderr line', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json', 'sci.clean', 'sci.no_such_table']);
    expect(code).toBe(2);
    expect(stderr).toBe("dual-layout repair: lake.sci.no_such_table: Table 'sci.no_such_table' does not exist in catalog 'lake'\n");
    const { tables } = parseJson(stdout) as { tables: RepairPlan[] };
    expect(tables.map(t => [t.table, t.status])).toEqual([
      ['lake.sci.clean', 'consistent'],
      ['lake.sci.no_such_table', 'error']
    ]);
    expect(tables[1].error).toBe("Table 'sci.no_such_table' does not exist in catalog 'lake'");
  });

  it('should print one standalone script for every table with steps', async () => {
    const { code, stdout } = await run(['--format', 'python', 'sci.overwritten', 'sci.renamed', 'sci.clean']);
    expect(code).toBe(1);
    expect(stdout).toContain('name="lake.sci.overwritten"');
    expect(stdout).toContain('name="lake.sci.renamed"');
    expect(stdout).not.toContain('lake.sci.clean');
    expect(stdout).toContain('SparkSession');
  });

  it('should say in plain words which snapshot is expired and that time travel to it is lost', async () => {
    const { code, stdout } = await run(['sci.overwritten']);
    expect(code).toBe(1);
    expect(stdout).toContain(`1 snapshot expired: ${lake.tables.overwritten.snapshots[0]} (time travel to it is lost)`);
    expect(stdout).toContain('Remove 3 files nothing references');
  });

  it.each([
    [['sci.clean', '--format', 'yaml'], '--format must be text, json or python, not yaml'],
    [[], 'name at least one TABLE'],
    [['--snapshot', '1', 'sci.clean', 'sci.tagged'], '--snapshot needs exactly one TABLE']
  ])('should refuse %p: %s', async (args, message) => {
    await expect(run(args)).rejects.toThrow(message);
  });
});

describe('GET tables/{id}/repair', () => {
  let context: HelperContext;

  beforeAll(async () => {
    context = await HelperContext.create({ env, cwd: root });
  });

  afterAll(async () => {
    await context.dispose();
  });

  async function get(url: string): Promise<{ status: number; body: unknown }> {
    const parsed = new URL(url, 'http://helper/');
    const { handler, params } = buildRouter(context).match('GET', parsed.pathname.slice(1));
    try {
      const response = await handler({ params, query: parsed.searchParams, body: undefined, signal: new AbortController().signal, raw: undefined as never });
      return { status: response.status ?? 200, body: 'json' in response ? response.json : null };
    } catch (error) {
      const { status, body } = errorResponse(error, message => message);
      return { status, body };
    }
  }

  it('should answer one RepairPlan, with keepHistory and dryRun', async () => {
    const { status, body } = await get('tables/lake.sci.overwritten/repair?keepHistory=true&dryRun=true');
    const plan = body as RepairPlan;
    expect(status).toBe(200);
    expect(Object.keys(plan).sort()).toEqual(PLAN_KEYS);
    expect([plan.dryRun, plan.repairable, plan.steps.map(s => s.title)]).toEqual([true, false, ['Remove 1 file nothing references']]);
    // The orphan is in no manifest: its size comes from storage.
    const orphan = lake.tables.overwritten.orphan as unknown as string;
    expect(plan.script).toContain(`("${orphan}", ${fs.statSync(orphan.replace('file://', '')).size})`);
  });

  it('should plan an old snapshot as not repairable: repairs commit to main', async () => {
    const old = lake.tables.overwritten.snapshots[0];
    const { status, body } = await get(`tables/sci.overwritten/repair?snapshot=${old}`);
    const plan = body as RepairPlan;
    expect([status, plan.snapshot, plan.repairable, plan.steps]).toEqual([200, BigInt(old), false, []]);
    // Its script has no step and guards main's head, so it runs (and does nothing) while main stays there.
    expect(plan.script).toContain(`snapshot=${lake.tables.overwritten.snapshots[2]},`);
  });

  it.each([
    ['tables/lake.sci.no_such_table/repair', 404, "Table 'sci.no_such_table' does not exist in catalog 'lake'"],
    ['tables/lake.sci.clean/repair?snapshot=nightly', 400, 'lake.sci.clean has no branch or tag nightly (it has: main)'],
    ['tables/lake.sci.clean/repair?snapshot=12345', 400, 'lake.sci.clean has no snapshot 12345'],
    ['tables/lake.sci.clean/repair?dryRun=yes', 400, "dryRun must be true or false, not 'yes'"]
  ])('should answer %s with %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect((response.body as { error: { message: string } }).error.message).toBe(message);
  });
});
