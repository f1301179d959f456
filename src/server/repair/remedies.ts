/**
 * One remedy per finding cause (the verifier's `Finding.cause`):
 * - `stale`: a file Dask reads that is not live; who references it decides (orphan → remove it;
 *   held by older snapshots → expire them, then remove it; held by a branch or tag → not in place);
 * - `rewrite`: live files Dask reads wrongly or not at all; rewriting their partitions writes them
 *   again under the current schema, spec and data root, with deletes applied;
 * - `covered`: removed by the remedy of another finding of the same cause;
 * - `refused`: what Dask cannot read by design, or what no rewrite can fix: the reason and what
 *   to do instead.
 */
import type { Finding, FindingCause } from '../../core/api/wire';

export type Remedy = { kind: 'stale' } | { kind: 'rewrite' } | { kind: 'covered' } | { kind: 'refused'; reason: string; alternative: string };

export const PINNED_READ =
  'Read the table with the snapshot-pinned Dask read ("Open in Dask (pinned to snapshot)" or dual-layout snippet --engine dask --variant pinned), which reads exactly Iceberg\u2019s live files.';

function refused(reason: string, alternative = PINNED_READ): Remedy {
  return { kind: 'refused', reason, alternative };
}

const REMEDIES: Record<FindingCause, Remedy> = {
  leftover: { kind: 'stale' },
  'dask-metadata-summary': { kind: 'stale' },
  'outside-root': { kind: 'rewrite' },
  'not-parquet-name': { kind: 'rewrite' },
  'merge-on-read-delete': { kind: 'rewrite' },
  'deletion-vector': { kind: 'rewrite' },
  'misplaced-file': { kind: 'rewrite' },
  'older-spec-file': { kind: 'rewrite' },
  'older-schema-file': { kind: 'rewrite' },
  'empty-tree': refused(
    'The table has no data file, and dd.read_parquet raises on an empty tree instead of returning an empty frame; nothing can be written without changing Iceberg\u2019s rows.',
    'Check for an empty table before reading it with Dask, or read it through Iceberg (pyiceberg or Spark).'
  ),
  'missing-from-storage': refused(
    'A live data file is missing from storage: Iceberg readers fail on it too, and a rewrite cannot read it.',
    'Restore the file from a backup; removing it from the table would change Iceberg\u2019s rows.'
  ),
  'unreadable-partition-value': refused(
    'Dask decodes these directory names to other values than Iceberg wrote (a space is written "+", a null "null"), so its filters prune the files away; every Iceberg writer names these partitions the same way again.',
    `${PINNED_READ} Or filter in Dask after reading, not with filters=.`
  ),
  'void-partition-directory': refused(
    'A partition field dropped from a format v1 spec stays as a void field that still names name=null directories, and writers keep placing files there.',
    PINNED_READ
  ),
  'mixed-identity-transform': refused(
    'The partition spec mixes identity fields (stored in the files) with transform fields (not stored), and Dask refuses such a tree by design; rewriting keeps the same spec.',
    `${PINNED_READ} Or change the partition spec to identity fields only, or transforms only (a schema decision for the table\u2019s owners).`
  ),
  'unstored-partition-column': refused(
    'The files do not store this partition column, so Dask reads it from the directory names, as another type or value than Iceberg\u2019s; a rewrite would store it, but Dask would then prune by the same directory names (decoded differently) or refuse their key type.',
    PINNED_READ
  ),
  'key-type': refused(
    'pyarrow infers the type of a directory key from its values (int32 or string) and refuses to merge it with the type the files store; rewriting keeps the same values and types.',
    PINNED_READ
  ),
  // Information only: they never change rows, so no plan acts on them.
  'transform-column': { kind: 'covered' },
  'dropped-column': { kind: 'covered' }
};

const UNKNOWN_CAUSE = refused('The verifier did not say why this finding was made, so no remedy can be chosen for it.', PINNED_READ);

/** The remedy for a row-changing finding. */
export function remedyOf(finding: Finding): Remedy {
  if (finding.kind === 'unlisted-file' && finding.cause === 'dask-metadata-summary') {
    // Removing the _metadata summary (its own stale-file finding) makes Dask list these files again.
    return { kind: 'covered' };
  }
  return finding.cause ? REMEDIES[finding.cause] : UNKNOWN_CAUSE;
}

/** Causes whose deletes Dask cannot apply: the table should stop writing them. */
export function isMergeOnRead(finding: Finding): boolean {
  return finding.cause === 'merge-on-read-delete' || finding.cause === 'deletion-vector';
}
