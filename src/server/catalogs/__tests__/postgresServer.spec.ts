/**
 * The PostgreSQL database and catalog against a real server (started with
 * TLS on loopback by tests/fixtures/postgres.py): the server refuses writes,
 * the request timeout holds, and libpq's sslmode means what it says.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { PostgresDatabase } from '../postgresDatabase';
import { SqlCatalog } from '../sql';
import { sql, SqlTimeoutError } from '../sqlDatabase';
import { parseSqlUri, PostgresTarget } from '../sqlUri';
import { PYTHON } from './lakehouse';

const REPO = path.resolve(__dirname, '../../../..');
const havePostgres =
  fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some(v => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

interface Served {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  uri: string;
  caFile: string;
}

(havePostgres ? describe : describe.skip)('PostgreSQL catalog against a real server (needs the postgresql package)', () => {
  let server: ChildProcess;
  let served: Served;
  const opened: PostgresDatabase[] = [];

  beforeAll(async () => {
    server = spawn(PYTHON, ['-m', 'tests.fixtures.postgres'], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', code => reject(new Error(`PostgreSQL fixture exited with ${code}`)));
    });
    served = JSON.parse(firstLine);
  }, 60000);

  afterAll(async () => {
    await Promise.all(opened.map(database => database.close()));
    if (!server || server.exitCode !== null) {
      return;
    }
    const exited = new Promise(resolve => server.once('exit', resolve));
    server.stdin?.end();
    const timer = setTimeout(() => server.kill(), 20000);
    await exited;
    clearTimeout(timer);
  }, 30000);

  function target(query = ''): PostgresTarget {
    const parsed = parseSqlUri(`${served.uri}${query}`, REPO);
    if (parsed.dialect !== 'postgresql') {
      throw new Error('not PostgreSQL');
    }
    return parsed;
  }

  function database(query = '', timeoutMs?: number): PostgresDatabase {
    const connection = new PostgresDatabase(target(query), { timeoutMs, env: {} });
    opened.push(connection);
    return connection;
  }

  const where = () => `PostgreSQL at 127.0.0.1:${served.port} (database 'lake', user 'lake_owner')`;

  async function encrypted(query: string): Promise<unknown> {
    const [row] = await database(query).query(sql`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`);
    return row.ssl;
  }

  it('should have the server refuse any write', async () => {
    await expect(database().query(sql`CREATE TABLE iceberg_tables (catalog_name text)`)).rejects.toThrow(
      `${where()} query failed: cannot execute CREATE TABLE in a read-only transaction`
    );
  });

  it('should give up on a query after the request timeout', async () => {
    const error = await database('', 300)
      .query(sql`SELECT pg_sleep(${3})`)
      .catch(e => e);
    expect(error).toBeInstanceOf(SqlTimeoutError);
    expect(error.message).toBe(`${where()} query failed: no answer within 0.3 s`);
  });

  it.each([
    ['no sslmode (prefer)', '', true],
    ['sslmode=disable', '?sslmode=disable', false],
    ['sslmode=allow', '?sslmode=allow', false],
    ['sslmode=require', '?sslmode=require', true]
  ])('should connect with %s as libpq does', async (_mode, query, tls) => {
    expect(await encrypted(query)).toBe(tls);
  });

  it('should verify the server against sslrootcert', async () => {
    expect(await encrypted(`?sslmode=verify-full&sslrootcert=${encodeURIComponent(served.caFile)}`)).toBe(true);
    expect(await encrypted(`?sslmode=verify-ca&sslrootcert=${encodeURIComponent(served.caFile)}`)).toBe(true);
  });

  it("should send the URI's options to the server", async () => {
    const [row] = await database('?options=-c%20search_path%3Diceberg').query(sql`SHOW search_path`);
    expect(row.search_path).toBe('iceberg');
  });

  it("should refuse a server the platform's CAs did not sign", async () => {
    await expect(database('?sslmode=verify-full&sslrootcert=system').query(sql`SELECT 1`)).rejects.toThrow(
      `${where()} could not connect: unable to verify the first certificate`
    );
  });

  it('should take the password from PGPASSWORD and hide it in messages', async () => {
    const uri = served.uri.replace(`:${served.password}@`, '@');
    const catalog = new SqlCatalog('pg', { uri }, { cwd: REPO, env: { PGPASSWORD: served.password } });
    // A database without the catalog tables has no namespaces (pyiceberg creates them on first write).
    expect(await catalog.listNamespaces()).toEqual([]);
    await catalog.close();
    const wrong = new SqlCatalog('pg', { uri }, { cwd: REPO, env: { PGPASSWORD: 'wrong-pw-4455' } });
    const error = await wrong.listTables(['sci']).catch(e => e);
    expect(error.message).toBe(
      `SQL catalog 'pg': cannot list tables of 'sci': ${where()} could not connect: password authentication failed for user "lake_owner"`
    );
    await wrong.close();
  });
});
