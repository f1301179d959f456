/**
 * `dual-layout list [--catalog NAME] [--format text|json]`: every table of
 * every configured catalog (or of one). A catalog that fails is reported on
 * stderr (and in the JSON `errors`) while the others still list; the exit
 * code is then 2. An unknown `--catalog` is a one-line error, exit 2.
 *
 * JSON: `{"tables": [{"table": "cat.ns.name", "catalog", "namespace", "name"}],
 *         "errors": [{"catalog": "cat" | null, "message"}],
 *         "skipped": [{"catalog", "namespace", "parent", "reason"}]}`
 * (`catalog` is null for a problem with the configuration file itself).
 * A namespace that cannot be listed is an error of its catalog (exit 2)
 * while the rest still lists; namespaces the walk skips (a namespace listed
 * as its own child, a cycle, a bound reached: see `namespaceWalk.ts`) are
 * warnings on stderr and in `skipped`, and do not change the exit code.
 */
import { formatIdentifier } from '../../core/iceberg/model';
import { adminSettingsFromEnv } from '../config/adminSettings';
import { Catalog, CatalogError } from '../catalogs/catalog';
import { CatalogRegistry } from '../catalogs/catalogRegistry';
import { CatalogTable, describeSkipped, NamespaceFailure, SkippedNamespace, walkCatalog } from '../catalogs/namespaceWalk';
import { resolveStorage } from '../storage/registry';
import { Command, CommandIO, outputFormat, parseArgs, UsageError } from './command';

export interface ListedTable {
  table: string;
  catalog: string;
  namespace: string[];
  name: string;
}

export interface ListError {
  catalog: string | null;
  message: string;
}

export interface ListSkip extends SkippedNamespace {
  catalog: string;
}

export interface ListResult {
  tables: ListedTable[];
  errors: ListError[];
  skipped: ListSkip[];
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list the tables of the configured catalogs',
  usage: 'dual-layout list [--catalog NAME] [--format text|json]',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['catalog', 'format']);
    const format = outputFormat(options);
    if (positional.length > 0) {
      throw new UsageError(`unexpected argument '${positional[0]}'`);
    }
    const registry = CatalogRegistry.load({
      env: io.env,
      cwd: io.cwd,
      settings: adminSettingsFromEnv(io.env),
      context: {
        // A Hadoop catalog reads its warehouse only.
        storageFor: (location, properties) => resolveStorage(location, properties, { roots: [location], env: io.env })
      }
    });
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
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        io.stdout.write(result.tables.map(table => `${table.table}\n`).join(''));
      }
      return result.errors.length > 0 ? 2 : 0;
    } finally {
      await registry.close();
    }
  }
};

/** All tables of `registry` (or of catalog `only`), catalogs in parallel, each failure kept apart, in catalog order. */
export async function listTables(registry: CatalogRegistry, only?: string): Promise<ListResult> {
  const entries = registry.list().filter(entry => only === undefined || entry.name === only.toLowerCase());
  const perCatalog = await Promise.all(
    entries.map(async (entry): Promise<ListResult> => {
      try {
        const catalog = registry.get(entry.name);
        const walk = await walkCatalog(catalog);
        return {
          tables: walk.tables.map(table => listedTable(catalog, table)),
          errors: walk.failures.map(failure => ({ catalog: entry.name, message: failureMessage(catalog, failure) })),
          skipped: walk.skipped.map(skip => ({ catalog: entry.name, ...skip }))
        };
      } catch (e) {
        const message = e instanceof CatalogError ? e.message : `Catalog '${entry.name}': ${(e as Error).message}`;
        return { tables: [], errors: [{ catalog: entry.name, message }], skipped: [] };
      }
    })
  );
  const configErrors: ListError[] = registry.configError ? [{ catalog: null, message: registry.configError }] : [];
  return {
    tables: perCatalog.flatMap(result => result.tables),
    errors: [...configErrors, ...perCatalog.flatMap(result => result.errors)],
    skipped: perCatalog.flatMap(result => result.skipped)
  };
}

/**
 * Every table of one catalog, for callers that must know all of them or
 * none (the write guard's protected set): a namespace that cannot be listed
 * fails the whole catalog.
 */
export async function tablesOf(catalog: Catalog, onSkipped?: (skipped: ListSkip[]) => void): Promise<ListedTable[]> {
  const walk = await walkCatalog(catalog);
  if (walk.failures.length > 0) {
    throw new CatalogError(failureMessage(catalog, walk.failures[0]), catalog.name);
  }
  onSkipped?.(walk.skipped.map(skip => ({ catalog: catalog.name, ...skip })));
  return walk.tables.map(table => listedTable(catalog, table));
}

/** Warn about what a namespace walk skipped, one line each, on stderr. */
export function writeSkipped(io: Pick<CommandIO, 'stderr'>, command: string, skipped: ListSkip[]): void {
  for (const skip of skipped) {
    io.stderr.write(`dual-layout ${command}: warning: catalog '${skip.catalog}': ${describeSkipped(skip)}\n`);
  }
}

function listedTable(catalog: Catalog, table: CatalogTable): ListedTable {
  return { table: formatIdentifier({ catalog: catalog.name, ...table }), catalog: catalog.name, ...table };
}

function failureMessage(catalog: Catalog, failure: NamespaceFailure): string {
  // Catalog errors already name the catalog and the namespace.
  return failure.error instanceof CatalogError
    ? failure.error.message
    : `Catalog '${catalog.name}': cannot list the ${failure.listing} of namespace '${failure.namespace.join('.')}': ${failure.error.message}`;
}
