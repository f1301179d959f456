/**
 * The verifier on an opened table: its live files planned through the shared
 * metadata cache and its storage confined as `Lakehouse.open` set it up. What
 * the API's checks and `dual-layout check` both run.
 */
import type { Verdict } from '../../core/api/wire';
import type { ManifestEntry, SnapshotId } from '../../core/iceberg/model';
import { planFiles } from '../metadata/planFiles';
import type { MetadataCache } from '../metadata/reader';
import { LiveFiles } from '../verifier/liveFiles';
import { ComparisonMemo } from '../verifier/units';
import { planLiveFiles, verifyTable, type LiveFilePlanner, type VerifyProgress } from '../verifier/verifier';
import type { OpenTable } from './lakehouse';

export interface VerifyOpenTableOptions {
  /** Shared by a long-running helper; a one-shot CLI run reads each manifest once and keeps none. */
  cache?: MetadataCache;
  /** A snapshot id, or a branch or tag name; the current snapshot when omitted. */
  snapshot?: SnapshotId | string;
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
}

export interface OpenTableVerdict {
  verdict: Verdict;
  /** The live data and delete files the verdict compared, built as objects when read; empty when planning failed. */
  readonly liveFiles: ManifestEntry[];
}

/** The live data and delete files of any snapshot of an opened table, through `cache`. */
export function openTablePlanner(table: OpenTable, cache?: MetadataCache): LiveFilePlanner {
  return async (metadata, snapshotId, planOptions) => {
    const plan = await planFiles(table.storage, metadata, { ...planOptions, snapshotId, cache });
    return [...plan.dataFiles, ...plan.deleteFiles];
  };
}

/**
 * One comparison memo per metadata cache: the helper's server shares one cache across its
 * checks, so its re-checks redo only the directories that changed; a CLI run keeps none.
 */
const memos = new WeakMap<MetadataCache, ComparisonMemo>();

function memoFor(cache: MetadataCache): ComparisonMemo {
  let memo = memos.get(cache);
  if (!memo) {
    memo = new ComparisonMemo();
    memos.set(cache, memo);
  }
  return memo;
}

export async function verifyOpenTable(table: OpenTable, options: VerifyOpenTableOptions): Promise<OpenTableVerdict> {
  let live: LiveFiles | null = null;
  const verdict = await verifyTable({
    table: table.id,
    metadata: table.metadata,
    metadataLocation: table.metadataLocation,
    snapshot: options.snapshot,
    storage: table.storage,
    signal: options.signal,
    onProgress: options.onProgress,
    memo: options.cache ? memoFor(options.cache) : undefined,
    planFiles: async (metadata, snapshotId, planOptions) => {
      live = await planLiveFiles(table.storage, metadata, snapshotId, planOptions, options.cache);
      return live;
    }
  });
  const compared = live as LiveFiles | null;
  return {
    verdict,
    // Kept compact during the check; a caller asking for the files (repair, `check --files`) gets objects.
    get liveFiles() {
      return compared?.toEntries() ?? [];
    }
  };
}
