/**
 * JSON with exact 64-bit integers. Iceberg snapshot ids are random 63-bit
 * longs; `JSON.parse` would round them to the nearest double, and a rounded
 * id names no snapshot in Spark or pyiceberg. Integers that do not fit a
 * double exactly are read as `bigint`, and `bigint`s are written as plain
 * JSON numbers, so Python and Java readers see the exact value.
 */

// A string (skipped whole, so digits inside strings are never touched) or a
// long integer literal that is not part of a fraction or an exponent.
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;
const MARK = '\u0000int:';

export function parseJson(text: string): unknown {
  // The mark goes in as a JSON escape; JSON.parse turns it into MARK.
  const marked = text.replace(LONG_INTEGER, token => (token.startsWith('"') ? token : `"\\u0000int:${token}"`));
  return JSON.parse(marked, (_key, value) => {
    if (typeof value === 'string' && value.startsWith(MARK)) {
      const big = BigInt(value.slice(MARK.length));
      return Number.isSafeInteger(Number(big)) ? Number(big) : big;
    }
    return value;
  });
}

export function stringifyJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${MARK}${v.toString()}` : v), indent);
  // JSON.stringify escapes the NUL of the mark as \u0000.
  return text.replace(/"\\u0000int:(-?\d+)"/g, '$1');
}

/** An id read from JSON or Avro: a bigint, whatever size it happens to have. */
export function toSnapshotId(value: unknown): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return BigInt(value);
  }
  throw new TypeError(`not an integer id: ${String(value)}`);
}
