/**
 * Turns a preview's Arrow IPC stream into display strings. Formatting lives
 * here, so the grid only lays out text.
 */
import { DataType, tableFromIPC } from 'apache-arrow';
import type { Field } from 'apache-arrow';
import type { IPreviewBytes } from '../client';
import type { IPreviewData } from '../tokens';

export function decodePreview(preview: IPreviewBytes): IPreviewData {
  const table = tableFromIPC(preview.bytes);
  const fields = table.schema.fields;
  const columns = fields.map(field => ({ name: field.name, type: String(field.type) }));
  const vectors = fields.map((_, index) => table.getChildAt(index));
  const rows: string[][] = [];
  for (let row = 0; row < table.numRows; row++) {
    rows.push(vectors.map((vector, index) => formatValue(vector?.get(row), fields[index])));
  }
  return { columns, rows, deletes: preview.deletes };
}

/** Dates and timestamps in ISO form (UTC), everything else as Python would print it. */
export function formatValue(value: unknown, field: Field): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (DataType.isDate(field.type)) {
    return new Date(Number(value)).toISOString().slice(0, 10);
  }
  if (DataType.isTimestamp(field.type)) {
    return new Date(Number(value))
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '');
  }
  if (value instanceof Uint8Array) {
    return `b'${Array.from(value.slice(0, 16), b => b.toString(16).padStart(2, '0')).join('')}${value.length > 16 ? '…' : ''}'`;
  }
  if (typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
    return JSON.stringify(json, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return String(value);
}
