/** Parquet files read through the read-only Storage interface, with hyparquet: ranged reads only. */
import { parquetMetadataAsync, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { Storage } from '../storage/storage';
import { checkReadLength } from './boundedCompressors';

/** A hyparquet AsyncBuffer that fetches byte ranges from storage on demand. */
export async function storageBuffer(storage: Storage, path: string, size?: number): Promise<AsyncBuffer> {
  let byteLength = size;
  if (byteLength === undefined) {
    const info = await storage.stat(path);
    if (!info) {
      throw new Error(`Parquet file not found: ${path}`);
    }
    byteLength = info.size;
  }
  return {
    byteLength,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = end ?? byteLength!;
      checkReadLength(path, stop - start);
      const bytes = await storage.read(path, { offset: start, length: stop - start });
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }
  };
}

/**
 * The footer: Iceberg writers keep it small, so 64 KiB usually reads it in one
 * request. Without hyparquet's GeoParquet pass: it JSON-parses the `geo`
 * key-value entry, which we never need, and its parse errors quote the file.
 */
export async function readParquetMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  return parquetMetadataAsync(file, { initialFetchSize: 64 * 1024, geoparquet: false });
}

/** Top-level Parquet columns by Iceberg field id (writers store the id in each column's `field_id`). */
export function topLevelColumnsById(metadata: FileMetaData): Map<number, string> {
  const columns = new Map<number, string>();
  const schema = metadata.schema;
  // schema[0] is the root; walk its direct children, skipping each child's own subtree.
  let index = 1;
  const rootChildren = schema[0]?.num_children ?? 0;
  for (let child = 0; child < rootChildren && index < schema.length; child++) {
    const element = schema[index];
    if (element.field_id !== undefined) {
      columns.set(element.field_id, element.name);
    }
    index += 1 + countDescendants(schema, index);
  }
  return columns;
}

function countDescendants(schema: FileMetaData['schema'], index: number): number {
  const children = schema[index].num_children ?? 0;
  let count = 0;
  let next = index + 1;
  for (let i = 0; i < children; i++) {
    const size = 1 + countDescendants(schema, next);
    count += size;
    next += size;
  }
  return count;
}
