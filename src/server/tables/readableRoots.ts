/**
 * The locations a table's reads are confined to: its metadata file,
 * manifests, data files and listings, all of them. Decided before any byte
 * is read, from configuration and the catalog's own answer, never from a
 * metadata file, so a file's `location` or `write.data.path` can never
 * enlarge them.
 *
 * - A catalog with a `warehouse` location: that warehouse, and only it.
 * - A catalog without one (a REST catalog keeps it server-side; its
 *   `warehouse` may be a mere name), the roots the catalog itself vouches for:
 *   - REST: the table `location` of the metadata inlined in its load-table
 *     response, with that metadata's `write.data.path` and
 *     `write.metadata.path` where it sets them: the server's answer, which
 *     the metadata-location must then lie under;
 *   - SQL (and anything without inline metadata): the table folder its
 *     record's metadata location names, `<folder>/metadata/<file>` →
 *     `<folder>`; a record naming a file anywhere else vouches for nothing.
 *
 * Whatever the source, a root that confines nothing (`/`, `file:///`,
 * `/etc`, a home directory) is dropped by the storage's `Confinement`, so
 * everything below it is refused too.
 */
import { tableLocationOfMetadataFile } from '../../core/iceberg/metadataLocation';
import type { LoadedTable } from '../catalogs/catalog';

/** Table properties that place files outside the table's location. */
const PLACEMENT_PROPERTIES = ['write.data.path', 'write.metadata.path'];

/** Where reads of `loaded` may go; empty when nothing vouches for any location. */
export function readableRoots(catalogProperties: Readonly<Record<string, string>>, loaded: LoadedTable): string[] {
  const warehouse = warehouseLocation(catalogProperties.warehouse);
  return warehouse ? [warehouse] : catalogVouchedRoots(loaded);
}

/** The roots the catalog's own answer states for a table (see the module comment). */
export function catalogVouchedRoots(loaded: LoadedTable): string[] {
  const inline = inlineMetadata(loaded);
  if (inline) {
    const properties = (inline.properties ?? {}) as Record<string, unknown>;
    const placed = PLACEMENT_PROPERTIES.map(key => properties[key]).filter(nonEmptyString);
    return nonEmptyString(inline.location) ? [inline.location, ...placed] : placed;
  }
  const folder = tableLocationOfMetadataFile(loaded.metadataLocation);
  return folder ? [folder] : [];
}

/** Why `readableRoots` came back empty, for the table's error. */
export function noRootsReason(catalogName: string, loaded: LoadedTable): string {
  return (
    `catalog '${catalogName}' has no warehouse location and vouches for no folder of this table ` +
    `(its metadata location ${loaded.metadataLocation} is not <table>/metadata/<file>); ` +
    "set the catalog's 'warehouse' to read it"
  );
}

/** A `warehouse` property that is a location (a path or URI), not a REST warehouse name. */
function warehouseLocation(value: string | undefined): string | undefined {
  return value && value.includes('/') ? value : undefined;
}

function inlineMetadata(loaded: LoadedTable): { location?: unknown; properties?: unknown } | null {
  const inline = loaded.metadata ?? loaded.metadataJson;
  return typeof inline === 'object' && inline !== null ? (inline as { location?: unknown; properties?: unknown }) : null;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
