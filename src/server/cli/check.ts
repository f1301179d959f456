/**
 * `dual-layout check [--catalog NAME] [TABLE ...] [--snapshot ID|REF] [--format text|json] [--files]`:
 * the verifier's verdict for each table (all tables when none is named).
 *
 * Exit code: 0 when every table is consistent or not a dual-layout table, 1
 * when any drifted, 2 when any could not be checked (its status is `error`;
 * the others are still checked and printed). JSON:
 * `{"tables": [{"table", "status", "snapshot", "findings": [{"kind", "path", "detail"}], "error"?}]}`;
 * `--files` adds each table's live files (`files: [{path, content, recordCount}]`).
 */
import type { Verdict } from '../../core/api/wire';
import type { ManifestEntry } from '../../core/iceberg/model';
import { formatIdentifier } from '../../core/iceberg/model';
import { stringifyJson } from '../../core/json';
import { adminSettingsFromEnv } from '../config/adminSettings';
import { CatalogError } from '../catalogs/catalog';
import { CatalogRegistry } from '../catalogs/catalogRegistry';
import { planFiles } from '../metadata/planFiles';
import { readTableMetadata } from '../metadata/reader';
import { StorageRouter } from '../storage/registry';
import { dataRootOf } from '../verifier/views';
import { verifyTable, VerifyProgress } from '../verifier/verifier';
import { Command, CommandIO, outputFormat, parseArgs, UsageError } from './command';
import { listTables } from './list';
import { ProgressLine, renderVerdicts } from './checkOutput';

interface TableRef {
  catalog: string;
  namespace: string[];
  name: string;
}

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
    const registry = CatalogRegistry.load({
      env: io.env,
      cwd: io.cwd,
      settings: adminSettingsFromEnv(io.env),
      context: { storageFor: (location, properties) => new StorageRouter({ properties, env: io.env, roots: [location] }) }
    });
    try {
      const only = options.catalog as string | undefined;
      if (only !== undefined) {
        registry.get(only); // an unknown or broken catalog is a one-line error naming the configured ones
      }
      const { tables, errors } = await tablesToCheck(registry, positional, only);
      if (snapshot !== undefined && tables.length + errors.length > 1) {
        throw new UsageError('--snapshot needs exactly one TABLE');
      }
      const progress = new ProgressLine(io.stderr, tables.length);
      const results: CheckedTable[] = [...errors];
      await forEachLimited(tables, TABLE_CONCURRENCY, async table => {
        results.push(await checkTable(registry, table, snapshot, options.files === true, p => progress.update(formatIdentifier(table), p)));
        progress.tableDone();
      });
      progress.clear();
      results.sort((a, b) => a.table.localeCompare(b.table));
      io.stdout.write(format === 'json' ? `${stringifyJson({ tables: results })}\n` : renderVerdicts(results));
      return exitCode(results);
    } finally {
      await registry.close();
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
async function tablesToCheck(registry: CatalogRegistry, names: string[], only?: string): Promise<{ tables: TableRef[]; errors: CheckedTable[] }> {
  if (names.length === 0) {
    const listed = await listTables(registry, only);
    const errors = listed.errors.map(e => errorVerdict(e.catalog ?? 'configuration', e.message));
    return { tables: listed.tables, errors };
  }
  return { tables: names.map(name => parseTableName(registry, name, only)), errors: [] };
}

function parseTableName(registry: CatalogRegistry, text: string, only?: string): TableRef {
  const parts = text.split('.');
  if (parts.some(p => p === '')) {
    throw new UsageError(`'${text}' is not a table name (catalog.namespace.table)`);
  }
  if (only !== undefined) {
    if (parts.length > 2 && parts[0].toLowerCase() === only.toLowerCase()) {
      parts.shift();
    }
    return toRef(only, parts, text);
  }
  if (parts.length >= 3 && registry.has(parts[0])) {
    return toRef(parts[0], parts.slice(1), text);
  }
  const names = registry.names();
  if (names.length === 1) {
    return toRef(names[0], parts, text);
  }
  throw new UsageError(`'${text}' does not start with a configured catalog (${names.join(', ') || 'none configured'}); use catalog.namespace.table or --catalog`);
}

function toRef(catalog: string, parts: string[], text: string): TableRef {
  if (parts.length < 2) {
    throw new UsageError(`'${text}' needs a namespace and a table name`);
  }
  return { catalog, namespace: parts.slice(0, -1), name: parts[parts.length - 1] };
}

async function checkTable(
  registry: CatalogRegistry,
  ref: TableRef,
  snapshot: string | undefined,
  withFiles: boolean,
  onProgress: (progress: VerifyProgress) => void
): Promise<CheckedTable> {
  const table = formatIdentifier(ref);
  try {
    const catalog = registry.get(ref.catalog);
    const loaded = await catalog.loadTable(ref.namespace, ref.name);
    const properties = { ...catalog.properties, ...loaded.storageProperties };
    const metadataStorage = new StorageRouter({ properties });
    const metadata = loaded.metadata ?? (await readTableMetadata(metadataStorage, loaded.metadataLocation));
    // Never follow metadata outside the table's own locations and its catalog's warehouse.
    const roots = [metadata.location, dataRootOf(metadata), catalog.properties.warehouse].filter(Boolean) as string[];
    const storage = new StorageRouter({ properties, roots });
    let live: ManifestEntry[] = [];
    const verdict = await verifyTable({
      table,
      metadata,
      metadataLocation: loaded.metadataLocation,
      snapshot,
      storage,
      onProgress,
      planFiles: async (md, snapshotId, options) => {
        // No metadata cache: a CLI run reads each manifest once, and caching would only hold memory.
        const plan = await planFiles(storage, md, { snapshotId, ...options });
        live = [...plan.dataFiles, ...plan.deleteFiles];
        return live;
      }
    });
    if (withFiles && verdict.status !== 'error') {
      return { ...verdict, files: live.map(e => ({ path: e.dataFile.filePath, content: e.dataFile.content, recordCount: e.dataFile.recordCount })) };
    }
    return verdict;
  } catch (error) {
    const message = (error as Error).message;
    return errorVerdict(table, error instanceof CatalogError || message.includes(table) ? message : `${table}: ${message}`);
  }
}

function errorVerdict(table: string, message: string): CheckedTable {
  return { table, status: 'error', snapshot: null, findings: [], error: message };
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++]);
      }
    })
  );
}

export type { CommandIO };
