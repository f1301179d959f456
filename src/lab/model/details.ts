/**
 * State of one details view: which table it shows, its details and preview
 * as they load, its verdict as it changes, how its Partitions chart is drawn,
 * the columns its reads load, and the repair plan of a drifted table. No DOM.
 */
import { Signal } from '@lumino/signaling';
import type { TableDetails, Verdict } from '../../core/api/wire';
import type { IDualLayoutModel, IPreviewData } from '../tokens';
import { columnChoice, pickColumn, type IColumnChoice } from './columns';
import type { Loadable } from './loadable';
import { partitionOverview, type PartitionMetric, type PartitionOrder, type IPartitionOverview } from './partitions';
import { RepairPlanModel } from './repair';

/** Bars drawn before the user asks for more: enough to see a table's shape, few enough to stay instant. */
export const INITIAL_BARS = 40;

export interface IPartitionChartState {
  metric: PartitionMetric;
  order: PartitionOrder;
  /** How many bars are drawn. */
  limit: number;
}

export class TableDetailsModel {
  constructor(readonly model: IDualLayoutModel) {
    this._repair = new RepairPlanModel(model);
    this._repair.changed.connect(() => this._changed.emit(), this);
    model.statusChanged.connect((_, id) => {
      if (id === this._table) {
        void this._repair.follow(id, model.verdict(id));
        this._changed.emit();
      }
    }, this);
  }

  get changed(): Signal<this, void> {
    return this._changed;
  }

  get table(): string | null {
    return this._table;
  }

  get details(): Loadable<TableDetails> {
    return this._details;
  }

  get preview(): Loadable<IPreviewData> {
    return this._preview;
  }

  get repair(): RepairPlanModel {
    return this._repair;
  }

  get chart(): Readonly<IPartitionChartState> {
    return this._chart;
  }

  set chart(chart: Readonly<IPartitionChartState>) {
    this._chart = { ...chart };
    this._changed.emit();
  }

  /**
   * The loaded details' partitions with the verdict's flagged files; the same object until the
   * details or the verdict change, so views can skip redrawing thousands of bars.
   */
  get partitions(): IPartitionOverview | null {
    if (this._details.state !== 'ready' || !this._table) {
      return null;
    }
    const details = this._details.value;
    const verdict = this.model.verdict(this._table);
    if (this._overview?.details !== details || this._overview.verdict !== verdict) {
      this._overview = { details, verdict, overview: partitionOverview(details, verdict) };
    }
    return this._overview.overview;
  }

  /** The columns Open in Dask and Open in Spark read, among the table's current ones; null until its details are loaded. */
  get columns(): IColumnChoice | null {
    if (this._details.state !== 'ready' || !this._table) {
      return null;
    }
    const names = this._details.value.schema.fields.map(field => field.name);
    return columnChoice(names, this._picks.get(this._table));
  }

  /** Checks or unchecks one column of the shown table; each table's choice lasts as long as the view. */
  chooseColumn(column: string, checked: boolean): void {
    const choice = this.columns;
    if (choice && this._table) {
      this._picks.set(this._table, pickColumn(choice, column, checked));
      this._changed.emit();
    }
  }

  /** Checks one column of the shown table and unchecks the others: picking a few of many starts here. */
  chooseOnlyColumn(column: string): void {
    if (this.columns && this._table) {
      this._picks.set(this._table, new Set([column]));
      this._changed.emit();
    }
  }

  /** Checks every column of the shown table again (the reads send no column list). */
  chooseAllColumns(): void {
    if (this._table && this._picks.delete(this._table)) {
      this._changed.emit();
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Shows another table (or reloads this one); answers that arrive for a previous table are dropped. */
  async show(tableId: string): Promise<void> {
    const generation = ++this._generation;
    this._table = tableId;
    this._details = { state: 'loading' };
    this._preview = { state: 'loading' };
    this._chart = { ...this._chart, limit: INITIAL_BARS };
    this._changed.emit();
    await Promise.all([
      this._autoCheck(generation, tableId),
      this._load(
        generation,
        () => this.model.details(tableId),
        value => (this._details = value)
      ),
      this._load(
        generation,
        () => this.model.preview(tableId),
        value => (this._preview = value)
      )
    ]);
  }

  /** Checks a table nobody checked yet, when the user asked for that in the settings. */
  private async _autoCheck(generation: number, tableId: string): Promise<void> {
    void this._repair.follow(tableId, this.model.verdict(tableId));
    await this.model.ensureVerdict(tableId);
    if (!this._isDisposed && generation === this._generation) {
      void this._repair.follow(tableId, this.model.verdict(tableId));
    }
    if (!this._isDisposed && generation === this._generation && this.model.settings.autoCheckOnOpen && this.model.status(tableId) === 'unchecked') {
      // A failed start shows as the table's error badge through the model; nothing more to do here.
      await this.model.check(tableId).catch(() => undefined);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._repair.dispose();
    Signal.clearData(this);
  }

  private async _load<T>(generation: number, fetch: () => Promise<T>, store: (value: Loadable<T>) => void): Promise<void> {
    let result: Loadable<T>;
    try {
      result = { state: 'ready', value: await fetch() };
    } catch (error) {
      result = { state: 'failed', message: (error as Error).message };
    }
    if (this._isDisposed || generation !== this._generation) {
      return;
    }
    store(result);
    this._changed.emit();
  }

  private _table: string | null = null;
  private _details: Loadable<TableDetails> = { state: 'idle' };
  private _preview: Loadable<IPreviewData> = { state: 'idle' };
  private _chart: IPartitionChartState = { metric: 'records', order: 'flagged', limit: INITIAL_BARS };
  /** The columns picked per table; a table without an entry reads every column. */
  private readonly _picks = new Map<string, ReadonlySet<string>>();
  private _overview: { details: TableDetails; verdict: Verdict | null; overview: IPartitionOverview } | null = null;
  private readonly _repair: RepairPlanModel;
  private _generation = 0;
  private _isDisposed = false;
  private readonly _changed = new Signal<this, void>(this);
}
