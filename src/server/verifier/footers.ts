/**
 * Column names, field ids and types from Parquet footers, read with ranged
 * reads so a check costs two small requests per file, never the whole file.
 */
import { parquetSchema } from 'hyparquet';
import type { SchemaElement } from 'hyparquet';
import { readParquetMetadata, storageBuffer } from '../parquet/parquetFile';
import type { Storage } from '../storage/storage';

export interface ParquetColumn {
  name: string;
  /** Iceberg field id when the writer recorded one (Iceberg writers always do). */
  fieldId?: number;
  /** Arrow-style type name: int32, int64, string, date32, timestamp, double, … */
  arrowType: string;
}

export interface FileFooter {
  path: string;
  columns: ParquetColumn[];
}

export class FooterError extends Error {
  constructor(
    message: string,
    readonly path: string
  ) {
    super(message);
    this.name = 'FooterError';
  }
}

export async function readFooter(storage: Storage, path: string, size?: number): Promise<FileFooter> {
  const byteLength = size ?? (await storage.stat(path))?.size;
  if (byteLength === undefined) {
    throw new FooterError(`Parquet file ${path} does not exist`, path);
  }
  const buffer = await storageBuffer(storage, path, byteLength);
  try {
    const metadata = await readParquetMetadata(buffer);
    const root = parquetSchema(metadata);
    return { path, columns: root.children.map(child => toColumn(child.element, child.children.length > 0)) };
  } catch (error) {
    throw new FooterError(`cannot read the Parquet footer of ${path}: ${(error as Error).message}`, path);
  }
}

function toColumn(element: SchemaElement, nested: boolean): ParquetColumn {
  return { name: element.name, fieldId: element.field_id, arrowType: nested ? 'nested' : arrowTypeOfElement(element) };
}

function arrowTypeOfElement(element: SchemaElement): string {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  switch (element.type) {
    case 'BOOLEAN':
      return 'bool';
    case 'INT32':
      if (logical === 'DATE' || converted === 'DATE') {
        return 'date32';
      }
      if (logical === 'DECIMAL' || converted === 'DECIMAL') {
        return 'decimal';
      }
      return 'int32';
    case 'INT64':
      if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MICROS' || converted === 'TIMESTAMP_MILLIS') {
        return 'timestamp';
      }
      if (logical === 'DECIMAL' || converted === 'DECIMAL') {
        return 'decimal';
      }
      return 'int64';
    case 'INT96':
      return 'timestamp';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'BYTE_ARRAY':
      return logical === 'STRING' || converted === 'UTF8' || logical === 'JSON' ? 'string' : 'binary';
    case 'FIXED_LEN_BYTE_ARRAY':
      return logical === 'DECIMAL' || converted === 'DECIMAL' ? 'decimal' : 'binary';
  }
  return 'unknown';
}
