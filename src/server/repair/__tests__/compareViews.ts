/**
 * The verdict for one snapshot from its two views, already built: the comparison the verifier
 * runs directory by directory (`verifier/units.ts`), on the views' live files and listed paths,
 * for planner tests that build views by hand.
 */
import { DirectoryGrouping } from '../../storage/storage';
import type { FileFooter } from '../../verifier/footers';
import type { PositionDeleteTargets } from '../../verifier/deleteFindings';
import { TablePlan, type Comparison } from '../../verifier/units';
import type { TableMetadata } from '../../../core/iceberg/model';
import type { Views } from '../../verifier/views';

export function compareViews(metadata: TableMetadata, views: Views, footers: Map<string, FileFooter>, positionDeletes?: PositionDeleteTargets): Comparison {
  const listing = new DirectoryGrouping();
  for (const file of views.hive) {
    listing.add(file.path);
  }
  if (views.daskMetadataFile) {
    listing.add(views.daskMetadataFile);
  }
  const plan = new TablePlan({ metadata, snapshotId: null, dataRoot: views.dataRoot, live: views.liveData, listing: listing.done() });
  return plan.compare(footers, positionDeletes);
}
