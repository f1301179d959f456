/**
 * What a repair plan does, as data: the planner (src/server/repair) decides the actions from a
 * verdict and the table's metadata; the emitter (src/core/repair) turns them into the Python a
 * person runs in Spark. Every action is scoped to the files or partitions it names.
 */
import type { SnapshotId } from '../iceberg/model';

export interface FileRef {
  /** Full URI as Iceberg records it. */
  path: string;
  bytes: number;
}

/**
 * Rewrite the live files of the selected partitions with Spark's `rewrite_data_files`
 * (`rewrite-all`, deletes applied, dangling deletes dropped), writing into the current schema,
 * spec and data root.
 */
export interface RewriteAction {
  kind: 'rewrite';
  /**
   * A Spark SQL predicate on source columns that selects exactly the partitions to rewrite
   * (`region = 'EU' OR region IS NULL`); `null` when no predicate can (the whole table is rewritten).
   */
  where: string | null;
  /** Hive-relative directories of the selected partitions. */
  partitions: string[];
  /** The live files the rewrite replaces (those in the selected partitions). */
  files: FileRef[];
}

/**
 * Expire exactly these snapshots with `expire_snapshots(snapshot_ids => …)`; Spark then deletes
 * the files no retained snapshot references. Never a ref's head; never publishes a staged snapshot.
 */
export interface ExpireAction {
  kind: 'expire';
  snapshotIds: SnapshotId[];
  /** Files the planner expects Spark to delete once these snapshots are gone. */
  files: FileRef[];
}

/**
 * Delete exactly these files through the table's FileIO. At run time the script refuses any file
 * a retained snapshot, branch or tag references (`all_files`), so a file only becomes removable
 * once nothing points at it.
 */
export interface RemoveFilesAction {
  kind: 'remove-files';
  files: FileRef[];
}

export type RepairAction = RewriteAction | ExpireAction | RemoveFilesAction;
