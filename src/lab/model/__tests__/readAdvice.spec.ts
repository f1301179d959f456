import type { Layout, Verdict } from '../../../core/api/wire';
import { directoryReadConcern } from '../readAdvice';

function verdict(status: Verdict['status'], layout: Layout | null): Verdict {
  return { table: 'demo.survey.t', status, snapshot: 1n, layout, findings: [] };
}

const layout = (kind: Layout['kind'], pruning: Layout['pruning'] = 'safe'): Layout => ({ kind, pruning, explanation: kind });

describe('directoryReadConcern', () => {
  it('should offer the directory read first only for a consistent plain Hive tree with safe pruning', () => {
    expect(directoryReadConcern(verdict('consistent', layout('hive')))).toBeNull();
  });

  it('should offer the pinned read first on drift, whatever the layout', () => {
    expect(directoryReadConcern(verdict('drift', layout('hive')))).toEqual({ kind: 'drift' });
    expect(directoryReadConcern(verdict('drift', null))).toEqual({ kind: 'drift' });
  });

  it.each(['hive-mixed', 'object-storage', 'unpartitioned', 'flat'] as const)('should offer the pinned read first for a consistent %s tree', kind => {
    expect(directoryReadConcern(verdict('consistent', layout(kind)))).toEqual({ kind: 'layout', layout: layout(kind) });
  });

  it('should offer the pinned read first where directory pruning is unsafe', () => {
    expect(directoryReadConcern(verdict('consistent', layout('hive', 'unsafe')))).toEqual({
      kind: 'layout',
      layout: layout('hive', 'unsafe')
    });
  });

  it('should give no advice without a verdict, for a verdict without a layout, or when the check failed', () => {
    expect(directoryReadConcern(null)).toBeNull();
    expect(directoryReadConcern(verdict('consistent', null))).toBeNull();
    expect(directoryReadConcern(verdict('error', null))).toBeNull();
  });
});
