/**
 * Which snapshots of a table's metadata still reference a file, and which of those are the head
 * of a branch or tag (never expirable). Each snapshot's live set is decoded through the same
 * `LiveFilePlanner` the verifier uses; snapshots share most manifests and the planner caches
 * them, so this costs little more than one check. Reads only.
 */
import type { SnapshotId, TableMetadata } from '../../core/iceberg/model';
import type { LiveFilePlanner } from '../verifier/verifier';
import { locationKey } from '../verifier/views';

export interface FileReferences {
  /** Snapshots whose live set holds the file, in metadata order. Empty: the file is an orphan. */
  snapshots: SnapshotId[];
  /** Branches and tags whose head holds the file, with their type. */
  heads: RefHead[];
  /** The file's size as a snapshot's manifest records it; 0 for an orphan. */
  bytes: number;
  /** The location as the manifests spell it (what `all_files` shows); absent for an orphan. */
  recorded?: string;
}

export interface RefHead {
  name: string;
  type: 'branch' | 'tag';
}

export interface SnapshotReferences {
  /** The references of a file (any spelling of its location). */
  of(path: string): FileReferences;
  /** The branches and tags pointing at a snapshot. */
  headsAt(snapshotId: SnapshotId): RefHead[];
}

export interface ReferenceOptions {
  signal?: AbortSignal;
}

/** Decodes every snapshot's live files once and records which of them hold each of `paths`. */
export async function snapshotReferences(
  metadata: TableMetadata,
  planFiles: LiveFilePlanner,
  paths: Iterable<string>,
  options: ReferenceOptions = {}
): Promise<SnapshotReferences> {
  const wanted = new Map<string, SnapshotId[]>();
  const recorded = new Map<string, { path: string; bytes: number }>();
  for (const path of paths) {
    wanted.set(locationKey(path), []);
  }
  if (wanted.size > 0) {
    for (const snapshot of metadata.snapshots) {
      options.signal?.throwIfAborted();
      const live = await planFiles(metadata, snapshot.snapshotId, { signal: options.signal });
      for (const entry of live) {
        const key = locationKey(entry.dataFile.filePath);
        const holders = wanted.get(key);
        if (holders) {
          holders.push(snapshot.snapshotId);
          recorded.set(key, { path: entry.dataFile.filePath, bytes: entry.dataFile.fileSizeInBytes });
        }
      }
    }
  }
  const heads = new Map<SnapshotId, RefHead[]>();
  for (const [name, ref] of Object.entries(metadata.refs ?? {})) {
    heads.set(ref.snapshotId, [...(heads.get(ref.snapshotId) ?? []), { name, type: ref.type }]);
  }
  const headsAt = (snapshotId: SnapshotId) => heads.get(snapshotId) ?? [];
  return {
    headsAt,
    of(path) {
      // A snapshot lists a file once per manifest entry; deletion vectors share a Puffin path.
      const key = locationKey(path);
      const snapshots = [...new Set(wanted.get(key) ?? [])];
      const known = recorded.get(key);
      return { snapshots, heads: snapshots.flatMap(headsAt), bytes: known?.bytes ?? 0, ...(known ? { recorded: known.path } : {}) };
    }
  };
}
