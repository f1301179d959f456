/**
 * The catalogs → namespaces → tables tree behind the sidebar: lazy loading,
 * paged table lists, search results, and flattening into rows for a
 * virtualised list. State only; no DOM.
 */
import { Signal } from '@lumino/signaling';
import type { CatalogSummary, TableSummary } from '../../core/api/wire';
import type { IHelperClient } from '../client';
import type { TreeRow } from '../tokens';

/** Tables fetched per request; the list asks for the next page when its `more` row scrolls into view. */
export const PAGE_SIZE = 200;
const AUTO_EXPAND_NAMESPACES = 3;

interface ITableList {
  tables: TableSummary[];
  /** Null until the first page arrived. */
  total: number | null;
  error?: string;
}

interface INamespaceNode extends ITableList {
  key: string;
  catalog: string;
  namespace: string[];
  expanded: boolean;
}

interface ICatalogNode {
  key: string;
  summary: CatalogSummary;
  expanded: boolean;
  namespaces: INamespaceNode[] | null;
  error?: string;
}

interface ISearchGroup extends ITableList {
  key: string;
  catalog: string;
}

export class TableTree {
  constructor(private readonly client: IHelperClient) {}

  /** Emitted whenever `rows()` would return something new. */
  get changed(): Signal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get query(): string {
    return this._query;
  }

  /** True once the catalogs were listed at least once. */
  get loaded(): boolean {
    return this._loaded;
  }

  /** Why the catalog configuration could not be read, if it could not. */
  get configError(): string | null {
    return this._configError;
  }

  /** The catalogs shown that failed (to build, or to list their namespaces), each with its error. */
  get failedCatalogs(): CatalogSummary[] {
    return this._catalogs.filter(c => c.error).map(c => ({ ...c.summary, error: c.error }));
  }

  /** Lists catalogs (keeping expansion state) and reloads what was expanded. */
  async load(visibleCatalogs: readonly string[]): Promise<void> {
    const { catalogs: summaries, configError } = await this.client.catalogs();
    if (this._isDisposed) {
      return;
    }
    this._configError = configError;
    const previous = new Map(this._catalogs.map(c => [c.key, c]));
    const shown = visibleCatalogs.length ? summaries.filter(c => visibleCatalogs.includes(c.name)) : summaries;
    this._catalogs = shown.map(summary => {
      const key = `c/${summary.name}`;
      return { key, summary, expanded: previous.get(key)?.expanded ?? true, namespaces: null, error: summary.error };
    });
    const expandedNamespaces = new Set([...previous.values()].flatMap(c => (c.namespaces ?? []).filter(n => n.expanded).map(n => n.key)));
    this._loaded = true;
    this._invalidate();
    await Promise.all(this._catalogs.filter(c => c.expanded && !c.error).map(c => this._loadNamespaces(c, expandedNamespaces)));
    if (this._query) {
      await this._runSearch(this._query);
    }
  }

  /** Expands or collapses a catalog or namespace row, loading its children the first time. */
  async toggle(key: string): Promise<void> {
    const catalog = this._catalogs.find(c => c.key === key);
    if (catalog) {
      catalog.expanded = !catalog.expanded;
      this._invalidate();
      if (catalog.expanded && catalog.namespaces === null && !catalog.error) {
        await this._loadNamespaces(catalog, new Set());
      }
      return;
    }
    const namespace = this._findNamespace(key);
    if (namespace) {
      namespace.expanded = !namespace.expanded;
      this._invalidate();
      if (namespace.expanded && namespace.total === null) {
        await this._loadPage(namespace, () => ({ namespace: namespace.namespace }), namespace.catalog);
      }
    }
  }

  /** Loads the next page of the namespace or search group a `more` row belongs to. */
  async loadMore(moreKey: string): Promise<void> {
    const key = moreKey.replace(/^more\//, '');
    const group = this._searchGroups.find(g => g.key === key);
    if (group) {
      await this._loadPage(group, () => ({ q: this._query }), group.catalog);
      return;
    }
    const namespace = this._findNamespace(key);
    if (namespace) {
      await this._loadPage(namespace, () => ({ namespace: namespace.namespace }), namespace.catalog);
    }
  }

  /** Replaces the search results; an empty query returns to the tree. */
  async search(query: string): Promise<void> {
    this._query = query.trim();
    if (this._query) {
      await this._runSearch(this._query);
    } else {
      this._searchGroups = [];
      this._invalidate();
    }
  }

  /** The rows to display, flattened in order; recomputed only after a change. */
  rows(): readonly TreeRow[] {
    if (!this._rows) {
      this._rows = this._query ? this._searchRows() : this._treeRows();
    }
    return this._rows;
  }

  /** Every table loaded so far, from the tree and the current search. */
  knownTables(): TableSummary[] {
    const byId = new Map<string, TableSummary>();
    for (const catalog of this._catalogs) {
      for (const namespace of catalog.namespaces ?? []) {
        namespace.tables.forEach(t => byId.set(t.id, t));
      }
    }
    this._searchGroups.forEach(g => g.tables.forEach(t => byId.set(t.id, t)));
    return [...byId.values()];
  }

  dispose(): void {
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private async _runSearch(query: string): Promise<void> {
    this._searchGroups = this._catalogs.filter(c => !c.error).map(c => ({ key: `s/${c.summary.name}`, catalog: c.summary.name, tables: [], total: null }));
    this._invalidate();
    await Promise.all(
      this._searchGroups.map(group =>
        this._loadPage(
          group,
          () => ({ q: query }),
          group.catalog,
          () => this._query === query
        )
      )
    );
  }

  private async _loadNamespaces(catalog: ICatalogNode, reexpand: Set<string>): Promise<void> {
    const pending = this._pending.get(catalog.key);
    if (pending) {
      return pending;
    }
    const work = (async () => {
      try {
        const namespaces = await this.client.namespaces(catalog.summary.name);
        if (this._isDisposed) {
          return;
        }
        catalog.namespaces = namespaces.map(namespace => {
          const key = `n/${catalog.summary.name}/${namespace.join('.')}`;
          // A catalog with a handful of namespaces opens them all: fewer clicks for the common case.
          const expanded = reexpand.has(key) || namespaces.length <= AUTO_EXPAND_NAMESPACES;
          return { key, catalog: catalog.summary.name, namespace, expanded, tables: [], total: null };
        });
        catalog.error = undefined;
      } catch (error) {
        catalog.error = (error as Error).message;
      }
      this._invalidate();
      await Promise.all((catalog.namespaces ?? []).filter(n => n.expanded).map(n => this._loadPage(n, () => ({ namespace: n.namespace }), n.catalog)));
    })();
    this._pending.set(catalog.key, work);
    try {
      await work;
    } finally {
      this._pending.delete(catalog.key);
    }
  }

  /**
   * Fetches the next page of a list. `stillWanted` lets a search drop results
   * that arrive after the user typed something else.
   */
  private async _loadPage(
    list: ITableList & { key: string },
    query: () => { namespace?: string[]; q?: string },
    catalog: string,
    stillWanted: () => boolean = () => true
  ): Promise<void> {
    const pending = this._pending.get(list.key);
    if (pending) {
      return pending;
    }
    const work = (async () => {
      try {
        const page = await this.client.tables(catalog, { ...query(), offset: list.tables.length, limit: PAGE_SIZE });
        if (this._isDisposed || !stillWanted()) {
          return;
        }
        list.tables = list.tables.concat(page.tables);
        list.total = page.total;
        list.error = undefined;
      } catch (error) {
        if (this._isDisposed || !stillWanted()) {
          return;
        }
        list.error = (error as Error).message;
        list.total = list.total ?? 0;
      }
      this._invalidate();
    })();
    this._pending.set(list.key, work);
    try {
      await work;
    } finally {
      this._pending.delete(list.key);
    }
  }

  private _findNamespace(key: string): INamespaceNode | undefined {
    for (const catalog of this._catalogs) {
      const found = catalog.namespaces?.find(n => n.key === key);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  private _treeRows(): TreeRow[] {
    const rows: TreeRow[] = [];
    for (const catalog of this._catalogs) {
      const summary = catalog.error ? { ...catalog.summary, error: catalog.error } : catalog.summary;
      rows.push({ kind: 'catalog', key: catalog.key, depth: 0, catalog: summary, expanded: catalog.expanded });
      // A failed catalog's error stays in view whether or not it is expanded: clicking it must not hide why.
      if (catalog.error) {
        rows.push({ kind: 'error', key: `error/${catalog.key}`, depth: 1, message: catalog.error });
        continue;
      }
      if (!catalog.expanded) {
        continue;
      }
      if (catalog.namespaces === null) {
        rows.push({ kind: 'loading', key: `loading/${catalog.key}`, depth: 1 });
      } else if (catalog.namespaces.length === 0) {
        rows.push({ kind: 'empty', key: `empty/${catalog.key}`, depth: 1, reason: 'no-namespaces' });
      }
      for (const namespace of catalog.namespaces ?? []) {
        rows.push({
          kind: 'namespace',
          key: namespace.key,
          depth: 1,
          catalog: namespace.catalog,
          namespace: namespace.namespace,
          expanded: namespace.expanded
        });
        if (namespace.expanded) {
          pushTables(rows, namespace, 2, false);
        }
      }
    }
    return rows;
  }

  private _searchRows(): TreeRow[] {
    const rows: TreeRow[] = [];
    for (const group of this._searchGroups) {
      if (group.total === 0 && !group.error) {
        continue;
      }
      const catalog = this._catalogs.find(c => c.summary.name === group.catalog)!;
      rows.push({ kind: 'catalog', key: group.key, depth: 0, catalog: catalog.summary, expanded: true });
      pushTables(rows, group, 1, true);
    }
    const settled = this._searchGroups.length > 0 && this._searchGroups.every(g => g.total !== null);
    if (settled && rows.length === 0) {
      rows.push({ kind: 'empty', key: 'empty/search', depth: 0, reason: 'no-match' });
    }
    return rows;
  }

  private _invalidate(): void {
    this._rows = null;
    this._changed.emit();
  }

  private _catalogs: ICatalogNode[] = [];
  private _searchGroups: ISearchGroup[] = [];
  private _query = '';
  private _rows: TreeRow[] | null = null;
  private _loaded = false;
  private _pending = new Map<string, Promise<void>>();
  private _isDisposed = false;
  private _configError: string | null = null;
  private _changed = new Signal<this, void>(this);
}

function pushTables(rows: TreeRow[], list: ITableList & { key: string }, depth: number, showNamespace: boolean): void {
  for (const table of list.tables) {
    rows.push({ kind: 'table', key: `t/${table.id}`, depth, table, showNamespace });
  }
  if (list.error) {
    rows.push({ kind: 'error', key: `error/${list.key}`, depth, message: list.error });
  } else if (list.total === null) {
    rows.push({ kind: 'loading', key: `loading/${list.key}`, depth });
  } else if (list.tables.length < list.total) {
    rows.push({ kind: 'more', key: `more/${list.key}`, depth, remaining: list.total - list.tables.length });
  } else if (list.total === 0 && !showNamespace) {
    rows.push({ kind: 'empty', key: `empty/${list.key}`, depth, reason: 'no-tables' });
  }
}
