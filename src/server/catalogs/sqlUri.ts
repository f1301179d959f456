/**
 * SQLAlchemy database URLs as pyiceberg's SQL catalog takes them in `uri`.
 * SQLite: `sqlite:///relative.db` is relative to the working directory,
 * `sqlite:////abs/path.db` is absolute, `sqlite://` and `sqlite:///:memory:`
 * are in-memory; `sqlite:///file:path.db?mode=ro&uri=true` names an SQLite
 * URI filename.
 *
 * PostgreSQL: `postgresql://user:password@host:port/database` with any
 * SQLAlchemy driver suffix (`postgresql+psycopg2://`, pyiceberg's spelling)
 * or `postgres://`; user info is percent-decoded. libpq's TLS parameters are
 * read from the query (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`, file
 * paths relative to the working directory), as psycopg2 passes them on;
 * `host`/`port`/`user`/`password`/`dbname` in the query override the URL's,
 * as in libpq, and `options` (e.g. `-c search_path=iceberg`) is sent as libpq
 * sends it. Other query parameters are driver settings and are ignored.
 */
import * as path from 'path';

/** libpq's `sslmode` values; `prefer` is libpq's default. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface PostgresTls {
  mode: SslMode;
  /** CA certificates (PEM file) that must have signed the server's; `system` for the platform's. */
  rootCert?: string;
  /** Client certificate and key (PEM files) for certificate authentication. */
  cert?: string;
  key?: string;
}

export interface PostgresTarget {
  dialect: 'postgresql';
  host: string;
  port: number;
  database: string;
  /** Absent: the driver's default (`PGUSER`, then the login name), as libpq. */
  user?: string;
  /** Absent: `PGPASSWORD` (or `~/.pgpass`) at connect time, as libpq. */
  password?: string;
  tls: PostgresTls;
  /** libpq's `options`: server settings for the session, e.g. `-c search_path=iceberg`. */
  options?: string;
}

export type SqlDatabaseTarget = { dialect: 'sqlite'; file: string | null } | PostgresTarget;

const DEFAULT_POSTGRES_PORT = 5432;

export class SqlUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlUriError';
  }
}

export function parseSqlUri(uri: string, cwd: string): SqlDatabaseTarget {
  const match = /^([a-z0-9]+)(\+[a-z0-9_]+)?:\/\/(.*)$/i.exec(uri);
  if (!match) {
    throw new SqlUriError(`'uri' is not an SQLAlchemy database URL (expected e.g. sqlite:////path/catalog.db)`);
  }
  const dialect = match[1].toLowerCase();
  if (dialect === 'postgresql' || dialect === 'postgres') {
    return parsePostgresUri(match[3], cwd);
  }
  if (dialect !== 'sqlite') {
    throw new SqlUriError(`SQL catalogs on '${dialect}' are not supported; use sqlite or postgresql`);
  }
  const rest = match[3];
  const [location, query = ''] = splitOnce(rest, '?');
  // `sqlite://` has an empty host; everything after the third slash is the file name.
  const file = location.startsWith('/') ? location.slice(1) : location;
  if (file === '' || file === ':memory:') {
    return { dialect: 'sqlite', file: null };
  }
  let filename = decodeURIComponent(file);
  if (new URLSearchParams(query).get('uri') === 'true' && filename.startsWith('file:')) {
    filename = decodeURIComponent(splitOnce(filename.slice('file:'.length), '?')[0]);
    if (filename.startsWith('//')) {
      filename = filename.slice(2);
    }
  }
  return { dialect: 'sqlite', file: path.resolve(cwd, filename) };
}

function parsePostgresUri(rest: string, cwd: string): PostgresTarget {
  let url: URL;
  try {
    // A scheme the URL parser treats generically: user info, host, port, path and query as written.
    url = new URL(`postgresql://${rest}`);
  } catch {
    throw new SqlUriError(`'uri' is not a valid PostgreSQL URL (expected postgresql+psycopg2://user@host:5432/database)`);
  }
  const query = url.searchParams;
  const decoded = (value: string) => (value === '' ? undefined : safeDecode(value));
  const host = query.get('host') ?? decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  const portText = query.get('port') ?? url.port;
  const port = portText === '' ? DEFAULT_POSTGRES_PORT : Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new SqlUriError(`PostgreSQL port '${portText}' in 'uri' is not a port number`);
  }
  const database = query.get('dbname') ?? decoded(url.pathname.replace(/^\//, ''));
  if (!host) {
    throw new SqlUriError(`'uri' names no PostgreSQL host (expected postgresql+psycopg2://user@host:5432/database)`);
  }
  if (!database) {
    throw new SqlUriError(`'uri' names no PostgreSQL database (expected postgresql+psycopg2://user@${host}:${port}/database)`);
  }
  const target: PostgresTarget = { dialect: 'postgresql', host, port, database, tls: parseTls(query, cwd) };
  const user = query.get('user') ?? decoded(url.username);
  const password = query.get('password') ?? decoded(url.password);
  if (user !== undefined) {
    target.user = user;
  }
  if (password !== undefined) {
    target.password = password;
  }
  const options = query.get('options');
  if (options) {
    target.options = options;
  }
  return target;
}

function parseTls(query: URLSearchParams, cwd: string): PostgresTls {
  const mode = query.get('sslmode') ?? 'prefer';
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new SqlUriError(`sslmode '${mode}' in 'uri' is not one of ${SSL_MODES.join(', ')}`);
  }
  const tls: PostgresTls = { mode: mode as SslMode };
  const file = (name: string) => {
    const value = query.get(name);
    return value === null || value === '' ? undefined : value === 'system' && name === 'sslrootcert' ? value : path.resolve(cwd, value);
  };
  const [rootCert, cert, key] = [file('sslrootcert'), file('sslcert'), file('sslkey')];
  if (rootCert) {
    tls.rootCert = rootCert;
  }
  if (cert) {
    tls.cert = cert;
  }
  if (key) {
    tls.key = key;
  }
  return tls;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
