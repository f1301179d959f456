/** Query parameters shared by the handlers; a bad one is a 400 naming what was expected. */
import { HttpError } from './router';

/** `value` as a whole number in `[min, max]`, `fallback` when absent. */
export function integerParam(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || value === '') {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new HttpError(400, `Expected a whole number from ${min} to ${max}, got '${value}'`);
  }
  return parsed;
}
