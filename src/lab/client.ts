/**
 * Typed calls to each helper endpoint. The model depends on the IHelperClient
 * interface only, so it can be exercised without a server.
 */
import type { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { ARROW_STREAM } from '../core/api/wire';
import type { CatalogList, CheckProgress, Policy, RepairPlan, SnippetResult, TableDetails, TablePage, Verdict, VersionInfo } from '../core/api/wire';
import { IRequestOptions, requestHelper, requestJSON } from './request';
import { DualLayoutRequestError } from './tokens';
import type { IRepairQuery, ISnippetQuery } from './tokens';
import type { SnippetEngine, SnippetVariant } from '../core/snippets/profile';

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
  /** Emitted when a request gets 503: Jupyter Server is restarting the helper. */
  readonly unavailable?: ISignal<IHelperClient, DualLayoutRequestError>;
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
  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, query?: ISnippetQuery): Promise<SnippetResult>;
  repairPlan(tableId: string, query: IRepairQuery): Promise<RepairPlan>;
  policy(): Promise<Policy & { guardMode: string }>;
}

export class HelperClient implements IHelperClient {
  constructor(private readonly serverSettings: ServerConnection.ISettings) {}

  get unavailable(): ISignal<this, DualLayoutRequestError> {
    return this._unavailable;
  }

  version(): Promise<VersionInfo> {
    return this._json<VersionInfo>('version');
  }

  async reloadConfiguration(): Promise<void> {
    await this._json<unknown>('refresh', { method: 'POST', body: {} });
  }

  async catalogs(): Promise<CatalogList> {
    const body = await this._json<Partial<CatalogList>>('catalogs');
    return { catalogs: body.catalogs ?? [], configError: body.configError ?? null };
  }

  async namespaces(catalog: string): Promise<string[][]> {
    const body = await this._json<{ namespaces: string[][] }>(`catalogs/${encodeURIComponent(catalog)}/namespaces`);
    return body.namespaces;
  }

  tables(catalog: string, query: ITablesQuery): Promise<TablePage> {
    return this._json<TablePage>(`catalogs/${encodeURIComponent(catalog)}/tables`, {
      query: {
        namespace: query.namespace?.join('.'),
        q: query.q,
        offset: query.offset,
        limit: query.limit
      }
    });
  }

  details(tableId: string): Promise<TableDetails> {
    return this._json<TableDetails>(tablePath(tableId));
  }

  async verdict(tableId: string): Promise<Verdict | null> {
    const body = await this._json<Verdict | { verdict: null }>(`${tablePath(tableId)}/verdict`);
    return 'status' in body ? body : null;
  }

  startCheck(tableId: string): Promise<CheckProgress> {
    return this._json<CheckProgress>(`${tablePath(tableId)}/check`, { method: 'POST', body: {} });
  }

  checkProgress(checkId: string): Promise<CheckProgress> {
    return this._json<CheckProgress>(`checks/${encodeURIComponent(checkId)}`);
  }

  async cancelCheck(checkId: string): Promise<void> {
    await this._json<unknown>(`checks/${encodeURIComponent(checkId)}`, { method: 'DELETE' });
  }

  async preview(tableId: string, columns: string[] | undefined, limit: number): Promise<IPreviewBytes> {
    const endpoint = `${tablePath(tableId)}/preview`;
    const response = await this._raw(endpoint, { query: { columns: columns?.join(','), limit } });
    const type = response.headers.get('Content-Type');
    if (type !== ARROW_STREAM) {
      throw new DualLayoutRequestError(
        `The preview of ${tableId} came as ${type ?? 'an untyped body'}, not an Arrow stream`,
        502,
        endpoint,
        undefined,
        tableId
      );
    }
    const header = response.headers.get('X-Dual-Layout-Deletes');
    const deletes = header === 'applied' || header === 'not-applied' ? header : 'unknown';
    return { bytes: new Uint8Array(await response.arrayBuffer()), deletes };
  }

  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, query: ISnippetQuery = {}): Promise<SnippetResult> {
    return this._json<SnippetResult>(`${tablePath(tableId)}/snippets`, {
      // `columns=a,b`, as the helper parses it (core/snippets/columns.ts parseColumnList).
      query: { engine, variant, other: query.other, where: query.where, columns: query.columns?.join(',') }
    });
  }

  repairPlan(tableId: string, query: IRepairQuery): Promise<RepairPlan> {
    return this._json<RepairPlan>(`${tablePath(tableId)}/repair`, {
      query: {
        snapshot: query.snapshot?.toString(),
        keepHistory: query.keepHistory ? 'true' : undefined,
        dryRun: query.dryRun ? 'true' : undefined
      }
    });
  }

  policy(): Promise<Policy & { guardMode: string }> {
    return this._json<Policy & { guardMode: string }>('policy');
  }

  private _json<T>(endpoint: string, options?: IRequestOptions): Promise<T> {
    return this._watch(requestJSON<T>(this.serverSettings, endpoint, options));
  }

  private _raw(endpoint: string, options?: IRequestOptions): Promise<Response> {
    return this._watch(requestHelper(this.serverSettings, endpoint, options));
  }

  private async _watch<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      if (error instanceof DualLayoutRequestError && error.status === 503) {
        this._unavailable.emit(error);
      }
      throw error;
    }
  }

  private readonly _unavailable = new Signal<this, DualLayoutRequestError>(this);
}

/** A table id travels as one path segment: `tables/cat.ns.tbl`. */
function tablePath(tableId: string): string {
  return `tables/${encodeURIComponent(tableId)}`;
}
