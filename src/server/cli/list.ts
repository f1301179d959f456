/**
 * `dual-layout list [--catalog NAME] [--format text|json]`: every table of
 * every configured catalog (or of one). A catalog that fails is reported on
 * stderr (and in the JSON `errors`) while the others still list; the exit
 * code is then 2. An unknown `--catalog` is a one-line error, exit 2.
 *
 * JSON: `{"tables": [{"table": "cat.ns.name", "catalog", "namespace", "name"}],
 *         "errors": [{"catalog": "cat" | null, "message"}]}`
 * (`catalog` is null for a problem with the configuration file itself).
 */
import { formatIdentifier } from '../../core/iceberg/model';
import { adminSettingsFromEnv } from '../config/adminSettings';
import { Catalog, CatalogError } from '../catalogs/catalog';
import { CatalogRegistry } from '../catalogs/catalogRegistry';
import { resolveStorage } from '../storage/registry';
import { Command, outputFormat, parseArgs, UsageError } from './command';

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

export interface ListResult {
  tables: ListedTable[];
  errors: ListError[];
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
        return { tables: await tablesOf(registry.get(entry.name)), errors: [] };
      } catch (e) {
        const message = e instanceof CatalogError ? e.message : `Catalog '${entry.name}': ${(e as Error).message}`;
        return { tables: [], errors: [{ catalog: entry.name, message }] };
      }
    })
  );
  const configErrors: ListError[] = registry.configError ? [{ catalog: null, message: registry.configError }] : [];
  return {
    tables: perCatalog.flatMap(result => result.tables),
    errors: [...configErrors, ...perCatalog.flatMap(result => result.errors)]
  };
}

/** Walk the namespace tree breadth-first and list each namespace's tables. */
export async function tablesOf(catalog: Catalog): Promise<ListedTable[]> {
  const tables: ListedTable[] = [];
  const pending: string[][] = await catalog.listNamespaces();
  for (let namespace = pending.shift(); namespace; namespace = pending.shift()) {
    for (const name of await catalog.listTables(namespace)) {
      tables.push({ table: formatIdentifier({ catalog: catalog.name, namespace, name }), catalog: catalog.name, namespace, name });
    }
    pending.push(...(await catalog.listNamespaces(namespace)));
  }
  return tables;
}

