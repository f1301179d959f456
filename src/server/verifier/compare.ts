/**
 * The verdict for one snapshot from its two views.
 *
 * Status rules (documented in the README):
 * - `not-dual-layout`: the table uses the object-storage location provider
 *   (`write.object-storage.enabled`), or it has no partitioning at all (current
 *   spec and every live file unpartitioned) and no `k=v` directory below its
 *   data root. Findings are still listed: Dask can read such a table, but it is
 *   not kept as a Hive layout, so no promise is made.
 * - `drift`: any finding other than an informational one.
 * - `consistent`: no findings, or only informational ones. `extra-column` is
 *   informational: Dask shows a column derived from directory names (e.g.
 *   `ts_day`) beside the table's own columns, whose values it does not change.
 */
import type { Finding, FindingKind, VerdictStatus } from '../../core/api/wire';
import type { TableMetadata } from '../../core/iceberg/model';
import { specById } from '../../core/iceberg/schema';
import { fileFindings } from './fileFindings';
import type { FileFooter } from './footers';
import { daskPartitionColumns, isPartitioned, partitionMismatches, specEvolution } from './partitionFindings';
import { schemaFindings } from './schemaFindings';
import { usesObjectStorageLayout, Views } from './views';

export const INFORMATIONAL_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['extra-column']);

export interface Comparison {
  status: Exclude<VerdictStatus, 'error'>;
  findings: Finding[];
}

export function compareViews(metadata: TableMetadata, views: Views, footers: Map<string, FileFooter>): Comparison {
  const first = views.first ? footers.get(views.first.key) ?? null : null;
  const findings = dedupe([
    ...fileFindings(views),
    ...partitionMismatches(metadata, views),
    ...specEvolution(metadata, views),
    ...daskPartitionColumns(metadata, views, first),
    ...schemaFindings(metadata, views, footers)
  ]);
  return { status: statusOf(metadata, views, findings), findings };
}

function statusOf(metadata: TableMetadata, views: Views, findings: Finding[]): Comparison['status'] {
  if (isNotDualLayout(metadata, views)) {
    return 'not-dual-layout';
  }
  return findings.some(f => !INFORMATIONAL_KINDS.has(f.kind)) ? 'drift' : 'consistent';
}

export function isNotDualLayout(metadata: TableMetadata, views: Views): boolean {
  if (usesObjectStorageLayout(metadata)) {
    return true;
  }
  if (isPartitioned(specById(metadata, metadata.defaultSpecId)) || views.hive.some(file => file.segments.length > 0)) {
    return false;
  }
  const specIds = new Set<number>();
  for (const entry of views.liveData.values()) {
    specIds.add(entry.dataFile.specId);
  }
  return ![...specIds].some(id => isPartitioned(specById(metadata, id)));
}

/** Without duplicates, ordered by kind (in the order produced) and path, whatever order storage listed. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const kindOrder = new Map<string, number>();
  for (const f of findings) {
    if (!kindOrder.has(f.kind)) {
      kindOrder.set(f.kind, kindOrder.size);
    }
  }
  findings.sort((a, b) => kindOrder.get(a.kind)! - kindOrder.get(b.kind)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return findings.filter(f => {
    const key = `${f.kind}\u0000${f.path}\u0000${f.detail}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
