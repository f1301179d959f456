/**
 * Turns IPython syntax into plain Python the parser understands, keeping line
 * numbers: `!cmd` and `x = !cmd` become `__guard_shell__("cmd")`, `%sql` and
 * `%%sql` become `__guard_sql__("...")`, `%%bash` bodies become one shell call,
 * `%%writefile path` becomes `__guard_write__("path")`, and other magics are
 * dropped or unwrapped (`%time expr` → `expr`).
 */

export const SHELL_CALL = '__guard_shell__';
export const SQL_CALL = '__guard_sql__';
export const WRITE_CALL = '__guard_write__';
/** `%run script.py`: the script runs in the kernel, its names then join the notebook's. */
export const RUN_CALL = '__guard_run__';

const SHELL_MAGICS = new Set(['bash', 'sh', 'script', 'system', '!']);
/** Cell magics whose body is Python run (locally or by a remote Spark). */
const PYTHON_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'spark', 'pyspark', 'local', 'debug', 'memit', 'skip', 'cache', 'px']);
const TIMING = /^%(time|timeit|prun|memit|px)\s+(?:-\S+\s+(?:\d+\s+)?)*/;

/** A Python expression building `text`, with `{expr}` and `$name` interpolated as IPython does. */
function interpolated(text: string, expand: boolean): string {
  if (!expand) {
    return JSON.stringify(text);
  }
  const pieces: string[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const brace = c === '{' ? /^\{([^{}]+)\}/.exec(text.slice(i)) : null;
    const dollar = c === '$' ? /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i)) : null;
    if (c === '$' && text[i + 1] === '$') {
      literal += '$';
      i++;
    } else if (brace || dollar) {
      const match = (brace ?? dollar)!;
      pieces.push(JSON.stringify(literal), `str(${match[1]})`);
      literal = '';
      i += match[0].length - 1;
    } else {
      literal += c;
    }
  }
  pieces.push(JSON.stringify(literal));
  return pieces.join(' + ');
}

function magicName(line: string): string {
  return /^%%?\s*([\w.!-]+)/.exec(line.trim())?.[1] ?? '';
}

function cellMagic(lines: string[]): string[] | null {
  const first = lines.findIndex(l => l.trim() !== '');
  if (first === -1 || !lines[first].trimStart().startsWith('%%')) {
    return null;
  }
  const header = lines[first].trim();
  const name = magicName(header);
  const body = lines.slice(first + 1).join('\n');
  const out = lines.map(() => '');
  const bodyLine = Math.min(first + 1, lines.length - 1);
  const args = header.slice(2 + name.length).trim();
  if (PYTHON_MAGICS.has(name) && !/(^|\s)-c\s+sql\b/.test(args)) {
    return null;
  }
  if (name === 'writefile' || name === 'file') {
    const path = args
      .split(/\s+/)
      .filter(a => !a.startsWith('-'))
      .pop();
    out[first] = path ? `${WRITE_CALL}(${JSON.stringify(path)})` : '';
  } else if (SHELL_MAGICS.has(name) && (name !== 'script' || /\b(ba|z)?sh\b/.test(args))) {
    out[bodyLine] = `${SHELL_CALL}(${JSON.stringify(body)})`;
  } else if (/sql/i.test(name) || (PYTHON_MAGICS.has(name) && /-c\s+sql\b/.test(args))) {
    out[bodyLine] = `${SQL_CALL}(${JSON.stringify(body)})`;
  }
  return out;
}

function lineMagic(line: string): string {
  const indent = /^\s*/.exec(line)![0];
  const code = line.slice(indent.length);
  // A command spanning a line break (`\r` within the line) is not an assignment of it.
  const assigned = assignedMagic(code);
  const whole = assigned && !/[\n\r\u2028\u2029]/.test(assigned.command) ? assigned : null;
  const target = whole ? `${whole.targets} = ` : '';
  const command = whole ? whole.command : code;
  if (command.startsWith('!')) {
    return `${indent}${target}${SHELL_CALL}(${interpolated(command.replace(/^!!?/, ''), true)})`;
  }
  if (!command.startsWith('%')) {
    return line;
  }
  const name = magicName(command);
  const rest = command.replace(/^%\s*[\w.!-]+\s*/, '');
  if (name === 'sx' || name === 'system' || name === 'sc') {
    return `${indent}${target}${SHELL_CALL}(${interpolated(rest, true)})`;
  }
  if (/sql/i.test(name)) {
    return `${indent}${target}${SQL_CALL}(${interpolated(rest, true)})`;
  }
  const script = name === 'run' ? runScript(rest) : null;
  if (script !== null) {
    return `${indent}${target}${RUN_CALL}(${interpolated(script, true)})`;
  }
  if (TIMING.test(command)) {
    return `${indent}${target}${command.replace(TIMING, '')}`;
  }
  return `${indent}${target ? `${target}None` : 'pass'}`;
}

/** The file `%run [-options] file [args]` runs; none for `%run -m module`. `-N` and `-G`… take no file. */
function runScript(args: string): string | null {
  const words = args.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-m') {
      return null;
    }
    if (words[i] === '-N') {
      i++;
    } else if (!words[i].startsWith('-')) {
      return words[i].replace(/^(["'])(.*)\1$/, '$2');
    }
  }
  return null;
}

function isHelp(line: string): boolean {
  const code = line.trim();
  return /^\?\S|^[\w.]+\?\??$/.test(code);
}

/** Plain Python with the same number of lines as the cell. */
export function toPython(cell: string): string {
  const lines = cell.split('\n');
  const magic = cellMagic(lines);
  if (magic) {
    return magic.join('\n');
  }
  const first = lines.findIndex(l => l.trim() !== '');
  if (first !== -1 && lines[first].trimStart().startsWith('%%')) {
    // A Python cell magic (%%time, %%spark…): analyse its body.
    lines[first] = '';
  }
  return lines.map(line => (isHelp(line) ? '' : isLineMagic(line) ? lineMagic(line) : line)).join('\n');
}

/** `!cmd`, `%magic`, or either assigned: `files = !ls`, `a, b = %sx …`. */
export function isLineMagic(line: string): boolean {
  const code = line.trimStart();
  return code.startsWith('!') || code.startsWith('%') || assignedMagic(code) !== null;
}

/**
 * `files = !ls` → targets `files` and command `!ls`, or null. The targets are
 * matched whole before the `=` is looked for: a line of `a` and spaces is read
 * once, not split every way between targets and the spaces before `=`.
 */
export function assignedMagic(code: string): { targets: string; command: string } | null {
  const targets = /^[A-Za-z_][\w, ]*/.exec(code)?.[0];
  const assignment = targets === undefined ? null : /^\s*=\s*(?=[!%])/.exec(code.slice(targets.length));
  if (targets === undefined || !assignment) {
    return null;
  }
  return { targets: targets.trimEnd(), command: code.slice(targets.length + assignment[0].length) };
}
