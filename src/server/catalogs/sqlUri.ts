/**
 * SQLAlchemy database URLs as pyiceberg's SQL catalog takes them in `uri`.
 * SQLite: `sqlite:///relative.db` is relative to the working directory,
 * `sqlite:////abs/path.db` is absolute, `sqlite://` and `sqlite:///:memory:`
 * are in-memory; `sqlite:///file:path.db?mode=ro&uri=true` names an SQLite
 * URI filename.
 */
import * as path from 'path';

export type SqlDatabase = { dialect: 'sqlite'; file: string | null } | { dialect: 'postgresql'; uri: string };

export class SqlUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlUriError';
  }
}

export function parseSqlUri(uri: string, cwd: string): SqlDatabase {
  const match = /^([a-z0-9]+)(\+[a-z0-9_]+)?:\/\/(.*)$/i.exec(uri);
  if (!match) {
    throw new SqlUriError(`'uri' is not an SQLAlchemy database URL (expected e.g. sqlite:////path/catalog.db)`);
  }
  const dialect = match[1].toLowerCase();
  if (dialect === 'postgresql' || dialect === 'postgres') {
    return { dialect: 'postgresql', uri };
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

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
