/**
 * Conversions between Iceberg's temporal ordinals (days, micros, hours,
 * months, years since 1970) and ISO-style text, spelled exactly as pyiceberg's
 * `utils/datetime.py` (Python's `isoformat`), and parsed leniently enough to
 * also read Java Iceberg's spelling (`2024-01-02T07:30`, `Z` offsets).
 */

const MICROS_PER_DAY = 86_400_000_000n;
const MICROS_PER_HOUR = 3_600_000_000n;
const MS_PER_DAY = 86_400_000;

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function pad(value: number, width: number): string {
  const text = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${text}` : text;
}

/** Civil `{year, month (1-12), day}` of a day ordinal. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.floor(date.getTime() / MS_PER_DAY);
}

export function microsToDays(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_DAY));
}

export function microsToHours(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_HOUR));
}

export function daysToMonths(days: number): number {
  const { year, month } = civilFromDays(days);
  return (year - 1970) * 12 + (month - 1);
}

export function daysToYears(days: number): number {
  return civilFromDays(days).year - 1970;
}

export function formatDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function formatMonth(months: number): string {
  return `${pad(1970 + Math.floor(months / 12), 4)}-${pad(1 + floorMod(months, 12), 2)}`;
}

export function formatYear(years: number): string {
  return pad(1970 + years, 4);
}

export function formatHour(hours: number): string {
  const days = Math.floor(hours / 24);
  return `${formatDay(days)}-${pad(floorMod(hours, 24), 2)}`;
}

/** `HH:MM:SS` plus `.ffffff` when the microseconds are not zero, like Python's `time.isoformat()`. */
export function formatTimeOfDay(microsOfDay: bigint): string {
  const micros = Number(microsOfDay % 1_000_000n);
  const seconds = Number(microsOfDay / 1_000_000n);
  const text = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return micros === 0 ? text : `${text}.${pad(micros, 6)}`;
}

export function formatTimestamp(micros: bigint, withZone: boolean): string {
  const days = floorDiv(micros, MICROS_PER_DAY);
  const text = `${formatDay(Number(days))}T${formatTimeOfDay(micros - days * MICROS_PER_DAY)}`;
  return withZone ? `${text}+00:00` : text;
}

const DAY_PATTERN = /^(-?\d{4,})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/;

export function parseDay(text: string): number | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return null;
  }
  const days = daysFromCivil(year, month, day);
  // Reject dates such as 2023-02-30 that JavaScript would roll over.
  return formatDay(days) === `${pad(year, 4)}-${match[2]}-${match[3]}` ? days : null;
}

export function parseTimeOfDay(text: string): bigint | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) {
    return null;
  }
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return null;
  }
  const fraction = BigInt((match[4] ?? '').padEnd(6, '0').slice(0, 6));
  return BigInt((hours * 60 + minutes) * 60 + seconds) * 1_000_000n + fraction;
}

/** Microseconds since the epoch of `YYYY-MM-DDTHH:MM[:SS[.f]][Z|±HH:MM]` (space also separates). */
export function parseTimestamp(text: string): bigint | null {
  const separator = text.search(/[T ]/);
  if (separator < 0) {
    return null;
  }
  const days = parseDay(text.slice(0, separator));
  let time = text.slice(separator + 1);
  let offsetMinutes = 0;
  const offset = OFFSET_PATTERN.exec(time);
  if (offset) {
    time = time.slice(0, offset.index);
    if (offset[1] !== 'Z') {
      const digits = offset[1].replace(':', '');
      const sign = digits.startsWith('-') ? -1 : 1;
      offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    }
  }
  const micros = parseTimeOfDay(time);
  if (days === null || micros === null) {
    return null;
  }
  return BigInt(days) * MICROS_PER_DAY + micros - BigInt(offsetMinutes) * 60_000_000n;
}

/** Hour ordinal of pyiceberg's `YYYY-MM-DD-HH`. */
export function parseHour(text: string): number | null {
  const match = /^(.*)-(\d{2})$/.exec(text);
  const days = match ? parseDay(match[1]) : null;
  const hour = match ? Number(match[2]) : NaN;
  return days === null || hour > 23 ? null : days * 24 + hour;
}

export function parseMonth(text: string): number | null {
  const match = /^(-?\d{4,})-(\d{2})$/.exec(text);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
    return null;
  }
  return (Number(match[1]) - 1970) * 12 + Number(match[2]) - 1;
}

export function parseYear(text: string): number | null {
  return /^-?\d{4,}$/.test(text) ? Number(text) - 1970 : null;
}
