import { GuardAnalyzer, GuardPolicy, GuardScope } from '../index';

const policy = new GuardPolicy({
  protected: [{ table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' }],
  protectedPaths: [],
  allowedPaths: []
});
const analyzer = new GuardAnalyzer(policy);
const WRITE = 'import pandas as pd\n\npd.DataFrame().to_parquet("s3://lake/warehouse/obs/observations/data/x.parquet")\n';

function scope(files: Record<string, string>): { scope: GuardScope; reads: string[] } {
  const reads: string[] = [];
  const reader = (absolute: string) => (reads.push(absolute), files[absolute] ?? null);
  return { scope: new GuardScope({ cwd: '/home/jovyan/work', readScript: reader }), reads };
}

describe('GuardAnalyzer', () => {
  describe('#analyzeCell on a cell that runs a script', () => {
    it('should report a write %run makes at the %run line, naming the script and its line', () => {
      const { scope: s } = scope({ '/home/jovyan/work/jobs/etl.py': WRITE });
      expect(analyzer.analyzeCell('x = 1\n%run -i jobs/etl.py --day 2024-06-01', s).findings).toEqual([
        {
          line: 2,
          operation: 'to_parquet',
          target: 's3://lake/warehouse/obs/observations/data/x.parquet',
          table: 'lake.obs.observations',
          script: { file: '/home/jovyan/work/jobs/etl.py', line: 3 }
        }
      ]);
    });

    it('should scan the script `!python`, `!{sys.executable}` and a %%bash `python3` run', () => {
      const { scope: s } = scope({ '/home/jovyan/work/etl.py': WRITE });
      for (const cell of ['!python -u etl.py', 'import sys\n!{sys.executable} etl.py', '%%bash\ncd /tmp\npython3 /home/jovyan/work/etl.py']) {
        const findings = analyzer.analyzeCell(cell, s).findings;
        expect(findings.map(f => [f.line, f.script])).toEqual([[cell.split('\n').length, { file: '/home/jovyan/work/etl.py', line: 3 }]]);
      }
    });

    it('should not read a script for `python -c`, `python -m`, `%run -m`, or a path it cannot resolve', () => {
      const { scope: s, reads } = scope({});
      for (const cell of ['!python -c "print(1)"', '!python -m pip install x', '%run -m jobs.etl', '%run {script_name}']) {
        expect(analyzer.analyzeCell(cell, s).findings).toEqual([]);
      }
      expect(reads).toEqual([]);
    });

    it('should scan a notebook %run runs, cell by cell, and let the next cell call what it defined', () => {
      const helpers = JSON.stringify({
        cells: [
          { cell_type: 'markdown', source: ['# helpers'] },
          { cell_type: 'code', source: ['def save(df, path):\n', '    df.to_parquet(path)\n'] }
        ]
      });
      const { scope: s } = scope({ '/home/jovyan/work/helpers.ipynb': helpers });
      expect(analyzer.analyzeCell('%run helpers.ipynb', s).findings).toEqual([]);
      const [finding] = analyzer.analyzeCell('save(df, "s3://lake/warehouse/obs/observations/data/y.parquet")', s).findings;
      expect(finding).toMatchObject({ line: 1, operation: 'to_parquet', table: 'lake.obs.observations' });
    });

    it('should read a script that runs itself once, and one that is missing not at all', () => {
      const { scope: s, reads } = scope({ '/home/jovyan/work/loop.py': `%run loop.py\n${WRITE}` });
      expect(analyzer.analyzeCell('%run loop.py\n%run missing.py', s).findings.map(f => f.script)).toEqual([{ file: '/home/jovyan/work/loop.py', line: 4 }]);
      expect(reads).toEqual(['/home/jovyan/work/loop.py', '/home/jovyan/work/missing.py']);
    });

    it('should not scan scripts when no reader is given', () => {
      expect(analyzer.analyzeCell('%run etl.py', new GuardScope({ cwd: '/home/jovyan/work' })).findings).toEqual([]);
    });
  });
});
