import { GuardAnalyzer, GuardPolicy, GuardScope, IncrementalAnalysis } from '../index';
import { RULES } from '../analyzer';
import type { Rule } from '../rules/rule';

const policy = new GuardPolicy({
  protected: [{ table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' }],
  protectedPaths: [],
  allowedPaths: []
});
const analyzer = new GuardAnalyzer(policy);

describe('GuardAnalyzer', () => {
  describe('#analyzeCell', () => {
    it('should report the line, operation, resolved target and table of each write', () => {
      const cell = 'import dask.dataframe as xd\nroot = "s3a://lake/warehouse/obs"\n\nddf = xd.read_parquet(root)\nddf.to_parquet(f"{root}/observations/data")';
      expect(analyzer.analyzeCell(cell, new GuardScope())).toEqual({
        findings: [{ line: 5, operation: 'to_parquet', target: 's3a://lake/warehouse/obs/observations/data', table: 'lake.obs.observations' }]
      });
    });

    it('should put SQL findings on the line of the statement inside a multi-line string', () => {
      const cell = 'spark.sql("""\nSELECT 1;\nDELETE FROM lake.obs.observations WHERE x\n""")';
      expect(analyzer.analyzeCell(cell, new GuardScope()).findings.map(f => [f.line, f.operation])).toEqual([[3, 'DELETE FROM']]);
    });

    it('should show unresolved parts of a target as {…}', () => {
      const [finding] = analyzer.analyzeCell('df.to_parquet(f"s3://lake/warehouse/obs/observations/run={run_id()}")', new GuardScope()).findings;
      expect(finding.target).toBe('s3://lake/warehouse/obs/observations/run={…}');
    });

    it('should fail open with an error message when a rule breaks', () => {
      const broken: Rule = {
        call() {
          throw new Error('boom');
        }
      };
      const analysis = new GuardAnalyzer(policy, [broken, ...RULES]).analyzeCell('df.to_parquet("s3://lake/warehouse/obs/observations")', new GuardScope());
      expect(analysis.error).toBe('write guard analysis failed: boom');
    });

    it('should not fail on code that does not parse', () => {
      expect(analyzer.analyzeCell('def (:\n  df.to_parquet("s3://lake/warehouse/obs/observations"', new GuardScope()).error).toBeUndefined();
    });
  });

  describe('#analyzeNotebook', () => {
    it('should carry names and USE from one cell to the next, and functions from skipped cells', () => {
      const cells = [
        'def save(frame, where):\n    frame.to_csv(where)',
        'spark.sql("USE lake.obs")\nT = "s3://lake/warehouse/obs/observations"',
        'save(df, T + "/x.csv")',
        'spark.sql("TRUNCATE TABLE observations")',
        'save(df, "/tmp/x.csv")'
      ];
      expect(analyzer.analyzeNotebook(cells).map(a => a.findings.map(f => [f.line, f.operation, f.table]))).toEqual([
        [],
        [],
        [[1, 'to_csv', 'lake.obs.observations']],
        [[1, 'TRUNCATE TABLE', 'lake.obs.observations']],
        []
      ]);
    });
  });
});

describe('GuardAnalyzer skipping cells that name nothing protected', () => {
  it('should still bind their imports and aliases for later cells', () => {
    const cells = [
      'from shutil import (rmtree as nuke,\n    copy)\nimport dask.dataframe as xd, os.path',
      'nuke("s3://lake/warehouse/obs/observations")\nxd.to_parquet(df, "s3://lake/warehouse/obs/observations/data")'
    ];
    expect(analyzer.analyzeNotebook(cells)[1].findings.map(f => f.operation)).toEqual(['shutil.rmtree', 'to_parquet']);
  });
});

describe('IncrementalAnalysis', () => {
  describe('#analyze', () => {
    it('should reuse earlier cells while their sources are unchanged, and redo them when they change', () => {
      const incremental = new IncrementalAnalysis(analyzer);
      const write = 'df.to_parquet(T)';
      expect(incremental.analyze(['T = "s3://lake/warehouse/obs/observations"', write])[1].findings).toHaveLength(1);
      expect(incremental.analyze(['T = "s3://scratch/x"', write])[1].findings).toHaveLength(0);
      expect(incremental.analyze(['T = "s3://scratch/x"', write, 'T = "s3://lake/warehouse/obs/observations/data"', write])[3].findings).toHaveLength(1);
    });
  });
});
