/**
 * Which Dask read to offer first for a table. The directory read is right
 * only for a consistent table whose tree is plain Hive with safe pruning;
 * anything else offers the snapshot-pinned read (exactly the snapshot's live
 * files) first. Pure: shared by the details view and the snippet commands.
 */
import type { Layout, Verdict } from '../../core/api/wire';

/** Why the directory read is not the first offer; `null` when it is. */
export type DirectoryReadConcern = { kind: 'drift' } | { kind: 'layout'; layout: Layout } | null;

/** Judged on the last verdict, so a table being re-checked keeps its advice until the new one arrives. */
export function directoryReadConcern(verdict: Verdict | null): DirectoryReadConcern {
  if (verdict?.status === 'drift') {
    return { kind: 'drift' };
  }
  const layout = verdict?.layout;
  if (verdict?.status === 'consistent' && layout && (layout.kind !== 'hive' || layout.pruning === 'unsafe')) {
    return { kind: 'layout', layout };
  }
  return null;
}
