/**
 * The verdict for one snapshot from its two views (rules in the README):
 * - `drift` when some finding changes the rows Dask reads (or makes Dask
 *   raise), for the plain read or a read filtered on a partition source column;
 * - `consistent` otherwise: the remaining findings are layout facts and
 *   information, and the layout is described on its own.
 */
import type { DeleteSummary, Finding, Layout, VerdictStatus } from '../../core/api/wire';
import type { TableMetadata } from '../../core/iceberg/model';
import { currentSchema, specById } from '../../core/iceberg/schema';
import { daskModel } from './daskModel';
import { deleteFindings, PositionDeleteTargets } from './deleteFindings';
import { fileFindings } from './fileFindings';
import type { FileFooter } from './footers';
import { describeLayout } from './layout';
import { daskPartitionColumns, isPartitioned, partitionMismatches, specEvolution } from './partitionFindings';
import { schemaFindings } from './schemaFindings';
import type { Views } from './views';

export interface Comparison {
  status: Exclude<VerdictStatus, 'error'>;
  layout: Layout;
  /** Row-changing findings first, then layout facts and information. */
  findings: Finding[];
  deletes?: DeleteSummary;
}

export function compareViews(
  metadata: TableMetadata,
  views: Views,
  footers: Map<string, FileFooter>,
  positionDeletes: PositionDeleteTargets = new Map()
): Comparison {
  const model = daskModel(views, footers);
  const deletes = deleteFindings(metadata, views, positionDeletes);
  const findings = ordered([
    ...fileFindings(views),
    ...deletes.findings,
    ...partitionMismatches(metadata, views, model),
    ...specEvolution(metadata, views),
    ...daskPartitionColumns(metadata, views, model),
    ...schemaFindings(metadata, views, footers, model, hasPartitionSourceColumns(metadata, views))
  ]);
  return {
    status: findings.some(f => f.changesRows) ? 'drift' : 'consistent',
    layout: describeLayout(metadata, views, findings),
    findings,
    ...(deletes.summary ? { deletes: deletes.summary } : {})
  };
}

/** Whether the verdict covers filtered reads: some spec with live files partitions on a column the table still has. */
function hasPartitionSourceColumns(metadata: TableMetadata, views: Views): boolean {
  const columns = new Set(currentSchema(metadata).fields.map(f => f.id));
  return [...views.liveData.specIds()].some(id => {
    const spec = specById(metadata, id);
    return isPartitioned(spec) && spec!.fields.some(field => field.transform !== 'void' && columns.has(field.sourceId));
  });
}

/**
 * Without duplicates; row-changing findings before the others, then by kind (in the order
 * produced) and path, whatever order storage listed.
 */
function ordered(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const kindOrder = new Map<string, number>();
  for (const f of findings) {
    if (!kindOrder.has(f.kind)) {
      kindOrder.set(f.kind, kindOrder.size);
    }
  }
  findings.sort(
    (a, b) =>
      Number(b.changesRows) - Number(a.changesRows) || kindOrder.get(a.kind)! - kindOrder.get(b.kind)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
  return findings.filter(f => {
    const key = `${f.kind}\u0000${f.path}\u0000${f.detail}\u0000${f.changesRows}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
