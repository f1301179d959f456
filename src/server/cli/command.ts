/**
 * A subcommand of the `dual-layout` executable. Each lives in its own module
 * and is listed once in `cli/commands.ts`.
 */
import type { ErrorBody } from '../../core/api/wire';
import { errorResponse } from '../api/server';
import { namingTable } from '../catalogs/failures';

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for `dual-layout --help`. */
  summary: string;
  usage: string;
  /** Resolves to the process exit code: 0 ok/clean, 1 findings or drift, 2 error. */
  run(args: string[], io: CommandIO): Promise<number>;
}

/** A usage mistake: printed as one line with the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  options: Record<string, string | boolean>;
  positional: string[];
}

/**
 * Parse `--name value`, `--name=value` and `--flag` options. `flags` lists the
 * options that take no value; an option not in `known` is a usage error.
 */
export function parseArgs(args: string[], known: string[], flags: string[] = []): ParsedArgs {
  const options: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!known.includes(name) && !flags.includes(name)) {
      throw new UsageError(`unknown option --${name}`);
    }
    if (flags.includes(name)) {
      options[name] = true;
    } else if (eq !== -1) {
      options[name] = arg.slice(eq + 1);
    } else if (i + 1 < args.length) {
      options[name] = args[++i];
    } else {
      throw new UsageError(`--${name} needs a value`);
    }
  }
  return { options, positional };
}

/** Read a `--format` option, defaulting to text. */
export function outputFormat(options: ParsedArgs['options']): 'text' | 'json' {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, not ${String(format)}`);
  }
  return format;
}

/**
 * Whether `args` ask for `--format json`, read before the command parses them,
 * so that even a usage error or an unknown option answers in JSON.
 */
export function wantsJson(args: string[]): boolean {
  const options = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length);
  return options.some((arg, i) => arg === '--format=json' || (arg === '--format' && options[i + 1] === 'json'));
}

/**
 * What a failed command prints with `--format json`: the body the HTTP API answers for the same
 * error, from the API's one mapping of error classes, so both name the same catalog and table. The
 * exit code stays 2 for every class, as the contracts require; the message says which it was.
 */
export function errorBody(error: unknown): ErrorBody {
  return errorResponse(error, message => message).body;
}

/**
 * `text` on one line, for stderr: each run of white space that holds a line break
 * (a server's stack trace) becomes one space. Runs are matched whole, once, so a
 * message of hostile white space costs linear time.
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, run => (run.includes('\n') || run.includes('\r') ? ' ' : run));
}

/**
 * The stderr line of `dual-layout COMMAND` about one table: every command prints a table's
 * failure through here, so the line names the table once, whether or not the message already does.
 */
export function tableErrorLine(command: string, table: string, message: string): string {
  return `dual-layout ${command}: ${namingTable(table, oneLine(message))}\n`;
}
