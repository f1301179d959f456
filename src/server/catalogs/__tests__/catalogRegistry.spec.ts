import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalStorage } from '../../storage/local';
import { CatalogError } from '../catalog';
import { CatalogRegistry } from '../catalogRegistry';
import { catalogType } from '../registry';

const context = { storageFor: (location: string) => new LocalStorage({ roots: [location] }) };

function configDir(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-registry-'));
  fs.writeFileSync(path.join(dir, '.pyiceberg.yaml'), yaml);
  return dir;
}

describe('catalogType', () => {
  it.each([
    [{ type: 'REST', uri: 'sqlite:///x' }, 'rest'],
    [{ uri: 'https://rest.example/api' }, 'rest'],
    [{ uri: 'http://localhost:8181' }, 'rest'],
    [{ uri: 'sqlite:////tmp/c.db' }, 'sql'],
    [{ uri: 'postgresql+psycopg2://h/db' }, 'sql'],
    [{ type: 'hadoop', warehouse: '/w' }, 'hadoop'],
    [{ uri: 'thrift://metastore:9083' }, 'hive'],
    [{ type: 'hive', uri: 'thrift://a:9083,thrift://b:9083' }, 'hive']
  ])('should choose as pyiceberg does for %j', (properties, type) => {
    expect(catalogType('c', properties)).toBe(type);
  });

  it.each([
    [{ type: 'nessie' }, "Catalog 'c' has type 'nessie', which dual-layout does not read; supported types: sql, rest, hadoop, hive, glue"],
    [{}, "Catalog 'c' has neither 'type' nor 'uri'; set one in .pyiceberg.yaml or PYICEBERG_CATALOG__C__URI"],
    [{ uri: 'file:///tmp/catalog.db' }, "Cannot infer the type of catalog 'c' from its 'file' uri; set 'type'"]
  ])('should explain what to set for %j', (properties, message) => {
    expect(() => catalogType('c', properties)).toThrow(new CatalogError(message, 'c'));
  });
});

describe('CatalogRegistry', () => {
  describe('.load', () => {
    it('should build every catalog and keep the failures beside the working ones', () => {
      const dir = configDir(
        [
          'catalog:',
          '  lake:',
          '    uri: sqlite:///lake.db',
          '  meta:',
          '    type: hive',
          '  pg:',
          '    uri: postgresql://admin:hunter22@db/iceberg',
          '  files:',
          '    type: hadoop',
          '    warehouse: /data/wh'
        ].join('\n')
      );
      const registry = CatalogRegistry.load({ env: {}, homeDir: dir, cwd: dir, context });
      expect(registry.summaries()).toEqual([
        { name: 'files', type: 'hadoop' },
        { name: 'lake', type: 'sql' },
        { name: 'meta', type: 'hive', error: "Hive catalog 'meta' needs a 'uri', e.g. thrift://metastore:9083" },
        { name: 'pg', type: 'sql' }
      ]);
      expect(registry.get('LAKE').type).toBe('sql');
      expect(() => registry.get('meta')).toThrow("needs a 'uri'");
      expect(JSON.stringify(registry.summaries())).not.toContain('hunter22');
    });

    it('should show only the catalogs the admin lists', () => {
      const dir = configDir('catalog:\n  a:\n    uri: sqlite:///a.db\n  b:\n    uri: sqlite:///b.db\n');
      const registry = CatalogRegistry.load({ env: {}, homeDir: dir, cwd: dir, context, settings: { catalogs: ['b'] } });
      expect(registry.names()).toEqual(['b']);
      expect(() => registry.get('a')).toThrow("Unknown catalog 'a'; configured catalogs: b");
    });

    it('should report a malformed file and still offer catalogs from the environment', () => {
      const dir = configDir('catalog:\n  a: [\n');
      const registry = CatalogRegistry.load({ env: { PYICEBERG_CATALOG__ENV__URI: 'sqlite:///e.db' }, homeDir: dir, cwd: dir, context });
      expect(registry.configError).toMatch(/^Malformed \.pyiceberg\.yaml: .*\.pyiceberg\.yaml line \d+: /);
      expect(registry.names()).toEqual(['env']);
    });

    it('should say where it looked when nothing is configured', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-registry-'));
      const registry = CatalogRegistry.load({ env: {}, homeDir: dir, cwd: dir, context });
      expect(() => registry.get('x')).toThrow(
        "Unknown catalog 'x': no catalogs are configured in any .pyiceberg.yaml (PYICEBERG_HOME, home directory, working directory)"
      );
    });
  });
});
