import { Signal } from '@lumino/signaling';
import type { RepairPlan, Verdict } from '../../../core/api/wire';
import type { IDualLayoutModel, IRepairQuery } from '../../tokens';
import { RepairPlanModel } from '../repair';

/** The members of the model a repair plan uses; each request waits until the test answers it. */
function fakeModel() {
  const requests: { table: string; query: IRepairQuery; answer: (plan: RepairPlan) => void; fail: (error: Error) => void }[] = [];
  const model = {
    statusChanged: new Signal<unknown, string>({}),
    repairPlan: (table: string, query: IRepairQuery) => new Promise<RepairPlan>((answer, fail) => requests.push({ table, query, answer, fail }))
  };
  return { model: model as unknown as IDualLayoutModel, requests };
}

function verdict(status: Verdict['status'], checkedAtMs = 1): Verdict {
  return { table: 'c.ns.t', status, snapshot: 42n, layout: null, findings: [], checkedAtMs };
}

function plan(keepHistory: boolean): RepairPlan {
  return {
    table: 'c.ns.t',
    status: 'drift',
    snapshot: 42n,
    repairable: !keepHistory,
    steps: [],
    unrepairable: [],
    advice: [keepHistory ? 'kept' : 'expired'],
    script: '',
    standaloneScript: '',
    assumptions: [],
    dryRun: false
  };
}

/** Lets the model's awaits after an answer run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('RepairPlanModel', () => {
  describe('#follow', () => {
    it('should plan nothing for a table that is consistent, unchecked or failed', async () => {
      const { model, requests } = fakeModel();
      const repair = new RepairPlanModel(model);
      await repair.follow('c.ns.t', verdict('consistent'));
      await repair.follow('c.ns.t', null);
      await repair.follow('c.ns.t', verdict('error'));
      expect(requests).toEqual([]);
      expect(repair.plan).toEqual({ state: 'idle' });
    });

    it("should plan a drifted table for its verdict's snapshot, once per verdict", async () => {
      const { model, requests } = fakeModel();
      const repair = new RepairPlanModel(model);
      const drift = verdict('drift');
      const following = repair.follow('c.ns.t', drift);
      expect(repair.plan).toEqual({ state: 'loading' });
      expect(requests.map(r => [r.table, r.query])).toEqual([['c.ns.t', { snapshot: 42n, keepHistory: false }]]);
      requests[0].answer(plan(false));
      await following;
      expect(repair.plan).toEqual({ state: 'ready', value: plan(false) });
      await repair.follow('c.ns.t', drift);
      expect(requests).toHaveLength(1);
      void repair.follow('c.ns.t', verdict('drift', 2));
      expect(requests).toHaveLength(2);
    });

    it('should show the request’s message when planning fails', async () => {
      const { model, requests } = fakeModel();
      const repair = new RepairPlanModel(model);
      const following = repair.follow('c.ns.t', verdict('drift'));
      requests[0].fail(new Error('c.ns.t: metadata unreadable'));
      await following;
      expect(repair.plan).toEqual({ state: 'failed', message: 'c.ns.t: metadata unreadable' });
    });

    it('should drop the plan when a new verdict says consistent', async () => {
      const { model, requests } = fakeModel();
      const repair = new RepairPlanModel(model);
      const following = repair.follow('c.ns.t', verdict('drift'));
      requests[0].answer(plan(false));
      await following;
      await repair.follow('c.ns.t', verdict('consistent', 2));
      expect(repair.plan).toEqual({ state: 'idle' });
    });
  });

  describe('#keepHistory', () => {
    it('should plan again with keepHistory, and show only the newest answer', async () => {
      const { model, requests } = fakeModel();
      const repair = new RepairPlanModel(model);
      let changes = 0;
      repair.changed.connect(() => changes++);
      void repair.follow('c.ns.t', verdict('drift'));
      repair.keepHistory = true;
      expect(requests.map(r => r.query.keepHistory)).toEqual([false, true]);
      requests[1].answer(plan(true));
      await settle();
      requests[0].answer(plan(false));
      await settle();
      expect(repair.plan).toEqual({ state: 'ready', value: plan(true) });
      expect(changes).toBe(3);
      repair.keepHistory = true;
      expect(requests).toHaveLength(2);
    });
  });
});
