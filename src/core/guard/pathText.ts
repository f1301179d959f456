/**
 * The folder parts of a path string the analyzer builds (`os.path.dirname`,
 * `Path.parent`, the folder a glob lists). Notebook text is hostile input, so
 * these are scans rather than patterns such as `/\/+[^/]*$/`, which retry the
 * whole slash run from every slash and take quadratic time on `/////…/x/`.
 */

/** Where the last run of slashes in `text` begins, or -1 if it has none. */
function lastSlashRun(text: string): number {
  let start = text.lastIndexOf('/');
  while (start > 0 && text[start - 1] === '/') {
    start--;
  }
  return start;
}

/** `text` without its last slash run and what follows it: `a/b//c` → `a/b`. */
export function dirnameOf(text: string): string {
  const start = lastSlashRun(text);
  return start === -1 ? text : text.slice(0, start);
}

/** Like `dirnameOf`, but one trailing slash names the same folder: `a/b/` → `a`. */
export function parentOf(text: string): string {
  const start = lastSlashRun(text);
  if (start === -1 || !text.endsWith('/')) {
    return dirnameOf(text);
  }
  const beforeTrailing = lastSlashRun(text.slice(0, -1));
  return text.slice(0, beforeTrailing === -1 ? start : Math.min(start, beforeTrailing));
}

/** Characters after which JavaScript's `.` stops: a glob's wildcards only count on the last line. */
const LINE_BREAKS = ['\n', '\r', '\u2028', '\u2029'];

/** `text` up to its first glob wildcard (`*`, `?`, `[`) on its last line: `data/*.csv` → `data/`. */
export function beforeGlob(text: string): string {
  const lastLine = Math.max(...LINE_BREAKS.map(c => text.lastIndexOf(c))) + 1;
  const wildcard = text.slice(lastLine).search(/[*?[]/);
  return wildcard === -1 ? text : text.slice(0, lastLine + wildcard);
}
