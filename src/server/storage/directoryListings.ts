/**
 * Local directory listings kept between listings, so that listing a data root
 * again re-reads only the directories that changed since (git's index does
 * the same for files).
 *
 * Any entry added, removed or renamed in a directory changes that directory's
 * mtime and ctime, and a new subdirectory changes its parent's; so a directory
 * whose device, inode, mtime and ctime (nanoseconds) are those it had when it
 * was read still holds the same names. The ctime matters: `touch -d` can set
 * an mtime back, but setting it changes the ctime. Racily clean directories
 * (changed in the same timestamp tick as, or after, their reading) would look
 * unchanged, so a reading is kept only when both stamps are older than the
 * moment of reading by more than `racyMarginMs` (a coarse filesystem tick and
 * some clock skew); such a directory is read afresh next time, and kept then.
 *
 * Only names are kept, never sizes (a file rewritten in place keeps its
 * directory's stamps), so listings that want sizes do not use this. A
 * directory holding a symbolic link is never kept: where a link leads changes
 * without touching the directory.
 *
 * A network filesystem caching attributes (NFS's `acdirmax`) shows a change
 * made elsewhere only once its cache expires, for stat and readdir alike.
 * Object stores have no directory stamps; there every listing stays a full one.
 */
import * as fs from 'node:fs';
import { LruByteCache } from '../metadata/cache';
import { NAME_SEPARATOR } from './storage';

/** The names a directory held when it was read, each list joined by NUL (`splitNames` parts them). */
export interface DirectoryNames {
  files: string;
  directories: string;
}

interface KeptDirectory {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** Names joined by NUL (which no file name holds): one string per directory, not one per name. */
  files: string;
  directories: string;
}

/** A million Iceberg data file names take about 30–60 MiB. */
const DEFAULT_MAX_BYTES = 64 * 2 ** 20;

/** Above FAT's 2 s mtime tick, and NFS's usual clock skew. */
const DEFAULT_RACY_MARGIN_MS = 2000;

export class DirectoryListings {
  /** Directories whose kept names were reused, and directories read from the filesystem. */
  reused = 0;
  read = 0;

  constructor(
    readonly maxBytes = DEFAULT_MAX_BYTES,
    readonly racyMarginMs = DEFAULT_RACY_MARGIN_MS
  ) {
    this.kept = new LruByteCache<KeptDirectory>(maxBytes);
  }

  /**
   * The names in directory `real` (a symlink-free path): kept ones when the
   * directory provably did not change since they were read (the very strings
   * kept, NUL-joined), otherwise `readEntries()`'s, which are kept when they
   * can be trusted later.
   */
  list(real: string, readEntries: () => fs.Dirent[]): { names: DirectoryNames } | { entries: fs.Dirent[] } {
    // The moment of reading is taken before the stamps, and the stamps before the entries:
    // a change after the stat gives the directory a newer stamp than the one kept.
    const readAtNs = BigInt(Date.now()) * 1_000_000n;
    const stamps = stampsOf(real);
    const kept = this.kept.get(real);
    if (stamps && kept && sameStamps(stamps, kept)) {
      this.reused++;
      return { names: { files: kept.files, directories: kept.directories } };
    }
    this.read++;
    const entries = readEntries();
    const marginNs = BigInt(this.racyMarginMs) * 1_000_000n;
    const settled = stamps !== null && readAtNs - stamps.mtimeNs > marginNs && readAtNs - stamps.ctimeNs > marginNs;
    if (!settled || entries.some(entry => entry.isSymbolicLink())) {
      this.kept.delete(real);
      return { entries };
    }
    const files = entries.filter(entry => entry.isFile()).map(entry => entry.name);
    const directories = entries.filter(entry => entry.isDirectory()).map(entry => entry.name);
    const value = { ...stamps, files: files.join(NAME_SEPARATOR), directories: directories.join(NAME_SEPARATOR) };
    this.kept.set(real, value, real.length + value.files.length + value.directories.length + 64);
    return { names: { files: value.files, directories: value.directories } };
  }

  private readonly kept: LruByteCache<KeptDirectory>;
}

/** Shared by every local storage of the process: the helper's server creates one per request. */
export const sharedDirectoryListings = new DirectoryListings();

type Stamps = Pick<KeptDirectory, 'dev' | 'ino' | 'mtimeNs' | 'ctimeNs'>;

function stampsOf(real: string): Stamps | null {
  try {
    const stats = fs.statSync(real, { bigint: true, throwIfNoEntry: false });
    return stats?.isDirectory() ? { dev: stats.dev, ino: stats.ino, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs } : null;
  } catch {
    return null; // reading the directory reports the problem
  }
}

function sameStamps(a: Stamps, b: Stamps): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export function splitNames(joined: string): string[] {
  return joined === '' ? [] : joined.split(NAME_SEPARATOR);
}

/** `splitNames(joined).length`, without building the names. */
export function countNames(joined: string): number {
  if (joined === '') {
    return 0;
  }
  let count = 1;
  for (let at = joined.indexOf(NAME_SEPARATOR); at !== -1; at = joined.indexOf(NAME_SEPARATOR, at + 1)) {
    count++;
  }
  return count;
}
