/**
 * Wire types between the helper and its clients (the JupyterLab front end and
 * the CLI's JSON output). Changing a field here changes a public contract:
 * see the README's "Contracts" section.
 */
import type { PartitionSpec, Schema, SnapshotId, SnapshotRef } from '../iceberg/model';

/**
 * `consistent` exactly when Dask's plain Hive read of the data root, and the same read filtered
 * on each partition source column, return Iceberg's rows; `drift` when they differ or Dask raises;
 * `error` when the table could not be checked. How the tree is laid out is `Verdict.layout`.
 */
export type VerdictStatus = 'consistent' | 'drift' | 'error';

/**
 * How the data root is laid out, whatever the status:
 * - `hive`: every live file sits under `k=v` directories of one partition layout;
 * - `hive-mixed`: live files under several directory layouts (partition spec evolution);
 * - `object-storage`: files under hashed prefixes (`write.object-storage.enabled`);
 * - `unpartitioned`: no partitioning, files directly below the data root;
 * - `flat`: a partitioned table whose files sit below the root without `k=v` levels.
 */
export type LayoutKind = 'hive' | 'hive-mixed' | 'object-storage' | 'unpartitioned' | 'flat';

export interface Layout {
  kind: LayoutKind;
  /**
   * `safe` when selecting `<data root>/k=v/…` directories for a partition value yields exactly
   * that partition's live files (every live file's directories match its partition tuple).
   */
  pruning: 'safe' | 'unsafe';
  /** One line a scientist understands. */
  explanation: string;
}

export type FindingKind = 'stale-file' | 'unlisted-file' | 'delete-file' | 'partition-mismatch' | 'spec-evolution' | 'schema-drift' | 'extra-column';

/**
 * Why a finding was made, as the verifier tells causes apart (src/server/verifier/README.md), so a
 * program (the repair planner) never parses `detail`:
 * - files: `leftover` (Dask reads it, it is not live), `dask-metadata-summary` (a `_metadata` file
 *   replaces the listing), `empty-tree` (no Parquet file at all), `outside-root`, `not-parquet-name`,
 *   `missing-from-storage` (live files Dask does not read);
 * - deletes: `merge-on-read-delete` (position or equality delete file), `deletion-vector`;
 * - directories: `misplaced-file` (directory ≠ partition tuple, or levels missing),
 *   `void-partition-directory` (a dropped v1 field still names `name=null`),
 *   `unreadable-partition-value` (Dask decodes the directory to another value: `+`, `null`),
 *   `older-spec-file` (live files of several layouts), `unstored-partition-column` (files lack a
 *   table column Dask takes from directories), `mixed-identity-transform` (some keys stored, some
 *   not: Dask refuses the tree), `key-type` (directory type ≠ stored type), `transform-column`
 *   (a transform key shown as an extra column);
 * - columns: `older-schema-file` (renamed, dropped and re-added, promoted, missing column: written
 *   under an older schema), `dropped-column` (the first file shows a column the table dropped).
 */
export type FindingCause =
  | 'leftover'
  | 'dask-metadata-summary'
  | 'empty-tree'
  | 'outside-root'
  | 'not-parquet-name'
  | 'missing-from-storage'
  | 'merge-on-read-delete'
  | 'deletion-vector'
  | 'misplaced-file'
  | 'void-partition-directory'
  | 'unreadable-partition-value'
  | 'older-spec-file'
  | 'unstored-partition-column'
  | 'mixed-identity-transform'
  | 'key-type'
  | 'transform-column'
  | 'older-schema-file'
  | 'dropped-column';

export interface Finding {
  kind: FindingKind;
  /** Machine-readable reason, set where the finding is made. */
  cause?: FindingCause;
  /** The file (or directory) concerned, as a full URI or path. */
  path: string;
  /** One sentence a scientist understands. */
  detail: string;
  /**
   * `true` when this finding makes Dask's rows differ from Iceberg's (or makes Dask raise), so
   * the status is `drift`; `false` for layout facts and information that leave the rows equal.
   */
  changesRows: boolean;
  /** For a delete file or deletion vector: the data file whose rows it deletes. */
  referencedDataFile?: string;
  /** For a delete file or deletion vector: how many rows it deletes (positions or keys). */
  deletedRows?: number;
}

/** Merge-on-read deletes Dask cannot apply, summed over every live delete file and vector. */
export interface DeleteSummary {
  /** Every data file with rows deleted by a live delete file or deletion vector. */
  affectedDataFiles: string[];
  deletedRows: number;
}

/** One table's result, as printed by `dual-layout check --format json`. */
export interface Verdict {
  table: string;
  status: VerdictStatus;
  snapshot: SnapshotId | null;
  /** `null` only when the table could not be checked (status `error`). */
  layout: Layout | null;
  findings: Finding[];
  /** Present when live deletes apply to the snapshot's data files. */
  deletes?: DeleteSummary;
  /** Set for status `error`: what went wrong, with catalog/table/file context. */
  error?: string;
  /** The metadata file the verdict was computed from; verdicts are cached by it. */
  metadataLocation?: string;
  checkedAtMs?: number;
  /** Set when the verdict came from the admin's verdict store (`dual-layout check --publish`), not this helper's own check. */
  published?: PublishedMark;
}

/** Who published a verdict, and when (ISO 8601, UTC). */
export interface PublishedMark {
  producedAt: string;
  producedBy: string;
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
  /**
   * Tables whose metadata could not be read: they stay protected at the location the catalog
   * gives (e.g. the parent of their metadata folder, or the namespace's location), listed here
   * with the reason so the user is told that protection is based on the catalog only.
   */
  unavailable?: UnavailableTable[];
  /**
   * Catalogs whose tables could not be listed at all (or, with `catalog` null, a configuration
   * file that could not be read): none of their tables is protected, only the admin's paths.
   */
  unavailableCatalogs?: UnavailableCatalog[];
}

export interface UnavailableTable {
  table: string;
  reason: string;
}

export interface UnavailableCatalog {
  catalog: string | null;
  reason: string;
}

export interface SnippetResult {
  code: string;
  /** Name of the DataFrame variable the code binds. */
  variable: string;
}

/** The media type of a table preview (`GET tables/{id}/preview`): an Arrow IPC stream. */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export interface ErrorBody {
  error: { message: string; catalog?: string; table?: string };
}

export interface VersionInfo {
  name: 'jupyterlab-dual-layout';
  version: string;
}

/** The step of a repair plan that a person runs in Spark; see `dual-layout repair`. */
export interface RepairStep {
  title: string;
  /** Why this step is needed and what it changes, in plain words. */
  why: string;
  /** The finding kinds this step removes. */
  findings: FindingKind[];
  /** Hive-relative partition directories the step touches (`region=EU`); empty for the whole table. */
  partitions: string[];
  /** Python run where a SparkSession for the table's catalog is bound to `spark`. */
  code: string;
  /** Files the step rewrites or removes, as full URIs. */
  files: string[];
  /** Bytes of Parquet the step rewrites (0 for steps that only remove files or expire snapshots). */
  rewriteBytes: number;
  /** Snapshots the step expires: time travel to them is lost. */
  expiresSnapshots: SnapshotId[];
}

/** Findings a plan cannot remove in place, with what to do instead. */
export interface UnrepairableFinding {
  findings: FindingKind[];
  /** The files concerned, as full URIs (the data root for structural causes). */
  paths: string[];
  reason: string;
  /** What a scientist can do instead (usually the snapshot-pinned read). */
  alternative: string;
}

/** One table's entry in `dual-layout repair --format json` and `GET tables/{id}/repair`. */
export interface RepairPlan {
  table: string;
  status: VerdictStatus;
  /** The snapshot the plan was made for; the script refuses to run once the table has moved on. */
  snapshot: SnapshotId | null;
  /** `true` when running `script` makes the verdict `consistent` without changing Iceberg's rows. */
  repairable: boolean;
  steps: RepairStep[];
  /** Set when `repairable` is false: each cause the steps cannot remove. */
  unrepairable: UnrepairableFinding[];
  /** Recommendations that change nothing now (write modes, table properties). */
  advice: string[];
  /** Every step in order, with the safety checks, for a session where `spark` exists. */
  script: string;
  /** The same as a notebook cell or file: builds or reuses the session, then runs `script`. */
  standaloneScript: string;
  /** The plan's own safety assumptions (retention, concurrent writers), in plain words. */
  assumptions: string[];
  dryRun: boolean;
  /** Set when the table could not be planned (status `error`). */
  error?: string;
}

export interface RepairReport {
  tables: RepairPlan[];
}
