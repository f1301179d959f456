import { DualLayoutRequestError } from '../../tokens';
import { DualLayoutModel, handshake } from '../model';
import { FakeHelperClient } from './fakeClient';

describe('DualLayoutModel', () => {
  let model: DualLayoutModel;
  afterEach(() => model.dispose());

  describe('#start', () => {
    it('should list the tables after a successful handshake', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 3);
      model = new DualLayoutModel({ client });
      await model.start();
      expect(model.serverState).toEqual({ kind: 'ok', version: '0.1.0' });
      expect(model.rows.filter(r => r.kind === 'table')).toHaveLength(3);
      expect(client.calls).not.toContain('refresh');
    });

    it('should report a missing server half and list nothing', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 3);
      client.version = async () => {
        throw new DualLayoutRequestError('The dual-layout server extension did not answer version (HTTP 404)', 404, 'version');
      };
      model = new DualLayoutModel({ client });
      await model.start();
      expect(model.serverState).toMatchObject({ kind: 'missing' });
      expect(client.calls).not.toContain('catalogs');
    });
  });

  describe('#refresh', () => {
    it('should ask the helper to read its configuration again before listing', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 1);
      model = new DualLayoutModel({ client });
      await model.start();
      client.calls = [];
      await model.refresh();
      expect(client.calls.slice(0, 2)).toEqual(['refresh', 'catalogs']);
    });
  });

  describe('#search', () => {
    it('should send one request for a burst of keystrokes', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 20);
      model = new DualLayoutModel({ client });
      await model.start();
      const changed = new Promise<void>(resolve => model.rowsChanged.connect(() => model.rows.filter(r => r.kind === 'table').length === 10 && resolve()));
      for (const query of ['t', 'ta', 'tab', 'table_0001']) {
        model.search(query);
      }
      await changed;
      expect(client.calls.filter(c => c.includes('q=t'))).toEqual(['tables demo  q=table_0001 0']);
    });
  });

  describe('#applySettings', () => {
    it('should list again when the catalogs to show change', async () => {
      const client = new FakeHelperClient({ a: [], b: [] });
      model = new DualLayoutModel({ client });
      await model.start();
      model.applySettings({ catalogs: ['a'] });
      await new Promise<void>(resolve => model.rowsChanged.connect(() => !model.isLoading && resolve()));
      expect(model.rows.filter(r => r.kind === 'catalog').map(r => r.key)).toEqual(['c/a']);
    });
  });
});

describe('handshake', () => {
  it('should accept the same major.minor and report any other', () => {
    expect(handshake('0.1.7')).toEqual({ kind: 'ok', version: '0.1.7' });
    expect(handshake('0.2.0')).toMatchObject({ kind: 'mismatched', version: '0.2.0' });
  });
});
