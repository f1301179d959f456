import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeTarget, tlsAttempts } from '../postgresDatabase';
import { sql } from '../sqlDatabase';
import { parseSqlUri, PostgresTarget } from '../sqlUri';

function target(uri: string, cwd = '/work'): PostgresTarget {
  const parsed = parseSqlUri(uri, cwd);
  if (parsed.dialect !== 'postgresql') {
    throw new Error(`not PostgreSQL: ${uri}`);
  }
  return parsed;
}

describe('parseSqlUri (PostgreSQL)', () => {
  it.each([
    [
      'postgresql+psycopg2://sci:s%40cret%2F1@db.example:6543/ice%20berg',
      { host: 'db.example', port: 6543, database: 'ice berg', user: 'sci', password: 's@cret/1' }
    ],
    ['postgresql://sci@db/iceberg', { host: 'db', port: 5432, database: 'iceberg', user: 'sci' }],
    ['postgres://db/iceberg', { host: 'db', port: 5432, database: 'iceberg' }],
    ['postgresql+psycopg://u:p@[::1]:5433/lake', { host: '::1', port: 5433, database: 'lake', user: 'u', password: 'p' }],
    [
      'postgresql://u@db/lake?host=/run/postgresql&port=5999&user=other&password=pw',
      { host: '/run/postgresql', port: 5999, database: 'lake', user: 'other', password: 'pw' }
    ]
  ])('should read %s as libpq does', (uri, expected) => {
    expect(target(uri)).toEqual({ dialect: 'postgresql', tls: { mode: 'prefer' }, ...expected });
  });

  it("should keep libpq's options for the session", () => {
    expect(target('postgresql://u@db/lake?options=-c%20search_path%3Diceberg').options).toBe('-c search_path=iceberg');
  });

  it('should read the TLS parameters, certificate paths relative to the working directory', () => {
    expect(target('postgresql://u@db/lake?sslmode=verify-full&sslrootcert=certs/ca.pem&sslcert=/abs/client.pem&sslkey=key.pem&connect_timeout=3').tls).toEqual({
      mode: 'verify-full',
      rootCert: '/work/certs/ca.pem',
      cert: '/abs/client.pem',
      key: '/work/key.pem'
    });
    expect(target('postgresql://u@db/lake?sslmode=verify-ca&sslrootcert=system').tls).toEqual({ mode: 'verify-ca', rootCert: 'system' });
  });

  it.each([
    ['postgresql://u@db/lake?sslmode=on', "sslmode 'on' in 'uri' is not one of disable, allow, prefer, require, verify-ca, verify-full"],
    ['postgresql://u@db:0/lake', "PostgreSQL port '0' in 'uri' is not a port number"],
    ['postgresql://u:secret@db', "'uri' names no PostgreSQL database (expected postgresql+psycopg2://user@db:5432/database)"],
    ['postgresql:///lake', "'uri' names no PostgreSQL host"]
  ])('should refuse %s with a clear message', (uri, message) => {
    expect(() => target(uri)).toThrow(message);
  });
});

describe('describeTarget', () => {
  it('should name server, database and user but never the password', () => {
    const text = describeTarget(target('postgresql+psycopg2://sci:hunter22@db:5433/lake'));
    expect(text).toBe("PostgreSQL at db:5433 (database 'lake', user 'sci')");
  });
});

describe('tlsAttempts', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-pg-tls-'));
    for (const name of ['ca.pem', 'client.pem', 'client.key']) {
      fs.writeFileSync(path.join(dir, name), `-----BEGIN ${name}-----\n`);
    }
  });

  const tls = (query: string) => target(`postgresql://u@db/lake?${query}`, dir).tls;

  it('should try TLS then plain text for prefer (the default), the reverse for allow, only plain text for disable', () => {
    expect(tlsAttempts(tls(''))).toEqual([{ rejectUnauthorized: false }, false]);
    expect(tlsAttempts(tls('sslmode=allow'))).toEqual([false, { rejectUnauthorized: false }]);
    expect(tlsAttempts(tls('sslmode=disable'))).toEqual([false]);
  });

  it('should encrypt without verifying for require, and verify the chain when require has a root certificate', () => {
    expect(tlsAttempts(tls('sslmode=require'))).toEqual([{ rejectUnauthorized: false }]);
    const [verified] = tlsAttempts(tls('sslmode=require&sslrootcert=ca.pem'));
    expect(verified).toMatchObject({ rejectUnauthorized: true, ca: '-----BEGIN ca.pem-----\n' });
  });

  it('should check the host name for verify-full only', () => {
    const [full] = tlsAttempts(tls('sslmode=verify-full&sslrootcert=ca.pem'));
    const [chainOnly] = tlsAttempts(tls('sslmode=verify-ca&sslrootcert=ca.pem'));
    expect(full).toEqual({ rejectUnauthorized: true, ca: '-----BEGIN ca.pem-----\n' });
    expect(chainOnly).toMatchObject({ rejectUnauthorized: true, ca: '-----BEGIN ca.pem-----\n' });
    expect(chainOnly && chainOnly.checkServerIdentity?.('other-host', {} as never)).toBeUndefined();
  });

  it("should use the platform's CAs for sslrootcert=system and send a client certificate", () => {
    const [system] = tlsAttempts(tls('sslmode=verify-full&sslrootcert=system&sslcert=client.pem&sslkey=client.key'));
    expect(system).toEqual({ rejectUnauthorized: true, cert: '-----BEGIN client.pem-----\n', key: '-----BEGIN client.key-----\n' });
  });

  it('should name the parameter and file it cannot read', () => {
    expect(() => tlsAttempts(tls('sslmode=verify-full&sslrootcert=missing.pem'))).toThrow(`cannot read sslrootcert ${path.join(dir, 'missing.pem')}: ENOENT`);
  });
});

describe('sql', () => {
  it('should keep values apart from the text and splice nested statements with their values', () => {
    const optional = sql` AND kind = ${'TABLE'}`;
    const statement = sql`SELECT a FROM t WHERE x = ${'one'} AND y = ${2}${optional} LIMIT 1`;
    expect(statement.params).toEqual(['one', 2, 'TABLE']);
    expect(statement.text(() => '?')).toBe('SELECT a FROM t WHERE x = ? AND y = ? AND kind = ? LIMIT 1');
    expect(statement.text(i => `$${i + 1}`)).toBe('SELECT a FROM t WHERE x = $1 AND y = $2 AND kind = $3 LIMIT 1');
    expect(sql`SELECT 1${sql``}`.text(() => '?')).toBe('SELECT 1');
  });
});
