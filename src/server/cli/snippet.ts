/**
 * `dual-layout snippet --engine spark|dask [--variant read|pinned|join|write] [--snapshot ID]
 * [--where PREDICATE] [--columns A,B] [--catalog NAME] [--format text|json] TABLE [OTHER_TABLE]`: the code the
 * sidebar inserts. JSON: `{"code", "variable"}`, `variable` naming the
 * DataFrame the code binds. `--where` filters on partition source columns
 * (see core/snippets/where.ts): the Dask read opens only the selected
 * partitions' files, the pinned read passes it to Iceberg's scan. `--columns`
 * reads only those columns (Iceberg's `selected_fields`, Dask's `columns=`,
 * Spark's `select`). Exit 2 with one line for an unknown table, an unsupported
 * variant, an invalid predicate, an unknown column or tables that cannot be
 * joined partition by partition.
 */
import { parseColumnList, SNIPPET_ENGINES, SNIPPET_VARIANTS, SnippetEngine, SnippetVariant } from '../../core/snippets';
import { planFiles } from '../metadata/planFiles';
import { tableSnippet } from '../snippets/tableSnippet';
import { Lakehouse } from '../tables/lakehouse';
import { hivePathExample } from '../tables/partitionPaths';
import { Command, outputFormat, parseArgs, UsageError } from './command';

function choice<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new UsageError(`--${option} must be ${allowed.join(', ')}${value === undefined ? '' : `, not ${String(value)}`}`);
  }
  return value as T;
}

export const snippetCommand: Command = {
  name: 'snippet',
  summary: 'print the Spark or Dask code that reads (or joins) tables, as the sidebar inserts it',
  usage:
    'dual-layout snippet --engine spark|dask [--variant read|pinned|join|write] [--snapshot ID] [--where PREDICATE] [--columns A,B] [--catalog NAME] [--format text|json] TABLE [OTHER_TABLE]',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['engine', 'variant', 'snapshot', 'where', 'columns', 'catalog', 'format']);
    const format = outputFormat(options);
    const engine = choice<SnippetEngine>(options.engine, SNIPPET_ENGINES, 'engine');
    const variant = choice<SnippetVariant>(options.variant ?? 'read', SNIPPET_VARIANTS, 'variant');
    const expected = variant === 'join' ? 2 : 1;
    if (positional.length !== expected) {
      throw new UsageError(
        variant === 'join'
          ? `--variant join needs two tables (TABLE OTHER_TABLE), got ${positional.length}`
          : `--variant ${variant} takes one TABLE, got ${positional.length}${positional.length > 1 ? ' (use --variant join for two)' : ''}`
      );
    }
    let snapshotId: string | undefined;
    if (options.snapshot !== undefined) {
      if (variant !== 'pinned' || !/^\d+$/.test(String(options.snapshot))) {
        throw new UsageError('--snapshot takes a snapshot id and goes with --variant pinned');
      }
      snapshotId = String(options.snapshot);
    }
    const where = options.where === undefined ? undefined : String(options.where);
    const columns = options.columns === undefined ? undefined : parseColumnList(String(options.columns));
    const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
    try {
      const catalog = options.catalog as string | undefined;
      if (catalog !== undefined) {
        lakehouse.catalogs.get(catalog); // an unknown catalog is one line naming the configured ones
      }
      const tables = await Promise.all(positional.map(name => lakehouse.open(name, catalog?.toLowerCase())));
      // Example filters name a partition that exists, as the sidebar's do, so the printed code returns rows.
      const examplePartitionPaths = await Promise.all(
        tables.map(async table => hivePathExample(table.metadata, (await planFiles(table.storage, table.metadata)).dataFiles))
      );
      const result = tableSnippet(
        tables,
        { engine, variant, snapshotId, where, columns, examplePartitionPaths },
        { settings: lakehouse.settings, cwd: io.cwd, env: io.env }
      );
      io.stdout.write(format === 'json' ? `${JSON.stringify(result)}\n` : result.code);
      return 0;
    } catch (error) {
      // Keep the error's kind and the catalog and table it names; only its text is scrubbed.
      (error as Error).message = lakehouse.redact((error as Error).message);
      throw error;
    } finally {
      await lakehouse.dispose();
    }
  }
};
