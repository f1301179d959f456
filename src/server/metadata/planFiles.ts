/**
 * The live files of a snapshot: every manifest of its manifest list read
 * (concurrently, through the cache), entries with status `deleted` dropped,
 * data files and delete files (position, equality, deletion vectors) apart.
 */
import type { ManifestEntry, ManifestFile, Snapshot, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { currentSnapshot, snapshotById, snapshotForRef } from '../../core/iceberg/schema';
import type { Storage } from '../storage/storage';
import { MetadataError } from './errors';
import { DecodeBudget, type MetadataLimits } from './limits';
import { unpackEntriesInSlices, type PackedEntries } from './entryPacking';
import { inlineManifests, readManifestListFile, readPackedManifestFile, type MetadataCache } from './reader';

export interface PlanFilesOptions {
  /** Plan this snapshot; default the ref's, else the current one. */
  snapshotId?: SnapshotId;
  /** A branch or tag name (`main` is the current snapshot). */
  ref?: string;
  signal?: AbortSignal;
  /** Called after each manifest with the number read so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Manifests read at once; default 8. */
  concurrency?: number;
  cache?: MetadataCache;
  /** What decoding this plan may cost (`DEFAULT_LIMITS` when absent). */
  limits?: MetadataLimits;
  /** Called with each manifest's packed entries (and its index in the manifest list) as soon as it is decoded. */
  onManifest?: (index: number, entries: PackedEntries) => void;
}

export interface FilePlan {
  /** `null` for a table without snapshots (nothing to read). */
  snapshot: Snapshot | null;
  manifests: ManifestFile[];
  /** Live data files (status added or existing). */
  dataFiles: ManifestEntry[];
  /** Live position deletes, equality deletes and deletion vectors. */
  deleteFiles: ManifestEntry[];
}

function chooseSnapshot(metadata: TableMetadata, options: PlanFilesOptions): Snapshot | null {
  if (options.snapshotId !== undefined) {
    const snapshot = snapshotById(metadata, options.snapshotId);
    if (!snapshot) {
      throw new MetadataError(`table has no snapshot ${options.snapshotId}`, metadata.location);
    }
    return snapshot;
  }
  if (options.ref !== undefined) {
    const snapshot = snapshotForRef(metadata, options.ref);
    if (!snapshot) {
      throw new MetadataError(`table has no branch or tag ${JSON.stringify(options.ref)}`, metadata.location);
    }
    return snapshot;
  }
  if (metadata.currentSnapshotId === undefined) {
    return null;
  }
  const snapshot = currentSnapshot(metadata);
  if (!snapshot) {
    throw new MetadataError(`current snapshot ${metadata.currentSnapshotId} is not in the snapshot list`, metadata.location);
  }
  return snapshot;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
  }
}

export async function planFiles(storage: Storage, metadata: TableMetadata, options: PlanFilesOptions = {}): Promise<FilePlan> {
  const packed = await planPackedManifests(storage, metadata, options);
  const plan: FilePlan = { snapshot: packed.snapshot, manifests: packed.manifests, dataFiles: [], deleteFiles: [] };
  // Manifest order keeps the result deterministic whatever order the reads finished in.
  for (const manifest of packed.entries) {
    for (const entry of await unpackEntriesInSlices(manifest)) {
      if (entry.status === 'deleted') {
        continue;
      }
      (entry.dataFile.content === 'data' ? plan.dataFiles : plan.deleteFiles).push(entry);
    }
  }
  return plan;
}

export interface PackedPlan {
  /** `null` for a table without snapshots (nothing to read). */
  snapshot: Snapshot | null;
  manifests: ManifestFile[];
  /** Every manifest's entries, `deleted` ones included, packed (`entryPacking.ts`), in manifest-list order. */
  entries: PackedEntries[];
}

/**
 * The snapshot's manifests read and decoded (concurrently, through the cache,
 * on the decoding workers) into their packed form, with no object per entry:
 * what the verifier keeps for a table of a million files.
 */
export async function planPackedManifests(storage: Storage, metadata: TableMetadata, options: PlanFilesOptions = {}): Promise<PackedPlan> {
  const snapshot = chooseSnapshot(metadata, options);
  if (!snapshot) {
    return { snapshot: null, manifests: [], entries: [] };
  }
  throwIfAborted(options.signal);
  // One budget for the whole plan: the manifests of one table share it.
  const budget = new DecodeBudget(options.limits);
  const manifests = snapshot.manifestList
    ? await readManifestListFile(storage, snapshot.manifestList, snapshot.snapshotId, options.cache, budget)
    : await inlineManifests(storage, snapshot.manifests ?? [], snapshot.snapshotId, metadata.defaultSpecId);
  const entries: PackedEntries[] = new Array(manifests.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < manifests.length) {
      throwIfAborted(options.signal);
      const index = next++;
      entries[index] = await readPackedManifestFile(storage, manifests[index], options.cache, budget);
      options.onManifest?.(index, entries[index]);
      done++;
      options.onProgress?.(done, manifests.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, manifests.length));
  await Promise.all(Array.from({ length: workers }, worker));
  throwIfAborted(options.signal);
  return { snapshot, manifests, entries };
}
