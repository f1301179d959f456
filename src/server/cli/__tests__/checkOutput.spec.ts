import type { Verdict } from '../../../core/api/wire';
import { renderVerdicts } from '../checkOutput';

const LAYOUT = { kind: 'hive-mixed', pruning: 'unsafe', explanation: 'Live files use 2 directory layouts.' } as const;

function verdict(extra: Partial<Verdict>): Verdict {
  return { table: 'lake.ns.t', status: 'consistent', snapshot: 7n, layout: LAYOUT, findings: [], ...extra };
}

describe('renderVerdicts', () => {
  it('should show the status and the layout of each table', () => {
    const text = renderVerdicts([verdict({})]);
    expect(text).toContain('lake.ns.t (snapshot 7): consistent: Dask reads the same rows as Iceberg');
    expect(text).toContain('  layout hive-mixed (pruning unsafe): Live files use 2 directory layouts.');
    expect(text).toContain('1 table checked: 1 consistent');
  });

  it('should list row-changing findings before the quieter layout notes', () => {
    const text = renderVerdicts([
      verdict({
        status: 'drift',
        findings: [
          { kind: 'stale-file', path: '/d/old.parquet', detail: 'Dask reads this file.', changesRows: true },
          ...['a', 'b', 'c', 'd'].map(name => ({ kind: 'spec-evolution' as const, path: `/d/${name}.parquet`, detail: 'Two layouts.', changesRows: false }))
        ],
        deletes: { affectedDataFiles: ['/d/x.parquet'], deletedRows: 3 }
      })
    ]);
    const lines = text.split('\n');
    expect(lines.indexOf('  stale-file (1):')).toBeLessThan(lines.indexOf('  notes (the rows Dask reads are not affected):'));
    expect(lines).toContain('    spec-evolution (4):');
    expect(lines).toContain('      … and 1 more (--format json lists them all)');
    expect(lines).toContain('  deletes: Dask still returns 3 deleted rows of 1 data file');
  });

  it('should print an error without a layout', () => {
    const text = renderVerdicts([verdict({ status: 'error', layout: null, snapshot: null, error: 'lake.ns.t: metadata unreadable' })]);
    // The header names the table; the error line under it does not again.
    expect(text).toContain('lake.ns.t: ERROR: could not be checked\n  metadata unreadable\n');
    expect(text).not.toContain('layout');
  });
});
