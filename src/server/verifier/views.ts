/**
 * The two views the verifier compares, indexed by normalised location: the
 * Iceberg view (live data and delete files of one snapshot) and the Hive view
 * (the Parquet files Dask reads below the data root).
 */
import type { ManifestEntry, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { normalizeUri } from '../../core/uri';
import type { ObjectInfo } from '../storage/storage';
import { compareListingOrder, DASK_METADATA_FILE, HiveSegment, hiveSegments, isDaskParquetFile } from './daskView';

/** Everything the comparison needs; footers are added once `footerPathsToRead` says which. */
export interface ViewInputs {
  metadata: TableMetadata;
  /** `null` for a table without snapshots. */
  snapshotId: SnapshotId | null;
  dataRoot: string;
  /** Live entries (data and delete files) of the snapshot. */
  live: ManifestEntry[];
  /** Every object below the data root. */
  listing: ObjectInfo[];
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
  entry?: ManifestEntry;
}

export interface Views {
  dataRoot: string;
  /** Files Dask reads, in storage listing order. */
  hive: HiveFile[];
  /** The first file of Dask's (sorted) listing, whose columns Dask uses; `null` when there is none. */
  first: HiveFile | null;
  hiveByKey: Map<string, HiveFile>;
  liveData: Map<string, ManifestEntry>;
  /**
   * Live delete entries, one per manifest entry: several deletion vectors share one Puffin file
   * (same path, different offsets), so they are not keyed by path.
   */
  liveDeletes: ManifestEntry[];
  /** Live data files Dask does not read (no file at their path among `hive`). */
  unlisted: ManifestEntry[];
  /** Each directory holding files Dask reads: its hive segments and one of its files. */
  directories: Map<string, { segments: HiveSegment[]; example: HiveFile }>;
  /** Every hive key Dask finds, with its distinct raw values. */
  hiveKeys: Map<string, Set<string>>;
  /** Set when a `_metadata` summary at the root replaces Dask's listing. */
  daskMetadataFile: string | null;
}

const NEEDS_NORMALIZING = /\/\/|\/\.{1,2}(?:\/|$)|\/$/;

/**
 * The canonical spelling of a location (as `normalizeUri`), computed without
 * parsing for the spellings that fill large tables: plain absolute paths,
 * `file:` URIs and `s3://` URIs that are already normalised.
 */
export function locationKey(uri: string): string {
  let path: string | null = null;
  if (uri.startsWith('/')) {
    path = uri;
  } else if (uri.startsWith('file:///')) {
    path = uri.slice(7);
  } else if (uri.startsWith('file:/') && uri[6] !== '/') {
    path = uri.slice(5);
  }
  if (path !== null) {
    return NEEDS_NORMALIZING.test(path) ? normalizeUri(path) : path;
  }
  if (uri.startsWith('s3://') && !NEEDS_NORMALIZING.test(uri.slice(5))) {
    return uri;
  }
  return normalizeUri(uri);
}

export function buildViews(inputs: ViewInputs): Views {
  const hive: HiveFile[] = [];
  const hiveByKey = new Map<string, HiveFile>();
  let daskMetadataFile: string | null = null;
  let first: HiveFile | null = null;
  const rootPrefix = `${locationKey(inputs.dataRoot)}/`;
  // Files share directories: parse each directory's segments once.
  const directories = new Map<string, { segments: HiveSegment[]; example: HiveFile }>();
  for (const object of inputs.listing) {
    const key = locationKey(object.path);
    if (!key.startsWith(rootPrefix)) {
      continue;
    }
    const relative = key.slice(rootPrefix.length);
    if (relative === DASK_METADATA_FILE) {
      daskMetadataFile = object.path;
    } else if (isDaskParquetFile(relative)) {
      const directory = relative.slice(0, Math.max(0, relative.lastIndexOf('/')));
      const known = directories.get(directory);
      const segments = known?.segments ?? hiveSegments(relative);
      // `entry` is declared up front: setting a property an object was created
      // without reshapes it, which on 200,000 files costs a good part of the match.
      const file: HiveFile = { path: object.path, key, relative, directory, segments, entry: undefined };
      if (!known) {
        directories.set(directory, { segments, example: file });
      }
      hive.push(file);
      hiveByKey.set(key, file);
      if (!first || compareListingOrder(relative, first.relative) < 0) {
        first = file;
      }
    }
  }
  const liveData = new Map<string, ManifestEntry>();
  const liveDeletes: ManifestEntry[] = [];
  const unlisted: ManifestEntry[] = [];
  for (const entry of inputs.live) {
    const key = locationKey(entry.dataFile.filePath);
    if (entry.dataFile.content === 'data') {
      liveData.set(key, entry);
    } else {
      liveDeletes.push(entry);
    }
    const file = hiveByKey.get(key);
    if (file) {
      file.entry = entry;
    } else if (entry.dataFile.content === 'data') {
      unlisted.push(entry);
    }
  }
  const hiveKeys = new Map<string, Set<string>>();
  for (const { segments } of directories.values()) {
    for (const segment of segments) {
      let values = hiveKeys.get(segment.key);
      if (!values) {
        values = new Set();
        hiveKeys.set(segment.key, values);
      }
      values.add(segment.raw);
    }
  }
  return { dataRoot: inputs.dataRoot, hive, first, hiveByKey, liveData, liveDeletes, unlisted, directories, hiveKeys, daskMetadataFile };
}
