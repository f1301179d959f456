/**
 * Row previews: the first rows of a table's live data files, projected to
 * the current schema by field id (so renamed columns keep their data), with
 * position deletes applied, encoded as an Arrow IPC stream for the browser.
 */
import { Binary, Bool, DataType, DateDay, Float32, Float64, Int32, Int64, Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import type { IcebergType, NestedField, Schema } from '../../core/iceberg/model';
import type { Storage } from '../storage/storage';
import { boundedCompressors } from '../parquet/boundedCompressors';
import { readParquetMetadata, storageBuffer, topLevelColumnsById } from '../parquet/parquetFile';

export interface PreviewFile {
  path: string;
  fileSizeInBytes?: number;
  /** Row positions removed by position deletes or deletion vectors. */
  deletedPositions?: Set<number>;
}

export interface PreviewRequest {
  storage: Storage;
  schema: Schema;
  files: PreviewFile[];
  /** Current-schema column names; all top-level columns when empty. */
  columns?: string[];
  limit: number;
  signal?: AbortSignal;
}

export class PreviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewError';
  }
}

export async function readPreview(request: PreviewRequest): Promise<Table> {
  const fields = selectFields(request.schema, request.columns);
  const columns = new Map<string, unknown[]>(fields.map(field => [field.name, []]));
  let rows = 0;
  for (const file of request.files) {
    if (rows >= request.limit) {
      break;
    }
    request.signal?.throwIfAborted();
    const buffer = await storageBuffer(request.storage, file.path, file.fileSizeInBytes);
    const metadata = await readParquetMetadata(buffer);
    const byId = topLevelColumnsById(metadata);
    const present = fields.filter(field => byId.has(field.id));
    const wanted = request.limit - rows;
    // Deleted rows are skipped, so read enough extra rows to still fill the preview.
    const rowEnd = Math.min(Number(metadata.num_rows), wanted + (file.deletedPositions?.size ?? 0));
    const records =
      present.length === 0
        ? []
        : await parquetReadObjects({
            file: buffer,
            metadata,
            columns: present.map(field => byId.get(field.id)!),
            rowEnd,
            compressors: boundedCompressors
          });
    records.forEach((record, position) => {
      if (rows >= request.limit || file.deletedPositions?.has(position)) {
        return;
      }
      for (const field of fields) {
        const name = byId.get(field.id);
        columns.get(field.name)!.push(name === undefined ? null : record[name]);
      }
      rows++;
    });
  }
  const vectors = Object.fromEntries(
    fields.map(field => {
      const type = arrowType(field.type);
      return [
        field.name,
        vectorFromArray(
          columns.get(field.name)!.map(value => toArrowValue(value, type)),
          type
        )
      ];
    })
  );
  return new Table(vectors);
}

export function previewToIPC(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

function selectFields(schema: Schema, names?: string[]): NestedField[] {
  if (!names || names.length === 0) {
    return schema.fields;
  }
  return names.map(name => {
    const field = schema.fields.find(candidate => candidate.name === name);
    if (!field) {
      throw new PreviewError(`No column '${name}' in the table's current schema`);
    }
    return field;
  });
}

/** Arrow types for previews; anything without a faithful JS mapping is shown as text. */
function arrowType(type: IcebergType): DataType {
  switch (type) {
    case 'boolean':
      return new Bool();
    case 'int':
      return new Int32();
    case 'long':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'date':
      return new DateDay();
    case 'timestamp':
    case 'timestamptz':
      return new TimestampMicrosecond(type === 'timestamptz' ? 'UTC' : null);
    case 'binary':
      return new Binary();
    default:
      return new Utf8();
  }
}

function toArrowValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (type instanceof Utf8) {
    return typeof value === 'string' ? value : stringify(value);
  }
  if (type instanceof Int64) {
    return typeof value === 'bigint' ? value : BigInt(value as number);
  }
  if (type instanceof Int32 || type instanceof Float32 || type instanceof Float64) {
    return Number(value);
  }
  if (type instanceof DateDay || type instanceof TimestampMicrosecond) {
    // Arrow's JS builders take epoch milliseconds for both.
    return value instanceof Date ? value.getTime() : Number(value);
  }
  return value;
}

function stringify(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}
