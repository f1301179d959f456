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

/** Joins the names of `DirectoryFiles`: no file name holds it. */
export const NAME_SEPARATOR = '\u0000';

/** One directory's files, as `Storage.listDirectories` gives them. */
export interface DirectoryFiles {
  /** The directory as `list` would spell its files' paths, ending in `/`. */
  directory: string;
  /**
   * The names of the files directly in it (what `list` gives, without sizes), joined by NUL,
   * which no file name holds. While a directory is unchanged a storage may hand over the
   * very same string, so a caller can compare listings without splitting them.
   */
  names: string;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface Storage {
  /** Every object below `prefix` (recursive), in no particular order. */
  list(prefix: string, options?: ListOptions): AsyncIterable<ObjectInfo>;
  /**
   * The same objects as `list(prefix, { ...options, sizes: false })`, directory by directory:
   * offered where a storage knows its directories (local listings reuse unchanged ones, see
   * `directoryListings.ts`); callers group `list`'s paths themselves elsewhere.
   */
  listDirectories?(prefix: string, options?: Omit<ListOptions, 'sizes'>): AsyncIterable<DirectoryFiles>;
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

/**
 * `storage.listDirectories` where it has one; elsewhere `list`'s paths grouped by their
 * directory (object stores list a prefix's keys together, so a directory is one run).
 */
export async function* listDirectoriesOf(storage: Storage, prefix: string, options: Omit<ListOptions, 'sizes'> = {}): AsyncGenerator<DirectoryFiles> {
  if (storage.listDirectories) {
    yield* storage.listDirectories(prefix, options);
    return;
  }
  const directories = new DirectoryGrouping();
  for await (const { path } of storage.list(prefix, { ...options, sizes: false })) {
    directories.add(path);
  }
  yield* directories.done();
}

/** Paths grouped by directory into `DirectoryFiles`; a run of one directory's paths is joined as soon as it ends, so paths do not pile up. */
export class DirectoryGrouping {
  private readonly byDirectory = new Map<string, string>();
  private run: string[] = [];
  private runDirectory = '';

  add(path: string): void {
    const slash = path.lastIndexOf('/');
    const directory = path.slice(0, slash + 1);
    if (directory !== this.runDirectory) {
      this.endRun();
      this.runDirectory = directory;
    }
    this.run.push(path.slice(slash + 1));
  }

  done(): DirectoryFiles[] {
    this.endRun();
    return [...this.byDirectory].map(([directory, names]) => ({ directory, names }));
  }

  private endRun(): void {
    if (this.run.length > 0) {
      const joined = this.byDirectory.get(this.runDirectory);
      const names = this.run.join(NAME_SEPARATOR);
      this.byDirectory.set(this.runDirectory, joined === undefined ? names : joined + NAME_SEPARATOR + names);
      this.run = [];
    }
  }
}
