/**
 * Finding `scheme://user:password@` in arbitrary text in linear time.
 *
 * The obvious regular expression, `[a-z][a-z0-9+.-]*:\/\/([^/?#@:\s]*):([^/?#@\s]+)@`,
 * backtracks: on a long run of letters (or a long `a://b:cccc…` without `@`)
 * every start position rescans the rest of the run, so a 256 KB value took
 * minutes. This scanner finds the same matches, leftmost first, touching each
 * character a bounded number of times: it jumps from one `://` to the next,
 * walks back over the scheme once, and forward over user and password once.
 * Neither user nor password can hold a `/`, so no two attempts overlap.
 */

export interface UserinfoMatch {
  /** Offset of the scheme's first letter. */
  start: number;
  /** Offset just after the `@`. */
  end: number;
  /** The text before the password: `scheme://user:`. */
  prefix: string;
  password: string;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** `[a-z0-9+.-]`, case-insensitive. */
function isSchemeChar(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2e || code === 0x2d;
}

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Characters that end a password: `/ ? # @` and white space (`:` may occur in it). */
function endsPassword(code: number): boolean {
  return code === 0x2f || code === 0x3f || code === 0x23 || code === 0x40 || isSpace(code);
}

/** Characters that end a user name: those of a password and `:`. */
function endsUser(code: number): boolean {
  return code === 0x3a || endsPassword(code);
}

/** Every `scheme://user:password@` in `text`, left to right, not overlapping. */
export function findUserinfo(text: string): UserinfoMatch[] {
  const matches: UserinfoMatch[] = [];
  let consumed = 0;
  let from = 0;
  for (;;) {
    const separator = text.indexOf('://', from);
    if (separator === -1) {
      return matches;
    }
    from = separator + 1;
    let runStart = separator;
    while (runStart > consumed && isSchemeChar(text.charCodeAt(runStart - 1))) {
      runStart--;
    }
    let start = runStart;
    while (start < separator && !isLetter(text.charCodeAt(start))) {
      start++;
    }
    if (start === separator) {
      continue;
    }
    let at = separator + 3;
    while (at < text.length && !endsUser(text.charCodeAt(at))) {
      at++;
    }
    if (text.charCodeAt(at) !== 0x3a) {
      continue;
    }
    const passwordStart = ++at;
    while (at < text.length && !endsPassword(text.charCodeAt(at))) {
      at++;
    }
    if (at === passwordStart || text.charCodeAt(at) !== 0x40) {
      continue;
    }
    matches.push({
      start,
      end: at + 1,
      prefix: text.slice(start, passwordStart),
      password: text.slice(passwordStart, at)
    });
    consumed = at + 1;
    from = consumed;
  }
}

/** `text` with each match replaced by `replace(match)`. */
export function replaceUserinfo(text: string, replace: (match: UserinfoMatch) => string): string {
  const matches = findUserinfo(text);
  if (matches.length === 0) {
    return text;
  }
  const parts: string[] = [];
  let last = 0;
  for (const match of matches) {
    parts.push(text.slice(last, match.start), replace(match));
    last = match.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
