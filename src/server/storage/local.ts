/**
 * Read-only local filesystem storage for plain absolute paths and `file:` URIs.
 * Listings without sizes re-read only the directories changed since the last
 * listing (`directoryListings.ts`).
 */
import * as fs from 'node:fs';
import { parseUri, uriScheme } from '../../core/uri';
import { Confinement } from './confinement';
import { DirectoryListings, sharedDirectoryListings, splitNames } from './directoryListings';
import { checkRange } from './range';
import { ByteRange, DirectoryFiles, ListOptions, NAME_SEPARATOR, ObjectInfo, Storage, StorageError } from './storage';

/**
 * How long listing may hold the event loop before letting other work (HTTP
 * requests to the helper) run. Listing uses the synchronous fs calls in
 * slices: on a 200,000-file tree they are 3–5× faster than the promise API,
 * whose per-call thread-pool round trips dominate (bench/storage).
 */
const LIST_SLICE_MS = 10;

export class LocalStorage implements Storage {
  constructor(options: LocalStorage.IOptions = {}) {
    this._confinement = new Confinement(options.roots?.filter(root => uriScheme(root) === 'file'));
    this._listings = options.listings === undefined ? sharedDirectoryListings : options.listings;
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncGenerator<ObjectInfo> {
    // readdir's entry types already tell files from directories; the stat per
    // file is only for sizes, and it is most of the listing's time.
    const withSizes = options.sizes !== false;
    // Sizes need a stat per file anyway, and a file rewritten in place keeps its directory's stamps.
    for await (const { directory, names, files } of this._walk(prefix, options, withSizes ? null : this._listings)) {
      for (const name of names === null ? [] : splitNames(names)) {
        yield { path: directory + name, size: -1 };
      }
      for (const file of files) {
        // A followed link was stat'ed already: its size comes for free.
        const stats = file.stats ?? (withSizes ? statOrNull(file.real, directory + file.name, 'list') : null);
        if (stats) {
          yield objectInfo(directory + file.name, stats);
        } else if (!withSizes) {
          yield { path: directory + file.name, size: -1 };
        }
      }
    }
  }

  /** `list` without sizes, directory by directory; an unchanged directory hands over its kept names. */
  async *listDirectories(prefix: string, options: Omit<ListOptions, 'sizes'> = {}): AsyncGenerator<DirectoryFiles> {
    for await (const { directory, names, files } of this._walk(prefix, options, this._listings)) {
      yield { directory, names: names ?? files.map(file => file.name).join(NAME_SEPARATOR) };
    }
  }

  /**
   * Every directory below `prefix` with the files directly in it (links to files included):
   * kept names when `listings` says the directory did not change, else its entries.
   */
  private async *_walk(prefix: string, options: Omit<ListOptions, 'sizes'>, listings: DirectoryListings | null): AsyncGenerator<WalkedDirectory> {
    const start = this._resolve(prefix, 'list');
    const top = statOrNull(start.real, prefix, 'list');
    if (top?.isFile()) {
      const slash = start.display.lastIndexOf('/');
      const name = start.display.slice(slash + 1);
      yield { directory: start.display.slice(0, slash + 1), names: null, files: [{ name, real: start.real, stats: top }] };
      return;
    }
    if (!top?.isDirectory()) {
      return;
    }
    const pending: Location[] = [start];
    const followedLinks = new Set<string>();
    let sliceStart = Date.now();
    for (let dir = pending.pop(); dir; dir = pending.pop()) {
      const current = dir;
      const listed = listings ? listings.list(dir.real, () => readDirOrEmpty(current)) : { entries: readDirOrEmpty(dir) };
      if ('names' in listed) {
        for (const name of splitNames(listed.names.directories)) {
          pending.push({ real: `${dir.real}/${name}`, display: `${dir.display}/${name}` });
        }
        yield { directory: `${dir.display}/`, names: listed.names.files, files: [] };
      } else {
        const files: WalkedFile[] = [];
        for (const entry of listed.entries) {
          const child = { real: `${dir.real}/${entry.name}`, display: `${dir.display}/${entry.name}` };
          if (entry.isDirectory()) {
            pending.push(child);
          } else if (entry.isFile()) {
            files.push({ name: entry.name, real: child.real });
          } else if (entry.isSymbolicLink()) {
            const found = this._followLink(child, dir.real, options.followDirectoryLinks === true ? followedLinks : null);
            if (found?.kind === 'file') {
              files.push({ name: entry.name, real: child.real, stats: found.stats });
            } else if (found?.kind === 'directory') {
              pending.push(found.location);
            }
          }
        }
        yield { directory: `${dir.display}/`, names: null, files };
      }
      if (Date.now() - sliceStart > LIST_SLICE_MS) {
        await new Promise(resolve => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
  }

  async read(path: string, range?: ByteRange): Promise<Uint8Array> {
    const { real } = this._resolve(path, 'read');
    if (range) {
      checkRange(path, range);
    }
    try {
      if (!range) {
        return new Uint8Array(await fs.promises.readFile(real));
      }
      const handle = await fs.promises.open(real, fs.constants.O_RDONLY);
      try {
        const buffer = new Uint8Array(range.length);
        let filled = 0;
        while (filled < range.length) {
          const { bytesRead } = await handle.read(buffer, filled, range.length - filled, range.offset + filled);
          if (bytesRead === 0) {
            break;
          }
          filled += bytesRead;
        }
        return filled === range.length ? buffer : buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw asStorageError(error, path, 'read');
    }
  }

  async stat(path: string): Promise<ObjectInfo | null> {
    const { real, display } = this._resolve(path, 'stat');
    const stats = statOrNull(real, path, 'stat');
    return stats?.isFile() ? objectInfo(display, stats) : null;
  }

  /**
   * The real path to open and the spelling to report for `location`, after
   * checking that neither the path nor any symbolic link on it leaves the roots.
   */
  private _resolve(location: string, operation: string): Location {
    if (uriScheme(location) !== 'file') {
      throw new StorageError(`cannot ${operation} ${location}: not a local path`, location, 'unsupported');
    }
    const path = parseUri(location).path;
    if (!path.startsWith('/')) {
      throw new StorageError(`cannot ${operation} ${location}: not an absolute path`, location, 'unsupported');
    }
    const display = /^file:/i.test(location) ? `file://${path}` : path;
    this._confinement.check(location, operation);
    const real = realpathOfPossiblyMissing(path);
    if (!this._realConfinement().allows(real)) {
      throw this._confinement.refusal(location, operation, 'resolves through a symbolic link to outside the allowed locations');
    }
    return { real, display };
  }

  /** The roots with their own symbolic links resolved, to compare real paths with. */
  private _realConfinement(): Confinement {
    this._realRoots ??= new Confinement(this._confinement.roots?.map(realpathOfPossiblyMissing));
    return this._realRoots;
  }

  /**
   * Where a symbolic link met while listing leads, if we may go there. A
   * linked directory is descended only when `followed` is given (see
   * `ListOptions.followDirectoryLinks`), never back up into the directory
   * holding the link, and each once (so link cycles end). Out of the roots
   * we never look behind a link: a linked directory there is not descended,
   * which hides nothing Dask reads; a linked file is, so leaving it out
   * would make the listing a silent lie, and it is refused instead.
   */
  private _followLink(link: Location, parentReal: string, followed: Set<string> | null): FollowedLink | null {
    let target: string;
    let stats: fs.Stats;
    try {
      target = fs.realpathSync(link.real);
      stats = fs.statSync(target);
    } catch {
      return null; // dangling link: Dask would fail on it too, but it names no data
    }
    if (!this._realConfinement().allows(target)) {
      if (stats.isDirectory()) {
        return null;
      }
      throw this._confinement.refusal(link.display, 'list', 'is a symbolic link to a file outside the allowed locations, which Dask would read');
    }
    if (stats.isFile()) {
      return { kind: 'file', stats };
    }
    const climbsBack = parentReal === target || parentReal.startsWith(`${target}/`);
    if (!stats.isDirectory() || followed === null || climbsBack || followed.has(target)) {
      return null;
    }
    followed.add(target);
    return { kind: 'directory', location: { real: target, display: link.display } };
  }

  private readonly _confinement: Confinement;
  private readonly _listings: DirectoryListings | null;
  private _realRoots: Confinement | undefined;
}

export namespace LocalStorage {
  export interface IOptions {
    /**
     * Allowed locations (plain paths or `file:` URIs; other schemes are
     * ignored). Omit to allow every path; symbolic links are resolved before
     * the check.
     */
    roots?: readonly string[];
    /**
     * Directory names kept between listings without sizes, so a re-listing re-reads only changed
     * directories (`directoryListings.ts`); the process-wide ones by default, `null` for none.
     */
    listings?: DirectoryListings | null;
  }
}

interface Location {
  /** Symlink-free path we open. */
  real: string;
  /** The path as the caller spelled its prefix, which we report. */
  display: string;
}

/** A file met while walking: its real path to stat, or the stats a followed link already gave. */
interface WalkedFile {
  name: string;
  real: string;
  stats?: fs.Stats;
}

/** A directory met while walking: kept `names` (NUL-joined) of its files, or the `files` just read. */
interface WalkedDirectory {
  /** As the caller spelled the prefix, ending in `/`. */
  directory: string;
  names: string | null;
  files: WalkedFile[];
}

type FollowedLink = { kind: 'file'; stats: fs.Stats } | { kind: 'directory'; location: Location };

function objectInfo(path: string, stats: fs.Stats): ObjectInfo {
  return { path, size: stats.size, modifiedMs: stats.mtimeMs };
}

function statOrNull(real: string, location: string, operation: string): fs.Stats | null {
  try {
    return fs.statSync(real, { throwIfNoEntry: false }) ?? null;
  } catch (error) {
    if (errorCode(error) === 'ENOTDIR') {
      return null;
    }
    throw asStorageError(error, location, operation);
  }
}

function readDirOrEmpty(dir: Location): fs.Dirent[] {
  try {
    return fs.readdirSync(dir.real, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return []; // removed while we were listing
    }
    throw asStorageError(error, dir.display, 'list');
  }
}

/** `realpath` of the longest existing ancestor, with the missing rest appended. */
function realpathOfPossiblyMissing(path: string): string {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    try {
      const real = fs.realpathSync(existing);
      return [real === '/' ? '' : real, ...missing].join('/') || '/';
    } catch (error) {
      const code = errorCode(error);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || existing === '/') {
        throw asStorageError(error, path, 'resolve');
      }
      const slash = existing.lastIndexOf('/');
      missing.unshift(existing.slice(slash + 1));
      existing = existing.slice(0, slash) || '/';
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function asStorageError(error: unknown, path: string, operation: string): StorageError {
  if (error instanceof StorageError) {
    return error;
  }
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new StorageError(`cannot ${operation} ${path}: no such file`, path, 'not-found');
    case 'EISDIR':
      return new StorageError(`cannot ${operation} ${path}: it is a directory`, path, 'not-found');
    case 'EACCES':
    case 'EPERM':
      return new StorageError(`cannot ${operation} ${path}: permission denied`, path, 'forbidden');
    default:
      return new StorageError(`cannot ${operation} ${path}: ${code ?? (error as Error).message}`, path, 'io');
  }
}
