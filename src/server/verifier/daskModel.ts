/**
 * How Dask combines the hive keys of the tree with the columns of the first
 * file it lists, and which of its two file readers it then uses. Measured with
 * Dask 2026.7 and pyarrow 26 (see daskView.ts and the README):
 *
 * - Every hive key also stored in the first file (identity partitions, as
 *   Iceberg writers store them): Dask drops the directory values and reads
 *   the stored ones. A plain read opens each file on its own (`by-path`): a
 *   file lacking one of the first file's columns makes it raise a KeyError,
 *   and integer columns widen across files when the partitions are
 *   concatenated. A filtered read first prunes files whose directory value
 *   does not satisfy the filter, then filters the stored values.
 * - No hive key stored (transform partitions): directory values become extra
 *   columns and every file is read as a dataset fragment (`by-fragment`), cast
 *   to the first file's schema; a missing column reads as null. Every file
 *   must name every key, else the read raises a KeyError.
 * - Some keys stored, some not: Dask refuses to read the tree.
 */
import type { FileFooter, ParquetColumn } from './footers';

export type DaskFileReader = 'by-path' | 'by-fragment';

export interface DaskModel {
  /** The first file's footer, whose columns Dask selects from every file; `null` when Dask reads no file. */
  first: FileFooter | null;
  /** The first file's columns by name. */
  columns: Map<string, ParquetColumn>;
  /** Every hive key Dask finds, with its raw directory values. */
  keys: Map<string, Set<string>>;
  /** Hive keys that are also stored in the first file. */
  storedKeys: string[];
  /** Dask refuses the tree: some keys are stored in the files and others are not. */
  refuses: boolean;
  /** `true` when every key is stored: directory values are dropped, but filters on a key still prune by directory. */
  keysFromFiles: boolean;
  /** How a plain read opens each file. */
  plainReader: DaskFileReader;
}

/** From the key of Dask's first file (`null` when it lists none), every hive key with its raw values, and the footers read. */
export function daskModel(firstKey: string | null, keys: Map<string, Set<string>>, footers: Map<string, FileFooter>): DaskModel {
  const first = firstKey === null ? null : (footers.get(firstKey) ?? null);
  const columns = new Map((first?.columns ?? []).map(column => [column.name, column]));
  const storedKeys = [...keys.keys()].filter(key => columns.has(key));
  const keysFromFiles = keys.size > 0 && storedKeys.length === keys.size;
  return {
    first,
    columns,
    keys,
    storedKeys,
    refuses: storedKeys.length > 0 && storedKeys.length < keys.size,
    keysFromFiles,
    plainReader: keys.size > 0 && !keysFromFiles ? 'by-fragment' : 'by-path'
  };
}

/** Column names a scientist sees in Dask's frame: the first file's, plus directory keys when they are not stored. */
export function daskColumnNames(model: DaskModel): Set<string> {
  const names = new Set(model.columns.keys());
  if (!model.keysFromFiles) {
    for (const key of model.keys.keys()) {
      names.add(key);
    }
  }
  return names;
}
