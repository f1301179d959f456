/**
 * JSON with exact 64-bit integers. Iceberg snapshot ids are random 63-bit
 * longs; `JSON.parse` would round them to the nearest double, and a rounded
 * id names no snapshot in Spark or pyiceberg. Integers that do not fit a
 * double exactly are read as `bigint`, and `bigint`s are written as plain
 * JSON numbers, so Python and Java readers see the exact value.
 */

const MARK = '\u0000int:';

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Characters of a JSON number after its integer part: fraction, exponent. */
function isNumberTail(code: number): boolean {
  return isDigit(code) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d;
}

/**
 * `text` with every integer literal of 16 digits or more (outside strings,
 * not part of a fraction or an exponent) turned into a marked string, in one
 * pass: strings are skipped whole, so digits inside them are never touched.
 * (A regular expression for this backtracks on an unterminated string full of
 * escaped quotes, quadratically; metadata files are untrusted.)
 */
function markLongIntegers(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          i++;
        }
      }
      i++;
    } else if (code === 0x2d || isDigit(code)) {
      const start = i;
      let end = code === 0x2d ? i + 1 : i;
      const digitsStart = end;
      while (end < text.length && isDigit(text.charCodeAt(end))) {
        end++;
      }
      i = end;
      while (i < text.length && isNumberTail(text.charCodeAt(i))) {
        i++;
      }
      if (end - digitsStart >= 16 && i === end) {
        parts.push(text.slice(copied, start), `"\\u0000int:${text.slice(start, end)}"`);
        copied = end;
      }
    } else {
      i++;
    }
  }
  return copied === 0 ? text : parts.join('') + text.slice(copied);
}

export function parseJson(text: string): unknown {
  // The mark goes in as a JSON escape; JSON.parse turns it into MARK.
  return JSON.parse(markLongIntegers(text), (_key, value) => {
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
