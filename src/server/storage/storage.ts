/**
 * Read-only access to table storage. There is deliberately no write, delete or
 * rename anywhere in this interface: the helper must never change table data.
 */

export interface ObjectInfo {
  /** Full URI or absolute path, in the same form `list` was given. */
  path: string;
  /** Bytes; -1 when unknown (only from a `list` asked for `{ sizes: false }`). */
  size: number;
  modifiedMs?: number;
}

export interface ListOptions {
  /**
   * `false` when the caller needs paths only: a storage that pays extra to
   * learn sizes (the local one stats every file) may then skip that and
   * report `size` -1. Object stores list sizes for free and ignore this.
   */
  sizes?: boolean;
  /**
   * Descend symbolic links to directories inside the allowed locations. Off
   * by default: Dask (fsspec's `find`) does not descend them, so a data
   * root's listing holds exactly the files Dask reads. Hadoop's file system
   * does, so a Hadoop catalog's scan turns it on. Links to files are always
   * listed, as every reader reads them.
   */
  followDirectoryLinks?: boolean;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface Storage {
  /** Every object below `prefix` (recursive), in no particular order. */
  list(prefix: string, options?: ListOptions): AsyncIterable<ObjectInfo>;
  /** The object's bytes, or `range` of them (fewer when the range runs past the end). */
  read(path: string, range?: ByteRange): Promise<Uint8Array>;
  /** `null` when the object does not exist (a directory is not an object). */
  stat(path: string): Promise<ObjectInfo | null>;
}

/**
 * Why a storage operation failed, for callers that react differently:
 * `not-found` (missing object), `forbidden` (permissions or credentials),
 * `outside-roots` (refused: the path leaves the allowed locations),
 * `unsupported` (a scheme or path form we cannot read), `io` (anything else).
 */
export type StorageErrorReason = 'not-found' | 'forbidden' | 'outside-roots' | 'unsupported' | 'io';

/** A failure naming the path (and the operation) it concerns; never a secret. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: StorageErrorReason = 'io'
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
