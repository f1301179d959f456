import { VerdictStore } from '../verdicts';
import { FakeHelperClient } from './fakeClient';

function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (condition()) {
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        reject(new Error('condition not met in time'));
      } else {
        setTimeout(tick, 20);
      }
    };
    tick();
  });
}

describe('VerdictStore', () => {
  let store: VerdictStore;
  afterEach(() => store.dispose());

  describe('#ensure', () => {
    it('should fetch a cached verdict once and report a table without one as unchecked', async () => {
      const client = FakeHelperClient.withTables('demo', 'ns', 2);
      client.verdicts.set('demo.ns.a', { table: 'demo.ns.a', status: 'drift', snapshot: 1n, layout: null, findings: [] });
      store = new VerdictStore(client);
      await Promise.all([store.ensure('demo.ns.a'), store.ensure('demo.ns.a'), store.ensure('demo.ns.b')]);
      await store.ensure('demo.ns.a');
      expect(store.status('demo.ns.a')).toBe('drift');
      expect(store.status('demo.ns.b')).toBe('unchecked');
      expect(client.calls.filter(c => c === 'verdict demo.ns.a')).toHaveLength(1);
    });

    it('should check unchecked tables automatically, a few at a time', async () => {
      const client = FakeHelperClient.withTables('demo', 'ns', 6);
      store = new VerdictStore(client);
      store.checkUnchecked = true;
      const ids = Array.from({ length: 6 }, (_, i) => `demo.ns.t${i}`);
      await Promise.all(ids.map(id => store.ensure(id)));
      await until(() => ids.filter(id => store.status(id) === 'checking').length === 3);
      expect(client.calls.filter(c => c.startsWith('check '))).toHaveLength(3);
      ids.slice(0, 3).forEach(id => client.finish(id, 'consistent'));
      await until(() => ids.slice(0, 3).every(id => store.status(id) === 'consistent'));
      await until(() => client.calls.filter(c => c.startsWith('check ')).length === 6);
    });
  });

  describe('#check', () => {
    it('should follow a check until its verdict arrives', async () => {
      const client = FakeHelperClient.withTables('demo', 'ns', 1);
      store = new VerdictStore(client);
      const changed: string[] = [];
      store.changed.connect((_, id) => changed.push(id));
      await store.check('demo.ns.t');
      expect(store.status('demo.ns.t')).toBe('checking');
      expect(store.progress('demo.ns.t')).toMatchObject({ done: 0, total: 2 });
      client.finish('demo.ns.t', 'drift');
      await until(() => store.status('demo.ns.t') === 'drift');
      expect(store.progress('demo.ns.t')).toBeNull();
      expect(changed.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('#cancel', () => {
    it('should cancel the running check on the helper and forget its progress', async () => {
      const client = FakeHelperClient.withTables('demo', 'ns', 1);
      store = new VerdictStore(client);
      await store.check('demo.ns.t');
      await store.cancel('demo.ns.t');
      expect(client.calls).toContain('cancel check-demo.ns.t');
      expect(store.status('demo.ns.t')).toBe('unchecked');
    });
  });
});
