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
 *
 * `--publish LOCATION [--published-by NAME]` then writes each checked table's verdict to the
 * verdict store at LOCATION (src/server/verdictStore/), keyed by the metadata file it was
 * computed from; a LOCATION inside a checked table's storage or a warehouse is refused before
 * anything is written. Tables that could not be checked are not published.
 *
 * `--engine spark` takes the live set and the data root's listing from a Spark job
 * (src/server/cli/sparkCheck.ts) and compares them with the same verifier; tables are then
 * checked one after the other, each by its own job.
 */
import type { Verdict } from '../../core/api/wire';
import { stringifyJson } from '../../core/json';
import { formatIdentifier, type TableIdentifier } from '../../core/iceberg/model';
import { forEachLimited } from '../../core/concurrency';
import { CatalogError } from '../catalogs/catalog';
import { namingTable } from '../catalogs/failures';
import { Lakehouse } from '../tables/lakehouse';
import type { OpenTable } from '../tables/lakehouse';
import { type OpenTableVerdict, verifyOpenTable } from '../tables/verifyOpenTable';
import type { VerifyProgress } from '../verifier/verifier';
import { Command, CommandIO, outputFormat, parseArgs, tableErrorLine, UsageError } from './command';
import { type ListSkip, listTables } from '../tables/catalogTables';
import { writeSkipped } from './list';
import { namedTables } from './tableArgs';
import { ProgressLine, renderVerdicts } from './checkOutput';
import { VerdictPublisher } from '../verdictStore/publisher';
import { checkWithSpark } from './sparkCheck';
import { refuseInsideTableStorage, type TableStorageArea, VerdictStoreLocationError } from '../verdictStore/location';

interface CheckedTable extends Verdict {
  files?: { path: string; content: string; recordCount: number }[];
}

/** Where a checked table keeps its files, which a verdict store must stay out of. */
type StorageAreas = Map<string, TableStorageArea[]>;

/** Tables checked at once; each reads its manifests with its own concurrency. */
const TABLE_CONCURRENCY = 4;

export const checkCommand: Command = {
  name: 'check',
  summary: 'verify that Dask’s Hive view of each table equals its Iceberg snapshot',
  usage:
    'dual-layout check [--catalog NAME] [TABLE ...] [--snapshot ID|REF] [--format text|json] [--files] [--engine helper|spark] [--publish LOCATION [--published-by NAME]]',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['catalog', 'format', 'snapshot', 'publish', 'published-by', 'engine'], ['files']);
    const format = outputFormat(options);
    const engine = checkEngine(options);
    const snapshot = options.snapshot as string | undefined;
    const publisher = verdictPublisher(options, io);
    const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
    try {
      const only = options.catalog as string | undefined;
      if (only !== undefined) {
        lakehouse.catalogs.get(only); // an unknown or broken catalog is a one-line error naming the configured ones
      }
      const { tables, errors, skipped } = await tablesToCheck(lakehouse, positional, only);
      writeSkipped(io, 'check', skipped);
      const areas: StorageAreas = new Map();
      if (publisher) {
        refuseStore(publisher, warehouses(lakehouse, tables));
      }
      if (snapshot !== undefined && tables.length + errors.length > 1) {
        throw new UsageError('--snapshot needs exactly one TABLE');
      }
      const progress = new ProgressLine(io.stderr, tables.length);
      const results: CheckedTable[] = [...errors];
      const run: TableCheck =
        engine === 'spark' ? (opened, selector) => checkWithSpark(opened, selector, { env: io.env, cwd: io.cwd, settings: lakehouse.settings }) : helperCheck;
      await forEachLimited(tables, engine === 'spark' ? 1 : TABLE_CONCURRENCY, async table => {
        results.push(await checkTable(lakehouse, table, snapshot, options.files === true, areas, run, p => progress.update(formatIdentifier(table), p)));
        progress.tableDone();
      });
      progress.clear();
      if (publisher) {
        // Before any output: a refused LOCATION is the command's one error, in text and JSON alike.
        refuseStore(publisher, [...areas.values()].flat());
      }
      results.sort((a, b) => a.table.localeCompare(b.table));
      io.stdout.write(format === 'json' ? `${stringifyJson({ tables: results })}\n` : renderVerdicts(results));
      if (format === 'json') {
        // The JSON is for a program; a person still reads, one line each, what could not be checked.
        for (const failed of results.filter(r => r.status === 'error')) {
          io.stderr.write(tableErrorLine('check', failed.table, failed.error ?? 'could not be checked'));
        }
      }
      const published = publisher ? await publish(publisher, results, io) : true;
      return published ? exitCode(results) : 2;
    } finally {
      await lakehouse.dispose();
    }
  }
};

type TableCheck = (table: OpenTable, snapshot: string | undefined, onProgress: (progress: VerifyProgress) => void) => Promise<Verdict | OpenTableVerdict>;

const helperCheck: TableCheck = (table, snapshot, onProgress) => verifyOpenTable(table, { snapshot, onProgress });

function checkEngine(options: Record<string, string | boolean>): 'helper' | 'spark' {
  const engine = options.engine ?? 'helper';
  if (engine !== 'helper' && engine !== 'spark') {
    throw new UsageError(`--engine must be helper or spark, not ${String(engine)}`);
  }
  if (engine === 'spark' && options.files === true) {
    throw new UsageError('--files lists the files the helper planned; it cannot be combined with --engine spark');
  }
  return engine;
}

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
  areas: StorageAreas,
  run: TableCheck,
  onProgress: (progress: VerifyProgress) => void
): Promise<CheckedTable> {
  const table = formatIdentifier(name);
  try {
    const opened = await lakehouse.open(name);
    areas.set(table, [
      { what: `the location of table ${table}`, location: opened.metadata.location },
      { what: `the data root of table ${table}`, location: opened.dataRoot },
      { what: `the metadata folder of table ${table}`, location: opened.metadataLocation.slice(0, opened.metadataLocation.lastIndexOf('/')) }
    ]);
    // `liveFiles` builds an object per live file when read: only for --files.
    const checked = await run(opened, snapshot, onProgress);
    if (!('verdict' in checked)) {
      return checked;
    }
    const verdict = checked.verdict;
    if (withFiles && verdict.status !== 'error') {
      return {
        ...verdict,
        files: checked.liveFiles.map(e => ({ path: e.dataFile.filePath, content: e.dataFile.content, recordCount: e.dataFile.recordCount }))
      };
    }
    return verdict;
  } catch (error) {
    const message = lakehouse.redact((error as Error).message);
    return errorVerdict(table, error instanceof CatalogError ? message : namingTable(table, message));
  }
}

/** The publisher for `--publish LOCATION`, or `undefined` without it; a bad LOCATION is a usage error. */
function verdictPublisher(options: Record<string, string | boolean>, io: CommandIO): VerdictPublisher | undefined {
  const location = options.publish as string | undefined;
  if (location === undefined) {
    if (options['published-by'] !== undefined) {
      throw new UsageError('--published-by needs --publish LOCATION');
    }
    return undefined;
  }
  if (options.snapshot !== undefined) {
    throw new UsageError('--publish records the verdict of each table’s current snapshot; it cannot be combined with --snapshot');
  }
  try {
    return new VerdictPublisher(location, { env: io.env, cwd: io.cwd, producedBy: options['published-by'] as string | undefined });
  } catch (error) {
    throw error instanceof VerdictStoreLocationError ? new UsageError(`--publish: ${error.message}`) : error;
  }
}

/** The warehouses of the catalogs of `tables` (a store there would sit among future tables too). */
function warehouses(lakehouse: Lakehouse, tables: TableIdentifier[]): TableStorageArea[] {
  const catalogs = new Set(tables.map(t => t.catalog));
  return [...catalogs].flatMap(name => {
    const warehouse = lakehouse.catalogs.get(name).properties.warehouse;
    return warehouse ? [{ what: `the warehouse of catalog ${name}`, location: warehouse }] : [];
  });
}

function refuseStore(publisher: VerdictPublisher, areas: TableStorageArea[]): void {
  try {
    refuseInsideTableStorage(publisher.location, areas);
  } catch (error) {
    throw error instanceof VerdictStoreLocationError ? new UsageError(`--publish: ${error.message}`) : error;
  }
}

/** Write every checked verdict to the store; `false` when some could not be written (each named on stderr). */
async function publish(publisher: VerdictPublisher, results: CheckedTable[], io: CommandIO): Promise<boolean> {
  let written = 0;
  let failed = 0;
  for (const result of results) {
    if (result.status === 'error' || result.metadataLocation === undefined) {
      continue;
    }
    const { files: _, ...verdict } = result;
    try {
      await publisher.publish(verdict, result.metadataLocation);
      written++;
    } catch (error) {
      failed++;
      io.stderr.write(tableErrorLine('check', result.table, `cannot publish its verdict to ${publisher.location}: ${(error as Error).message}`));
    }
  }
  const skipped = results.filter(r => r.status === 'error').length;
  const notPublished = skipped > 0 ? ` (${skipped} not checked, not published)` : '';
  io.stderr.write(
    `dual-layout check: published ${written} verdict${written === 1 ? '' : 's'} to ${publisher.location} as ${publisher.producedBy}${notPublished}\n`
  );
  return failed === 0;
}

function errorVerdict(table: string, message: string): CheckedTable {
  return { table, status: 'error', snapshot: null, layout: null, findings: [], error: message };
}

export type { CommandIO };
