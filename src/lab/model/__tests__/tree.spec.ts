import { PAGE_SIZE, TableTree } from '../tree';
import { FakeHelperClient } from './fakeClient';

describe('TableTree', () => {
  describe('#load', () => {
    it('should list catalogs, open a catalog with few namespaces and page its tables', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', PAGE_SIZE + 5);
      const tree = new TableTree(client);
      await tree.load([]);
      const rows = tree.rows();
      expect(rows[0]).toMatchObject({ kind: 'catalog', key: 'c/demo', expanded: true });
      expect(rows[1]).toMatchObject({ kind: 'namespace', namespace: ['survey'], expanded: true });
      expect(rows.filter(r => r.kind === 'table')).toHaveLength(PAGE_SIZE);
      expect(rows[rows.length - 1]).toMatchObject({ kind: 'more', remaining: 5 });
    });

    it('should show only the catalogs named in the settings', async () => {
      const client = new FakeHelperClient({ a: [], b: [] });
      const tree = new TableTree(client);
      await tree.load(['b']);
      expect(
        tree
          .rows()
          .filter(r => r.kind === 'catalog')
          .map(r => r.key)
      ).toEqual(['c/b']);
    });

    it('should show a failing catalog inline and keep listing the others', async () => {
      const client = new FakeHelperClient({
        broken: [],
        demo: [{ id: 'demo.ns.t', catalog: 'demo', namespace: ['ns'], name: 't' }]
      });
      client.failingCatalogs.add('broken');
      const tree = new TableTree(client);
      await tree.load([]);
      const rows = tree.rows();
      expect(rows).toContainEqual(expect.objectContaining({ kind: 'error', message: 'Catalog broken cannot be reached' }));
      expect(rows).toContainEqual(expect.objectContaining({ kind: 'table', key: 't/demo.ns.t' }));
      expect(client.calls).not.toContain('namespaces broken');
    });

    it('should keep a failed catalog’s error in view when it is clicked (collapsed)', async () => {
      const client = new FakeHelperClient({ broken: [] });
      client.failingCatalogs.add('broken');
      const tree = new TableTree(client);
      await tree.load([]);
      await tree.toggle('c/broken');
      expect(tree.rows()).toEqual([
        expect.objectContaining({
          kind: 'catalog',
          key: 'c/broken',
          expanded: false,
          catalog: expect.objectContaining({ error: 'Catalog broken cannot be reached' })
        }),
        expect.objectContaining({ kind: 'error', message: 'Catalog broken cannot be reached' })
      ]);
    });

    it('should report a catalog whose namespaces cannot be listed as failed, with its type and message', async () => {
      const client = new FakeHelperClient({ down: [], demo: [] });
      client.namespaces = async (catalog: string) => {
        throw new Error(`REST catalog '${catalog}' at http://127.0.0.1:1 could not list namespaces: ECONNREFUSED`);
      };
      const tree = new TableTree(client);
      await tree.load(['down']);
      expect(tree.failedCatalogs).toEqual([
        { name: 'down', type: 'sql', error: "REST catalog 'down' at http://127.0.0.1:1 could not list namespaces: ECONNREFUSED" }
      ]);
      expect(tree.rows()[0]).toMatchObject({ kind: 'catalog', catalog: { error: expect.stringContaining('ECONNREFUSED') } });
    });
  });

  describe('#loadMore', () => {
    it('should fetch the next page once even when asked twice at the same time', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 2 * PAGE_SIZE + 1);
      const tree = new TableTree(client);
      await tree.load([]);
      const more = tree.rows().find(r => r.kind === 'more')!;
      await Promise.all([tree.loadMore(more.key), tree.loadMore(more.key)]);
      expect(client.calls.filter(c => c.endsWith(` ${PAGE_SIZE}`))).toHaveLength(1);
      expect(tree.rows().filter(r => r.kind === 'table')).toHaveLength(2 * PAGE_SIZE);
    });
  });

  describe('#toggle', () => {
    it('should collapse and expand a namespace without fetching its tables again', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 3);
      const tree = new TableTree(client);
      await tree.load([]);
      const before = client.calls.length;
      await tree.toggle('n/demo/survey');
      expect(tree.rows().filter(r => r.kind === 'table')).toHaveLength(0);
      await tree.toggle('n/demo/survey');
      expect(tree.rows().filter(r => r.kind === 'table')).toHaveLength(3);
      expect(client.calls.length).toBe(before);
    });
  });

  describe('#search', () => {
    it('should list the matching tables across namespaces with their namespace shown', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 30);
      const tree = new TableTree(client);
      await tree.load([]);
      await tree.search('table_0001');
      const tables = tree.rows().filter(r => r.kind === 'table');
      expect(tables.map(r => r.key)).toEqual(Array.from({ length: 10 }, (_, i) => `t/demo.survey.table_0001${i}`));
      expect(tables.every(r => r.kind === 'table' && r.showNamespace)).toBe(true);
    });

    it('should say so when nothing matches, and return to the tree when the query is cleared', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 3);
      const tree = new TableTree(client);
      await tree.load([]);
      await tree.search('nothing-like-this');
      expect(tree.rows()).toEqual([expect.objectContaining({ kind: 'empty', reason: 'no-match' })]);
      await tree.search('');
      expect(tree.rows().filter(r => r.kind === 'table')).toHaveLength(3);
    });

    it('should flatten 10,000 tables into rows quickly enough to re-render on every change', async () => {
      const client = FakeHelperClient.withTables('demo', 'survey', 10_000);
      const tree = new TableTree(client);
      await tree.load([]);
      while (tree.rows().some(r => r.kind === 'more')) {
        await tree.loadMore(tree.rows().find(r => r.kind === 'more')!.key);
      }
      expect(tree.rows().filter(r => r.kind === 'table')).toHaveLength(10_000);
      expect(tree.knownTables()).toHaveLength(10_000);
    });
  });
});
