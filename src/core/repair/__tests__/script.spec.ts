/**
 * The repair script emitter: each action becomes one call of the shared helpers with exactly the
 * plan's data; the script parses as Python (lezer here, CPython's own parser in `compile`); and
 * hostile names, paths and predicates change no code, only the values of string literals.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { sqlQualifiedName } from '../../snippets/emit';
import type { CatalogProfile } from '../../snippets/profile';
import { decodePythonString, pythonShape } from '../../snippets/__tests__/pythonTree';
import type { RepairAction } from '../actions';
import { repairScript, RepairScriptInput, repairStepCode, standaloneRepairScript } from '../script';
import { hostileText as hostile } from '../../snippets/__tests__/hostile';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const PYTHON = process.env.DUAL_LAYOUT_PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');
const describeWithPython = fs.existsSync(PYTHON) ? describe : describe.skip;

const TABLE = { catalog: 'lake', namespace: ['survey'], name: 'obs' };
const SNAPSHOT = 8_765_432_109_876_543_210n;

const REWRITE: RepairAction = {
  kind: 'rewrite',
  where: "region = 'EU'",
  partitions: ['region=EU'],
  files: [{ path: 'file:/lake/survey/obs/data/region=EU/a.parquet', bytes: 1200 }]
};
const EXPIRE: RepairAction = {
  kind: 'expire',
  snapshotIds: [1n, 9_223_372_036_854_775_807n],
  files: [{ path: 'file:/lake/survey/obs/data/region=US/old.parquet', bytes: 900 }]
};
const REMOVE: RepairAction = {
  kind: 'remove-files',
  files: [
    { path: 'file:///lake/survey/obs/data/region=US/orphan.parquet', bytes: 10 },
    { path: 's3://bucket/obs/data/region=US/x.parquet', bytes: 20 }
  ]
};

function input(actions: RepairAction[], overrides: Partial<RepairScriptInput> = {}): RepairScriptInput {
  return {
    table: TABLE,
    snapshot: SNAPSHOT,
    steps: actions.map((action, i) => ({ title: `Step ${i + 1}: ${action.kind}`, action })),
    dryRun: true,
    ...overrides
  };
}

const decodedStrings = (code: string) => pythonShape(code).strings.map(decodePythonString);

function compiles(code: string): void {
  execFileSync(PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "<repair>", "exec")'], { input: code });
}

describe('repairStepCode', () => {
  it('should call _dl_rewrite with the predicate and the files', () => {
    const code = repairStepCode({ title: 'Rewrite region=EU', action: REWRITE });
    expect(code).toBe(
      [
        '# Rewrite region=EU',
        'print("Rewrite region=EU")',
        '_dl_rewrite(',
        '    TABLE,',
        '    where="region = \'EU\'",',
        '    files=[',
        '        ("file:/lake/survey/obs/data/region=EU/a.parquet", 1200),',
        '    ],',
        '    dry_run=DRY_RUN,',
        ')'
      ].join('\n')
    );
  });

  it('should rewrite the whole table when no predicate selects the partitions', () => {
    const code = repairStepCode({ title: 'Rewrite everything', action: { ...REWRITE, where: null } });
    expect(code).toContain('    where=None,\n');
  });

  it('should expire exactly the snapshot ids, all 64 bits of them', () => {
    const code = repairStepCode({ title: 'Expire', action: EXPIRE });
    expect(code).toContain('    snapshot_ids=[1, 9223372036854775807],\n');
    expect(code).toContain('("file:/lake/survey/obs/data/region=US/old.parquet", 900)');
    expect(code.split('\n')[2]).toBe('_dl_expire(');
  });

  it('should remove exactly the files named, each with its size', () => {
    const code = repairStepCode({ title: 'Remove orphans', action: REMOVE });
    expect(code.split('\n')[2]).toBe('_dl_remove_files(');
    expect(decodedStrings(code)).toEqual([
      'Remove orphans',
      'file:///lake/survey/obs/data/region=US/orphan.parquet',
      's3://bucket/obs/data/region=US/x.parquet'
    ]);
    expect(code).toContain(
      '    files=[\n        ("file:///lake/survey/obs/data/region=US/orphan.parquet", 10),\n        ("s3://bucket/obs/data/region=US/x.parquet", 20),\n    ],'
    );
  });
});

describe('repairScript', () => {
  it('should start with DRY_RUN as the plan asks', () => {
    expect(repairScript(input([REWRITE]))).toMatch(/^DRY_RUN = True$/m);
    expect(repairScript(input([REWRITE], { dryRun: false }))).toMatch(/^DRY_RUN = False$/m);
  });

  it('should check the planned snapshot before the first step and summarise after the last', () => {
    const script = repairScript(input([REWRITE, EXPIRE, REMOVE]));
    const lines = script.split('\n');
    const check = lines.indexOf('_dl_expect_snapshot(TABLE)');
    const steps = ['_dl_rewrite(', '_dl_expire(', '_dl_remove_files('].map(call => lines.indexOf(call));
    const summary = lines.indexOf('_dl_summary(TABLE, DRY_RUN)');
    expect(check).toBeGreaterThan(lines.indexOf('def _dl_expect_snapshot(table):'));
    expect([check, ...steps, summary]).toEqual([...[check, ...steps, summary]].sort((a, b) => a - b));
    expect(new Set([check, ...steps, summary]).size).toBe(5);
    expect(script).toContain('    snapshot=8765432109876543210,\n');
  });

  it('should name the table and its catalog as Spark parses them', () => {
    const script = repairScript(input([REMOVE], { table: { catalog: 'my lake', namespace: ['a.b', 'c'], name: 'select' } }));
    expect(script).toContain('    catalog="`my lake`",\n    name="`my lake`.`a.b`.c.`select`",\n');
  });

  it('should check nothing and change nothing when the plan has no steps', () => {
    const script = repairScript(input([]));
    expect(script).not.toContain('\n_dl_expect_snapshot(TABLE)');
    expect(script).not.toContain('\n_dl_summary(');
    expect(script).toContain('\nprint(f"{TABLE.name}: nothing to repair in place")\n');
  });

  it('should expect no snapshot for a table without one', () => {
    expect(repairScript(input([REMOVE], { snapshot: null }))).toContain('    snapshot=None,\n');
  });

  it('should include every step code unchanged', () => {
    const planned = input([REWRITE, EXPIRE]);
    const script = repairScript(planned);
    for (const step of planned.steps) {
      expect(script).toContain(`\n${repairStepCode(step)}\n`);
    }
  });

  it('should define the helpers once and call procedures only with their catalog', () => {
    const script = repairScript(input([REWRITE, EXPIRE, REMOVE]));
    for (const helper of ['def _dl_rewrite(', 'def _dl_expire(', 'def _dl_remove_files(', 'class _DlTable:']) {
      expect(script.split(helper).length).toBe(2);
    }
    expect(script).toContain('f"CALL {table.catalog}.system.rewrite_data_files(');
    expect(script).toContain('f"CALL {table.catalog}.system.expire_snapshots(');
    expect(script).not.toMatch(/CALL system\./);
  });

  it('should parse as Python with no error node', () => {
    expect(pythonShape(repairScript(input([REWRITE, EXPIRE, REMOVE]))).errors).toBe(0);
  });
});

describe('standaloneRepairScript', () => {
  const catalog: CatalogProfile = { name: 'lake', kind: 'sql', uri: 'jdbc:sqlite:/lake/catalog.db', warehouse: 'file:/lake', storage: { kind: 'local' } };

  it('should build the session first, then repair each table in its own try', () => {
    const other = { catalog: 'lake', namespace: ['survey'], name: 'runs' };
    const script = standaloneRepairScript([input([REWRITE]), input([REMOVE], { table: other })], [catalog]);
    const lines = script.split('\n');
    expect(lines.indexOf('spark = SparkSession.getActiveSession()')).toBeLessThan(lines.indexOf('DRY_RUN = True'));
    expect(lines.filter(line => line === 'try:')).toHaveLength(2);
    expect(lines.filter(line => line === 'except DualLayoutRepairStopped as stopped:')).toHaveLength(2);
    expect(script).toContain('    _dl_rewrite(\n        TABLE,\n');
    expect(script).toContain('    name="lake.survey.runs",\n');
    expect(pythonShape(script).errors).toBe(0);
  });

  it('should be a dry run when any table asks for one', () => {
    expect(standaloneRepairScript([input([REMOVE], { dryRun: false })], [catalog])).toMatch(/^DRY_RUN = False$/m);
    expect(standaloneRepairScript([input([REMOVE], { dryRun: false }), input([REMOVE])], [catalog])).toMatch(/^DRY_RUN = True$/m);
  });
});

describeWithPython('the script in CPython', () => {
  it('should compile, as a plan script and as a standalone one', () => {
    const planned = input([REWRITE, EXPIRE, REMOVE]);
    compiles(repairScript(planned));
    compiles(standaloneRepairScript([planned, planned], [{ name: 'lake', kind: 'hadoop', warehouse: 'file:/lake', storage: { kind: 'local' } }]));
  });
});

describe('hostile names, paths and predicates', () => {
  it('should change only string values, which decode to exactly the data', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.array(hostile, { minLength: 1, maxLength: 2 }),
        hostile,
        hostile,
        hostile,
        hostile,
        (catalog, namespace, name, where, path, title) => {
          const actions: RepairAction[] = [
            { kind: 'rewrite', where, partitions: [], files: [{ path, bytes: 1 }] },
            { kind: 'expire', snapshotIds: [2n], files: [{ path, bytes: 2 }] },
            { kind: 'remove-files', files: [{ path, bytes: 3 }] }
          ];
          const steps = actions.map(action => ({ title, action }));
          const table = { catalog, namespace, name };
          const benign = {
            table: { catalog: 'c', namespace: namespace.map((_, i) => `n${i}`), name: 't' },
            snapshot: 5n,
            dryRun: true,
            steps: actions.map(action => ({ title: 'x', action: withData(action, 'w', 'p') }))
          };
          const script = repairScript({ table, snapshot: 5n, dryRun: true, steps });
          const hostileShape = pythonShape(script);
          const benignShape = pythonShape(repairScript(benign));
          expect(hostileShape.errors).toBe(0);
          expect(hostileShape.nodes).toEqual(benignShape.nodes);
          expect(hostileShape.names).toEqual(benignShape.names);
          const values = hostileShape.strings.map(decodePythonString);
          expect(values).toEqual(expect.arrayContaining([sqlQualifiedName([catalog, ...namespace, name]), where, path, title]));
          expect(values.filter(value => value === path).length).toBeGreaterThanOrEqual(3);
        }
      ),
      { numRuns: 100 }
    );
  });
});

function withData(action: RepairAction, where: string, filePath: string): RepairAction {
  const files = action.files.map(file => ({ ...file, path: filePath }));
  return action.kind === 'rewrite' ? { ...action, where, files } : { ...action, files };
}
