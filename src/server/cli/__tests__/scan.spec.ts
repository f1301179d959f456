import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { buildLakehouse, Lakehouse } from '../../catalogs/__tests__/lakehouse';
import { scanCommand } from '../scan';

let root: string;

const POLICY = {
  protected: [{ table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' }],
  protectedPaths: ['s3://raw/instruments'],
  allowedPaths: []
};

function notebook(cells: [string, string][]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(([type, source]) => ({
      cell_type: type,
      metadata: {},
      source: source.split(/(?<=\n)/),
      ...(type === 'code' ? { outputs: [], execution_count: null } : {})
    }))
  });
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', d => (chunks.stdout += d));
  stderr.on('data', d => (chunks.stderr += d));
  const code = await scanCommand.run(args, { stdout, stderr, env, cwd: root });
  return { code, ...chunks };
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-scan-'));
  fs.writeFileSync(path.join(root, 'policy.json'), JSON.stringify(POLICY));
  fs.mkdirSync(path.join(root, 'project', 'nested'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'project', 'analysis.ipynb'),
    notebook([
      ['markdown', '# Observations\nWe never write to s3://lake/warehouse/obs/observations.'],
      ['code', 'import dask.dataframe as dd\nROOT = "s3://lake/warehouse/obs"\n'],
      ['markdown', 'Clean and save:'],
      ['code', 'df = dd.read_parquet(f"{ROOT}/observations/data")\ndf = df[df.ok]\ndf.to_parquet(f"{ROOT}/observations/data")']
    ])
  );
  fs.writeFileSync(path.join(root, 'project', 'nested', 'job.py'), 'import shutil\n\nshutil.rmtree("s3://raw/instruments/ctd")\n');
  fs.writeFileSync(path.join(root, 'project', 'nested', 'clean.py'), 'df.to_parquet("s3://scratch/x")\n');
  fs.writeFileSync(path.join(root, 'project', 'notes.txt'), 'rm -rf s3://raw/instruments');
  fs.writeFileSync(path.join(root, 'broken.ipynb'), '{"cells": [');
});

describe('scanCommand', () => {
  describe('#run', () => {
    it('should report findings in notebooks and Python files of a directory as JSON, cells counted among all cells', async () => {
      const { code, stdout, stderr } = await run(['--policy', 'policy.json', '--format', 'json', 'project']);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toEqual({
        findings: [
          {
            file: path.join('project', 'analysis.ipynb'),
            cell: 3,
            line: 3,
            operation: 'to_parquet',
            target: 's3://lake/warehouse/obs/observations/data',
            table: 'lake.obs.observations'
          },
          { file: path.join('project', 'nested', 'job.py'), cell: null, line: 3, operation: 'shutil.rmtree', target: 's3://raw/instruments/ctd', table: null }
        ]
      });
    });

    it('should print one line per finding as text', async () => {
      const { code, stdout } = await run(['--policy', 'policy.json', 'project/nested/job.py']);
      expect(code).toBe(1);
      expect(stdout).toBe(`${path.join('project', 'nested', 'job.py')}:3: shutil.rmtree writes s3://raw/instruments/ctd (protected path)\n`);
    });

    it('should scan the script a cell runs, relative to the notebook, and name the script and its line', async () => {
      fs.mkdirSync(path.join(root, 'runs', 'jobs'), { recursive: true });
      fs.writeFileSync(path.join(root, 'runs', 'jobs', 'etl.py'), 'import pandas as pd\n\npd.DataFrame().to_parquet("s3://raw/instruments/ctd/x.parquet")\n');
      fs.writeFileSync(path.join(root, 'runs', 'main.ipynb'), notebook([['code', 'import sys\n%run jobs/etl.py\n!{sys.executable} jobs/missing.py']]));
      const { code, stdout } = await run(['--policy', 'policy.json', 'runs/main.ipynb']);
      expect(code).toBe(1);
      expect(stdout).toBe(
        `${path.join('runs', 'main.ipynb')} cell 0 line 2: to_parquet in ${path.join(root, 'runs', 'jobs', 'etl.py')}:3 writes s3://raw/instruments/ctd/x.parquet (protected path)\n`
      );
    });

    it('should exit 0 when nothing writes to a protected target', async () => {
      const { code, stdout } = await run(['--policy', 'policy.json', '--format', 'json', 'project/nested/clean.py']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ findings: [] });
    });

    it('should exit 2 naming the notebook that is not JSON, and still scan the others', async () => {
      const { code, stdout, stderr } = await run(['--policy', 'policy.json', '--format', 'json', 'broken.ipynb', 'project/nested/job.py']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^dual-layout scan: broken\.ipynb: not a JSON notebook/);
      expect(JSON.parse(stdout).findings).toHaveLength(1);
    });

    it('should fail with a one-line error naming a missing policy file', async () => {
      await expect(run(['--policy', 'missing.json', 'project'])).rejects.toThrow(`policy file ${path.join(root, 'missing.json')}: cannot be read`);
    });

    it('should reject a policy file whose fields have the wrong shape', async () => {
      fs.writeFileSync(path.join(root, 'bad-policy.json'), '{"protected": [{"table": 1}]}');
      await expect(run(['--policy', 'bad-policy.json', 'project'])).rejects.toThrow(/"protected" must be a list/);
    });
  });

  describe('#run --catalog', () => {
    let lake: Lakehouse;
    let home: string;

    beforeAll(() => {
      lake = buildLakehouse(fs.mkdtempSync(path.join(root, 'lake-')));
      home = fs.mkdtempSync(path.join(root, 'home-'));
      fs.writeFileSync(path.join(home, '.pyiceberg.yaml'), ['catalog:', '  lake:', `    uri: sqlite:///${lake.db}`].join('\n'));
    });

    it('should protect the locations and identifiers of the catalog’s tables', async () => {
      const location = JSON.parse(fs.readFileSync(lake.obs.replace(/^file:\/\//, ''), 'utf8')).location as string;
      fs.writeFileSync(
        path.join(root, 'uses-catalog.py'),
        [
          `df.to_parquet("${location}/data/extra.parquet")`,
          'spark.sql("DELETE FROM lake.sci.obs WHERE id = 1")',
          'df.to_parquet("/tmp/elsewhere.parquet")'
        ].join('\n')
      );
      const { code, stdout, stderr } = await run(['--catalog', 'lake', '--format', 'json', 'uses-catalog.py'], { PYICEBERG_HOME: home });
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(JSON.parse(stdout).findings.map((f: { line: number; table: string }) => [f.line, f.table])).toEqual([
        [1, 'lake.sci.obs'],
        [2, 'lake.sci.obs']
      ]);
    });

    it('should name the configured catalogs when the one asked for is unknown', async () => {
      await expect(run(['--catalog', 'nope', 'uses-catalog.py'], { PYICEBERG_HOME: home })).rejects.toThrow(/nope/);
    });
  });
});
