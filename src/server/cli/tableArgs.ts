/** The tables a command names on its command line, resolved the same way by every command. */
import type { TableIdentifier } from '../../core/iceberg/model';
import type { Lakehouse } from '../tables/lakehouse';
import { TableNameError } from '../tables/tableName';
import { UsageError } from './command';

/** `cat.ns.t`, or `ns.t` with `--catalog` (`only`) or a single configured catalog; a bad name is a usage error. */
export function namedTables(lakehouse: Lakehouse, names: string[], only?: string): TableIdentifier[] {
  const configured = lakehouse.catalogs.names();
  const defaultCatalog = only?.toLowerCase() ?? (configured.length === 1 ? configured[0] : undefined);
  try {
    return names.map(name => lakehouse.parseName(name, defaultCatalog));
  } catch (error) {
    if (error instanceof TableNameError) {
      throw new UsageError(`${error.message}; use catalog.namespace.table or --catalog`);
    }
    throw error;
  }
}
