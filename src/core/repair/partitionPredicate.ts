/**
 * A Spark SQL predicate on source columns that selects exactly one partition tuple of a spec, for
 * `rewrite_data_files(where => …)`: identity as `col = literal` (or `col IS NULL`), year, month,
 * day and hour as half-open ranges on the source column, truncate as a range (numbers) or a prefix
 * (strings). Bucket cannot be expressed on the source column, so such a tuple gets `null` and the
 * caller covers the whole table. `void` fields place nothing and are ignored.
 *
 * Literals are typed as Spark reads Iceberg's columns (date → DATE, timestamp → TIMESTAMP_NTZ,
 * timestamptz → TIMESTAMP with an explicit UTC offset, so the session time zone cannot shift it)
 * and never contain `$`, which Spark's variable substitution would expand in SQL text.
 */
import type { IcebergType, PartitionSpec, PartitionTuple, Schema } from '../iceberg/model';
import { decimalParams, findField } from '../iceberg/schema';
import { daysFromCivil, formatDay, formatTimestamp } from '../iceberg/temporal';
import { formatDecimal, uuidToString } from '../iceberg/values';
import { parseTransform, type Transform } from '../iceberg/transforms';
import { sqlIdentifier } from '../snippets/emit';

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;

/** The predicate selecting `partition` under `spec`, or `null` when some field cannot be expressed. */
export function partitionPredicate(spec: PartitionSpec, schema: Schema, partition: PartitionTuple): string | null {
  const terms: string[] = [];
  for (const field of spec.fields) {
    const transform = parseTransform(field.transform);
    if (transform.kind === 'void') {
      continue;
    }
    const source = findField(schema, field.sourceId);
    if (!source) {
      // The source column was dropped: nothing left to filter on.
      return null;
    }
    const term = fieldPredicate(transform, sqlIdentifier(source.name), source.type, partition[field.fieldId]);
    if (term === null) {
      return null;
    }
    terms.push(term);
  }
  return terms.length === 0 ? null : terms.join(' AND ');
}

/** `a OR b …` of several tuples' predicates (each parenthesised), or `null` when any is `null`. */
export function anyOfPredicates(predicates: (string | null)[]): string | null {
  if (predicates.length === 0 || predicates.some(p => p === null)) {
    return null;
  }
  const distinct = [...new Set(predicates as string[])];
  return distinct.length === 1 ? distinct[0] : distinct.map(p => `(${p})`).join(' OR ');
}

function fieldPredicate(transform: Transform, column: string, type: IcebergType, value: unknown): string | null {
  if (value === null || value === undefined) {
    // Every transform maps null to null, and only null.
    return `${column} IS NULL`;
  }
  switch (transform.kind) {
    case 'identity': {
      const literal = sqlLiteral(type, value);
      return literal === null ? null : `${column} = ${literal}`;
    }
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
      return temporalRange(transform.kind, column, type, Number(value));
    case 'truncate':
      return truncateRange(transform.width, column, type, value);
    default:
      return null;
  }
}

function range(column: string, low: string, high: string): string {
  return `${column} >= ${low} AND ${column} < ${high}`;
}

/** The source values whose year/month/day/hour ordinal is `ordinal`, as `[start, end)`. */
function temporalRange(kind: 'year' | 'month' | 'day' | 'hour', column: string, type: IcebergType, ordinal: number): string | null {
  let startDay: number;
  let endDay: number;
  if (kind === 'hour') {
    const start = BigInt(ordinal) * MICROS_PER_HOUR;
    return type === 'date' ? null : timestampRange(column, type, start, start + MICROS_PER_HOUR);
  }
  if (kind === 'day') {
    [startDay, endDay] = [ordinal, ordinal + 1];
  } else if (kind === 'month') {
    const year = 1970 + Math.floor(ordinal / 12);
    const month = ((ordinal % 12) + 12) % 12;
    startDay = daysFromCivil(year, month + 1, 1);
    endDay = month === 11 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 2, 1);
  } else {
    startDay = daysFromCivil(1970 + ordinal, 1, 1);
    endDay = daysFromCivil(1971 + ordinal, 1, 1);
  }
  if (type === 'date') {
    return range(column, dateLiteral(startDay), dateLiteral(endDay));
  }
  return timestampRange(column, type, BigInt(startDay) * MICROS_PER_DAY, BigInt(endDay) * MICROS_PER_DAY);
}

function timestampRange(column: string, type: IcebergType, startMicros: bigint, endMicros: bigint): string | null {
  const low = timestampLiteral(type, startMicros);
  const high = timestampLiteral(type, endMicros);
  return low === null || high === null ? null : range(column, low, high);
}

function truncateRange(width: number, column: string, type: IcebergType, value: unknown): string | null {
  if (type === 'string' && typeof value === 'string') {
    // A shorter value was not cut: it is the whole value. A full-width one is a prefix.
    return [...value].length < width ? `${column} = ${stringLiteral(value)}` : `${column} LIKE ${stringLiteral(`${likeEscape(value)}%`)}`;
  }
  if (type === 'int' || type === 'long') {
    const low = BigInt(value as number | bigint);
    const suffix = type === 'long' ? 'L' : '';
    return range(column, `${low}${suffix}`, `${low + BigInt(width)}${suffix}`);
  }
  const decimal = decimalParams(type);
  if (decimal && typeof value === 'bigint') {
    return range(column, decimalLiteral(type, value)!, decimalLiteral(type, value + BigInt(width))!);
  }
  return null;
}

/** A Spark SQL literal of an Iceberg value (internal representation), or `null` when Spark has none. */
export function sqlLiteral(type: IcebergType, value: unknown): string | null {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  if (typeof type !== 'string') {
    return null;
  }
  switch (type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'int':
      return String(value);
    case 'long':
      return `${BigInt(value as number | bigint)}L`;
    case 'float':
      return `CAST(${stringLiteral(floatText(value as number))} AS FLOAT)`;
    case 'double':
      return `CAST(${stringLiteral(floatText(value as number))} AS DOUBLE)`;
    case 'date':
      return dateLiteral(Number(value));
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return timestampLiteral(type, BigInt(value as number | bigint));
    case 'string':
      return typeof value === 'string' ? stringLiteral(value) : null;
    case 'uuid':
      return stringLiteral(value instanceof Uint8Array ? uuidToString(value) : String(value));
    case 'binary':
      return value instanceof Uint8Array ? binaryLiteral(value) : null;
  }
  if (type.startsWith('fixed[') && value instanceof Uint8Array) {
    return binaryLiteral(value);
  }
  if (decimalParams(type) && typeof value === 'bigint') {
    return decimalLiteral(type, value);
  }
  return null;
}

function floatText(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  // The shortest text of the double; for a float it rounds back to the same float.
  return String(value);
}

function decimalLiteral(type: IcebergType, unscaled: bigint): string | null {
  const params = decimalParams(type);
  return params ? `CAST(${stringLiteral(formatDecimal(unscaled, params.scale))} AS DECIMAL(${params.precision},${params.scale}))` : null;
}

function dateLiteral(days: number): string {
  return `DATE ${stringLiteral(formatDay(days))}`;
}

/** Nanosecond types keep microsecond literals: Iceberg's temporal ordinals are in micros here. */
function timestampLiteral(type: IcebergType, micros: bigint): string | null {
  const withZone = type === 'timestamptz' || type === 'timestamptz_ns';
  if (!withZone && type !== 'timestamp' && type !== 'timestamp_ns') {
    return null;
  }
  return withZone ? `TIMESTAMP ${stringLiteral(formatTimestamp(micros, true))}` : `TIMESTAMP_NTZ ${stringLiteral(formatTimestamp(micros, false))}`;
}

function binaryLiteral(bytes: Uint8Array): string {
  return `X'${Array.from(bytes, b => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}'`;
}

/** `%`, `_` and the escape character itself, escaped for LIKE's default escape `\`. */
function likeEscape(text: string): string {
  let out = '';
  for (const char of text) {
    out += char === '%' || char === '_' || char === '\\' ? `\\${char}` : char;
  }
  return out;
}

/**
 * A single-quoted Spark SQL string: backslash and quote escaped, `$` and every character outside
 * printable ASCII as `\uXXXX` (Spark unescapes them), so no substitution and no line break applies.
 */
export function stringLiteral(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const code = text.charCodeAt(i);
    if (char === '\\' || char === "'") {
      out += `\\${char}`;
    } else if (char === '$' || code < 0x20 || code > 0x7e) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return `${out}'`;
}
