/**
 * Pure helpers for the locations Iceberg metadata records: plain absolute
 * paths, `file:` URIs and object-store URIs (`s3://bucket/key`).
 *
 * Locations are compared after normalisation: `s3a://` and `s3n://` are
 * `s3://`, `file:///x`, `file:/x` and `file://localhost/x` are `/x`, doubled
 * slashes collapse, `.` and `..` segments resolve and trailing slashes go.
 *
 * Percent-escapes are never decoded: writers (pyiceberg, Hadoop's `Path`)
 * store an escaped partition value such as `region=a%2Fb` literally, so `%2F`
 * is part of a file name, not a separator.
 */

/** The scheme of a location, lower-cased, with `s3a`/`s3n` as `s3`; `file` for plain paths. */
export function uriScheme(uri: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  if (!match || match[1].length === 1) {
    // No scheme, or a Windows drive letter: a local path.
    return 'file';
  }
  const scheme = match[1].toLowerCase();
  return scheme === 's3a' || scheme === 's3n' ? 's3' : scheme;
}

/** A location split into scheme, authority (bucket) and an absolute, normalised path. */
export interface ParsedUri {
  scheme: string;
  /** Bucket or host; `''` for local paths. */
  authority: string;
  /** Normalised; starts with `/` unless a relative local path was given. */
  path: string;
}

export function parseUri(uri: string): ParsedUri {
  const scheme = uriScheme(uri);
  if (scheme === 'file') {
    return { scheme, authority: '', path: normalizePath(localPathOf(uri)) };
  }
  const rest = uri.slice(uri.indexOf(':') + 1);
  if (!rest.startsWith('//')) {
    return { scheme, authority: '', path: normalizePath(rest) };
  }
  const slash = rest.indexOf('/', 2);
  const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
  const path = slash === -1 ? '/' : rest.slice(slash);
  return { scheme, authority, path: normalizePath(path) };
}

/** The canonical spelling of a location, for comparison and display. */
export function normalizeUri(uri: string): string {
  return formatUri(parseUri(uri));
}

export function formatUri(parsed: ParsedUri): string {
  if (parsed.scheme === 'file') {
    return parsed.path;
  }
  const path = parsed.path === '/' ? '' : parsed.path;
  return `${parsed.scheme}://${parsed.authority}${path}`;
}

/** `base` followed by the relative `parts`, separated by single slashes, then normalised. */
export function joinUri(base: string, ...parts: string[]): string {
  const parsed = parseUri(base);
  return formatUri({ ...parsed, path: normalizePath([parsed.path, ...parts].join('/')) });
}

/**
 * The path of `uri` relative to `root` (no leading slash, `''` for the root
 * itself), or `null` when `uri` is not at or below `root`. Compares whole
 * segments: `/data2` is not below `/data`.
 */
export function relativeUri(root: string, uri: string): string | null {
  const r = parseUri(root);
  const u = parseUri(uri);
  if (r.scheme !== u.scheme || r.authority !== u.authority) {
    return null;
  }
  if (r.path === u.path) {
    return '';
  }
  const prefix = r.path === '/' ? '/' : `${r.path}/`;
  return u.path.startsWith(prefix) ? u.path.slice(prefix.length) : null;
}

export function isUnder(root: string, uri: string): boolean {
  return relativeUri(root, uri) !== null;
}

/** The path segments below the authority, after normalisation. */
export function uriSegments(uri: string): string[] {
  return parseUri(uri)
    .path.split('/')
    .filter(s => s !== '');
}

/**
 * Collapse doubled slashes and resolve `.` and `..` lexically. An absolute
 * path stays absolute and `..` above `/` stays at `/`, like POSIX; a relative
 * path keeps its leading `..` segments. Callers that must refuse escapes
 * compare the result with their root.
 */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment !== '..') {
      out.push(segment);
    } else if (out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (!absolute) {
      out.push(segment);
    }
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** `true` when `path` has a `..` segment that would climb above its start. */
export function escapesTop(path: string): boolean {
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') {
      depth -= 1;
      if (depth < 0) {
        return true;
      }
    } else if (segment !== '' && segment !== '.') {
      depth += 1;
    }
  }
  return false;
}

function localPathOf(uri: string): string {
  if (!/^file:/i.test(uri)) {
    return uri;
  }
  const rest = uri.slice('file:'.length);
  if (!rest.startsWith('//')) {
    return rest; // file:/x (Hadoop's spelling)
  }
  // file:///x or file://localhost/x
  const slash = rest.indexOf('/', 2);
  return slash === -1 ? '/' : rest.slice(slash);
}
