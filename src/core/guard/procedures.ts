/**
 * Iceberg's Spark procedures (`CALL cat.system.<name>(…)`): which argument
 * names the table a procedure changes, whether it changes it at all, and
 * which ones are maintenance (compaction, expiry, orphan removal: what a
 * repair plan runs). An unknown procedure is taken to change the table its
 * `table` argument, or else its first string, names: a guard fails closed.
 */
import { displayTarget } from './paths';

export interface ProcedureShape {
  /** Position of the table argument when passed positionally. */
  position: number;
  /** Rewrites files, expires snapshots or removes files: the table's maintenance. */
  maintenance: boolean;
  /** Removes files from the table's folders. */
  deletes: boolean;
}

const MAINTENANCE: ProcedureShape = { position: 0, maintenance: true, deletes: false };
const MAINTENANCE_DELETES: ProcedureShape = { position: 0, maintenance: true, deletes: true };
const CHANGE: ProcedureShape = { position: 0, maintenance: false, deletes: false };

const SHAPES: ReadonlyMap<string, ProcedureShape | 'reads'> = new Map<string, ProcedureShape | 'reads'>([
  ['rewrite_data_files', MAINTENANCE],
  ['rewrite_manifests', MAINTENANCE],
  ['rewrite_position_delete_files', MAINTENANCE],
  ['compute_table_stats', MAINTENANCE],
  ['compute_partition_stats', MAINTENANCE],
  ['expire_snapshots', MAINTENANCE_DELETES],
  ['remove_orphan_files', MAINTENANCE_DELETES],
  ['rollback_to_snapshot', CHANGE],
  ['rollback_to_timestamp', CHANGE],
  ['set_current_snapshot', CHANGE],
  ['cherrypick_snapshot', CHANGE],
  ['publish_changes', CHANGE],
  ['fast_forward', CHANGE],
  ['add_files', CHANGE],
  ['migrate', CHANGE],
  ['register_table', CHANGE],
  // `snapshot(source_table, table)`: the source is only read.
  ['snapshot', { position: 1, maintenance: false, deletes: false }],
  // These read the table (a view of its changes, its lineage, a copy of its metadata elsewhere).
  ['ancestors_of', 'reads'],
  ['create_changelog_view', 'reads'],
  ['rewrite_table_path', 'reads']
]);

/** The shape of a procedure by its last name part, or `reads` for one that changes no table. */
export function procedureShape(name: string): ProcedureShape | 'reads' | null {
  return SHAPES.get(name.toLowerCase()) ?? null;
}

/** The operation a finding names: it says when the call is the table's maintenance; `{…}` for parts built at run time. */
export function procedureOperation(procedure: string, shape: ProcedureShape | null): string {
  const call = `CALL ${displayTarget(procedure)}`;
  return shape?.maintenance ? `${call} (maintenance)` : call;
}
