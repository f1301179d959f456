/**
 * The write guard's protected set, built one way for `GET policy` and `dual-layout scan --catalog`:
 * every table of the catalogs, opened through the lakehouse (the same confinement and redaction as
 * every other read), plus the admin's paths.
 *
 * It fails closed: a table whose metadata cannot be read stays protected at the location its
 * catalog vouches for, and is listed in `unavailable` with the reason:
 * - the catalog's record loads but the metadata file does not (missing, truncated, unreadable
 *   storage): the `location` of metadata a REST catalog returned inline, and the parent of the
 *   metadata file's `metadata/` folder (`<loc>/metadata/v3.metadata.json` → `<loc>`); when the
 *   file is in no `metadata/` folder, its own folder plus the catalog's conventions;
 * - the record itself cannot be loaded: every place the catalog's conventions allow
 *   (`Catalog.conventionalLocations`: a Hadoop table's directory; for SQL and REST, the
 *   namespace's `location` + `/<name>` and the warehouse paths their writers use). A table none
 *   of these places is not protected and says so.
 * A catalog that cannot be listed protects none of its tables; it is named in `unavailableCatalogs`.
 */
import type { Policy, ProtectedTable, UnavailableCatalog, UnavailableTable } from '../../core/api/wire';
import { forEachLimited } from '../../core/concurrency';
import { formatIdentifier, type TableIdentifier } from '../../core/iceberg/model';
import { folderOfFile, tableLocationOfMetadataFile } from '../../core/iceberg/metadataLocation';
import { isUnder } from '../../core/uri';
import type { Catalog, LoadedTable } from '../catalogs/catalog';
import { CatalogError } from '../catalogs/catalog';
import { type Lakehouse, type OpenTable, TableMetadataError } from './lakehouse';

/** Tables opened at once: metadata reads are I/O-bound and mostly cached. */
const OPEN_CONCURRENCY = 8;

export interface ProtectionPolicy extends Policy {
  unavailable: UnavailableTable[];
  unavailableCatalogs: UnavailableCatalog[];
}

export interface ProtectionOptions {
  /** Only this catalog's tables (`scan --catalog NAME`); every configured catalog otherwise. */
  catalog?: string;
  /** The tables of one catalog: the API passes its cached index, the CLI walks the catalog. */
  tablesOf(catalog: Catalog): Promise<TableIdentifier[]>;
  signal?: AbortSignal;
}

interface TableProtection {
  table: string;
  protected: ProtectedTable[];
  unavailable?: UnavailableTable;
}

export async function buildProtectionPolicy(lakehouse: Lakehouse, options: ProtectionOptions): Promise<ProtectionPolicy> {
  const only = options.catalog?.toLowerCase();
  const unavailableCatalogs: UnavailableCatalog[] = [];
  const configError = lakehouse.catalogs.configError;
  if (configError !== null) {
    unavailableCatalogs.push({ catalog: null, reason: lakehouse.redact(configError) });
  }
  const tables: { catalog: Catalog; name: TableIdentifier }[] = [];
  for (const entry of lakehouse.catalogs.list().filter(e => only === undefined || e.name === only)) {
    try {
      const catalog = lakehouse.catalogs.get(entry.name);
      tables.push(...(await options.tablesOf(catalog)).map(name => ({ catalog, name })));
    } catch (error) {
      unavailableCatalogs.push({ catalog: entry.name, reason: reasonOf(lakehouse, error, `Catalog '${entry.name}' could not be listed`) });
    }
  }
  const perTable: TableProtection[] = new Array(tables.length);
  const indexed = tables.map((table, index) => ({ ...table, index }));
  await forEachLimited(indexed, OPEN_CONCURRENCY, async ({ catalog, name, index }) => {
    options.signal?.throwIfAborted();
    perTable[index] = await protectTable(lakehouse, catalog, name);
  });
  // Sorted by table name, so that the policy reads the same however the catalogs answered.
  perTable.sort((a, b) => a.table.localeCompare(b.table));
  return {
    protected: perTable.flatMap(table => table.protected),
    protectedPaths: lakehouse.settings.protectedPaths,
    allowedPaths: lakehouse.settings.allowedPaths,
    unavailable: perTable.flatMap(table => (table.unavailable ? [table.unavailable] : [])),
    unavailableCatalogs
  };
}

/** The unavailable tables that nothing protects: the catalog vouched for no location at all. */
export function unprotectedTables(policy: ProtectionPolicy): UnavailableTable[] {
  const protectedIds = new Set(policy.protected.map(entry => entry.table));
  return policy.unavailable.filter(table => !protectedIds.has(table.table));
}

async function protectTable(lakehouse: Lakehouse, catalog: Catalog, name: TableIdentifier): Promise<TableProtection> {
  const id = formatIdentifier(name);
  try {
    const table = await lakehouse.open(name);
    return { table: id, protected: openTableLocations(table).map(location => ({ table: id, location })) };
  } catch (error) {
    const reason = reasonOf(lakehouse, error, `${id}: the table could not be opened`);
    const locations = await catalogKnownLocations(catalog, name, error instanceof TableMetadataError ? error.record : null);
    return {
      table: id,
      protected: locations.map(location => ({ table: id, location })),
      unavailable: {
        table: id,
        reason: locations.length > 0 ? reason : `${reason}; catalog '${catalog.name}' tells no location for it, so it is not protected`
      }
    };
  }
}

/** The table's location, and its data root and metadata folder where those lie outside it. */
function openTableLocations(table: OpenTable): string[] {
  const location = table.metadata.location;
  const outside = [table.dataRoot, folderOfFile(table.metadataLocation)].filter(folder => !isUnder(location, folder));
  return unique([location, ...outside]);
}

/** From the catalog's record when it loaded (`loaded`), else from the catalog's conventions. */
async function catalogKnownLocations(
  catalog: Catalog,
  name: TableIdentifier,
  loaded: Pick<LoadedTable, 'metadataLocation' | 'metadataJson'> | null
): Promise<string[]> {
  const conventional = async () => (await catalog.conventionalLocations?.(name.namespace, name.name).catch(() => [])) ?? [];
  if (!loaded) {
    return unique(await conventional());
  }
  const inline = (loaded.metadataJson as { location?: unknown } | undefined)?.location;
  const fromFile = tableLocationOfMetadataFile(loaded.metadataLocation);
  if (typeof inline === 'string' && inline !== '') {
    // The metadata folder too, unless it lies inside the location (`write.metadata.path` moves it).
    return fromFile && !isUnder(inline, fromFile) ? [inline, fromFile] : [inline];
  }
  return fromFile ? [fromFile] : unique([folderOfFile(loaded.metadataLocation), ...(await conventional())]);
}

/** A secret-free line naming the catalog, table or file; `context` leads when the error has none. */
function reasonOf(lakehouse: Lakehouse, error: unknown, context: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return lakehouse.redact(error instanceof CatalogError ? message : `${context}: ${message}`);
}

function unique(locations: string[]): string[] {
  return [...new Set(locations)];
}
