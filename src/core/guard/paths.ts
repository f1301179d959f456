/**
 * Storage path normalisation for the write guard. Targets and protected
 * locations are compared as lists of segments, so `s3a://lake/obs/` and
 * `s3://lake//obs` are the same place and `obs_v2` is not inside `obs`.
 */

/** Stands for a part of a string the analyzer could not resolve. */
export const HOLE = '\uFFFF';

export interface NormalisedPath {
  /** `s3`, `gs`, `hdfs`…, or '' for a local path. */
  scheme: string;
  segments: string[];
}

const SCHEME_ALIASES: Record<string, string> = { s3a: 's3', s3n: 's3', file: '' };
const URL = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/;

/**
 * Normalise a path or URL. Relative local paths are resolved against `cwd`
 * when given, otherwise they cannot be compared and the result is null.
 */
export function normalisePath(raw: string, cwd?: string): NormalisedPath | null {
  let text = raw.trim();
  if (!text) {
    return null;
  }
  let scheme = '';
  const url = URL.exec(text);
  if (url) {
    const name = url[1].toLowerCase();
    scheme = SCHEME_ALIASES[name] ?? name;
    text = url[2];
    if (scheme === '') {
      // file:///abs or file://host/abs: the host part is not a directory.
      text = text.startsWith('/') ? text : text.slice(text.indexOf('/') === -1 ? text.length : text.indexOf('/'));
    }
  } else if (/^file:\//i.test(text)) {
    text = text.slice(5);
  } else if (!text.startsWith('/')) {
    if (cwd === undefined || text.startsWith('~') || text.startsWith('$')) {
      return null;
    }
    text = `${cwd}/${text}`;
  }
  const segments: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      // An object store has no parent of its bucket; a local root has none either.
      if (segments.length > (scheme ? 1 : 0)) {
        segments.pop();
      }
      continue;
    }
    segments.push(part);
  }
  return { scheme, segments };
}

export function formatPath(path: NormalisedPath): string {
  return path.scheme ? `${path.scheme}://${path.segments.join('/')}` : `/${path.segments.join('/')}`;
}

/** Whether `prefix` is `path` or one of its ancestors, on whole segments. */
export function isWithin(path: NormalisedPath, prefix: NormalisedPath): boolean {
  if (path.scheme !== prefix.scheme || prefix.segments.length > path.segments.length) {
    return false;
  }
  return prefix.segments.every((segment, i) => segment === path.segments[i]);
}

/** Show a target with unresolved parts as `{…}`. */
export function displayTarget(text: string): string {
  return text.split(HOLE).join('{…}');
}

/** Whether a string looks like a storage location rather than prose or SQL. */
export function looksLikePath(text: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) || text.startsWith('/') || text.startsWith('./') || text.startsWith('../');
}
