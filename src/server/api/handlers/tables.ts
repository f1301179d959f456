/** One table: details for the sidebar, the verdict and checks, the policy for the write guard. */
import type { PartitionStats, SnapshotSummary, TableDetails } from '../../../core/api/wire';
import { currentSchema, defaultSpec } from '../../../core/iceberg/schema';
import type { ManifestEntry, TableMetadata } from '../../../core/iceberg/model';
import { hivePathExample, partitionPathOf } from '../../tables/partitionPaths';
import { buildProtectionPolicy, type ProtectionPolicy } from '../../tables/protection';
import type { HelperContext } from '../context';
import { HttpError, type RouteRequest, type RouteResponse } from '../router';

/** Snapshot history sent to the browser: the newest ones are what people look at. */
const MAX_SNAPSHOTS = 200;

export async function tableDetails(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const table = await context.openTable(request.params.id);
  const plan = await context.plan(table, { signal: request.signal });
  const metadata = table.metadata;
  const spec = defaultSpec(metadata);
  const schema = currentSchema(metadata);
  const details: TableDetails = {
    id: table.id,
    catalog: table.catalog,
    namespace: table.namespace,
    name: table.name,
    location: metadata.location,
    dataRoot: table.dataRoot,
    metadataLocation: table.metadataLocation,
    formatVersion: metadata.formatVersion,
    currentSnapshotId: plan.snapshot?.snapshotId ?? null,
    lastUpdatedMs: metadata.lastUpdatedMs,
    schema,
    partitionSpec: spec,
    hivePathExample: hivePathExample(metadata, plan.dataFiles),
    snapshots: snapshotHistory(metadata),
    refs: metadata.refs,
    properties: metadata.properties,
    fileCount: plan.dataFiles.length,
    deleteFileCount: plan.deleteFiles.length,
    recordCount: sum(plan.dataFiles, entry => entry.dataFile.recordCount),
    totalBytes: sum(plan.dataFiles, entry => entry.dataFile.fileSizeInBytes),
    partitions: partitionStats(metadata, plan.dataFiles)
  };
  return { json: details };
}

export async function tableVerdict(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const verdict = await context.cachedVerdict(request.params.id);
  return { json: verdict ?? { verdict: null } };
}

export async function startCheck(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const table = await context.openTable(request.params.id);
  return { status: 202, json: context.checks.start(table.id) };
}

export async function checkProgress(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const progress = context.checks.progress(request.params.checkId);
  if (!progress) {
    throw new HttpError(404, `No check ${request.params.checkId}; it may have finished long ago`);
  }
  return { json: progress };
}

export async function cancelCheck(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const progress = context.checks.cancel(request.params.checkId);
  if (!progress) {
    throw new HttpError(404, `No check ${request.params.checkId}`);
  }
  return { json: progress };
}

/**
 * The write guard's policy: every table's location plus the admin's paths, built as
 * `dual-layout scan --catalog` builds it; tables and catalogs that failed are listed with why.
 */
export async function policy(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const built = await buildProtectionPolicy(context.lakehouse, {
    tablesOf: catalog => context.tableIndex(catalog.name).all(),
    signal: request.signal
  });
  const body: ProtectionPolicy & { guardMode: string } = { ...built, guardMode: context.lakehouse.settings.guardMode };
  return { json: body };
}

function snapshotHistory(metadata: TableMetadata): SnapshotSummary[] {
  return [...metadata.snapshots]
    .sort((a, b) => b.timestampMs - a.timestampMs)
    .slice(0, MAX_SNAPSHOTS)
    .map(snapshot => ({
      snapshotId: snapshot.snapshotId,
      parentSnapshotId: snapshot.parentSnapshotId,
      timestampMs: snapshot.timestampMs,
      operation: snapshot.summary.operation,
      summary: snapshot.summary
    }));
}

function partitionStats(metadata: TableMetadata, files: ManifestEntry[]): PartitionStats[] {
  // One schema lookup per table, not per file: tables have hundreds of thousands of files.
  const schema = currentSchema(metadata);
  const byPath = new Map<string, PartitionStats>();
  for (const entry of files) {
    const { dataFile } = entry;
    const path = partitionPathOf(metadata, schema, entry);
    const stats = byPath.get(path) ?? { path, fileCount: 0, recordCount: 0, totalBytes: 0 };
    stats.fileCount++;
    stats.recordCount += dataFile.recordCount;
    stats.totalBytes += dataFile.fileSizeInBytes;
    byPath.set(path, stats);
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
