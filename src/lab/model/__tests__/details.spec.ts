import { Signal } from '@lumino/signaling';
import type { TableDetails, Verdict } from '../../../core/api/wire';
import type { IDualLayoutModel, IPreviewData } from '../../tokens';
import { INITIAL_BARS, TableDetailsModel } from '../details';

const ROOT = '/lake/t/data';

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
      ({ id, dataRoot: ROOT, partitions: [{ path: 'k=1', fileCount: 1, recordCount: 5, totalBytes: 50 }] }) as TableDetails,
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
});
