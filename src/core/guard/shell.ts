/**
 * Classifies shell command lines (`!cmd`, `%%bash`, `os.system`, `subprocess`)
 * into writes: `rm`, `mv`, `cp`, redirections, `aws s3`, `gsutil`, `hdfs dfs`…
 */
import { HOLE } from './paths';

export interface ShellWrite {
  /** 0-based line within the script. */
  line: number;
  operation: string;
  target: string;
  delete: boolean;
  /** The command runs this Python script (`python etl.py`): the caller scans it. */
  runs?: boolean;
}

/** Long options that take no value, for the object-store CLIs. */
const FLAGS = new Set([
  '--recursive',
  '--dryrun',
  '--quiet',
  '--force',
  '--delete',
  '--no-progress',
  '--only-show-errors',
  '--exact-timestamps',
  '--size-only',
  '--follow-symlinks',
  '--no-follow-symlinks',
  '--no-guess-mime-type',
  '--skipTrash',
  '--parents',
  '--verbose'
]);
const WRAPPERS = new Set(['sudo', 'time', 'nohup', 'env', 'command', 'exec', 'nice']);

function tokenize(line: string, vars: Map<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let started = false;
  const expand = (i: number): [string, number] => {
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/.exec(line.slice(i));
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(i));
    const match = braced ?? plain;
    if (!match) {
      return ['$', 1];
    }
    return [vars.get(match[1]) ?? HOLE, match[0].length];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        quote = '';
      } else if (c === '$' && quote === '"') {
        const [value, length] = expand(i);
        word += value;
        i += length - 1;
      } else {
        word += c;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (word || started) words.push(word);
      word = '';
      started = false;
    } else if (c === '$') {
      const [value, length] = expand(i);
      word += value;
      i += length - 1;
    } else if (c === '>' || c === '<') {
      if (word && !/^\d+$|^&$/.test(word)) words.push(word);
      const op = line[i + 1] === '>' ? '>>' : c;
      i += op.length - 1;
      words.push(op);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (word || started) words.push(word);
  return words;
}

function positional(args: string[], valueOptions: Set<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && !FLAGS.has(arg) && !FLAGS.has(arg.toLowerCase()) && i + 1 < args.length && !args[i + 1].startsWith('-')) {
        i++;
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      if (valueOptions.has(arg)) {
        i++;
      }
    } else {
      out.push(arg);
    }
  }
  return out;
}

type Emit = (operation: string, target: string | undefined, del: boolean, runs?: boolean) => void;

/** Interpreters and launchers that run a script file: `python3.11`, `/opt/conda/bin/python`, `{sys.executable}`. */
const INTERPRETER = new RegExp(`^(python[\\d.]*|ipython3?|spark-submit|${HOLE}.*)$`);

/** The script a `python …` command runs, unless it runs code (`-c`) or a module (`-m`). */
function scriptRun(tool: string | undefined, args: string[]): string | null {
  if (!tool || !INTERPRETER.test(tool)) {
    return null;
  }
  for (const arg of args) {
    if (arg === '-c' || arg === '-m') {
      return null;
    }
    if (/\.(py|ipy|ipynb)$/.test(arg)) {
      return arg;
    }
  }
  return null;
}

/** `cp`-like: sources are read, the last argument is written; `mv` also removes its sources. */
function copyOrMove(operation: string, args: string[], move: boolean, emit: Emit): void {
  if (args.length < 2) {
    return;
  }
  emit(operation, args[args.length - 1], false);
  if (move) {
    args.slice(0, -1).forEach(src => emit(operation, src, true));
  }
}

function objectStore(tool: string, args: string[], emit: Emit): void {
  const [sub, ...rest] = positional(args, new Set(['-o', '-h', '-p', '-D']));
  const op = `${tool} ${sub}`;
  const files = positional(args.slice(args.indexOf(sub) + 1));
  switch (sub) {
    case 'cp':
    case 'sync':
    case 'rsync':
    case 'mirror':
    case 'copy':
    case 'copyto':
      return copyOrMove(op, files, false, emit);
    case 'mv':
    case 'move':
    case 'moveto':
      return copyOrMove(op, files, true, emit);
    case 'rm':
    case 'del':
    case 'rb':
    case 'delete':
    case 'deletefile':
    case 'purge':
      return files.forEach(f => emit(op, f, true));
    case 'put':
      return copyOrMove(op, files, false, emit);
    default:
      void rest;
  }
}

function hadoop(args: string[], emit: Emit): void {
  const start = args.findIndex(a => /^-[a-zA-Z]/.test(a) && a !== '-D');
  if (start === -1) {
    return;
  }
  const sub = args[start].slice(1);
  const files = positional(args.slice(start + 1));
  const op = `hdfs dfs -${sub}`;
  if (/^(rm|rmr|rmdir)$/.test(sub)) {
    files.forEach(f => emit(op, f, true));
  } else if (/^(put|copyFromLocal|cp|appendToFile|moveFromLocal)$/.test(sub)) {
    copyOrMove(op, files, false, emit);
  } else if (sub === 'mv') {
    copyOrMove(op, files, true, emit);
  } else if (/^(mkdir|touchz|touch|truncate)$/.test(sub)) {
    files.forEach(f => emit(op, f, false));
  }
}

function command(words: string[], emit: Emit): void {
  // Redirections write wherever the command runs.
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if ((words[i] === '>' || words[i] === '>>') && i + 1 < words.length) {
      emit(words[i], words[++i], false);
    } else if (words[i] === '<') {
      i++;
    } else {
      args.push(words[i]);
    }
  }
  while (args.length && (WRAPPERS.has(args[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[0]))) {
    args.shift();
  }
  const [name, ...rest] = args;
  const tool = name?.replace(/^.*\//, '');
  const script = scriptRun(tool, rest);
  if (script) {
    return emit(tool!, script, false, true);
  }
  switch (tool) {
    case 'rm':
    case 'rmdir':
    case 'unlink':
    case 'shred':
      return positional(rest).forEach(f => emit(tool, f, true));
    case 'mv':
      return copyOrMove('mv', positional(rest), true, emit);
    case 'cp':
    case 'rsync':
    case 'scp':
    case 'install':
    case 'ln':
      return copyOrMove(tool, positional(rest), false, emit);
    case 'touch':
    case 'mkdir':
    case 'tee':
      return positional(rest).forEach(f => emit(tool, f, false));
    case 'truncate':
      return positional(rest, new Set(['-s'])).forEach(f => emit(tool, f, false));
    case 'dd':
      return rest.filter(a => a.startsWith('of=')).forEach(a => emit('dd', a.slice(3), false));
    case 'find':
      if (rest.includes('-delete') || (rest.includes('-exec') && rest[rest.indexOf('-exec') + 1] === 'rm')) {
        emit('find -delete', rest[0], true);
      }
      return;
    case 'aws':
      if (rest[0] === 's3') {
        return objectStore('aws s3', rest.slice(1), emit);
      }
      if (rest[0] === 's3api') {
        const bucket = rest[rest.indexOf('--bucket') + 1];
        const key = rest.includes('--key') ? rest[rest.indexOf('--key') + 1] : '';
        if (/^(put-object|delete-object|delete-objects|copy-object|upload-part|create-multipart-upload)$/.test(rest[1]) && rest.includes('--bucket')) {
          emit(`aws s3api ${rest[1]}`, `s3://${bucket}/${key}`, rest[1].startsWith('delete'));
        }
      }
      return;
    case 'gsutil':
    case 's3cmd':
    case 'mc':
    case 'rclone':
    case 'azcopy':
      return objectStore(tool, rest, emit);
    case 'gcloud':
      return rest[0] === 'storage' ? objectStore('gcloud storage', rest.slice(1), emit) : undefined;
    case 'hdfs':
    case 'hadoop':
      return hadoop(rest.slice(1), emit);
    default:
      return;
  }
}

/** Split a script into simple commands, with their 0-based line. */
export function classifyShell(script: string): ShellWrite[] {
  const writes: ShellWrite[] = [];
  const vars = new Map<string, string>();
  const lines = script.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const first = n;
    let line = lines[n];
    while (line.endsWith('\\') && n + 1 < lines.length) {
      line = line.slice(0, -1) + ' ' + lines[++n];
    }
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const part of code.split(/&&|\|\||[;|&]/)) {
      const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*$/.exec(part);
      if (assignment) {
        vars.set(assignment[1], tokenize(assignment[2], vars)[0] ?? '');
        continue;
      }
      command(tokenize(part.trim(), vars), (operation, target, del, runs) => {
        if (target && target !== '/dev/null' && !target.startsWith('-')) {
          writes.push({ line: first, operation, target, delete: del, ...(runs ? { runs } : {}) });
        }
      });
    }
  }
  return writes;
}
