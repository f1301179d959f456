/**
 * Wire types between the helper and its clients (the JupyterLab front end and
 * the CLI's JSON output). Changing a field here changes a public contract:
 * see the README's "Contracts" section.
 */
import type { PartitionSpec, Schema, SnapshotId, SnapshotRef } from '../iceberg/model';

export type VerdictStatus = 'consistent' | 'drift' | 'not-dual-layout' | 'error';

export type FindingKind =
  | 'stale-file'
  | 'unlisted-file'
  | 'delete-file'
  | 'partition-mismatch'
  | 'spec-evolution'
  | 'schema-drift'
  | 'extra-column';

export interface Finding {
  kind: FindingKind;
  /** The file (or directory) concerned, as a full URI or path. */
  path: string;
  /** One sentence a scientist understands. */
  detail: string;
}

/** One table's result, as printed by `dual-layout check --format json`. */
export interface Verdict {
  table: string;
  status: VerdictStatus;
  snapshot: SnapshotId | null;
  findings: Finding[];
  /** Set for status `error`: what went wrong, with catalog/table/file context. */
  error?: string;
  /** The metadata file the verdict was computed from; verdicts are cached by it. */
  metadataLocation?: string;
  checkedAtMs?: number;
}

export interface CatalogSummary {
  name: string;
  type: string;
  /** Set when the catalog could not be loaded or reached; the others keep working. */
  error?: string;
}

/** `GET catalogs`. */
export interface CatalogList {
  catalogs: CatalogSummary[];
  /** Set when the catalog configuration (.pyiceberg.yaml or environment) could not be read. */
  configError: string | null;
}

export interface TableSummary {
  /** `catalog.ns1.ns2.table` */
  id: string;
  catalog: string;
  namespace: string[];
  name: string;
}

export interface TablePage {
  tables: TableSummary[];
  total: number;
  offset: number;
  limit: number;
}

export interface SnapshotSummary {
  snapshotId: SnapshotId;
  parentSnapshotId?: SnapshotId;
  timestampMs: number;
  operation?: string;
  summary: Record<string, string>;
}

export interface PartitionStats {
  /** Hive-style relative directory, e.g. `region=EU/obs_time_day=2024-01-02`. */
  path: string;
  fileCount: number;
  recordCount: number;
  totalBytes: number;
}

export interface TableDetails {
  id: string;
  catalog: string;
  namespace: string[];
  name: string;
  location: string;
  /** Where Dask reads: `write.data.path` or `<location>/data`. */
  dataRoot: string;
  metadataLocation: string;
  formatVersion: number;
  currentSnapshotId: SnapshotId | null;
  lastUpdatedMs: number;
  schema: Schema;
  partitionSpec: PartitionSpec;
  /** An example Hive path the current spec produces, e.g. `region=EU/obs_time_day=2024-01-02/`. */
  hivePathExample: string;
  snapshots: SnapshotSummary[];
  refs: Record<string, SnapshotRef>;
  properties: Record<string, string>;
  fileCount: number;
  deleteFileCount: number;
  recordCount: number;
  totalBytes: number;
  partitions: PartitionStats[];
}

export type CheckState = 'running' | 'done' | 'cancelled' | 'error';

export interface CheckProgress {
  /** Id to poll or cancel the check with. */
  checkId: string;
  table: string;
  state: CheckState;
  /** Manifests (or files) processed so far and in all; total is 0 until known. */
  done: number;
  total: number;
  verdict?: Verdict;
}

export interface ProtectedTable {
  table: string;
  location: string;
}

/** Write-guard policy; the CLI reads it from a file, the helper builds it from catalogs and admin settings. */
export interface Policy {
  protected: ProtectedTable[];
  protectedPaths: string[];
  allowedPaths: string[];
}

export interface SnippetResult {
  code: string;
  /** Name of the DataFrame variable the code binds. */
  variable: string;
}

export interface ErrorBody {
  error: { message: string; catalog?: string; table?: string };
}

export interface VersionInfo {
  name: 'jupyterlab-dual-layout';
  version: string;
}
