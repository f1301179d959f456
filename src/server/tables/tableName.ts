/** Table names as people type them: `catalog.ns.table`, or `ns.table` with a catalog given separately. */

import type { TableIdentifier } from '../../core/iceberg/model';

export class TableNameError extends Error {
  constructor(
    message: string,
    /** `malformed`: not a dotted table name at all; `unknown-catalog`: names no configured catalog. */
    readonly reason: 'malformed' | 'unknown-catalog' = 'malformed'
  ) {
    super(message);
    this.name = 'TableNameError';
  }
}

/**
 * Split a dotted name. With `defaultCatalog`, a name whose first part is not
 * a known catalog is read as `ns.table` in that catalog. Without one, when a
 * single catalog is configured, `ns.table` means that catalog's table; a longer
 * name must still start with a catalog, so a mistyped catalog is said to be one.
 */
export function parseTableName(text: string, knownCatalogs: string[], defaultCatalog?: string): TableIdentifier {
  const parts = text.split('.');
  if (parts.some(part => part.length === 0)) {
    throw new TableNameError(`'${text}' is not a table name: expected catalog.namespace.table`);
  }
  const first = parts[0].toLowerCase();
  if (parts.length >= 3 && knownCatalogs.includes(first)) {
    return { catalog: first, namespace: parts.slice(1, -1), name: parts[parts.length - 1] };
  }
  if (!defaultCatalog && knownCatalogs.length === 1 && parts.length === 2) {
    return { catalog: knownCatalogs[0], namespace: parts.slice(0, 1), name: parts[1] };
  }
  if (defaultCatalog && parts.length >= 2) {
    return { catalog: defaultCatalog, namespace: parts.slice(0, -1), name: parts[parts.length - 1] };
  }
  if (parts.length < 3) {
    throw new TableNameError(`'${text}' is not a table name: expected catalog.namespace.table`);
  }
  throw new TableNameError(
    `'${text}' names catalog '${parts[0]}', which is not configured` + (knownCatalogs.length ? `; configured catalogs: ${knownCatalogs.join(', ')}` : ''),
    'unknown-catalog'
  );
}
