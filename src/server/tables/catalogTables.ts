/**
 * The tables of the configured catalogs, through the one namespace walker
 * (`catalogs/namespaceWalk.ts`): every catalog's list with its failures kept
 * apart (`dual-layout list` and `check --catalog`), or one catalog's complete
 * list or an error (the write guard's protected set for `scan --catalog`).
 */
import { formatIdentifier } from '../../core/iceberg/model';
import { Catalog, CatalogError } from '../catalogs/catalog';
import type { CatalogRegistry } from '../catalogs/catalogRegistry';
import { CatalogTable, NamespaceFailure, SkippedNamespace, walkCatalog } from '../catalogs/namespaceWalk';

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

function listedTable(catalog: Catalog, table: CatalogTable): ListedTable {
  return { table: formatIdentifier({ catalog: catalog.name, ...table }), catalog: catalog.name, ...table };
}

function failureMessage(catalog: Catalog, failure: NamespaceFailure): string {
  // Catalog errors already name the catalog and the namespace.
  return failure.error instanceof CatalogError
    ? failure.error.message
    : `Catalog '${catalog.name}': cannot list the ${failure.listing} of namespace '${failure.namespace.join('.')}': ${failure.error.message}`;
}
