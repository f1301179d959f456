/**
 * Column projection for the reads of one table (`--columns a,b`, `&columns=a,b`):
 * the pinned read passes it to Iceberg's scan as `selected_fields`, the Dask
 * read to `dd.read_parquet(columns=…)` under the names the files store, and
 * Spark selects it. Only top-level columns of the table's current schema.
 */
import { formatIdentifier } from '../iceberg/model';
import { fileColumnName } from './fileColumns';
import { currentSchema, daskHiveKey, resolvePartitionFields } from './partitioning';
import { SnippetError, type SnippetTable } from './profile';

/** A column list the snippet cannot use; the message says which column and which table. */
export class ColumnsError extends SnippetError {
  constructor(message: string, table?: string) {
    super(message, table);
    this.name = 'ColumnsError';
  }
}

/** `a, b,c` → `['a', 'b', 'c']`: comma-separated names, blanks around them dropped; an empty name is an error. */
export function parseColumnList(text: string): string[] {
  const names = text.split(',').map(name => name.trim());
  if (names.some(name => name === '')) {
    throw new ColumnsError(`A column list names columns separated by commas, with none empty: '${text}'.`);
  }
  return names;
}

/**
 * The table's columns that `columns` names, once each and in the table's order (the order pyiceberg's
 * `selected_fields` returns them in, so every engine's frame has the same columns); an unknown one is a `ColumnsError`.
 */
export function bindColumns(table: SnippetTable, columns: readonly string[]): string[] {
  const name = formatIdentifier(table.id);
  if (columns.length === 0) {
    throw new ColumnsError(`A column list for ${name} needs at least one column.`, name);
  }
  const known = currentSchema(table).fields.map(field => field.name);
  for (const column of columns) {
    if (!known.includes(column)) {
      throw new ColumnsError(`${name} has no column '${column}'; its columns are ${known.join(', ')}.`, name);
    }
  }
  return known.filter(column => columns.includes(column));
}

/** The name Dask sees for each column: the one its files store, or the directory key of an identity partition kept out of them. */
export function daskColumnNames(table: SnippetTable, columns: readonly string[]): string[] {
  const inFiles = table.identityColumnsInFiles ?? true;
  const fromDirectories = new Map(
    resolvePartitionFields(table)
      .filter(({ field }) => !inFiles && field.transform === 'identity')
      .map(({ field, source }) => [source.name, daskHiveKey(field.name)])
  );
  return columns.map(column => fromDirectories.get(column) ?? fileColumnName(column));
}
