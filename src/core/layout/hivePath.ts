/**
 * Hive partition paths (`name=value/name=value`) for Iceberg partition tuples.
 *
 * `partitionToPath` is the one place that writes them, exactly like
 * pyiceberg's `PartitionSpec.partition_to_path`: the partition field name and
 * the human-readable value are each escaped with Python's
 * `urllib.parse.quote_plus(s, safe="")` and joined with `=` and `/`.
 * `parseDataFilePath` and `partitionFromSegments` read them back, also
 * accepting Java Iceberg's `URLEncoder` spelling and Hive's null directory.
 */
import type { IcebergType, PartitionField, PartitionSpec, PartitionTuple, Schema } from '../iceberg/model';
import { partitionTupleBuilder } from '../iceberg/partitionTuple';
import { findField } from '../iceberg/schema';
import { applyTransform, fromHumanString, parseTransform, toHumanString } from '../iceberg/transforms';

/** The directory name Hive (and Spark's non-Iceberg writers) use for a null partition value. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const UNRESERVED = /[A-Za-z0-9_.~-]/;
const utf8 = new TextEncoder();

/** Python's `quote_plus(text, safe="")`: UTF-8 percent-encoding, space as `+`. */
export function quotePlus(text: string): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char)) {
      out += char;
    } else if (char === ' ') {
      out += '+';
    } else {
      for (const byte of utf8.encode(char)) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  return out;
}

/** Python's `unquote_plus`: `+` is a space, `%XX` escapes decode as UTF-8; malformed escapes stay as written. */
export function unquotePlus(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, run => {
    const bytes = Uint8Array.from(run.match(/%../g)!, escape => parseInt(escape.slice(1), 16));
    // As Python decodes: a leading U+FEFF is part of the value, not a byte-order mark to drop.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  });
}

/** The source column type of a partition field; `unknown` when the column was dropped. */
export function sourceTypeOf(field: PartitionField, schema: Schema): IcebergType {
  return findField(schema, field.sourceId)?.type ?? 'unknown';
}

/** The Hive directory (no leading or trailing slash) pyiceberg writes a tuple's files under. */
export function partitionToPath(spec: PartitionSpec, schema: Schema, partition: PartitionTuple): string {
  return spec.fields
    .map(field => {
      const human = toHumanString(parseTransform(field.transform), sourceTypeOf(field, schema), partition[field.fieldId]);
      return `${quotePlus(field.name)}=${quotePlus(human)}`;
    })
    .join('/');
}

/** One `name=value` directory of a data file path. */
export interface HiveSegment {
  /** Decoded partition name. */
  name: string;
  /** The value as written in the path (still escaped). */
  rawValue: string;
  /** The decoded human-readable value, `null` for `null` and `__HIVE_DEFAULT_PARTITION__`. */
  value: string | null;
}

export interface ParsedDataFilePath {
  segments: HiveSegment[];
  /** Directories that are not `name=value` (Dask reads files below them without a partition column). */
  otherDirectories: string[];
  fileName: string;
}

/** Split a path relative to the data root (`a=1/b=x%2Fy/file.parquet`) into its Hive segments. */
export function parseDataFilePath(relativePath: string): ParsedDataFilePath {
  const parts = relativePath.split('/').filter(part => part !== '');
  const fileName = parts.pop() ?? '';
  const segments: HiveSegment[] = [];
  const otherDirectories: string[] = [];
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals <= 0) {
      otherDirectories.push(part);
      continue;
    }
    const rawValue = part.slice(equals + 1);
    const decoded = unquotePlus(rawValue);
    segments.push({
      name: unquotePlus(part.slice(0, equals)),
      rawValue,
      value: decoded === 'null' || decoded === HIVE_DEFAULT_PARTITION ? null : decoded
    });
  }
  return { segments, otherDirectories, fileName };
}

/** The result of reading a spec's partition tuple back from Hive segments. */
export interface SegmentPartition {
  /** Values by partition field id, for the fields whose segment was found and parsed. */
  partition: PartitionTuple;
  /** Spec fields with no segment of their name. */
  missing: PartitionField[];
  /** Segments whose value is not a valid value of the field's result type. */
  unparsable: { field: PartitionField; segment: HiveSegment }[];
  /** Segments that name no field of the spec. */
  extra: HiveSegment[];
}

/**
 * Match segments to a spec's fields by name and convert each human value to
 * the internal representation, so it compares with a manifest's tuple (see
 * `valuesEqual`).
 */
export function partitionFromSegments(spec: PartitionSpec, schema: Schema, segments: HiveSegment[]): SegmentPartition {
  const byName = new Map(segments.map(segment => [segment.name, segment]));
  const result: SegmentPartition = { partition: {}, missing: [], unparsable: [], extra: [] };
  const ids: number[] = [];
  const values: unknown[] = [];
  for (const field of spec.fields) {
    const segment = byName.get(field.name);
    byName.delete(field.name);
    if (!segment) {
      result.missing.push(field);
      continue;
    }
    const value = segment.value === null ? null : fromHumanString(parseTransform(field.transform), sourceTypeOf(field, schema), segment.value);
    if (value === undefined) {
      result.unparsable.push({ field, segment });
    } else {
      ids.push(field.fieldId);
      values.push(value);
    }
  }
  result.partition = partitionTupleBuilder(ids)(values);
  result.extra = [...byName.values()];
  return result;
}

/** A representative source value per type, used only to show what a layout looks like. */
function sampleSourceValue(type: IcebergType): unknown {
  switch (type) {
    case 'boolean':
      return true;
    case 'int':
      return 1;
    case 'long':
      return 1n;
    case 'float':
    case 'double':
      return 1.5;
    case 'date':
      return 19724; // 2024-01-02
    case 'time':
      return 25_200_000_000n;
    case 'timestamp':
    case 'timestamptz':
      return 1_704_178_800_000_000n; // 2024-01-02T07:00:00
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return 1_704_178_800_000_000_000n;
    case 'uuid':
      return 'f79c3e09-677c-4bbd-a479-3f349cb785e7';
    case 'string':
      return 'value';
  }
  if (typeof type === 'string' && type.startsWith('decimal(')) {
    return 100n;
  }
  return typeof type === 'string' && (type === 'binary' || type.startsWith('fixed[')) ? Uint8Array.of(1) : null;
}

/** e.g. `region=value/obs_time_day=2024-01-02/` for display; `''` for an unpartitioned spec. */
export function examplePartitionPath(spec: PartitionSpec, schema: Schema): string {
  const partition: PartitionTuple = {};
  for (const field of spec.fields) {
    const type = sourceTypeOf(field, schema);
    const transform = parseTransform(field.transform);
    try {
      partition[field.fieldId] = applyTransform(transform, type, sampleSourceValue(type));
    } catch {
      // An unknown transform or a dropped source column: show the field as null.
      partition[field.fieldId] = null;
    }
  }
  const path = partitionToPath(spec, schema, partition);
  return path ? `${path}/` : '';
}
