import { Signal } from '@lumino/signaling';
import type { TableDetails, Verdict } from '../../../core/api/wire';
import type { IDualLayoutModel, IPreviewData } from '../../tokens';
import { INITIAL_BARS, TableDetailsModel } from '../details';

const ROOT = '/lake/t/data';
const COLUMNS = ['event_id', 'region', 'night', 'obs_time'];

/** The few members of the model a details view uses, with verdicts the test sets. */
function fakeModel() {
  const verdicts = new Map<string, Verdict>();
  const statusChanged = new Signal<unknown, string>({});
  const model = {
    statusChanged,
    settings: { autoCheckOnOpen: false },
    verdict: (id: string) => verdicts.get(id) ?? null,
    status: (id: string) => verdicts.get(id)?.status ?? 'unchecked',
    ensureVerdict: async () => undefined,
    details: async (id: string): Promise<TableDetails> =>
      ({
        id,
        dataRoot: ROOT,
        schema: { schemaId: 0, fields: COLUMNS.map((name, i) => ({ id: i + 1, name, required: false, type: 'string' as const })) },
        partitions: [{ path: 'k=1', fileCount: 1, recordCount: 5, totalBytes: 50 }]
      }) as TableDetails,
    preview: async (): Promise<IPreviewData> => ({ columns: [], rows: [], deletes: 'applied' })
  };
  const setVerdict = (verdict: Verdict) => {
    verdicts.set(verdict.table, verdict);
    statusChanged.emit(verdict.table);
  };
  return { model: model as unknown as IDualLayoutModel, setVerdict };
}

function drift(table: string): Verdict {
  return {
    table,
    status: 'drift',
    snapshot: 1n,
    layout: { kind: 'hive', pruning: 'safe', explanation: '' },
    findings: [{ kind: 'stale-file', path: `${ROOT}/k=1/old.parquet`, detail: '', changesRows: true }]
  };
}

describe('TableDetailsModel', () => {
  describe('#partitions', () => {
    it('should keep one overview until the details or the verdict change', async () => {
      const { model, setVerdict } = fakeModel();
      const details = new TableDetailsModel(model);
      expect(details.partitions).toBeNull();
      await details.show('c.ns.t');
      const first = details.partitions!;
      expect(first.bars.map(bar => bar.flaggedFiles)).toEqual([0]);
      expect(details.partitions).toBe(first);

      setVerdict(drift('c.ns.t'));
      const flagged = details.partitions!;
      expect(flagged).not.toBe(first);
      expect(flagged.bars.map(bar => bar.flaggedFiles)).toEqual([1]);
      expect(details.partitions).toBe(flagged);
      details.dispose();
    });
  });

  describe('#chart', () => {
    it('should show the first bars again when another table opens, keeping the metric and order', async () => {
      const { model } = fakeModel();
      const details = new TableDetailsModel(model);
      let changes = 0;
      details.changed.connect(() => changes++);
      details.chart = { metric: 'bytes', order: 'path', limit: INITIAL_BARS + 1000 };
      expect(changes).toBe(1);
      await details.show('c.ns.other');
      expect(details.chart).toEqual({ metric: 'bytes', order: 'path', limit: INITIAL_BARS });
      details.dispose();
    });
  });

  describe('#columns', () => {
    it('should read every column until one is unchecked, in the table order whatever the order of clicks', async () => {
      const { model } = fakeModel();
      const details = new TableDetailsModel(model);
      expect(details.columns).toBeNull();
      await details.show('c.ns.t');
      expect(details.columns).toEqual({ columns: COLUMNS, chosen: COLUMNS, projection: undefined });
      let changes = 0;
      details.changed.connect(() => changes++);

      details.chooseColumn('event_id', false);
      details.chooseColumn('region', false);
      expect(details.columns!.projection).toEqual(['night', 'obs_time']);
      details.chooseColumn('event_id', true);
      expect(details.columns!.projection).toEqual(['event_id', 'night', 'obs_time']);
      expect(changes).toBe(3);
      // Checking the last unchecked column is every column again: no column list is sent.
      details.chooseColumn('region', true);
      expect(details.columns!.projection).toBeUndefined();
      details.dispose();
    });

    it("should keep each table's choice while the view shows others, until Check all", async () => {
      const { model } = fakeModel();
      const details = new TableDetailsModel(model);
      await details.show('c.ns.t');
      details.chooseColumn('night', false);
      await details.show('c.ns.other');
      expect(details.columns!.projection).toBeUndefined();
      await details.show('c.ns.t');
      expect(details.columns!.projection).toEqual(['event_id', 'region', 'obs_time']);

      details.chooseOnlyColumn('region');
      expect(details.columns!.projection).toEqual(['region']);
      let changes = 0;
      details.changed.connect(() => changes++);
      details.chooseAllColumns();
      details.chooseAllColumns();
      expect(details.columns!.projection).toBeUndefined();
      expect(changes).toBe(1);
      details.dispose();
    });
  });
});
