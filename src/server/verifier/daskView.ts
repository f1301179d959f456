/**
 * What `dd.read_parquet(<data root>, dataset={"partitioning": "hive"})` reads,
 * modelled on Dask's default (fsspec) code path, measured with Dask 2026.7.1,
 * pyarrow 26.0.1 and pandas 3.1 on hand-made trees and real pyiceberg and
 * Spark tables:
 *
 * - With no `_metadata` file at the root, Dask lists every object below the
 *   root (`fs.find`) and keeps the paths ending in `.parq`, `.parquet` or `.pq`
 *   (case-sensitive). It then hands pyarrow an explicit file list, so
 *   pyarrow's `ignore_prefixes` (`.` and `_`) never apply: `_tmp/x.parquet`
 *   and `.hidden.parquet` ARE read. `.crc` side files are not.
 * - With a `_metadata` file at the root, Dask reads the row groups that file
 *   lists instead of listing the tree.
 * - Hive keys come from every directory segment containing `=` (split at the
 *   first `=`); segments without `=` are skipped. Values are percent-decoded
 *   (`+` stays `+`, so Iceberg's `a+b` for "a b" reads as "a+b"), `null` is
 *   the text "null", and a key's type is int32 when every value is an int32
 *   literal, string otherwise.
 * - Dask takes the file columns from the first file of the sorted listing and
 *   selects them from every file; how keys and columns combine, and which
 *   reader then opens the files, is in daskModel.ts.
 */

export const DASK_PARQUET_EXTENSIONS = ['.parq', '.parquet', '.pq'];

/** The summary file that, at the data root, replaces Dask's listing. */
export const DASK_METADATA_FILE = '_metadata';

/** `true` when Dask's default listing reads `relativePath` as a Parquet file. */
export function isDaskParquetFile(relativePath: string): boolean {
  return DASK_PARQUET_EXTENSIONS.some(ext => relativePath.endsWith(ext));
}

export interface HiveSegment {
  key: string;
  /** As written in the path, still percent-encoded. */
  raw: string;
}

/** The `k=v` directory segments of a path relative to the data root (the file name excluded). */
export function hiveSegments(relativePath: string): HiveSegment[] {
  const parts = relativePath.split('/');
  parts.pop();
  const segments: HiveSegment[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      segments.push({ key: part.slice(0, eq), raw: part.slice(eq + 1) });
    }
  }
  return segments;
}

/** The value pyarrow's hive partitioning produces (`segment_encoding="uri"`); `null` for the Hive default partition. */
export function daskDecodedValue(raw: string): string | null {
  if (raw === '__HIVE_DEFAULT_PARTITION__') {
    return null;
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const INT32_LITERAL = /^[+-]?\d+$/;

/** The Arrow type pyarrow infers for a hive key from all its directory values. */
export function inferredHiveType(rawValues: Iterable<string>): 'int32' | 'string' {
  let seen = false;
  for (const raw of rawValues) {
    const value = daskDecodedValue(raw);
    if (value === null) {
      continue;
    }
    seen = true;
    if (!INT32_LITERAL.test(value)) {
      return 'string';
    }
    const n = Number(value);
    if (n < -2147483648 || n > 2147483647) {
      return 'string';
    }
  }
  return seen ? 'int32' : 'string';
}

/** Code-point order of full paths: the order of fsspec's `find`, whose first file gives Dask its columns. */
export function compareListingOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
