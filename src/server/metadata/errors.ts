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

/** Wrap anything thrown while decoding `file` as a `MetadataError` (keeping one that already is). */
export function asMetadataError(error: unknown, file: string, what: string): MetadataError {
  if (error instanceof MetadataError) {
    return error;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new MetadataError(`${what}: ${reason}`, file, { cause: error });
}
