/**
 * The two views the verifier compares, indexed by normalised location: the
 * Iceberg view (live data and delete files of one snapshot) and the Hive view
 * (the Parquet files Dask reads below the data root).
 */
import type { ManifestEntry, TableMetadata } from '../../core/iceberg/model';
import { joinUri, normalizeUri, relativeUri } from '../../core/layout/uri';
import type { ObjectInfo } from '../storage/storage';
import { compareListingOrder, DASK_METADATA_FILE, HiveSegment, hiveSegments, isDaskParquetFile } from './daskView';

/** Everything the comparison needs; footers are added once `footerPathsToRead` says which. */
export interface ViewInputs {
  metadata: TableMetadata;
  /** `null` for a table without snapshots. */
  snapshotId: number | null;
  dataRoot: string;
  /** Live entries (data and delete files) of the snapshot. */
  live: ManifestEntry[];
  /** Every object below the data root. */
  listing: ObjectInfo[];
}

export interface HiveFile {
  path: string;
  /** Relative to the data root. */
  relative: string;
  segments: HiveSegment[];
}

export interface Views {
  dataRoot: string;
  /** Files Dask reads, in Dask's listing order. */
  hive: HiveFile[];
  hiveByKey: Map<string, HiveFile>;
  liveData: Map<string, ManifestEntry>;
  liveDeletes: Map<string, ManifestEntry>;
  /** Set when a `_metadata` summary at the root replaces Dask's listing. */
  daskMetadataFile: string | null;
}

/** Data root as Dask should be pointed at: `write.data.path`, the legacy `write.folder-storage.path`, else `<location>/data`. */
export function dataRootOf(metadata: TableMetadata): string {
  const props = metadata.properties ?? {};
  const configured = props['write.data.path'] || props['write.folder-storage.path'];
  return normalizeUri(configured || joinUri(metadata.location, 'data'));
}

/** `true` when the object-storage location provider scatters data files under hashed prefixes. */
export function usesObjectStorageLayout(metadata: TableMetadata): boolean {
  return (metadata.properties?.['write.object-storage.enabled'] ?? '').toLowerCase() === 'true';
}

export function buildViews(inputs: ViewInputs): Views {
  const hive: HiveFile[] = [];
  let daskMetadataFile: string | null = null;
  for (const object of inputs.listing) {
    const relative = relativeUri(inputs.dataRoot, object.path);
    if (relative === null || relative === '') {
      continue;
    }
    if (relative === DASK_METADATA_FILE) {
      daskMetadataFile = object.path;
    } else if (isDaskParquetFile(relative)) {
      hive.push({ path: object.path, relative, segments: hiveSegments(relative) });
    }
  }
  hive.sort((a, b) => compareListingOrder(a.relative, b.relative));
  const hiveByKey = new Map<string, HiveFile>();
  for (const file of hive) {
    hiveByKey.set(normalizeUri(file.path), file);
  }
  const liveData = new Map<string, ManifestEntry>();
  const liveDeletes = new Map<string, ManifestEntry>();
  for (const entry of inputs.live) {
    const key = normalizeUri(entry.dataFile.filePath);
    (entry.dataFile.content === 'data' ? liveData : liveDeletes).set(key, entry);
  }
  return { dataRoot: inputs.dataRoot, hive, hiveByKey, liveData, liveDeletes, daskMetadataFile };
}
