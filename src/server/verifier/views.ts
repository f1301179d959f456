/**
 * The two views the verifier compares, indexed by normalised location: the
 * Iceberg view (live data and delete files of one snapshot, `LiveFiles`) and
 * the Hive view (the Parquet files Dask reads below the data root,
 * `HiveListing`).
 *
 * Both are compact, so memory follows the file count by tens of bytes per
 * file rather than by objects: the listing keeps, per directory, one string
 * of its Parquet names; the comparison keeps one number per listed file (the
 * live data file at its path, a delete file, or none). A `HiveFile` object is
 * built when a finding module iterates over the files and is garbage as soon
 * as it moves on.
 */
import type { ManifestEntry, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import type { ObjectInfo } from '../storage/storage';
import { compareListingOrder, DASK_METADATA_FILE, HiveSegment, hiveSegments, isDaskParquetFile } from './daskView';
import { hashOf, LiveFiles } from './liveFiles';
import { locationKey } from './location';

export { locationKey } from './location';

/** Everything the comparison needs; footers are added once `footerPathsToRead` says which. */
export interface ViewInputs {
  metadata: TableMetadata;
  /** `null` for a table without snapshots. */
  snapshotId: SnapshotId | null;
  dataRoot: string;
  /** Live entries (data and delete files) of the snapshot. */
  live: LiveFiles | readonly ManifestEntry[];
  /** The listing below the data root: collected as it streamed, or every object. */
  listing: HiveListing | readonly ObjectInfo[];
}

export interface HiveFile {
  path: string;
  /** `locationKey(path)`: how both views index a file. */
  key: string;
  /** Relative to the data root. */
  relative: string;
  /** The directory part of `relative` (`''` at the root); shared by the files of a partition. */
  directory: string;
  segments: HiveSegment[];
  /** The live manifest entry (data or delete file) at this path, if any. */
  readonly entry?: ManifestEntry;
  /** The live data file's ordinal in `Views.liveData` (read its fields without building the entry); -1 for none. */
  readonly ordinal: number;
}

/** Files Dask reads, in storage listing order; each iteration builds the `HiveFile`s anew. */
export interface HiveFiles extends Iterable<HiveFile> {
  readonly length: number;
  /** Only the files that are live data files (their `entry` a data file). */
  liveData(): Iterable<HiveFile>;
  /** Only the files without a live entry (leftovers). */
  stale(): Iterable<HiveFile>;
}

export interface Views {
  dataRoot: string;
  hive: HiveFiles;
  /** The first file of Dask's (sorted) listing, whose columns Dask uses; `null` when there is none. */
  first: HiveFile | null;
  /** The files Dask reads that are live (data or delete files), by key. */
  hiveByKey: { has(key: string): boolean; get(key: string): HiveFile | undefined };
  liveData: LiveFiles;
  /**
   * Live delete entries, one per manifest entry: several deletion vectors share one Puffin file
   * (same path, different offsets), so they are not keyed by path.
   */
  liveDeletes: ManifestEntry[];
  /** Live data files Dask does not read (no file at their path among `hive`). */
  unlisted: ManifestEntry[];
  /** Set when a `_metadata` summary at the root replaces Dask's listing. */
  daskMetadataFile: string | null;
}

/** One run of listed files sharing a directory: `displayDirectory + name` is the path as listed. */
interface Chunk {
  displayDirectory: string;
  /** Prepended to a name to give its path relative to the data root. */
  relativeDirectory: string;
  /** `relative`'s directory part, `''` at the root. */
  directory: string;
  /** Names joined by NUL (which no file name holds) once the run is over. */
  names: string;
  pending: string[] | null;
  /** Position of the run's first file among all listed files. */
  firstPosition: number;
  count: number;
  segments: HiveSegment[];
}

const SEPARATOR = '\u0000';

/**
 * The files Dask reads below a data root, collected one listed path at a time
 * (objects outside the root and names Dask skips are dropped as they come).
 */
export class HiveListing {
  /** Set when a `_metadata` summary at the root replaces Dask's listing. */
  daskMetadataFile: string | null = null;
  readonly chunks: Chunk[] = [];
  private total = 0;
  private readonly rootPrefix: string;
  private current: Chunk | null = null;
  private firstRelative: string | null = null;
  private firstAt = -1;

  constructor(readonly dataRoot: string) {
    this.rootPrefix = `${locationKey(dataRoot)}/`;
  }

  static of(dataRoot: string, objects: Iterable<ObjectInfo>): HiveListing {
    const listing = new HiveListing(dataRoot);
    for (const object of objects) {
      listing.add(object.path);
    }
    return listing;
  }

  get length(): number {
    return this.total;
  }

  /** Position of the first file of Dask's sorted listing, -1 when there is none. */
  get firstPosition(): number {
    return this.firstAt;
  }

  add(path: string): void {
    const key = locationKey(path);
    if (!key.startsWith(this.rootPrefix)) {
      return;
    }
    const relative = key.slice(this.rootPrefix.length);
    if (relative === DASK_METADATA_FILE) {
      this.daskMetadataFile = path;
      return;
    }
    if (!isDaskParquetFile(relative)) {
      return;
    }
    const slash = relative.lastIndexOf('/');
    let name = relative.slice(slash + 1);
    let displayDirectory = path.slice(0, path.length - name.length);
    let relativeDirectory = relative.slice(0, slash + 1);
    if (!path.endsWith(name)) {
      // Spelled differently from its key even in its name: a run of its own, whole.
      [displayDirectory, relativeDirectory, name] = [path, relative, ''];
    }
    let chunk = this.current;
    if (!chunk || chunk.displayDirectory !== displayDirectory || chunk.relativeDirectory !== relativeDirectory || name === '') {
      this.close();
      chunk = {
        displayDirectory,
        relativeDirectory,
        directory: relative.slice(0, Math.max(0, slash)),
        names: '',
        pending: [],
        firstPosition: this.total,
        count: 0,
        segments: []
      };
      this.chunks.push(chunk);
      this.current = chunk;
    }
    chunk.pending!.push(name);
    chunk.count++;
    if (this.firstRelative === null || compareListingOrder(relative, this.firstRelative) < 0) {
      this.firstRelative = relative;
      this.firstAt = this.total;
    }
    this.total++;
  }

  /** Ends the current run: its names become one string, releasing the listed paths. */
  close(): void {
    if (this.current) {
      this.current.names = this.current.pending!.join(SEPARATOR);
      this.current.pending = null;
      this.current = null;
    }
  }
}

/** A listed file; its entry is looked up when first asked for. */
class ListedFile implements HiveFile {
  private resolved = false;
  private value: ManifestEntry | undefined;

  constructor(
    readonly path: string,
    readonly key: string,
    readonly relative: string,
    readonly directory: string,
    readonly segments: HiveSegment[],
    private readonly code: number,
    private readonly live: LiveFiles
  ) {}

  get ordinal(): number {
    return this.code >= 0 ? this.code : -1;
  }

  get entry(): ManifestEntry | undefined {
    if (!this.resolved) {
      this.resolved = true;
      this.value = this.code >= 0 ? this.live.entryAt(this.code) : this.code <= -2 ? this.live.deletes[-2 - this.code] : undefined;
    }
    return this.value;
  }
}

/** Per listed file: the live data file's ordinal, -1 for none, -2 - i for the live delete entry i. */
const STALE = -1;

class ComparedListing implements HiveFiles {
  constructor(
    private readonly listing: HiveListing,
    private readonly codes: Int32Array,
    private readonly live: LiveFiles,
    private readonly rootPrefix: string
  ) {}

  get length(): number {
    return this.listing.length;
  }

  [Symbol.iterator](): Iterator<HiveFile> {
    return this.matching(() => true);
  }

  liveData(): Iterable<HiveFile> {
    return { [Symbol.iterator]: () => this.matching(code => code >= 0) };
  }

  stale(): Iterable<HiveFile> {
    return { [Symbol.iterator]: () => this.matching(code => code === STALE) };
  }

  private *matching(accept: (code: number) => boolean): Iterator<HiveFile> {
    for (const chunk of this.listing.chunks) {
      const names = chunk.names.split(SEPARATOR);
      for (let j = 0; j < names.length; j++) {
        const position = chunk.firstPosition + j;
        if (accept(this.codes[position])) {
          yield this.file(chunk, names[j], position);
        }
      }
    }
  }

  at(position: number): HiveFile {
    const chunks = this.listing.chunks;
    let low = 0;
    let high = chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (chunks[middle].firstPosition <= position) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    const chunk = chunks[low];
    return this.file(chunk, chunk.names.split(SEPARATOR)[position - chunk.firstPosition], position);
  }

  file(chunk: Chunk, name: string, position: number): HiveFile {
    const relative = chunk.relativeDirectory + name;
    return new ListedFile(
      chunk.displayDirectory + name,
      this.rootPrefix + relative,
      relative,
      chunk.directory,
      chunk.segments,
      this.codes[position],
      this.live
    );
  }
}

export function buildViews(inputs: ViewInputs): Views {
  const live = inputs.live instanceof LiveFiles ? inputs.live : LiveFiles.fromEntries(inputs.live);
  const listing = inputs.listing instanceof HiveListing ? inputs.listing : HiveListing.of(inputs.dataRoot, inputs.listing);
  listing.close();
  const rootPrefix = `${locationKey(inputs.dataRoot)}/`;
  const deleteByKey = new Map<string, number>();
  live.deletes.forEach((entry, i) => deleteByKey.set(locationKey(entry.dataFile.filePath), i));
  const codes = new Int32Array(listing.length);
  const listedAt = new Int32Array(live.size).fill(-1);
  const listedDeletes = new Map<string, number>();
  const hive = new ComparedListing(listing, codes, live, rootPrefix);
  // Files share directories: parse each directory's segments once.
  const segmentsByDirectory = new Map<string, HiveSegment[]>();
  for (const chunk of listing.chunks) {
    const names = chunk.names.split(SEPARATOR);
    let segments = segmentsByDirectory.get(chunk.directory);
    if (!segments) {
      segments = hiveSegments(chunk.relativeDirectory + names[0]);
      segmentsByDirectory.set(chunk.directory, segments);
    }
    chunk.segments = segments;
    const directoryKey = rootPrefix + chunk.relativeDirectory;
    const seed = hashOf(directoryKey);
    for (let j = 0; j < names.length; j++) {
      const position = chunk.firstPosition + j;
      const key = directoryKey + names[j];
      const ordinal = live.ordinalOf(key, hashOf(names[j], seed));
      if (ordinal !== -1) {
        codes[position] = ordinal;
        listedAt[ordinal] = position;
        continue;
      }
      const deleteIndex = deleteByKey.get(key);
      codes[position] = deleteIndex === undefined ? STALE : -2 - deleteIndex;
      if (deleteIndex !== undefined) {
        listedDeletes.set(key, position);
      }
    }
  }
  const unlisted: ManifestEntry[] = [];
  for (let ordinal = 0; ordinal < live.size; ordinal++) {
    if (listedAt[ordinal] === -1) {
      unlisted.push(live.entryAt(ordinal));
    }
  }
  const positionOf = (key: string): number => {
    const ordinal = live.ordinalOf(key);
    return ordinal === -1 ? (listedDeletes.get(key) ?? -1) : listedAt[ordinal];
  };
  return {
    dataRoot: inputs.dataRoot,
    hive,
    first: listing.firstPosition === -1 ? null : hive.at(listing.firstPosition),
    hiveByKey: {
      has: key => positionOf(key) !== -1,
      get: key => {
        const position = positionOf(key);
        return position === -1 ? undefined : hive.at(position);
      }
    },
    liveData: live,
    liveDeletes: live.deletes,
    unlisted,
    daskMetadataFile: listing.daskMetadataFile
  };
}
