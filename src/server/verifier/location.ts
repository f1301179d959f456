/**
 * How both views key a file: the canonical spelling of its location.
 */
import { normalizeUri } from '../../core/uri';

const NEEDS_NORMALIZING = /\/\/|\/\.{1,2}(?:\/|$)|\/$/;

/**
 * The canonical spelling of a location (as `normalizeUri`), computed without
 * parsing for the spellings that fill large tables: plain absolute paths,
 * `file:` URIs and `s3://` URIs that are already normalised.
 */
export function locationKey(uri: string): string {
  let path: string | null = null;
  if (uri.startsWith('/')) {
    path = uri;
  } else if (uri.startsWith('file:///')) {
    path = uri.slice(7);
  } else if (uri.startsWith('file:/') && uri[6] !== '/') {
    path = uri.slice(5);
  }
  if (path !== null) {
    return NEEDS_NORMALIZING.test(path) ? normalizeUri(path) : path;
  }
  if (uri.startsWith('s3://') && !NEEDS_NORMALIZING.test(uri.slice(5))) {
    return uri;
  }
  return normalizeUri(uri);
}

/**
 * When every location `prefix + suffix` (a `suffix` that passes `suffixKeepsKey`) has the key
 * `keyPrefix + suffix`: that `keyPrefix`, else `null`. Lets a manifest's shared path prefix be
 * keyed once instead of once per file.
 */
export function keyPrefixOf(prefix: string): string | null {
  if (!prefix.endsWith('/')) {
    return null;
  }
  let path: string | null = null;
  if (prefix.startsWith('/')) {
    path = prefix;
  } else if (prefix.startsWith('file:///')) {
    path = prefix.slice(7);
  } else if (prefix.startsWith('file:/') && prefix[6] !== '/') {
    path = prefix.slice(5);
  } else if (prefix.startsWith('s3://')) {
    return NEEDS_NORMALIZING.test(`${prefix.slice(5)}x`) ? null : prefix;
  }
  return path === null || NEEDS_NORMALIZING.test(`${path}x`) ? null : path;
}

/** Whether `keyPrefixOf(prefix) + suffix` is the key of `prefix + suffix` (see `keyPrefixOf`). */
export function suffixKeepsKey(suffix: string): boolean {
  // Called once per manifest entry: most suffixes have no `.` segment, which the regex alone would test slowly.
  if (suffix === '' || suffix.startsWith('/') || suffix.endsWith('/') || suffix.includes('//')) {
    return false;
  }
  return !(suffix.startsWith('.') || suffix.includes('/.')) || !NEEDS_NORMALIZING.test(`/${suffix}`);
}
