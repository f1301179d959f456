/**
 * An in-memory helper for model tests: real catalogs/tables shapes, counted
 * calls, and checks that finish when the test says so.
 */
import type { CheckProgress, TablePage, TableSummary, Verdict } from '../../../core/api/wire';
import type { CatalogList } from '../../../core/api/wire';
import type { IHelperClient, ITablesQuery } from '../../client';

export class FakeHelperClient implements IHelperClient {
  calls: string[] = [];
  verdicts = new Map<string, Verdict>();
  checks = new Map<string, CheckProgress>();
  failingCatalogs = new Set<string>();

  constructor(readonly tablesByCatalog: Record<string, TableSummary[]>) {}

  static withTables(catalog: string, namespace: string, count: number): FakeHelperClient {
    const tables = Array.from({ length: count }, (_, i) => {
      const name = `table_${String(i).padStart(5, '0')}`;
      return { id: `${catalog}.${namespace}.${name}`, catalog, namespace: [namespace], name };
    });
    return new FakeHelperClient({ [catalog]: tables });
  }

  async version() {
    this.calls.push('version');
    return { name: 'jupyterlab-dual-layout' as const, version: '0.1.0' };
  }

  async reloadConfiguration() {
    this.calls.push('refresh');
  }

  async catalogs(): Promise<CatalogList> {
    this.calls.push('catalogs');
    return {
      catalogs: Object.keys(this.tablesByCatalog).map(name => ({
        name,
        type: 'sql',
        ...(this.failingCatalogs.has(name) ? { error: `Catalog ${name} cannot be reached` } : {})
      })),
      configError: null
    };
  }

  async namespaces(catalog: string): Promise<string[][]> {
    this.calls.push(`namespaces ${catalog}`);
    const names = new Set(this.tablesByCatalog[catalog].map(t => t.namespace.join('.')));
    return [...names].sort().map(n => n.split('.'));
  }

  async tables(catalog: string, query: ITablesQuery): Promise<TablePage> {
    this.calls.push(`tables ${catalog} ${query.namespace?.join('.') ?? ''} q=${query.q ?? ''} ${query.offset}`);
    const matching = this.tablesByCatalog[catalog].filter(
      t => (!query.namespace || t.namespace.join('.') === query.namespace.join('.')) && (!query.q || t.name.includes(query.q))
    );
    return {
      tables: matching.slice(query.offset, query.offset + query.limit),
      total: matching.length,
      offset: query.offset,
      limit: query.limit
    };
  }

  async details(): Promise<never> {
    throw new Error('not used');
  }

  async verdict(tableId: string): Promise<Verdict | null> {
    this.calls.push(`verdict ${tableId}`);
    return this.verdicts.get(tableId) ?? null;
  }

  async startCheck(tableId: string): Promise<CheckProgress> {
    this.calls.push(`check ${tableId}`);
    const progress: CheckProgress = { checkId: `check-${tableId}`, table: tableId, state: 'running', done: 0, total: 2 };
    this.checks.set(progress.checkId, progress);
    return progress;
  }

  async checkProgress(checkId: string): Promise<CheckProgress> {
    return this.checks.get(checkId)!;
  }

  async cancelCheck(checkId: string): Promise<void> {
    this.calls.push(`cancel ${checkId}`);
    this.checks.set(checkId, { ...this.checks.get(checkId)!, state: 'cancelled' });
  }

  /** Makes a running check finish with a verdict on its next poll. */
  finish(tableId: string, status: Verdict['status']): void {
    const checkId = `check-${tableId}`;
    const verdict: Verdict = { table: tableId, status, snapshot: 1n, layout: null, findings: [] };
    this.checks.set(checkId, { ...this.checks.get(checkId)!, state: 'done', done: 2, verdict });
  }

  async preview(): Promise<never> {
    throw new Error('not used');
  }

  async snippet(): Promise<never> {
    throw new Error('not used');
  }

  async repairPlan(): Promise<never> {
    throw new Error('not used');
  }

  async policy(): Promise<never> {
    throw new Error('not used');
  }
}
