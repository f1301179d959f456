/**
 * Checks one table: resolve the snapshot, plan its live files, list the data
 * root, read the few footers needed, compare. Reads only; cancellable through
 * an AbortSignal; reports progress per phase.
 */
import type { Verdict } from '../../core/api/wire';
import { forEachLimited } from '../../core/concurrency';
import { dataRootOf } from '../../core/iceberg/dataRoot';
import type { ManifestEntry, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { snapshotById, snapshotForRef } from '../../core/iceberg/schema';
import { countNames } from '../storage/directoryListings';
import { listDirectoriesOf, type Storage } from '../storage/storage';
import { positionDeleteTargets } from './deleteFindings';
import { FileFooter, readFooter } from './footers';
import { LiveFiles } from './liveFiles';
import { planPackedManifests } from '../metadata/planFiles';
import type { MetadataCache } from '../metadata/reader';
import { ComparisonMemo, prepareDirectory, TablePlan, unitsOf, type PreparedDirectory } from './units';
import { namingTable } from '../catalogs/failures';

export type VerifyPhase = 'manifests' | 'listing' | 'footers';

export interface VerifyProgress {
  phase: VerifyPhase;
  done: number;
  /** 0 while unknown (e.g. while listing). */
  total: number;
}

export interface PlanOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The metadata engine's part: the live data and delete files of a snapshot. */
export type LiveFilePlanner = (metadata: TableMetadata, snapshotId: SnapshotId, options: PlanOptions) => Promise<ManifestEntry[]>;

/** The same, compact (`LiveFiles`), as the verifier keeps them; decoded entries are accepted too. */
export type CompactLiveFilePlanner = (metadata: TableMetadata, snapshotId: SnapshotId, options: PlanOptions) => Promise<LiveFiles | ManifestEntry[]>;

export interface VerifyRequest {
  /** `catalog.ns.table`, for the verdict and error messages. */
  table: string;
  metadata: TableMetadata;
  metadataLocation?: string;
  /** A snapshot id, or a branch or tag name; the current snapshot when omitted. */
  snapshot?: SnapshotId | string;
  /** Storage that can read the table's data root (and nothing is ever written through it). */
  storage: Storage;
  planFiles: CompactLiveFilePlanner;
  /** What the previous checks of this process found per directory (`units.ts`); none by default. */
  memo?: ComparisonMemo;
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
}

export class VerifierError extends Error {
  constructor(
    message: string,
    readonly table: string
  ) {
    super(message);
    this.name = 'VerifierError';
  }
}

const FOOTER_CONCURRENCY = 8;

/**
 * The verdict for a table. Failures become status `error` with a message that
 * names the table and the file; cancellation rejects with the signal's reason.
 */
export async function verifyTable(request: VerifyRequest): Promise<Verdict> {
  const base = { table: request.table, metadataLocation: request.metadataLocation };
  let snapshotId: SnapshotId | null = null;
  try {
    snapshotId = resolveSnapshot(request.table, request.metadata, request.snapshot);
    const verdict = await compare(request, snapshotId);
    return { ...base, ...verdict, checkedAtMs: Date.now() };
  } catch (error) {
    if (request.signal?.aborted) {
      throw request.signal.reason ?? error;
    }
    const message = (error as Error).message ?? String(error);
    return {
      ...base,
      status: 'error',
      snapshot: snapshotId,
      layout: null,
      findings: [],
      error: namingTable(request.table, message),
      checkedAtMs: Date.now()
    };
  }
}

async function compare(
  request: VerifyRequest,
  snapshotId: SnapshotId | null
): Promise<Pick<Verdict, 'status' | 'snapshot' | 'layout' | 'findings' | 'deletes'>> {
  const { metadata, signal, onProgress } = request;
  const dataRoot = dataRootOf(metadata);
  // Independent, so they overlap: manifests inflate on zlib's thread pool while the listing runs.
  const [live, listing] = await Promise.all([
    snapshotId === null
      ? []
      : request.planFiles(metadata, snapshotId, {
          signal,
          onProgress: (done, total) => onProgress?.({ phase: 'manifests', done, total })
        }),
    listHive(request, dataRoot, done => onProgress?.({ phase: 'listing', done, total: 0 }))
  ]);
  signal?.throwIfAborted();
  const plan = new TablePlan({
    metadata,
    snapshotId,
    dataRoot,
    live: live instanceof LiveFiles ? live : LiveFiles.fromEntries(live),
    listing,
    memo: request.memo
  });
  const toRead = plan.footersToRead();
  const footers = new Map<string, FileFooter>();
  let done = 0;
  await forEachLimited(toRead, FOOTER_CONCURRENCY, async file => {
    signal?.throwIfAborted();
    const footer = await readFooter(request.storage, file.path, file.size >= 0 ? file.size : undefined);
    footers.set(file.key, footer);
    onProgress?.({ phase: 'footers', done: ++done, total: toRead.length });
  });
  const positionDeletes = plan.hasDeletes ? await positionDeleteTargets(request.storage, plan.deleteViews(), signal) : undefined;
  return { ...plan.compare(footers, positionDeletes), snapshot: snapshotId };
}

/**
 * The snapshot's live files as packed manifests read through `cache`, not indexed (the
 * comparison works directory by directory); each is grouped by directory as it arrives,
 * while the others still decode.
 */
export async function planLiveFiles(
  storage: Storage,
  metadata: TableMetadata,
  snapshotId: SnapshotId,
  options: PlanOptions,
  cache?: MetadataCache
): Promise<LiveFiles> {
  const live = new LiveFiles();
  await planPackedManifests(storage, metadata, {
    ...options,
    snapshotId,
    cache,
    onManifest: (index, entries) => {
      live.addAt(index, entries);
      unitsOf(entries);
    }
  });
  return live;
}

/** The snapshot a selector names: an id, a branch or tag, or (omitted) the current one. */
export function resolveSnapshot(table: string, metadata: TableMetadata, selector?: SnapshotId | string): SnapshotId | null {
  if (selector === undefined || selector === '') {
    return metadata.currentSnapshotId ?? null;
  }
  if (typeof selector === 'string') {
    const ref = snapshotForRef(metadata, selector);
    if (ref) {
      return ref.snapshotId;
    }
    if (!/^-?\d+$/.test(selector)) {
      const refs = Object.keys(metadata.refs ?? {});
      throw new VerifierError(`${table} has no branch or tag ${selector} (it has: ${refs.join(', ') || 'none'})`, table);
    }
  }
  const id = BigInt(selector);
  if (!snapshotById(metadata, id)) {
    throw new VerifierError(`${table} has no snapshot ${selector}`, table);
  }
  return id;
}

/** The data root's listing, directory by directory (paths are all the comparison needs; footer reads take sizes from the manifests). */
async function listHive(request: VerifyRequest, root: string, onProgress: (done: number) => void): Promise<PreparedDirectory[]> {
  const { storage, signal, memo } = request;
  const directories: PreparedDirectory[] = [];
  let listed = 0;
  for await (const directory of listDirectoriesOf(storage, root)) {
    directories.push(prepareDirectory(root, directory, memo));
    listed += countNames(directory.names);
    signal?.throwIfAborted();
    onProgress(listed);
  }
  return directories;
}
