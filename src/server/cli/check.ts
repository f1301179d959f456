/**
 * `dual-layout check [--catalog NAME] [TABLE ...] [--snapshot ID|REF] [--format text|json] [--files]`:
 * the verifier's verdict for each table (all tables when none is named).
 *
 * Exit code: 0 when every table is consistent, 1 when any drifted, 2 when
 * any could not be checked (its status is `error`; the others are still
 * checked and printed). JSON: `{"tables": [Verdict]}` (src/core/api/wire.ts:
 * `table`, `status`, `snapshot`, `layout`, `findings` with `changesRows`,
 * `deletes`?, `error`?);
 * `--files` adds each table's live files (`files: [{path, content, recordCount}]`).
 */
import type { Verdict } from '../../core/api/wire';
import { stringifyJson } from '../../core/json';
import { formatIdentifier, type TableIdentifier } from '../../core/iceberg/model';
import { forEachLimited } from '../../core/concurrency';
import { CatalogError } from '../catalogs/catalog';
import { Lakehouse } from '../tables/lakehouse';
import { verifyOpenTable } from '../tables/verifyOpenTable';
import type { VerifyProgress } from '../verifier/verifier';
import { Command, CommandIO, oneLine, outputFormat, parseArgs, UsageError } from './command';
import { type ListSkip, listTables } from '../tables/catalogTables';
import { writeSkipped } from './list';
import { namedTables } from './tableArgs';
import { ProgressLine, renderVerdicts } from './checkOutput';

interface CheckedTable extends Verdict {
  files?: { path: string; content: string; recordCount: number }[];
}

/** Tables checked at once; each reads its manifests with its own concurrency. */
const TABLE_CONCURRENCY = 4;

export const checkCommand: Command = {
  name: 'check',
  summary: 'verify that Dask’s Hive view of each table equals its Iceberg snapshot',
  usage: 'dual-layout check [--catalog NAME] [TABLE ...] [--snapshot ID|REF] [--format text|json] [--files]',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['catalog', 'format', 'snapshot'], ['files']);
    const format = outputFormat(options);
    const snapshot = options.snapshot as string | undefined;
    const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
    try {
      const only = options.catalog as string | undefined;
      if (only !== undefined) {
        lakehouse.catalogs.get(only); // an unknown or broken catalog is a one-line error naming the configured ones
      }
      const { tables, errors, skipped } = await tablesToCheck(lakehouse, positional, only);
      writeSkipped(io, 'check', skipped);
      if (snapshot !== undefined && tables.length + errors.length > 1) {
        throw new UsageError('--snapshot needs exactly one TABLE');
      }
      const progress = new ProgressLine(io.stderr, tables.length);
      const results: CheckedTable[] = [...errors];
      await forEachLimited(tables, TABLE_CONCURRENCY, async table => {
        results.push(await checkTable(lakehouse, table, snapshot, options.files === true, p => progress.update(formatIdentifier(table), p)));
        progress.tableDone();
      });
      progress.clear();
      results.sort((a, b) => a.table.localeCompare(b.table));
      io.stdout.write(format === 'json' ? `${stringifyJson({ tables: results })}\n` : renderVerdicts(results));
      if (format === 'json') {
        // The JSON is for a program; a person still reads, one line each, what could not be checked.
        for (const failed of results.filter(r => r.status === 'error')) {
          io.stderr.write(`dual-layout check: ${failed.table}: ${oneLine(failed.error ?? '')}\n`);
        }
      }
      return exitCode(results);
    } finally {
      await lakehouse.dispose();
    }
  }
};

function exitCode(results: Verdict[]): number {
  if (results.some(r => r.status === 'error')) {
    return 2;
  }
  return results.some(r => r.status === 'drift') ? 1 : 0;
}

/** The named tables (`cat.ns.t`, or `ns.t` with `--catalog` or a single catalog), else every table. */
async function tablesToCheck(
  lakehouse: Lakehouse,
  names: string[],
  only?: string
): Promise<{ tables: TableIdentifier[]; errors: CheckedTable[]; skipped: ListSkip[] }> {
  if (names.length === 0) {
    const listed = await listTables(lakehouse.catalogs, only);
    const errors = listed.errors.map(e => errorVerdict(e.catalog ?? 'configuration', e.message));
    return { tables: listed.tables, errors, skipped: listed.skipped };
  }
  return { tables: namedTables(lakehouse, names, only), errors: [], skipped: [] };
}

async function checkTable(
  lakehouse: Lakehouse,
  name: TableIdentifier,
  snapshot: string | undefined,
  withFiles: boolean,
  onProgress: (progress: VerifyProgress) => void
): Promise<CheckedTable> {
  const table = formatIdentifier(name);
  try {
    const { verdict, liveFiles } = await verifyOpenTable(await lakehouse.open(name), { snapshot, onProgress });
    if (withFiles && verdict.status !== 'error') {
      return {
        ...verdict,
        files: liveFiles.map(e => ({ path: e.dataFile.filePath, content: e.dataFile.content, recordCount: e.dataFile.recordCount }))
      };
    }
    return verdict;
  } catch (error) {
    const message = lakehouse.redact((error as Error).message);
    return errorVerdict(table, error instanceof CatalogError || message.includes(table) ? message : `${table}: ${message}`);
  }
}

function errorVerdict(table: string, message: string): CheckedTable {
  return { table, status: 'error', snapshot: null, layout: null, findings: [], error: message };
}

export type { CommandIO };
