/**
 * What the details view hands the read commands (Open in Dask, its pinned sibling, Open in Spark)
 * besides the table: its filter and its column choice. One module for both ends, so the view and
 * the commands agree on the args' names and shapes.
 */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { ISnippetQuery } from '../tokens';

/** The args of a read of `table`; a blank filter and "every column" (`columns` undefined) are left out. */
export function readArgs(table: string, where: string, columns: readonly string[] | undefined): ReadonlyPartialJSONObject {
  const predicate = where.trim();
  return { table, ...(predicate ? { where: predicate } : {}), ...(columns ? { columns: [...columns] } : {}) };
}

/**
 * The filter and the columns a read command's args ask for. A blank filter reads every row and
 * anything but a non-empty list of names every column, as the command without them does.
 */
export function readQuery(args: ReadonlyPartialJSONObject): Pick<ISnippetQuery, 'where' | 'columns'> {
  const where = typeof args.where === 'string' ? args.where.trim() : '';
  const columns = args.columns;
  const names = Array.isArray(columns) && columns.length > 0 && columns.every(column => typeof column === 'string') ? (columns as string[]) : null;
  return { ...(where ? { where } : {}), ...(names ? { columns: names } : {}) };
}
