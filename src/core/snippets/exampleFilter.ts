/**
 * The example partition filter each snippet shows (commented out, so the
 * cell reads the whole table until the user picks a partition). Values come
 * from a partition that exists when the helper knows one.
 */
import { fileColumnName } from './fileColumns';
import { daskHiveKey, parseHivePath, resolvePartitionFields, ResolvedPartitionField } from './partitioning';
import type { SnippetTable } from './profile';
import { pyColumn, pyString } from './emit';

export interface ExampleFilter {
  /** Dask/pyarrow `filters=` value, e.g. `[("region", "==", "EU")]`. */
  dask: string;
  /**
   * The Spark condition on a DataFrame bound to `frame`, e.g. `obs["region"] == "EU"`: a Column
   * expression, never SQL text, which Spark would parse (and expand `${…}` in).
   */
  spark: (frame: string) => string;
}

/** `YYYY-MM-DD` naming a real calendar day (a directory may say `2024-02-31`). */
function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function placeholder(source: ResolvedPartitionField['source']): string {
  switch (source.type) {
    case 'int':
    case 'long':
      return '0';
    case 'date':
      return '2024-01-01';
    case 'boolean':
      return 'true';
    default:
      return 'value';
  }
}

function pyDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return `datetime.date(${y}, ${m}, ${d})`;
}

function nextDay(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * An example filter on the first identity or `day` partition field, or
 * `null` when the table has neither (bucket and truncate values are not
 * something a person filters on).
 */
export function exampleFilter(table: SnippetTable): ExampleFilter | null {
  const fields = resolvePartitionFields(table);
  const chosen =
    fields.find(
      f => f.field.transform === 'identity' && typeof f.source.type === 'string' && ['string', 'int', 'long', 'date', 'boolean'].includes(f.source.type)
    ) ?? fields.find(f => f.field.transform === 'day');
  if (!chosen) {
    return null;
  }
  const { field, source } = chosen;
  const known = table.examplePartitionPath ? parseHivePath(table.examplePartitionPath).get(field.name) : undefined;
  const column = (frame: string) => pyColumn(frame, source.name);
  if (field.transform === 'day') {
    const day = known && isDate(known) ? known : '2024-01-01';
    // Dask filters on the Hive column the transform adds; Spark on the source column (Iceberg prunes by the transform).
    return {
      dask: `[(${pyString(daskHiveKey(field.name))}, "==", ${pyDate(day)})]`,
      spark: frame => `(${column(frame)} >= ${pyString(`${day} 00:00:00`)}) & (${column(frame)} < ${pyString(`${nextDay(day)} 00:00:00`)})`
    };
  }
  const value = known !== undefined && known !== 'null' ? known : placeholder(source);
  // Dask filters while reading: on the name inside the files, or on the directory key when the files lack the column.
  const daskColumn = pyString((table.identityColumnsInFiles ?? true) ? fileColumnName(source.name) : daskHiveKey(field.name));
  switch (source.type) {
    case 'int':
    case 'long':
      if (/^-?\d+$/.test(value)) {
        // Canonical digits: `007` is not a Python integer literal.
        const integer = BigInt(value).toString();
        return { dask: `[(${daskColumn}, "==", ${integer})]`, spark: frame => `${column(frame)} == ${integer}` };
      }
      break;
    case 'date':
      if (isDate(value)) {
        return { dask: `[(${daskColumn}, "==", ${pyDate(value)})]`, spark: frame => `${column(frame)} == ${pyString(value)}` };
      }
      break;
    case 'boolean':
      return {
        dask: `[(${daskColumn}, "==", ${value === 'true' ? 'True' : 'False'})]`,
        spark: frame => `${column(frame)} == ${value === 'true' ? 'True' : 'False'}`
      };
    default:
      return { dask: `[(${daskColumn}, "==", ${pyString(value)})]`, spark: frame => `${column(frame)} == ${pyString(value)}` };
  }
  return null;
}
