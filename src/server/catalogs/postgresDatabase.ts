/**
 * The SQL catalog's tables on a PostgreSQL server, read with the `pg` client.
 *
 * Every query runs in its own `BEGIN READ ONLY` transaction, so the server
 * itself refuses a write, with `SET LOCAL statement_timeout` at the request
 * timeout (also the connect and client-side query limits), and is rolled back.
 * Plain transactions rather than startup parameters, so the same works through
 * PgBouncer in transaction mode, which refuses unknown startup parameters. TLS follows libpq's
 * `sslmode`: `prefer` (the default) tries TLS without verifying and falls back
 * to plain text when the server has no TLS, `allow` tries plain text first,
 * `require` encrypts without verifying (unless `sslrootcert` is given, as in
 * libpq), `verify-ca` checks the chain, `verify-full` the chain and the host
 * name. The password comes from the URI or, as in libpq, `PGPASSWORD`; messages
 * name the server, database and user, never the password.
 */
import * as fs from 'fs';
import type { ConnectionOptions } from 'tls';
import { Pool, PoolClient, PoolConfig } from 'pg';
import { Row, sql, SqlDatabase, SqlStatement, SqlTimeoutError } from './sqlDatabase';
import type { PostgresTarget, PostgresTls } from './sqlUri';

export const DEFAULT_POSTGRES_TIMEOUT_MS = 15_000;

/** pg's `ssl` setting: off, or Node's TLS options. */
export type PgSsl = false | ConnectionOptions;

/** `sslmode=prefer`'s fallback: the server answered the TLS request with "no". */
const NO_TLS_ON_SERVER = 'The server does not support SSL connections';
/** SQLSTATE `invalid_authorization_specification`: pg_hba.conf has no entry for this kind of connection. */
const NO_HBA_ENTRY = '28000';

/** Where `target` is, for messages: no password, ever. */
export function describeTarget(target: PostgresTarget, env: NodeJS.ProcessEnv = process.env): string {
  const user = target.user ?? env.PGUSER;
  return `PostgreSQL at ${target.host}:${target.port} (database '${target.database}'${user ? `, user '${user}'` : ''})`;
}

/** The `ssl` settings to try, in order, for libpq's `sslmode` (certificate files read now). */
export function tlsAttempts(tls: PostgresTls): PgSsl[] {
  const encrypted = (): ConnectionOptions => {
    const options: ConnectionOptions = {};
    const verify = tls.mode === 'verify-ca' || tls.mode === 'verify-full' || (tls.mode === 'require' && tls.rootCert !== undefined);
    options.rejectUnauthorized = verify;
    if (verify && tls.rootCert && tls.rootCert !== 'system') {
      options.ca = readPem(tls.rootCert, 'sslrootcert');
    }
    if (verify && tls.mode !== 'verify-full') {
      // The chain is checked; the name in the certificate is not (libpq's verify-ca).
      options.checkServerIdentity = () => undefined;
    }
    if (tls.cert) {
      options.cert = readPem(tls.cert, 'sslcert');
    }
    if (tls.key) {
      options.key = readPem(tls.key, 'sslkey');
    }
    return options;
  };
  switch (tls.mode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, encrypted()];
    case 'prefer':
      return [encrypted(), false];
    default:
      return [encrypted()];
  }
}

function readPem(file: string, parameter: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new Error(`cannot read ${parameter} ${file}: ${code}`, { cause: e });
  }
}

export interface PostgresDatabaseOptions {
  timeoutMs?: number;
  /** Where `PGPASSWORD` and `PGUSER` are looked up (the helper's environment). */
  env?: NodeJS.ProcessEnv;
}

export class PostgresDatabase implements SqlDatabase {
  private pool: Promise<Pool> | null = null;
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly target: PostgresTarget,
    options: PostgresDatabaseOptions = {}
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_POSTGRES_TIMEOUT_MS;
    this.env = options.env ?? process.env;
  }

  /** The password the connection uses, so the catalog can scrub it from any message. */
  get password(): string | undefined {
    return this.target.password ?? this.env.PGPASSWORD;
  }

  async query(statement: SqlStatement): Promise<Row[]> {
    const pool = await this.connected();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw this.failure(e, 'could not connect');
    }
    let broken = false;
    try {
      await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.ceil(this.timeoutMs)}`);
      const result = await client.query({ text: statement.text(i => `$${i + 1}`), values: [...statement.params] });
      return result.rows as Row[];
    } catch (e) {
      broken = true;
      throw this.failure(e, 'query failed');
    } finally {
      // Nothing was written; a connection in an unknown state (e.g. a client-side timeout) is dropped.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      client.release(broken);
    }
  }

  async hasTable(table: string): Promise<boolean> {
    const [row] = await this.query(sql`SELECT to_regclass(${table}) IS NOT NULL AS present`);
    return row?.present === true;
  }

  async hasColumn(table: string, column: string): Promise<boolean> {
    const rows = await this.query(
      sql`SELECT 1 FROM information_schema.columns WHERE table_schema = ANY (current_schemas(false)) AND table_name = ${table} AND column_name = ${column}`
    );
    return rows.length > 0;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.then(
      p => p.end(),
      () => undefined
    );
  }

  /** One pool per database, opened on first use; a failed connect is retried by the next query. */
  private connected(): Promise<Pool> {
    this.pool ??= this.open().catch(e => {
      this.pool = null;
      throw e;
    });
    return this.pool;
  }

  private async open(): Promise<Pool> {
    let attempts: PgSsl[];
    try {
      attempts = tlsAttempts(this.target.tls);
    } catch (e) {
      throw this.failure(e, 'could not connect');
    }
    for (const [i, ssl] of attempts.entries()) {
      const pool = new Pool(this.poolConfig(ssl));
      // An idle connection the server drops must not take the helper down; the next query reconnects.
      pool.on('error', () => undefined);
      try {
        (await pool.connect()).release();
        return pool;
      } catch (e) {
        await pool.end().catch(() => undefined);
        if (i + 1 < attempts.length && fallsBack(e)) {
          continue;
        }
        throw this.failure(e, 'could not connect');
      }
    }
    throw new Error('no connection attempt was made');
  }

  private poolConfig(ssl: PgSsl): PoolConfig {
    const config: PoolConfig = {
      host: this.target.host,
      port: this.target.port,
      database: this.target.database,
      ssl,
      max: 2,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      application_name: 'dual-layout'
    };
    const user = this.target.user ?? this.env.PGUSER;
    if (user) {
      config.user = user;
    }
    if (this.password !== undefined) {
      config.password = this.password;
    }
    if (this.target.options) {
      config.options = this.target.options;
    }
    return config;
  }

  private failure(cause: unknown, action: string): Error {
    const error = cause as Error & { code?: string };
    const message = error?.message ?? String(cause);
    const where = describeTarget(this.target, this.env);
    if (/timeout|timed out/i.test(message) || error?.code === '57014') {
      return new SqlTimeoutError(`${where} ${action}: no answer within ${this.timeoutMs / 1000} s`);
    }
    // Network errors carry only a code worth showing (`connect ECONNREFUSED 127.0.0.1:5432` repeats the address).
    const reason = error?.code && /^E[A-Z]+$/.test(error.code) ? error.code : message;
    return new Error(`${where} ${action}: ${reason}`);
  }
}

function fallsBack(cause: unknown): boolean {
  const error = cause as Error & { code?: string };
  return error?.message === NO_TLS_ON_SERVER || error?.code === NO_HBA_ENTRY;
}
