/**
 * The repair plan a details view shows for a drifted table: fetched when the
 * table's verdict says `drift` (again whenever a new verdict arrives), and
 * again when the user asks to keep history. No DOM.
 */
import { Signal } from '@lumino/signaling';
import type { RepairPlan, Verdict } from '../../core/api/wire';
import type { IDualLayoutModel } from '../tokens';
import type { Loadable } from './loadable';

export class RepairPlanModel {
  constructor(private readonly _model: IDualLayoutModel) {}

  /** Emitted when the plan starts loading, arrives or fails, and when the history choice changes. */
  get changed(): Signal<this, void> {
    return this._changed;
  }

  /** `idle` while the verdict is not `drift`: there is nothing to plan. */
  get plan(): Loadable<RepairPlan> {
    return this._plan;
  }

  /** Keep the snapshots that still reference stale files instead of expiring them. */
  get keepHistory(): boolean {
    return this._keepHistory;
  }

  set keepHistory(keep: boolean) {
    if (keep === this._keepHistory) {
      return;
    }
    this._keepHistory = keep;
    this._planned = null;
    void this.follow(this._table, this._verdict);
  }

  /**
   * Plans for this table and verdict, unless the plan shown is already theirs. The plan is made
   * for the verdict's snapshot, so what it repairs is what the verdict found.
   */
  async follow(table: string | null, verdict: Verdict | null): Promise<void> {
    this._table = table;
    this._verdict = verdict;
    const key = table && verdict?.status === 'drift' ? planKey(table, verdict, this._keepHistory) : null;
    if (key === this._planned) {
      return;
    }
    this._planned = key;
    if (!key || !table || !verdict) {
      this._set({ state: 'idle' });
      return;
    }
    this._set({ state: 'loading' });
    let result: Loadable<RepairPlan>;
    try {
      result = { state: 'ready', value: await this._model.repairPlan(table, { snapshot: verdict.snapshot, keepHistory: this._keepHistory }) };
    } catch (error) {
      result = { state: 'failed', message: (error as Error).message };
    }
    // A newer table, verdict or history choice asked for another plan meanwhile.
    if (!this._isDisposed && this._planned === key) {
      this._set(result);
    }
  }

  dispose(): void {
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _set(plan: Loadable<RepairPlan>): void {
    this._plan = plan;
    this._changed.emit();
  }

  private _table: string | null = null;
  private _verdict: Verdict | null = null;
  private _keepHistory = false;
  /** What the plan shown (or loading) was asked for; null when none applies. */
  private _planned: string | null = null;
  private _plan: Loadable<RepairPlan> = { state: 'idle' };
  private _isDisposed = false;
  private readonly _changed = new Signal<this, void>(this);
}

/** Each check gets its own plan: removing files commits no snapshot, so the same snapshot can have new findings. */
function planKey(table: string, verdict: Verdict, keepHistory: boolean): string {
  return JSON.stringify([table, verdict.metadataLocation ?? null, verdict.snapshot?.toString() ?? null, verdict.checkedAtMs ?? null, keepHistory]);
}
