/**
 * The one error type of the metadata readers: every problem with a metadata
 * JSON, manifest list or manifest (syntax, truncation, a missing required
 * field, an unsupported version or codec) becomes a `MetadataError` naming the
 * file, so a caller can report that table as `error` and go on with the rest.
 */
export class MetadataError extends Error {
  constructor(
    message: string,
    /** The metadata file concerned, as the table's metadata spells it. */
    readonly file: string,
    options?: { cause?: unknown }
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'MetadataError';
  }
}

/** Short, plain tokens (a type or codec name) are safe to repeat; anything else may be a file's content. */
const NAMEABLE = /^[A-Za-z0-9_., ()[\]-]{1,40}$/;

/**
 * A value read from a metadata file, for an error message: quoted when it is
 * a short plain token (`"varchar"`), otherwise only its kind and size, so a
 * message never carries a file's content.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return NAMEABLE.test(value) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}
