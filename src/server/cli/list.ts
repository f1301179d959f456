/**
 * `dual-layout list [--catalog NAME] [--catalogs] [--format text|json]`: every
 * table of every configured catalog (or of one); with `--catalogs`, the
 * catalogs instead, one line each with its type and health (`ok` and its
 * table count, or `error` and the whole message). A catalog that fails is
 * reported on stderr (and in the JSON `errors`) while the others still list;
 * the exit code is then 2. An unknown `--catalog` is a one-line error, exit 2.
 *
 * JSON: `{"tables": [{"table": "cat.ns.name", "catalog", "namespace", "name"}],
 *         "catalogs": [{"name", "type", "health": "ok" | "error", "tables", "error"?}],
 *         "errors": [{"catalog": "cat" | null, "message"}],
 *         "skipped": [{"catalog", "namespace", "parent", "reason"}]}`
 * (`catalog` is null for a problem with the configuration file itself).
 * A namespace that cannot be listed is an error of its catalog (exit 2)
 * while the rest still lists; namespaces the walk skips (a namespace listed
 * as its own child, a cycle, a bound reached: see `namespaceWalk.ts`) are
 * warnings on stderr and in `skipped`, and do not change the exit code.
 */
import { describeSkipped } from '../catalogs/namespaceWalk';
import type { CatalogRegistry } from '../catalogs/catalogRegistry';
import { listTables, type ListResult, type ListSkip } from '../tables/catalogTables';
import { Lakehouse } from '../tables/lakehouse';
import { Command, CommandIO, outputFormat, parseArgs, UsageError } from './command';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the tables of the configured catalogs',
  usage: 'dual-layout list [--catalog NAME] [--catalogs] [--format text|json]',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['catalog', 'format'], ['catalogs']);
    const format = outputFormat(options);
    if (positional.length > 0) {
      throw new UsageError(`unexpected argument '${positional[0]}'`);
    }
    const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
    const registry = lakehouse.catalogs;
    try {
      const only = options.catalog as string | undefined;
      if (only !== undefined && !registry.has(only)) {
        registry.get(only); // throws the "unknown catalog" error naming the configured ones
      }
      const result = await listTables(registry, only);
      for (const error of result.errors) {
        io.stderr.write(`dual-layout list: ${error.message}\n`);
      }
      writeSkipped(io, 'list', result.skipped);
      const catalogs = catalogHealth(registry, result, only);
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify({ ...result, catalogs })}\n`);
      } else if (options.catalogs) {
        io.stdout.write(catalogs.map(renderCatalog).join(''));
      } else {
        io.stdout.write(result.tables.map(table => `${table.table}\n`).join(''));
      }
      return result.errors.length > 0 ? 2 : 0;
    } finally {
      await lakehouse.dispose();
    }
  }
};

export interface CatalogHealth {
  name: string;
  type: string;
  health: 'ok' | 'error';
  /** Tables listed (those of namespaces that could be listed, when some failed). */
  tables: number;
  /** Every failure of the catalog, one per line. */
  error?: string;
}

/** Each listed catalog's type and health, from what listing it found. */
function catalogHealth(registry: CatalogRegistry, result: ListResult, only?: string): CatalogHealth[] {
  return registry
    .list()
    .filter(entry => only === undefined || entry.name === only.toLowerCase())
    .map(entry => {
      const errors = result.errors.filter(error => error.catalog === entry.name).map(error => error.message);
      return {
        name: entry.name,
        type: entry.type,
        health: errors.length > 0 ? 'error' : 'ok',
        tables: result.tables.filter(table => table.catalog === entry.name).length,
        ...(errors.length > 0 ? { error: errors.join('\n') } : {})
      };
    });
}

function renderCatalog(catalog: CatalogHealth): string {
  const count = `${catalog.tables} table${catalog.tables === 1 ? '' : 's'}`;
  const health = catalog.error ? `error: ${catalog.error.replace(/\n/g, '\n  ')}` : `ok, ${count}`;
  return `${catalog.name} (${catalog.type}): ${health}\n`;
}

/** Warn about what a namespace walk skipped, one line each, on stderr. */
export function writeSkipped(io: Pick<CommandIO, 'stderr'>, command: string, skipped: ListSkip[]): void {
  for (const skip of skipped) {
    io.stderr.write(`dual-layout ${command}: warning: catalog '${skip.catalog}': ${describeSkipped(skip)}\n`);
  }
}
