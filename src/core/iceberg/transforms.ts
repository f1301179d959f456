/**
 * Iceberg partition transforms: parsing the names metadata stores, result
 * types, applying a transform to a source value, and the human-readable text
 * of a partition value (pyiceberg's `Transform.to_human_string`) with its
 * inverse. Values are in the internal representation of model.ts.
 */
import type { IcebergType } from './model';
import { hashLong, murmur3x86_32 } from './murmur3';
import { decimalParams } from './schema';
import {
  daysToMonths,
  daysToYears,
  floorDiv,
  formatDay,
  formatHour,
  formatMonth,
  formatTimeOfDay,
  formatTimestamp,
  formatYear,
  microsToDays,
  microsToHours,
  parseDay,
  parseHour,
  parseMonth,
  parseTimeOfDay,
  parseTimestamp,
  parseYear
} from './temporal';
import {
  decimalToMinimalBytes,
  formatDecimal,
  formatPythonFloat,
  fromBase64,
  parseDecimal,
  parsePythonFloat,
  toBase64,
  uuidToBytes,
  uuidToString
} from './values';

export type Transform =
  | { kind: 'identity' }
  | { kind: 'bucket'; numBuckets: number }
  | { kind: 'truncate'; width: number }
  | { kind: 'year' }
  | { kind: 'month' }
  | { kind: 'day' }
  | { kind: 'hour' }
  | { kind: 'void' }
  | { kind: 'unknown'; name: string };

export class TransformError extends Error {
  constructor(
    message: string,
    readonly transform: string
  ) {
    super(message);
    this.name = 'TransformError';
  }
}

/** Parse `identity`, `bucket[16]`, `truncate[3]`, `day`, …; anything else is `unknown` (kept, never applied). */
export function parseTransform(text: string): Transform {
  const trimmed = text.trim().toLowerCase();
  const param = /^(bucket|truncate)\[\s*(\d+)\s*\]$/.exec(trimmed);
  if (param) {
    const n = Number(param[2]);
    return param[1] === 'bucket' ? { kind: 'bucket', numBuckets: n } : { kind: 'truncate', width: n };
  }
  switch (trimmed) {
    case 'identity':
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'void':
      return { kind: trimmed };
  }
  return { kind: 'unknown', name: text };
}

export function transformToString(transform: Transform): string {
  switch (transform.kind) {
    case 'bucket':
      return `bucket[${transform.numBuckets}]`;
    case 'truncate':
      return `truncate[${transform.width}]`;
    case 'unknown':
      return transform.name;
    default:
      return transform.kind;
  }
}

/** The type of the partition value a transform produces from `source` (pyiceberg's `result_type`). */
export function transformResultType(transform: Transform, source: IcebergType): IcebergType {
  switch (transform.kind) {
    case 'bucket':
    case 'year':
    case 'month':
    case 'hour':
      return 'int';
    case 'day':
      return 'date';
    case 'unknown':
      return 'string';
    default:
      return source;
  }
}

const TEMPORAL_SOURCES = new Set(['date', 'timestamp', 'timestamptz', 'timestamp_ns', 'timestamptz_ns']);
const NANOS_SOURCES = new Set(['timestamp_ns', 'timestamptz_ns']);

/** Microseconds of a timestamp source value (nanosecond types are floored to micros). */
function sourceMicros(source: IcebergType, value: unknown): bigint {
  const big = BigInt(value as bigint | number);
  return NANOS_SOURCES.has(source as string) ? floorDiv(big, 1000n) : big;
}

function sourceDays(source: IcebergType, value: unknown): number {
  return source === 'date' ? Number(value) : microsToDays(sourceMicros(source, value));
}

const textEncoder = new TextEncoder();

/** The spec's bucket hash input for each source type. */
export function hashValue(source: IcebergType, value: unknown): number {
  switch (source) {
    case 'int':
    case 'long':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return hashLong(BigInt(value as number | bigint));
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return hashLong(sourceMicros(source, value));
    case 'string':
      return murmur3x86_32(textEncoder.encode(value as string));
    case 'uuid': {
      const bytes = typeof value === 'string' ? uuidToBytes(value) : (value as Uint8Array);
      if (!bytes) {
        throw new TransformError(`not a UUID: ${String(value)}`, 'bucket');
      }
      return murmur3x86_32(bytes);
    }
  }
  if (decimalParams(source)) {
    return murmur3x86_32(decimalToMinimalBytes(BigInt(value as bigint)));
  }
  if (value instanceof Uint8Array) {
    return murmur3x86_32(value);
  }
  throw new TransformError(`bucket cannot hash a ${String(source)} value`, 'bucket');
}

function truncateCodePoints(text: string, width: number): string {
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count++ === width) {
      break;
    }
    out += char;
  }
  return out;
}

/** Apply a transform to a source value (internal representation in, internal representation out). */
export function applyTransform(transform: Transform, source: IcebergType, value: unknown): unknown {
  if (value === null || value === undefined || transform.kind === 'void') {
    return null;
  }
  switch (transform.kind) {
    case 'identity':
      return value;
    case 'bucket':
      return (hashValue(source, value) & 0x7fffffff) % transform.numBuckets;
    case 'truncate':
      return truncateValue(source, value, transform.width);
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
      return applyTemporal(transform.kind, source, value);
    case 'unknown':
      throw new TransformError(`cannot apply unsupported transform ${transform.name}`, transform.name);
  }
}

function truncateValue(source: IcebergType, value: unknown, width: number): unknown {
  if (typeof value === 'string') {
    return truncateCodePoints(value, width);
  }
  if (value instanceof Uint8Array) {
    return value.slice(0, width);
  }
  if (typeof value === 'bigint') {
    const w = BigInt(width);
    return value - (((value % w) + w) % w);
  }
  if (typeof value === 'number' && (source === 'int' || source === 'long')) {
    return value - (((value % width) + width) % width);
  }
  throw new TransformError(`truncate cannot apply to ${String(source)}`, `truncate[${width}]`);
}

function applyTemporal(kind: 'year' | 'month' | 'day' | 'hour', source: IcebergType, value: unknown): number {
  if (!TEMPORAL_SOURCES.has(source as string)) {
    throw new TransformError(`${kind} cannot apply to ${String(source)}`, kind);
  }
  if (kind === 'hour') {
    if (source === 'date') {
      throw new TransformError('hour cannot apply to date', kind);
    }
    return microsToHours(sourceMicros(source, value));
  }
  const days = sourceDays(source, value);
  return kind === 'day' ? days : kind === 'month' ? daysToMonths(days) : daysToYears(days);
}

/**
 * The text pyiceberg writes for a partition value (`to_human_string`): the
 * value of a Hive `name=value` directory before URL-quoting. `source` is the
 * partition field's source column type; `value` is the partition value.
 */
export function toHumanString(transform: Transform, source: IcebergType, value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  switch (transform.kind) {
    case 'void':
      return 'null';
    case 'year':
      return formatYear(Number(value));
    case 'month':
      return formatMonth(Number(value));
    case 'day':
      return formatDay(Number(value));
    case 'hour':
      return formatHour(Number(value));
    case 'bucket':
      return String(value);
    case 'truncate':
      return value instanceof Uint8Array ? toBase64(value) : valueToHumanString(source, value);
    default:
      return valueToHumanString(source, value);
  }
}

/** pyiceberg's `_human_string` of a value of `type`. */
export function valueToHumanString(type: IcebergType, value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (value instanceof Uint8Array) {
    return type === 'uuid' && value.length === 16 ? uuidToString(value) : toBase64(value);
  }
  switch (type) {
    case 'date':
      return formatDay(Number(value));
    case 'time':
      return formatTimeOfDay(BigInt(value as bigint));
    case 'timestamp':
    case 'timestamptz':
      return formatTimestamp(BigInt(value as bigint), type === 'timestamptz');
    case 'float':
    case 'double':
      return formatPythonFloat(Number(value));
  }
  const decimal = decimalParams(type);
  if (decimal) {
    return formatDecimal(BigInt(value as bigint), decimal.scale);
  }
  return String(value);
}

/**
 * The inverse of `toHumanString`: the partition value a Hive directory value
 * stands for, or `undefined` when the text is not a valid value of that kind.
 * `null` (pyiceberg and Java) and Hive's `__HIVE_DEFAULT_PARTITION__` are null.
 */
export function fromHumanString(transform: Transform, source: IcebergType, text: string): unknown {
  if (text === 'null' || text === '__HIVE_DEFAULT_PARTITION__') {
    return null;
  }
  const result = orUndefined;
  switch (transform.kind) {
    case 'void':
      return undefined;
    case 'year':
      return result(parseYear(text));
    case 'month':
      return result(parseMonth(text));
    case 'day':
      return result(parseDay(text));
    case 'hour':
      return result(parseHour(text));
    case 'bucket':
      return /^\d+$/.test(text) ? Number(text) : undefined;
    case 'unknown':
      return text;
    default:
      return valueFromHumanString(source, text);
  }
}

function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** A value of `type` from its human text; `undefined` when the text does not parse. */
export function valueFromHumanString(type: IcebergType, text: string): unknown {
  switch (type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'int':
      return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
    case 'long':
      return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
    case 'float':
    case 'double':
      return orUndefined(parsePythonFloat(text));
    case 'date':
      return orUndefined(parseDay(text));
    case 'time':
      return orUndefined(parseTimeOfDay(text));
    case 'timestamp':
    case 'timestamptz':
      return orUndefined(parseTimestamp(text));
    case 'string':
      return text;
    case 'uuid':
      return uuidToBytes(text) ? text.toLowerCase() : undefined;
    case 'binary':
      return orUndefined(fromBase64(text));
  }
  const decimal = decimalParams(type);
  if (decimal) {
    return orUndefined(parseDecimal(text, decimal.scale));
  }
  if (typeof type === 'string' && type.startsWith('fixed[')) {
    return orUndefined(fromBase64(text));
  }
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : text;
}
