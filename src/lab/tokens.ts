/**
 * The front end's contract: the model token, what the model promises, the
 * command ids and the errors. Read this file to learn the extension.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { CatalogSummary, CheckProgress, RepairPlan, SnippetResult, TableDetails, TableSummary, Verdict } from '../core/api/wire';
import type { SnapshotId } from '../core/iceberg/model';
import type { SnippetEngine, SnippetVariant } from '../core/snippets/profile';
import { PACKAGE_VERSION } from '../core/version.generated';

/** The version of the front end (package.json's, written at build time); the helper must report the same major.minor. */
export const EXTENSION_VERSION: string = PACKAGE_VERSION;

export const PLUGIN_ID = 'jupyterlab-dual-layout:plugin';

export const IDualLayoutModel = new Token<IDualLayoutModel>(
  'jupyterlab-dual-layout:IDualLayoutModel',
  'The dual-layout table browser: catalogs, tables, verdicts, checks, previews and snippets from the helper.'
);

/** What a table's badge shows: a verdict status, or where we are in getting one. */
export type TableStatus = Verdict['status'] | 'checking' | 'unchecked';

/** The server half as seen by the handshake. */
export type ServerState =
  | { kind: 'unknown' }
  | { kind: 'ok'; version: string }
  | { kind: 'missing'; message: string }
  | { kind: 'mismatched'; version: string; message: string }
  | { kind: 'failed'; message: string }
  /** Jupyter Server answered 503: its supervisor is bringing the helper back; the model retries by itself. */
  | { kind: 'restarting'; message: string };

/** One line of the sidebar's tree, already flattened for a virtualised list. */
export type TreeRow =
  | { kind: 'catalog'; key: string; depth: 0; catalog: CatalogSummary; expanded: boolean }
  | { kind: 'namespace'; key: string; depth: number; catalog: string; namespace: string[]; expanded: boolean }
  | { kind: 'table'; key: string; depth: number; table: TableSummary; showNamespace: boolean }
  | { kind: 'loading'; key: string; depth: number }
  | { kind: 'more'; key: string; depth: number; remaining: number }
  | { kind: 'error'; key: string; depth: number; message: string }
  | { kind: 'empty'; key: string; depth: number; reason: 'no-namespaces' | 'no-tables' | 'no-match' };

/** Rows of a preview decoded from Arrow, cell values already formatted for display. */
export interface IPreviewData {
  columns: { name: string; type: string }[];
  rows: string[][];
  /** Whether the helper applied the table's delete files to these rows. */
  deletes: 'applied' | 'not-applied' | 'unknown';
}

/** What a `GET tables/{id}/snippets` asks for besides the engine and variant. */
export interface ISnippetQuery {
  /** The other table of a join. */
  other?: string;
  /** A predicate on partition source columns (core/snippets/where.ts); the reads apply it. */
  where?: string;
  /** The top-level columns the reads load (core/snippets/columns.ts); every column when absent. */
  columns?: readonly string[];
}

/** What `GET tables/{id}/repair` plans for. */
export interface IRepairQuery {
  /** The snapshot the plan is for (the verdict's); the current one when absent. */
  snapshot?: SnapshotId | null;
  /** Keep the snapshots that still reference stale files, and say what that leaves, instead of expiring them. */
  keepHistory?: boolean;
  /** The script only prints what it would do. */
  dryRun?: boolean;
}

/** Settings a user controls (schema/plugin.json). */
export interface IDualLayoutSettings {
  /** Catalog names to show; empty shows every catalog the helper knows. */
  catalogs: string[];
  previewRowLimit: number;
  autoCheckOnOpen: boolean;
  /** Check tables that have no verdict yet as they scroll into view in the sidebar. */
  checkVisibleTables: boolean;
  /** Seconds between refreshes of catalogs and verdicts; 0 turns refreshing off. */
  refreshIntervalSeconds: number;
}

export interface IDualLayoutModel extends IDisposable {
  /** Emitted when the tree's rows change (expansion, loading, search results). */
  readonly rowsChanged: ISignal<IDualLayoutModel, void>;
  /** Emitted with the table id whose verdict or check progress changed. */
  readonly statusChanged: ISignal<IDualLayoutModel, string>;
  /** Emitted when the selected table changes. */
  readonly selectionChanged: ISignal<IDualLayoutModel, string | null>;
  /** Emitted when the handshake with the server half settles. */
  readonly serverStateChanged: ISignal<IDualLayoutModel, ServerState>;

  readonly serverState: ServerState;
  readonly settings: Readonly<IDualLayoutSettings>;
  /** The flattened, visible rows of the tree (or of the search results). */
  readonly rows: readonly TreeRow[];
  /** Set while the catalogs are being listed for the first time or refreshed. */
  readonly isLoading: boolean;
  readonly query: string;
  /** Why .pyiceberg.yaml or the PYICEBERG_ variables could not be read; the catalogs that could still show. */
  readonly configError: string | null;
  /** The catalogs shown that failed, each with its full error message. */
  readonly failedCatalogs: readonly CatalogSummary[];
  selectedTable: string | null;

  /** Filters tables by name; debounced, so it can be called on every keystroke. */
  search(query: string): void;
  toggle(rowKey: string): Promise<void>;
  /** Loads the next page under a `more` row. */
  loadMore(rowKey: string): Promise<void>;
  /** Lists the catalogs again and forgets cached verdicts. */
  refresh(): Promise<void>;
  /** Every table loaded so far (for pickers such as "Join with…"). */
  knownTables(): TableSummary[];

  status(tableId: string): TableStatus;
  verdict(tableId: string): Verdict | null;
  progress(tableId: string): CheckProgress | null;
  /** Fetches the cached verdict if not known yet; cheap, safe to call for every visible row. */
  ensureVerdict(tableId: string): Promise<void>;
  /** Starts a check and follows its progress. @throws DualLayoutRequestError */
  check(tableId: string): Promise<void>;
  cancelCheck(tableId: string): Promise<void>;

  /** @throws DualLayoutRequestError */
  details(tableId: string): Promise<TableDetails>;
  /** @throws DualLayoutRequestError */
  preview(tableId: string, columns?: string[]): Promise<IPreviewData>;
  /** @throws DualLayoutRequestError */
  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, query?: ISnippetQuery): Promise<SnippetResult>;
  /** The maintenance that makes Dask's view equal Iceberg's again; nothing is run. @throws DualLayoutRequestError */
  repairPlan(tableId: string, query?: IRepairQuery): Promise<RepairPlan>;
}

export enum CommandIDs {
  openSidebar = 'dual-layout:open-sidebar',
  refresh = 'dual-layout:refresh',
  checkTable = 'dual-layout:check-table',
  cancelCheck = 'dual-layout:cancel-check',
  openDetails = 'dual-layout:open-details',
  openInSpark = 'dual-layout:open-in-spark',
  openInDask = 'dual-layout:open-in-dask',
  openPinnedInDask = 'dual-layout:open-pinned-in-dask',
  joinWith = 'dual-layout:join-with',
  copySpark = 'dual-layout:copy-spark',
  copyDask = 'dual-layout:copy-dask',
  copyPinnedDask = 'dual-layout:copy-pinned-dask',
  openInSparkForWriting = 'dual-layout:open-in-spark-for-writing',
  copyRepairScript = 'dual-layout:copy-repair-script',
  insertRepairScript = 'dual-layout:insert-repair-script'
}

/** A request to the helper failed; `message` is the server's own, safe to show. */
export class DualLayoutRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly endpoint: string,
    readonly catalog?: string,
    readonly table?: string
  ) {
    super(message);
    this.name = 'DualLayoutRequestError';
  }
}
