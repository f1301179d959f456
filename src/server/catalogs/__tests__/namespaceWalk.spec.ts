import type { Catalog, LoadedTable } from '../catalog';
import { childNamespaces, describeSkipped, walkCatalog } from '../namespaceWalk';

/** A catalog answering from fixed tables: namespace key (`a.b`, `` for the top) → children and tables. */
class ScriptedCatalog implements Catalog {
  readonly name = 'scripted';
  readonly type = 'rest';
  readonly properties = {};
  readonly calls: string[] = [];

  constructor(
    private readonly children: (parent: string[]) => unknown[],
    private readonly tables: Record<string, string[]> = {},
    private readonly broken: Set<string> = new Set()
  ) {}

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    this.calls.push(`namespaces ${parent.join('.')}`);
    if (this.broken.has(`namespaces ${parent.join('.')}`)) {
      throw new Error(`HTTP 500 listing namespaces of '${parent.join('.')}'`);
    }
    return this.children(parent) as string[][];
  }

  async listTables(namespace: string[]): Promise<string[]> {
    this.calls.push(`tables ${namespace.join('.')}`);
    if (this.broken.has(`tables ${namespace.join('.')}`)) {
      throw new Error(`HTTP 500 listing tables of '${namespace.join('.')}'`);
    }
    return this.tables[namespace.join('.')] ?? [];
  }

  async loadTable(): Promise<LoadedTable> {
    throw new Error('not used');
  }
}

function tree(children: Record<string, string[][]>): (parent: string[]) => string[][] {
  return parent => children[parent.join('.')] ?? [];
}

const ids = (tables: { namespace: string[]; name: string }[]) => tables.map(t => [...t.namespace, t.name].join('.'));

describe('namespaceWalk', () => {
  describe('#walkCatalog', () => {
    it('should list every table of a nested tree, sorted', async () => {
      const catalog = new ScriptedCatalog(tree({ '': [['sci'], ['ops']], sci: [['sci', 'deep']] }), {
        sci: ['obs', 'cal'],
        'sci.deep': ['stations'],
        ops: ['runs']
      });
      const walk = await walkCatalog(catalog);
      expect(ids(walk.tables)).toEqual(['ops.runs', 'sci.cal', 'sci.obs', 'sci.deep.stations']);
      expect(walk.skipped).toEqual([]);
      expect(walk.failures).toEqual([]);
    });

    it('should skip a namespace that lists itself as its own child, visiting it once', async () => {
      const catalog = new ScriptedCatalog(tree({ '': [['loop'], ['sci']], loop: [['loop'], ['loop', 'inner']] }), {
        loop: ['t'],
        'loop.inner': ['u'],
        sci: ['obs']
      });
      const walk = await walkCatalog(catalog);
      expect(ids(walk.tables)).toEqual(['loop.t', 'loop.inner.u', 'sci.obs']);
      expect(walk.skipped).toEqual([{ namespace: ['loop'], parent: ['loop'], reason: 'the namespace lists itself as its own child' }]);
      expect(catalog.calls.filter(call => call === 'tables loop')).toHaveLength(1);
    });

    it('should end a cycle a → b → a, whether spelled as siblings or as an ancestor', async () => {
      const catalog = new ScriptedCatalog(tree({ '': [['a'], ['b']], a: [['b'], ['a', 'x']], b: [['a']], 'a.x': [['a']] }), {
        a: ['ta'],
        b: ['tb'],
        'a.x': ['tx']
      });
      const walk = await walkCatalog(catalog);
      expect(ids(walk.tables)).toEqual(['a.ta', 'a.x.tx', 'b.tb']);
      expect(walk.skipped.map(describeSkipped).sort()).toEqual([
        "skipped namespace 'a' listed under 'a.x': not below the namespace that lists it (a cycle?)",
        "skipped namespace 'a' listed under 'b': not below the namespace that lists it (a cycle?)",
        "skipped namespace 'b' listed under 'a': not below the namespace that lists it (a cycle?)"
      ]);
    });

    it('should stop a catalog that invents ever deeper children at the depth bound', async () => {
      const catalog = new ScriptedCatalog(parent => [[...parent, 'deeper']], { deeper: ['t'] });
      const walk = await walkCatalog(catalog, { maxDepth: 5 });
      expect(ids(walk.tables)).toEqual(['deeper.t']);
      expect(walk.skipped).toEqual([{ namespace: Array(6).fill('deeper'), parent: Array(5).fill('deeper'), reason: 'the walk stops at 5 levels deep' }]);
      expect(catalog.calls.filter(call => call.startsWith('namespaces'))).toHaveLength(6);
    });

    it('should stop at the namespace bound and count what it left', async () => {
      const catalog = new ScriptedCatalog(parent => (parent.length === 0 ? Array.from({ length: 10 }, (_, i) => [`n${i}`]) : []));
      const walk = await walkCatalog(catalog, { maxNamespaces: 4 });
      expect(catalog.calls.filter(call => call.startsWith('tables'))).toHaveLength(4);
      expect(walk.skipped).toEqual([{ namespace: ['n4'], parent: null, reason: 'the walk stops at 4 namespaces (6 namespaces at this level not visited)' }]);
    });

    it('should skip entries that are not namespace identifiers', async () => {
      const catalog = new ScriptedCatalog(parent => (parent.length === 0 ? [['ok'], [], 'flat', [1], ['ok']] : []), { ok: ['t'] });
      const walk = await walkCatalog(catalog);
      expect(ids(walk.tables)).toEqual(['ok.t']);
      expect(walk.skipped.map(skip => skip.reason)).toEqual(Array(3).fill('not a namespace identifier (a non-empty list of names)'));
    });

    it('should report a namespace that cannot be listed and list the rest', async () => {
      const catalog = new ScriptedCatalog(tree({ '': [['good'], ['bad']] }), { good: ['t'] }, new Set(['tables bad', 'namespaces bad']));
      const walk = await walkCatalog(catalog);
      expect(ids(walk.tables)).toEqual(['good.t']);
      expect(walk.failures.map(f => [f.namespace.join('.'), f.listing, f.error.message]).sort()).toEqual([
        ['bad', 'namespaces', "HTTP 500 listing namespaces of 'bad'"],
        ['bad', 'tables', "HTTP 500 listing tables of 'bad'"]
      ]);
    });

    it('should fail when the top level cannot be listed', async () => {
      const catalog = new ScriptedCatalog(tree({}), {}, new Set(['namespaces ']));
      await expect(walkCatalog(catalog)).rejects.toThrow("HTTP 500 listing namespaces of ''");
    });
  });

  describe('#childNamespaces', () => {
    it('should keep only strict descendants, once each', async () => {
      const catalog = new ScriptedCatalog(tree({ a: [['a'], ['a', 'b'], ['a', 'b'], ['c'], ['a', 'b', 'c']] }));
      const { children, skipped } = await childNamespaces(catalog, ['a']);
      expect(children).toEqual([
        ['a', 'b'],
        ['a', 'b', 'c']
      ]);
      expect(skipped.map(describeSkipped)).toEqual([
        "skipped namespace 'a' listed under 'a': the namespace lists itself as its own child",
        "skipped namespace 'c' listed under 'a': not below the namespace that lists it (a cycle?)"
      ]);
    });
  });
});
