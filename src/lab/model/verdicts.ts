/**
 * Verdicts per table and the checks in progress. Running checks are followed
 * by one Poll that stands by when nothing runs or the page is hidden.
 */
import { Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';
import type { CheckProgress, Verdict } from '../../core/api/wire';
import type { IHelperClient } from '../client';
import type { TableStatus } from '../tokens';

const PROGRESS_INTERVAL_MS = 500;
const PROGRESS_MAX_INTERVAL_MS = 5000;
/** Automatic checks of tables scrolled into view run a few at a time, so a long list does not flood the helper. */
const MAX_AUTOMATIC_CHECKS = 3;

export class VerdictStore {
  constructor(private readonly client: IHelperClient) {
    this._poll = new Poll({
      factory: () => this._followChecks(),
      frequency: { interval: PROGRESS_INTERVAL_MS, backoff: true, max: PROGRESS_MAX_INTERVAL_MS },
      standby: () => (this._checks.size === 0 ? true : 'when-hidden'),
      name: 'jupyterlab-dual-layout:checks'
    });
  }

  /** Whether tables found unchecked by `ensure` are checked automatically. */
  checkUnchecked = false;

  /** Emitted with the id of the table whose status changed. */
  get changed(): Signal<this, string> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  status(tableId: string): TableStatus {
    if (this._checks.has(tableId)) {
      return 'checking';
    }
    return this._verdicts.get(tableId)?.status ?? 'unchecked';
  }

  verdict(tableId: string): Verdict | null {
    return this._verdicts.get(tableId) ?? null;
  }

  progress(tableId: string): CheckProgress | null {
    return this._checks.get(tableId) ?? null;
  }

  /** Fetches the helper's cached verdict once per table; failures show as an error badge. */
  ensure(tableId: string): Promise<void> {
    const fetching = this._fetching.get(tableId);
    if (fetching) {
      return fetching;
    }
    if (this._verdicts.has(tableId) || this._unchecked.has(tableId)) {
      return Promise.resolve();
    }
    const work = this.client.verdict(tableId).then(
      verdict => {
        if (this.isDisposed) {
          return;
        }
        if (verdict) {
          this._verdicts.set(tableId, verdict);
        } else {
          this._unchecked.add(tableId);
          if (this.checkUnchecked) {
            this._queue.push(tableId);
            this._startQueued();
          }
        }
        this._changed.emit(tableId);
      },
      (error: Error) => {
        if (this.isDisposed) {
          return;
        }
        this._verdicts.set(tableId, errorVerdict(tableId, error.message));
        this._changed.emit(tableId);
      }
    );
    this._fetching.set(tableId, work);
    void work.finally(() => this._fetching.delete(tableId));
    return work;
  }

  /** Starts a check unless one is running, and follows it until it ends. */
  async check(tableId: string): Promise<void> {
    if (this._checks.has(tableId) || this._starting.has(tableId)) {
      return;
    }
    let progress: CheckProgress;
    this._starting.add(tableId);
    try {
      progress = await this.client.startCheck(tableId);
    } catch (error) {
      if (!this.isDisposed) {
        this._verdicts.set(tableId, errorVerdict(tableId, (error as Error).message));
        this._changed.emit(tableId);
      }
      throw error;
    } finally {
      this._starting.delete(tableId);
    }
    if (this.isDisposed) {
      return;
    }
    this._apply(progress);
    if (this._checks.size) {
      void this._poll.refresh();
    }
  }

  async cancel(tableId: string): Promise<void> {
    const progress = this._checks.get(tableId);
    if (!progress) {
      return;
    }
    await this.client.cancelCheck(progress.checkId);
    if (this.isDisposed) {
      return;
    }
    this._checks.delete(tableId);
    this._changed.emit(tableId);
    this._startQueued();
  }

  /** Forgets every verdict so the next `ensure` asks the helper again. */
  clear(): void {
    const ids = [...this._verdicts.keys(), ...this._unchecked];
    this._queue = [];
    this._verdicts.clear();
    this._unchecked.clear();
    ids.forEach(id => this._changed.emit(id));
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
  }

  private async _followChecks(): Promise<void> {
    const running = [...this._checks.values()];
    const updates = await Promise.all(
      running.map(progress =>
        this.client.checkProgress(progress.checkId).catch((error: Error): CheckProgress => ({
          ...progress,
          state: 'error',
          verdict: errorVerdict(progress.table, error.message)
        }))
      )
    );
    if (this.isDisposed) {
      return;
    }
    updates.forEach(update => this._apply(update));
  }

  private _startQueued(): void {
    while (this._queue.length && this._checks.size + this._starting.size < MAX_AUTOMATIC_CHECKS) {
      const tableId = this._queue.shift()!;
      if (this.status(tableId) === 'unchecked') {
        // A failed start already shows as the table's error badge.
        void this.check(tableId).catch(() => undefined);
      }
    }
  }

  private _apply(progress: CheckProgress): void {
    const table = progress.table;
    if (progress.state === 'running') {
      this._checks.set(table, progress);
    } else {
      this._checks.delete(table);
      if (progress.verdict) {
        this._verdicts.set(table, progress.verdict);
        this._unchecked.delete(table);
      }
      this._startQueued();
    }
    this._changed.emit(table);
  }

  private readonly _poll: Poll;
  private readonly _verdicts = new Map<string, Verdict>();
  private readonly _unchecked = new Set<string>();
  private readonly _fetching = new Map<string, Promise<void>>();
  private readonly _checks = new Map<string, CheckProgress>();
  private readonly _starting = new Set<string>();
  private _queue: string[] = [];
  private readonly _changed = new Signal<this, string>(this);
}

function errorVerdict(table: string, message: string): Verdict {
  return { table, status: 'error', snapshot: null, layout: null, findings: [], error: message };
}
