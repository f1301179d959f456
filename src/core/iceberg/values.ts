/**
 * Iceberg values in their internal representation (see `PartitionTuple` in
 * model.ts) and their text forms as pyiceberg prints them: Python's float
 * `repr`, `str(Decimal)`, base64 for bytes, hyphenated UUIDs.
 */

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e+20`, `1.25e-07`, `-0.0`, `inf`, `nan`. */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'inf' : '-inf';
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const [mantissa, exponentText] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const pointPosition = exponent + 1;
  if (pointPosition < -3 || pointPosition > 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (pointPosition <= 0) {
    return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
  }
  if (pointPosition >= digits.length) {
    return `${sign}${digits}${'0'.repeat(pointPosition - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
}

/** Python's `str(Decimal)` of `unscaled × 10^-scale`: `14.20`, `-0.05`, `1E-10`. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const sign = unscaled < 0n ? '-' : '';
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  const exponent = -scale;
  const leftDigits = exponent + digits.length;
  const pointPosition = exponent <= 0 && leftDigits > -6 ? leftDigits : 1;
  let text: string;
  if (pointPosition <= 0) {
    text = `0.${'0'.repeat(-pointPosition)}${digits}`;
  } else if (pointPosition >= digits.length) {
    text = digits + '0'.repeat(pointPosition - digits.length);
  } else {
    text = `${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
  }
  const shown = leftDigits - pointPosition;
  return sign + text + (shown === 0 ? '' : `E${shown > 0 ? '+' : ''}${shown}`);
}

/** The unscaled value of a decimal text at `scale`, or `null` when it is not a number or has more digits. */
export function parseDecimal(text: string, scale: number): bigint | null {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && !match[3])) {
    return null;
  }
  const digits = `${match[2]}${match[3] ?? ''}`;
  const shift = scale - (match[3] ?? '').length + Number(match[4] ?? 0);
  let unscaled: bigint;
  if (shift >= 0) {
    unscaled = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    unscaled = BigInt(digits);
    if (unscaled % divisor !== 0n) {
      return null;
    }
    unscaled /= divisor;
  }
  return match[1] === '-' ? -unscaled : unscaled;
}

/** Python's `float(text)` for the spellings pyiceberg and Java write. */
export function parsePythonFloat(text: string): number | null {
  const lowered = text.trim().toLowerCase();
  if (lowered === 'nan') {
    return NaN;
  }
  if (lowered === 'inf' || lowered === 'infinity' || lowered === '+inf') {
    return Infinity;
  }
  if (lowered === '-inf' || lowered === '-infinity') {
    return -Infinity;
  }
  return /^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$/.test(lowered) ? Number(lowered) : null;
}

/** Big-endian two's complement bytes (Avro's decimal encoding) to the unscaled value. */
export function decimalFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 8n) | BigInt(byte);
  }
  return bytes.length > 0 && bytes[0] & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

/** The minimal big-endian two's complement bytes of `unscaled` (what the bucket transform hashes). */
export function decimalToMinimalBytes(unscaled: bigint): Uint8Array {
  const bytes: number[] = [];
  let value = unscaled;
  for (;;) {
    bytes.unshift(Number(value & 0xffn));
    const rest = value >> 8n;
    // Stop once the remaining bits are pure sign extension of the byte just written.
    if ((rest === 0n && (bytes[0] & 0x80) === 0) || (rest === -1n && (bytes[0] & 0x80) !== 0)) {
      break;
    }
    value = rest;
  }
  return Uint8Array.from(bytes);
}

export function uuidToString(bytes: Uint8Array): string {
  const hex = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToBytes(text: string): Uint8Array | null {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    return null;
  }
  return Uint8Array.from(hex.match(/../g)!, pair => parseInt(pair, 16));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding, as Python's `base64.b64encode` (no Node or browser API needed). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    return null;
  }
  const clean = text.replace(/(?<!=)=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | BASE64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Equality of two internal values that may come from different readers: a
 * number and a bigint of the same integer are equal, so are equal byte arrays,
 * and `null`/`undefined`; NaN equals NaN (as in partition tuples).
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    if (typeof a === 'number' && typeof b === 'number') {
      return a === b || (Number.isNaN(a) && Number.isNaN(b));
    }
    // eslint-disable-next-line eqeqeq
    return a == b;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return bytesEqual(a, b);
  }
  return a === b;
}
