/**
 * `dual-layout scan [--policy FILE | --catalog NAME] [--format text|json] PATH...`:
 * run the write guard over notebooks and Python files (directories
 * recursively), cells in notebook order. Exit 0 clean, 1 findings, 2 error: a file that cannot
 * be read, or with `--catalog`, a catalog that cannot be listed or a table its catalog places
 * nowhere (what is not protected cannot be vouched for). A table whose metadata cannot be read is
 * only a warning: it stays protected where its catalog says it lives.
 *
 * JSON: `{"findings": [{"file", "cell", "line", "operation", "target", "table"}]}`
 * with `cell` the 0-based index among all cells (null for `.py`) and `line`
 * 1-based within the cell.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Policy } from '../../core/api/wire';
import { describeJsonSyntaxError } from '../../core/jsonSyntax';
import { GuardAnalyzer, GuardPolicy, GuardScope } from '../../core/guard';
import { codeCells } from '../../core/guard/notebook';
import { Lakehouse } from '../tables/lakehouse';
import { buildProtectionPolicy, unprotectedTables } from '../tables/protection';
import { Command, CommandIO, outputFormat, parseArgs, UsageError } from './command';
import { withoutTablePrefix } from '../catalogs/failures';
import { tablesOf } from '../tables/catalogTables';
import { writeSkipped } from './list';

export interface ScanFinding {
  file: string;
  cell: number | null;
  line: number;
  operation: string;
  target: string;
  table: string | null;
  /** The script a `%run` or `!python` in this cell runs, and the line in it that writes. */
  script?: { file: string; line: number };
}

export class PolicyFileError extends Error {
  constructor(
    message: string,
    readonly file: string
  ) {
    super(`policy file ${file}: ${message}`);
    this.name = 'PolicyFileError';
  }
}

const SCANNED = /\.(ipynb|py)$/;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.ipynb_checkpoints', '.venv', '__pycache__']);
const MIB = 1024 * 1024;
/** Far above any real notebook (outputs included), low enough that reading and parsing one stays cheap. */
const MAX_SCANNED_FILE_BYTES = 64 * MIB;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'find writes to protected tables and paths in notebooks and Python files',
  usage: 'dual-layout scan [--policy FILE | --catalog NAME] [--format text|json] PATH...',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['policy', 'catalog', 'format']);
    const format = outputFormat(options);
    if (positional.length === 0) {
      throw new UsageError('give at least one notebook, Python file or directory');
    }
    if (options.policy !== undefined && options.catalog !== undefined) {
      throw new UsageError('--policy and --catalog cannot be combined');
    }
    const { policy, complete } =
      options.policy !== undefined
        ? { policy: readPolicyFile(path.resolve(io.cwd, String(options.policy))), complete: true }
        : await policyFromCatalogs(io, options.catalog as string | undefined);
    const analyzer = new GuardAnalyzer(new GuardPolicy(policy));
    const findings: ScanFinding[] = [];
    let failed = !complete;
    // One path or file that cannot be read is an error for it alone; the others are still scanned.
    const fail = (error: unknown) => {
      io.stderr.write(`dual-layout scan: ${(error as Error).message}\n`);
      failed = true;
    };
    for (const file of positional.flatMap(p => filesUnder(path.resolve(io.cwd, p), p, fail))) {
      try {
        findings.push(...scanFile(analyzer, file.absolute, file.shown, io));
      } catch (error) {
        fail(error);
      }
    }
    io.stdout.write(format === 'json' ? `${JSON.stringify({ findings })}\n` : renderFindings(findings));
    return failed ? 2 : findings.length > 0 ? 1 : 0;
  }
};

export function readPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new PolicyFileError('cannot be read (does it exist?)', file);
  }
  let raw: Partial<Policy>;
  try {
    raw = JSON.parse(text) as Partial<Policy>;
  } catch {
    // The parser's message would quote the file; `describeJsonSyntaxError` places the problem instead.
    throw new PolicyFileError(describeJsonSyntaxError(text), file);
  }
  const strings = (value: unknown, field: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
      throw new PolicyFileError(`"${field}" must be a list of strings`, file);
    }
    return value as string[];
  };
  const tables = raw.protected ?? [];
  if (!Array.isArray(tables) || tables.some(t => typeof t?.table !== 'string' || typeof t?.location !== 'string')) {
    throw new PolicyFileError('"protected" must be a list of {"table", "location"}', file);
  }
  return { protected: tables, protectedPaths: strings(raw.protectedPaths, 'protectedPaths'), allowedPaths: strings(raw.allowedPaths, 'allowedPaths') };
}

/**
 * Every table of the configured catalogs (or of one) plus the admin's paths, built as the helper
 * serves it. A table whose metadata cannot be read is a warning (it stays protected where its
 * catalog says it lives); `complete` is false when a catalog could not be listed or a table could
 * not be placed at all, because then the scan cannot vouch for what it did not protect.
 */
async function policyFromCatalogs(io: CommandIO, only: string | undefined): Promise<{ policy: Policy; complete: boolean }> {
  const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
  try {
    if (only !== undefined && !lakehouse.catalogs.has(only)) {
      lakehouse.catalogs.get(only); // throws the "unknown catalog" error naming the configured ones
    }
    const policy = await buildProtectionPolicy(lakehouse, {
      catalog: only,
      tablesOf: catalog => tablesOf(catalog, skipped => writeSkipped(io, 'scan', skipped))
    });
    for (const failed of policy.unavailableCatalogs) {
      const consequence = failed.catalog === null ? 'no catalog table is protected' : `the tables of catalog '${failed.catalog}' are not protected`;
      io.stderr.write(`dual-layout scan: ${failed.reason}; ${consequence}\n`);
    }
    const unplaced = new Set(unprotectedTables(policy).map(table => table.table));
    for (const table of policy.unavailable) {
      if (!unplaced.has(table.table)) {
        const where = policy.protected.filter(entry => entry.table === table.table).map(entry => entry.location);
        // The line names the table as its subject, so the reason does not name it again.
        const reason = withoutTablePrefix(table.table, table.reason);
        io.stderr.write(`dual-layout scan: warning: table ${table.table} is protected from its catalog's record only (${where.join(', ')}): ${reason}\n`);
      } else {
        io.stderr.write(`dual-layout scan: table ${table.table} is not protected: ${withoutTablePrefix(table.table, table.reason)}\n`);
      }
    }
    return { policy, complete: policy.unavailableCatalogs.length === 0 && unplaced.size === 0 };
  } finally {
    await lakehouse.dispose();
  }
}

function filesUnder(absolute: string, shown: string, fail: (error: Error) => void): { absolute: string; shown: string }[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    fail(new Error(`${shown}: no such file or directory`));
    return [];
  }
  if (!stat.isDirectory()) {
    return [{ absolute, shown }];
  }
  let names: string[];
  try {
    names = fs.readdirSync(absolute).sort();
  } catch (error) {
    fail(new Error(`${shown}: cannot list the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`));
    return [];
  }
  return names
    .filter(name => !SKIPPED_DIRECTORIES.has(name))
    .flatMap(name => {
      const child = path.join(absolute, name);
      const isDirectory = fs.statSync(child, { throwIfNoEntry: false })?.isDirectory() ?? false;
      return isDirectory || SCANNED.test(name) ? filesUnder(child, path.join(shown, name), fail) : [];
    });
}

function scanFile(analyzer: GuardAnalyzer, absolute: string, shown: string, io: CommandIO): ScanFinding[] {
  const size = fs.statSync(absolute).size;
  if (size > MAX_SCANNED_FILE_BYTES) {
    throw new Error(`${shown}: ${(size / MIB).toFixed(1)} MiB, more than the ${MAX_SCANNED_FILE_BYTES / MIB} MiB a scanned file may have`);
  }
  const text = fs.readFileSync(absolute, 'utf8');
  // The kernel runs in the notebook's folder, so relative paths resolve there.
  const scope = new GuardScope({ cwd: path.dirname(absolute), readScript: readRunScript });
  const cells = absolute.endsWith('.ipynb') ? codeCells(text, shown) : [{ index: null, source: text }];
  const findings: ScanFinding[] = [];
  for (const cell of cells) {
    const analysis = analyzer.analyzeCell(cell.source, scope);
    if (analysis.error) {
      io.stderr.write(`dual-layout scan: ${shown}${cell.index === null ? '' : ` cell ${cell.index}`}: ${analysis.error}\n`);
    }
    findings.push(...analysis.findings.map(f => ({ file: shown, cell: cell.index, ...f })));
  }
  return findings;
}

/** A script a scanned cell runs, when it exists and is small enough to scan. */
function readRunScript(absolute: string): string | null {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  return stat?.isFile() && stat.size <= MAX_SCANNED_FILE_BYTES ? fs.readFileSync(absolute, 'utf8') : null;
}

function renderFindings(findings: ScanFinding[]): string {
  return findings
    .map(f => {
      const where = f.cell === null ? `${f.file}:${f.line}` : `${f.file} cell ${f.cell} line ${f.line}`;
      const script = f.script ? ` in ${f.script.file}:${f.script.line}` : '';
      return `${where}: ${f.operation}${script} writes ${f.target}${f.table ? ` (table ${f.table})` : ' (protected path)'}\n`;
    })
    .join('');
}
