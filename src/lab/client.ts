/**
 * Typed calls to each helper endpoint. The model depends on the IHelperClient
 * interface only, so it can be exercised without a server.
 */
import type { ServerConnection } from '@jupyterlab/services';
import type {
  CatalogList,
  CheckProgress,
  Policy,
  SnippetResult,
  TableDetails,
  TablePage,
  Verdict,
  VersionInfo
} from '../core/api/wire';
import { requestHelper, requestJSON } from './request';
import type { SnippetEngine, SnippetVariant } from './tokens';

export interface ITablesQuery {
  namespace?: string[];
  q?: string;
  offset: number;
  limit: number;
}

/** The preview as sent: Arrow IPC bytes plus whether delete files were honoured. */
export interface IPreviewBytes {
  bytes: Uint8Array;
  deletes: 'applied' | 'not-applied' | 'unknown';
}

export interface IHelperClient {
  version(): Promise<VersionInfo>;
  /** Asks the helper to read the catalog configuration again. */
  reloadConfiguration(): Promise<void>;
  catalogs(): Promise<CatalogList>;
  namespaces(catalog: string): Promise<string[][]>;
  tables(catalog: string, query: ITablesQuery): Promise<TablePage>;
  details(tableId: string): Promise<TableDetails>;
  verdict(tableId: string): Promise<Verdict | null>;
  startCheck(tableId: string): Promise<CheckProgress>;
  checkProgress(checkId: string): Promise<CheckProgress>;
  cancelCheck(checkId: string): Promise<void>;
  preview(tableId: string, columns: string[] | undefined, limit: number): Promise<IPreviewBytes>;
  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, other?: string): Promise<SnippetResult>;
  policy(): Promise<Policy & { guardMode: string }>;
}

export class HelperClient implements IHelperClient {
  constructor(private readonly serverSettings: ServerConnection.ISettings) {}

  version(): Promise<VersionInfo> {
    return requestJSON<VersionInfo>(this.serverSettings, 'version');
  }

  async reloadConfiguration(): Promise<void> {
    await requestJSON<unknown>(this.serverSettings, 'refresh', { method: 'POST', body: {} });
  }

  async catalogs(): Promise<CatalogList> {
    const body = await requestJSON<Partial<CatalogList>>(this.serverSettings, 'catalogs');
    return { catalogs: body.catalogs ?? [], configError: body.configError ?? null };
  }

  async namespaces(catalog: string): Promise<string[][]> {
    const body = await requestJSON<{ namespaces: string[][] }>(
      this.serverSettings,
      `catalogs/${encodeURIComponent(catalog)}/namespaces`
    );
    return body.namespaces;
  }

  tables(catalog: string, query: ITablesQuery): Promise<TablePage> {
    return requestJSON<TablePage>(this.serverSettings, `catalogs/${encodeURIComponent(catalog)}/tables`, {
      query: {
        namespace: query.namespace?.join('.'),
        q: query.q,
        offset: query.offset,
        limit: query.limit
      }
    });
  }

  details(tableId: string): Promise<TableDetails> {
    return requestJSON<TableDetails>(this.serverSettings, tablePath(tableId));
  }

  async verdict(tableId: string): Promise<Verdict | null> {
    const body = await requestJSON<Verdict | { verdict: null }>(this.serverSettings, `${tablePath(tableId)}/verdict`);
    return 'status' in body ? body : null;
  }

  startCheck(tableId: string): Promise<CheckProgress> {
    return requestJSON<CheckProgress>(this.serverSettings, `${tablePath(tableId)}/check`, { method: 'POST', body: {} });
  }

  checkProgress(checkId: string): Promise<CheckProgress> {
    return requestJSON<CheckProgress>(this.serverSettings, `checks/${encodeURIComponent(checkId)}`);
  }

  async cancelCheck(checkId: string): Promise<void> {
    await requestJSON<unknown>(this.serverSettings, `checks/${encodeURIComponent(checkId)}`, { method: 'DELETE' });
  }

  async preview(tableId: string, columns: string[] | undefined, limit: number): Promise<IPreviewBytes> {
    const response = await requestHelper(this.serverSettings, `${tablePath(tableId)}/preview`, {
      query: { columns: columns?.join(','), limit }
    });
    const header = response.headers.get('X-Dual-Layout-Deletes');
    const deletes = header === 'applied' || header === 'not-applied' ? header : 'unknown';
    return { bytes: new Uint8Array(await response.arrayBuffer()), deletes };
  }

  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, other?: string): Promise<SnippetResult> {
    return requestJSON<SnippetResult>(this.serverSettings, `${tablePath(tableId)}/snippets`, {
      query: { engine, variant, other }
    });
  }

  policy(): Promise<Policy & { guardMode: string }> {
    return requestJSON<Policy & { guardMode: string }>(this.serverSettings, 'policy');
  }
}

/** A table id travels as one path segment: `tables/cat.ns.tbl`. */
function tablePath(tableId: string): string {
  return `tables/${encodeURIComponent(tableId)}`;
}
