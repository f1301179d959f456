/**
 * Parquet page decompressors that never produce more than a page declares,
 * nor more than `MAX_PAGE_BYTES`, and reads of a data file bounded the same
 * way: previews and footers read files anyone with write access to a table
 * folder can replace, and a page header claiming gigabytes (or a zstd frame
 * that inflates to them, since hyparquet-compressors' zstd ignores the
 * declared size) must fail that file, not the helper.
 *
 * Writers cut pages at 1 MiB (parquet-mr, Arrow) and dictionary pages at a
 * few MiB, and column chunks stay within a row group (128 MiB by default).
 */
import { Decompress } from 'fzstd';
import type { Compressors } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { formatBytes } from '../metadata/limits';

/** Largest decompressed page. */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;
/** Largest single read of a data file (a column chunk, or the footer). */
export const MAX_PARQUET_READ_BYTES = 512 * 1024 * 1024;

export class ParquetLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParquetLimitError';
  }
}

function checkDeclared(codec: string, length: number): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_PAGE_BYTES) {
    throw new ParquetLimitError(`a ${codec} page declares ${length} bytes: decompressed size exceeds ${formatBytes(MAX_PAGE_BYTES)}`);
  }
}

/** zstd, streamed, stopping as soon as the output passes what the page declares. */
function boundedZstd(input: Uint8Array, length: number): Uint8Array {
  const output = new Uint8Array(length);
  let filled = 0;
  const stream = new Decompress(chunk => {
    if (filled + chunk.length > length) {
      throw new ParquetLimitError(`a ZSTD page: decompressed size exceeds the ${length} bytes it declares`);
    }
    output.set(chunk, filled);
    filled += chunk.length;
  });
  stream.push(input, true);
  return filled === length ? output : output.subarray(0, filled);
}

/** hyparquet-compressors' codecs, each refusing a page larger than the limit before decompressing it. */
export const boundedCompressors: Compressors = Object.fromEntries(
  Object.entries({ ...compressors, ZSTD: boundedZstd }).map(([codec, decompress]) => [
    codec,
    (input: Uint8Array, length: number) => {
      checkDeclared(codec, length);
      return decompress!(input, length);
    }
  ])
);

/** Refuse one read of `path` larger than the limit (before any byte is read). */
export function checkReadLength(path: string, length: number): void {
  if (length > MAX_PARQUET_READ_BYTES) {
    throw new ParquetLimitError(`${path}: a read of ${formatBytes(length)} exceeds the limit of ${formatBytes(MAX_PARQUET_READ_BYTES)} per read`);
  }
}
