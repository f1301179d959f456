/**
 * The verdict for one snapshot from its two views, already built (rules in
 * the README): the same comparison the verifier runs directory by directory
 * (`units.ts`), on the views' live files and listed paths.
 */
import { DirectoryGrouping } from '../storage/storage';
import type { FileFooter } from './footers';
import type { PositionDeleteTargets } from './deleteFindings';
import { TablePlan, type Comparison } from './units';
import type { TableMetadata } from '../../core/iceberg/model';
import type { Views } from './views';

export type { Comparison } from './units';

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
