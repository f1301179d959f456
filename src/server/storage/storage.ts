/**
 * Read-only access to table storage. There is deliberately no write, delete or
 * rename anywhere in this interface: the helper must never change table data.
 */

export interface ObjectInfo {
  /** Full URI or absolute path, in the same form `list` was given. */
  path: string;
  size: number;
  modifiedMs?: number;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface Storage {
  /** Every object below `prefix` (recursive), in no particular order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  read(path: string, range?: ByteRange): Promise<Uint8Array>;
  /** `null` when the object does not exist. */
  stat(path: string): Promise<ObjectInfo | null>;
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly path: string
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
