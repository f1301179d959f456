/**
 * The write guard service: holds the helper's policy plus the user's extra
 * protections, analyses cells (reusing each notebook's earlier cells), and
 * asks the user through a dialog. Fails open: if the helper cannot be reached
 * or the analysis breaks, cells run and a warning goes to the console.
 */
import type { Policy } from '../../core/api/wire';
import { CellAnalysis, GuardAnalyzer, GuardFinding, GuardPolicy, IncrementalAnalysis } from '../../core/guard';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { confirmWrites } from './dialog';
import { GUARD_MODES, GuardMode, IGuardSettings, IProtectionGaps, IWriteGuard } from './tokens';

/** What the helper's `GET policy` returns. */
export type ServedPolicy = Policy & { guardMode?: string };

/** The policy is fetched again when older than this, in the background. */
const POLICY_MAX_AGE_MS = 60_000;
/** A cell never waits longer than this for the first policy. */
const POLICY_WAIT_MS = 3_000;

const EMPTY_POLICY: Policy = { protected: [], protectedPaths: [], allowedPaths: [] };
const NO_GAPS: IProtectionGaps = { tables: [], catalogs: [] };

export class WriteGuard implements IWriteGuard {
  constructor(options: WriteGuard.IOptions) {
    this._fetchPolicy = options.fetchPolicy;
    this._trans = options.trans;
    this._rebuild();
  }

  get mode(): GuardMode {
    const user = GUARD_MODES.indexOf(this._settings.mode);
    const floor = GUARD_MODES.indexOf(this._adminMode);
    return GUARD_MODES[Math.max(user, floor, 0)];
  }

  get inlineMarkers(): boolean {
    return this._settings.inlineMarkers && this.mode !== 'off';
  }

  get protectionGaps(): IProtectionGaps {
    return this._gaps;
  }

  get changed(): ISignal<IWriteGuard, void> {
    return this._changed;
  }

  async loadPolicy(options: { force?: boolean } = {}): Promise<void> {
    if (options.force) {
      // A fetch already under way may predate what the caller changed: fetch again after it.
      await this._pending;
      this._fetchedAt = 0;
    }
    void this._refreshPolicy();
    await this._pending;
  }

  applySettings(settings: Partial<IGuardSettings>): void {
    this._settings = { ...this._settings, ...settings };
    this._rebuild();
  }

  async analyze(key: object, sources: string[], cwd?: string): Promise<CellAnalysis> {
    await Promise.race([this._refreshPolicy(), new Promise(resolve => setTimeout(resolve, POLICY_WAIT_MS))]);
    return this.analyzeNow(key, sources, cwd);
  }

  analyzeNow(key: object, sources: string[], cwd?: string): CellAnalysis {
    // Inline markers call this while typing: start loading the policy (never waits, never
    // rejects) so that marks appear without a cell having been run first.
    void this._refreshPolicy();
    let entry = this._incremental.get(key);
    if (!entry || entry.cwd !== cwd) {
      entry = { cwd, analysis: new IncrementalAnalysis(this._analyzer, { cwd }) };
      this._incremental.set(key, entry);
    }
    const analysis = entry.analysis.analyze(sources)[sources.length - 1] ?? { findings: [] };
    if (analysis.error) {
      console.warn(`dual-layout: ${analysis.error}; the cell runs unguarded.`);
    }
    return analysis;
  }

  confirm(findings: GuardFinding[], where: string): Promise<boolean> {
    return confirmWrites({ findings, where, block: this.mode === 'block', gaps: this._gaps, trans: this._trans });
  }

  /** Fetch the policy if it is missing or stale; never rejects. */
  private _refreshPolicy(): Promise<void> {
    const fresh = Date.now() - this._fetchedAt < POLICY_MAX_AGE_MS;
    if (fresh) {
      return Promise.resolve();
    }
    if (!this._pending) {
      this._pending = this._fetchPolicy()
        .then(served => {
          this._policy = { protected: served.protected ?? [], protectedPaths: served.protectedPaths ?? [], allowedPaths: served.allowedPaths ?? [] };
          this._gaps = { tables: served.unavailable ?? [], catalogs: served.unavailableCatalogs ?? [] };
          this._adminMode = GUARD_MODES.includes(served.guardMode as GuardMode) ? (served.guardMode as GuardMode) : 'off';
          this._rebuild();
        })
        .catch(error => {
          console.warn('dual-layout: the write-guard policy could not be loaded; cells run unguarded except for your own protected paths.', error);
        })
        .finally(() => {
          this._fetchedAt = Date.now();
          this._pending = null;
        });
    }
    // The first time, wait for it; afterwards use the policy we have while refreshing.
    return this._policy === EMPTY_POLICY ? this._pending : Promise.resolve();
  }

  private _rebuild(): void {
    this._analyzer = new GuardAnalyzer(new GuardPolicy(this._policy, this._settings.protectedPaths));
    this._incremental = new WeakMap();
    this._changed.emit();
  }

  private _fetchPolicy: () => Promise<ServedPolicy>;
  private _trans: TranslationBundle;
  private _settings: IGuardSettings = { mode: 'warn', protectedPaths: [], inlineMarkers: true };
  private _adminMode: GuardMode = 'off';
  private _policy: Policy = EMPTY_POLICY;
  private _gaps: IProtectionGaps = NO_GAPS;
  private _fetchedAt = 0;
  private _pending: Promise<void> | null = null;
  private _analyzer!: GuardAnalyzer;
  private _incremental = new WeakMap<object, { cwd?: string; analysis: IncrementalAnalysis }>();
  private _changed = new Signal<IWriteGuard, void>(this);
}

export namespace WriteGuard {
  export interface IOptions {
    /** Loads the helper's policy (`GET dual-layout/api/policy`). */
    fetchPolicy: () => Promise<ServedPolicy>;
    trans: TranslationBundle;
  }
}
