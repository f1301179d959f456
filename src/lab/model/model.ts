/**
 * The model behind every dual-layout view: the handshake with the server half,
 * the table tree, verdicts and checks, details, previews and snippets, and the
 * user's settings applied live. It never touches the DOM.
 */
import { Debouncer, Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';
import type { CatalogSummary, RepairPlan, SnippetResult, TableDetails, TableSummary, Verdict, CheckProgress } from '../../core/api/wire';
import type { SnippetEngine, SnippetVariant } from '../../core/snippets/profile';
import type { IHelperClient } from '../client';
import { EXTENSION_VERSION, IDualLayoutModel, IDualLayoutSettings, IRepairQuery, IPreviewData, ServerState, TableStatus, TreeRow } from '../tokens';
import type { ISnippetQuery } from '../tokens';
import { decodePreview } from './preview';
import { TableTree } from './tree';
import { VerdictStore } from './verdicts';

export const DEFAULT_SETTINGS: IDualLayoutSettings = {
  catalogs: [],
  previewRowLimit: 100,
  autoCheckOnOpen: true,
  checkVisibleTables: true,
  refreshIntervalSeconds: 0
};

const SEARCH_DEBOUNCE_MS = 250;
/** While the helper restarts: first retry after 2 s, backing off to at most 30 s. */
const RECOVERY_INTERVAL_MS = 2000;
const RECOVERY_MAX_MS = 30_000;

export class DualLayoutModel implements IDualLayoutModel {
  constructor(options: DualLayoutModel.IOptions) {
    this._client = options.client;
    this._client.unavailable?.connect((_, error) => this._helperRestarting(error.message), this);
    this._tree = new TableTree(this._client);
    this._verdicts = new VerdictStore(this._client);
    this._verdicts.checkUnchecked = DEFAULT_SETTINGS.checkVisibleTables;
    this._tree.changed.connect(() => this._rowsChanged.emit(), this);
    this._verdicts.changed.connect((_, id) => this._statusChanged.emit(id), this);
    this._searcher = new Debouncer(async (query: string) => {
      await this._tree.search(query);
    }, SEARCH_DEBOUNCE_MS);
    this._refreshPoll = new Poll({
      factory: () => this.refresh(),
      frequency: { interval: Poll.NEVER, backoff: true },
      standby: 'when-hidden',
      name: 'jupyterlab-dual-layout:refresh'
    });
    this._recovery = new Poll({
      factory: () => this._recover(),
      frequency: { interval: RECOVERY_INTERVAL_MS, backoff: true, max: RECOVERY_MAX_MS },
      standby: 'when-hidden',
      auto: false,
      name: 'jupyterlab-dual-layout:recovery'
    });
  }

  get rowsChanged(): Signal<this, void> {
    return this._rowsChanged;
  }

  get statusChanged(): Signal<this, string> {
    return this._statusChanged;
  }

  get selectionChanged(): Signal<this, string | null> {
    return this._selectionChanged;
  }

  get serverStateChanged(): Signal<this, ServerState> {
    return this._serverStateChanged;
  }

  get serverState(): ServerState {
    return this._serverState;
  }

  get settings(): Readonly<IDualLayoutSettings> {
    return this._settings;
  }

  get rows(): readonly TreeRow[] {
    return this._tree.rows();
  }

  get isLoading(): boolean {
    return this._loading !== null;
  }

  get query(): string {
    return this._query;
  }

  get configError(): string | null {
    return this._tree.configError;
  }

  get failedCatalogs(): readonly CatalogSummary[] {
    return this._tree.failedCatalogs;
  }

  get selectedTable(): string | null {
    return this._selected;
  }

  set selectedTable(tableId: string | null) {
    if (tableId === this._selected) {
      return;
    }
    this._selected = tableId;
    this._selectionChanged.emit(tableId);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Lists the catalogs, after checking the server half answers with our version. */
  start(): Promise<void> {
    return this._run(false);
  }

  /** Applies new settings; what changed takes effect at once. */
  applySettings(settings: Partial<IDualLayoutSettings>): void {
    const previous = this._settings;
    this._settings = { ...DEFAULT_SETTINGS, ...settings };
    this._verdicts.checkUnchecked = this._settings.checkVisibleTables;
    if (previous.refreshIntervalSeconds !== this._settings.refreshIntervalSeconds) {
      const seconds = this._settings.refreshIntervalSeconds;
      this._refreshPoll.frequency = {
        interval: seconds > 0 ? seconds * 1000 : Poll.NEVER,
        backoff: true,
        max: Math.max(seconds, 60) * 10_000
      };
    }
    if (previous.catalogs.join('\n') !== this._settings.catalogs.join('\n') && this._tree.loaded) {
      void this.refresh();
    }
  }

  search(query: string): void {
    this._query = query;
    void this._searcher.invoke(query);
  }

  toggle(rowKey: string): Promise<void> {
    return this._tree.toggle(rowKey);
  }

  loadMore(rowKey: string): Promise<void> {
    return this._tree.loadMore(rowKey);
  }

  /** Reads the catalog configuration again, lists the catalogs and forgets cached verdicts. */
  refresh(): Promise<void> {
    return this._run(true);
  }

  private async _run(rereadConfiguration: boolean): Promise<void> {
    if (this._loading) {
      return this._loading;
    }
    this._loading = this._reload(rereadConfiguration);
    this._rowsChanged.emit();
    try {
      await this._loading;
    } finally {
      this._loading = null;
      if (!this._isDisposed) {
        this._rowsChanged.emit();
      }
    }
  }

  knownTables(): TableSummary[] {
    return this._tree.knownTables();
  }

  status(tableId: string): TableStatus {
    return this._verdicts.status(tableId);
  }

  verdict(tableId: string): Verdict | null {
    return this._verdicts.verdict(tableId);
  }

  progress(tableId: string): CheckProgress | null {
    return this._verdicts.progress(tableId);
  }

  ensureVerdict(tableId: string): Promise<void> {
    return this._verdicts.ensure(tableId);
  }

  check(tableId: string): Promise<void> {
    return this._verdicts.check(tableId);
  }

  cancelCheck(tableId: string): Promise<void> {
    return this._verdicts.cancel(tableId);
  }

  /** Details are fetched once per refresh; concurrent callers share the request. */
  details(tableId: string): Promise<TableDetails> {
    let pending = this._details.get(tableId);
    if (!pending) {
      pending = this._client.details(tableId);
      this._details.set(tableId, pending);
      pending.catch(() => this._details.delete(tableId));
    }
    return pending;
  }

  async preview(tableId: string, columns?: string[]): Promise<IPreviewData> {
    const bytes = await this._client.preview(tableId, columns, this._settings.previewRowLimit);
    return decodePreview(bytes);
  }

  snippet(tableId: string, engine: SnippetEngine, variant: SnippetVariant, query?: ISnippetQuery): Promise<SnippetResult> {
    return this._client.snippet(tableId, engine, variant, query);
  }

  /** Concurrent callers asking for the same plan (the details view and its buttons) share the request. */
  repairPlan(tableId: string, query: IRepairQuery = {}): Promise<RepairPlan> {
    const key = JSON.stringify([tableId, query.snapshot?.toString() ?? null, !!query.keepHistory, !!query.dryRun]);
    let pending = this._repairPlans.get(key);
    if (!pending) {
      pending = this._client.repairPlan(tableId, query);
      this._repairPlans.set(key, pending);
      const forget = () => this._repairPlans.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._searcher.dispose();
    this._refreshPoll.dispose();
    this._recovery.dispose();
    this._tree.dispose();
    this._verdicts.dispose();
    Signal.clearData(this);
  }

  private async _reload(rereadConfiguration: boolean): Promise<void> {
    const state = this._serverState.kind;
    if (state !== 'ok' && state !== 'mismatched' && !(await this._handshake())) {
      return;
    }
    this._verdicts.clear();
    this._details.clear();
    try {
      if (rereadConfiguration) {
        await this._client.reloadConfiguration();
      }
      await this._tree.load(this._settings.catalogs);
    } catch (error) {
      if (!this._isDisposed) {
        this._setFailure(error, false);
      }
    }
  }

  private async _handshake(): Promise<boolean> {
    try {
      const info = await this._client.version();
      if (!this._isDisposed) {
        this._setServerState(handshake(info.version));
      }
      return !this._isDisposed;
    } catch (error) {
      if (!this._isDisposed) {
        this._setFailure(error, true);
      }
      return false;
    }
  }

  /** 503 means the helper is coming back (recovery follows); 404 at the handshake, no server half at all. */
  private _setFailure(error: unknown, atHandshake: boolean): void {
    const message = (error as Error).message;
    const status = (error as { status?: number }).status;
    if (status === 503) {
      this._helperRestarting(message);
    } else {
      this._setServerState(status === 404 && atHandshake ? { kind: 'missing', message } : { kind: 'failed', message });
    }
  }

  /** Shows "restarting" and retries with backoff until the helper answers again. */
  private _helperRestarting(message: string): void {
    if (this._isDisposed) {
      return;
    }
    if (this._serverState.kind !== 'restarting' || this._serverState.message !== message) {
      this._setServerState({ kind: 'restarting', message });
    }
    void this._recovery.start();
  }

  /** One recovery attempt: the handshake and the tree again; rejects (so the poll backs off) while still restarting. */
  private async _recover(): Promise<void> {
    await this._run(false);
    if (this._serverState.kind === 'restarting') {
      throw new Error(this._serverState.message);
    }
    void this._recovery.stop();
  }

  private _setServerState(state: ServerState): void {
    this._serverState = state;
    this._serverStateChanged.emit(state);
  }

  private readonly _client: IHelperClient;
  private readonly _tree: TableTree;
  private readonly _verdicts: VerdictStore;
  private readonly _searcher: Debouncer<void, Error, [string]>;
  private readonly _refreshPoll: Poll;
  private readonly _recovery: Poll;
  private readonly _details = new Map<string, Promise<TableDetails>>();
  private readonly _repairPlans = new Map<string, Promise<RepairPlan>>();
  private _settings: IDualLayoutSettings = DEFAULT_SETTINGS;
  private _serverState: ServerState = { kind: 'unknown' };
  private _loading: Promise<void> | null = null;
  private _query = '';
  private _selected: string | null = null;
  private _isDisposed = false;
  private readonly _rowsChanged = new Signal<this, void>(this);
  private readonly _statusChanged = new Signal<this, string>(this);
  private readonly _selectionChanged = new Signal<this, string | null>(this);
  private readonly _serverStateChanged = new Signal<this, ServerState>(this);
}

export namespace DualLayoutModel {
  export interface IOptions {
    client: IHelperClient;
  }
}

/** Same major.minor as the front end is compatible; anything else is reported. */
export function handshake(serverVersion: string): ServerState {
  const ours = EXTENSION_VERSION.split('.').slice(0, 2).join('.');
  const theirs = serverVersion.split('.').slice(0, 2).join('.');
  if (ours === theirs) {
    return { kind: 'ok', version: serverVersion };
  }
  return {
    kind: 'mismatched',
    version: serverVersion,
    message: `The dual-layout server half is version ${serverVersion} but the JupyterLab extension is ${EXTENSION_VERSION}.`
  };
}
