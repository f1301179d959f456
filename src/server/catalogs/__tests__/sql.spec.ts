import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogError } from '../catalog';
import { SqlCatalog } from '../sql';
import { parseSqlUri } from '../sqlUri';
import { buildLakehouse, Lakehouse, PYTHON } from './lakehouse';

let root: string;
let lake: Lakehouse;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-sql-'));
  lake = buildLakehouse(root);
});

function catalog(name = 'lake', uri = `sqlite:///${lake.db}`): SqlCatalog {
  return new SqlCatalog(name, { uri }, { cwd: root });
}

describe('SqlCatalog', () => {
  describe('#listNamespaces', () => {
    it('should list top-level namespaces from tables and namespace properties', async () => {
      expect(await catalog().listNamespaces()).toEqual([['empty_ns'], ['sci']]);
    });

    it('should list the children of a namespace', async () => {
      expect(await catalog().listNamespaces(['sci'])).toEqual([['sci', 'deep']]);
    });

    it('should keep catalogs that share a database apart', async () => {
      expect(await catalog('other').listNamespaces()).toEqual([['ops']]);
    });

    it('should name a namespace that does not exist', async () => {
      await expect(catalog().listNamespaces(['nope'])).rejects.toThrow("Namespace 'nope' does not exist in catalog 'lake'");
    });
  });

  describe('#listTables', () => {
    it('should list the tables of one namespace only', async () => {
      expect(await catalog().listTables(['sci'])).toEqual(['obs']);
      expect(await catalog().listTables(['sci', 'deep'])).toEqual(['stations']);
      expect(await catalog().listTables(['empty_ns'])).toEqual([]);
    });
  });

  describe('#loadTable', () => {
    it("should return pyiceberg's current metadata location", async () => {
      const table = await catalog().loadTable(['sci'], 'obs');
      expect(table).toEqual({ namespace: ['sci'], name: 'obs', metadataLocation: lake.obs });
      expect((await catalog('other').loadTable(['ops'], 'runs')).metadataLocation).toBe(lake.runs);
    });

    it('should raise a CatalogError naming catalog and table when the table is missing', async () => {
      const error = await catalog()
        .loadTable(['sci'], 'missing')
        .catch(e => e);
      expect(error).toBeInstanceOf(CatalogError);
      expect(error).toMatchObject({ catalog: 'lake', table: 'sci.missing' });
      expect(error.message).toBe("Table 'sci.missing' does not exist in catalog 'lake'");
    });

    it('should see a new commit after the database file changes', async () => {
      const copy = path.join(root, 'copy.db');
      fs.copyFileSync(lake.db, copy);
      const sql = catalog('lake', `sqlite:///${copy}`);
      expect(await sql.listTables(['sci'])).toEqual(['obs']);
      const changed = path.join(root, 'changed.db');
      fs.copyFileSync(lake.db, changed);
      execFileSync(PYTHON, [
        '-c',
        `import sqlite3; c = sqlite3.connect("${changed}"); c.execute("UPDATE iceberg_tables SET table_name = 'renamed' WHERE table_name = 'obs'"); c.commit()`
      ]);
      fs.copyFileSync(changed, copy);
      expect(await sql.listTables(['sci'])).toEqual(['renamed']);
    });

    it('should never write to the database', async () => {
      const before = fs.statSync(lake.db);
      const bytes = fs.readFileSync(lake.db);
      const sql = catalog();
      await sql.listNamespaces();
      await sql.loadTable(['sci'], 'obs');
      await sql.close();
      expect(fs.statSync(lake.db).mtimeMs).toBe(before.mtimeMs);
      expect(fs.readFileSync(lake.db).equals(bytes)).toBe(true);
    });
  });

  describe('#constructor', () => {
    it('should name the catalog and hide the password when a PostgreSQL URI is malformed', () => {
      expect(() => catalog('pg', 'postgresql://me:pa55word@db/iceberg?sslmode=on')).toThrow(
        /^SQL catalog 'pg': sslmode 'on' in 'uri' is not one of disable, allow, prefer, require, verify-ca, verify-full$/
      );
    });

    it('should report a missing database file on first use, naming the file', async () => {
      const missing = path.join(root, 'missing.db');
      await expect(catalog('lake', `sqlite:///${missing}`).listNamespaces()).rejects.toThrow(
        `SQL catalog 'lake': cannot list namespaces: SQLite database ${missing} does not exist`
      );
    });

    it('should name the catalog when the file is not an SQLite database', async () => {
      const corrupt = path.join(root, 'corrupt.db');
      fs.writeFileSync(corrupt, 'this is not a database, just some text long enough to be read'.repeat(20));
      await expect(catalog('lake', `sqlite:///${corrupt}`).listNamespaces()).rejects.toThrow(
        "SQL catalog 'lake': cannot list namespaces: file is not a database"
      );
    });

    it('should give no tables for an empty in-memory database', async () => {
      expect(await catalog('lake', 'sqlite://').listNamespaces()).toEqual([]);
    });
  });
});

describe('parseSqlUri', () => {
  it.each([
    ['sqlite:////abs/catalog.db', '/abs/catalog.db'],
    ['sqlite:///relative/catalog.db', '/work/relative/catalog.db'],
    ['sqlite+pysqlite:///c.db', '/work/c.db'],
    ['sqlite:///file:/abs/c.db?mode=ro&uri=true', '/abs/c.db'],
    ['sqlite://', null],
    ['sqlite:///:memory:', null]
  ])('should read %s as SQLAlchemy does', (uri, file) => {
    expect(parseSqlUri(uri, '/work')).toEqual({ dialect: 'sqlite', file });
  });

  it('should refuse other databases', () => {
    expect(() => parseSqlUri('mysql://h/db', '/')).toThrow("SQL catalogs on 'mysql' are not supported");
  });
});
