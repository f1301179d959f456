/**
 * The list of every table of one catalog, for paging and search-as-you-type
 * over ten thousand tables without asking the catalog on every keystroke.
 * Refreshed after `ttlMs`; concurrent callers share one in-flight walk.
 */
import type { Catalog } from '../catalogs/catalog';
import { walkCatalog } from '../catalogs/namespaceWalk';
import type { TablePage, TableSummary } from '../../core/api/wire';
import { formatIdentifier } from '../../core/iceberg/model';

export interface TableIndexOptions {
  ttlMs: number;
  now?: () => number;
}

export class TableIndex {
  private tables: TableSummary[] | null = null;
  private loadedAt = 0;
  private inFlight: Promise<TableSummary[]> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly catalog: Catalog,
    private readonly options: TableIndexOptions
  ) {
    this.now = options.now ?? Date.now;
  }

  invalidate(): void {
    this.tables = null;
  }

  async all(): Promise<TableSummary[]> {
    if (this.tables && this.now() - this.loadedAt < this.options.ttlMs) {
      return this.tables;
    }
    if (!this.inFlight) {
      this.inFlight = this.walk().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /**
   * A page of tables, optionally limited to one namespace (and its children)
   * and filtered by a case-insensitive substring of `namespace.name`.
   */
  async page(query: { namespace?: string[]; q?: string; offset: number; limit: number }): Promise<TablePage> {
    const needle = query.q?.trim().toLowerCase() ?? '';
    const prefix = query.namespace;
    const matches = (await this.all()).filter(table => {
      if (prefix && !startsWith(table.namespace, prefix)) {
        return false;
      }
      return !needle || [...table.namespace, table.name].join('.').toLowerCase().includes(needle);
    });
    return {
      tables: matches.slice(query.offset, query.offset + query.limit),
      total: matches.length,
      offset: query.offset,
      limit: query.limit
    };
  }

  /**
   * The shared namespace walk. A namespace whose tables cannot be listed
   * fails the index (the sidebar shows the catalog's error rather than a
   * silently shorter list); one whose children cannot be listed keeps its
   * tables, as before.
   */
  private async walk(): Promise<TableSummary[]> {
    const walk = await walkCatalog(this.catalog);
    const failed = walk.failures.find(failure => failure.listing === 'tables');
    if (failed) {
      throw failed.error;
    }
    const found = walk.tables.map(({ namespace, name }) => ({
      id: formatIdentifier({ catalog: this.catalog.name, namespace, name }),
      catalog: this.catalog.name,
      namespace,
      name
    }));
    found.sort((a, b) => a.id.localeCompare(b.id));
    this.tables = found;
    this.loadedAt = this.now();
    return found;
  }
}

function startsWith(namespace: string[], prefix: string[]): boolean {
  return prefix.length <= namespace.length && prefix.every((part, i) => namespace[i] === part);
}
