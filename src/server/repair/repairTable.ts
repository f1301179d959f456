/**
 * The repair plan of an opened table, as `dual-layout repair` and `GET tables/{id}/repair` make
 * it: the verifier's verdict for the snapshot, then the plan from that verdict and the metadata.
 * Every snapshot's manifests go through one metadata cache, so the live sets the references need
 * cost little beyond the check. Reads only.
 */
import type { SnapshotId } from '../../core/iceberg/model';
import type { AdminSettings } from '../config/adminSettings';
import type { MetadataCache } from '../metadata/reader';
import { catalogProfile, type ProfileContext } from '../snippets/catalogProfile';
import { engineProfiles } from '../snippets/tableSnippet';
import type { OpenTable } from '../tables/lakehouse';
import { openTablePlanner, verifyOpenTable } from '../tables/verifyOpenTable';
import { planRepair, type PlannedTable } from './plan';

export interface RepairTableOptions extends ProfileContext {
  /** A snapshot id, or a branch or tag name; the current snapshot when omitted. */
  snapshot?: SnapshotId | string;
  keepHistory: boolean;
  dryRun: boolean;
  cache: MetadataCache;
  settings: Pick<AdminSettings, 'sparkProfile'>;
  signal?: AbortSignal;
}

export async function repairOpenTable(table: OpenTable, options: RepairTableOptions): Promise<PlannedTable> {
  const { verdict, liveFiles } = await verifyOpenTable(table, { cache: options.cache, snapshot: options.snapshot, signal: options.signal });
  return planRepair({
    // The identifier only: the opened table's properties hold the catalog's secrets.
    table: { catalog: table.catalog, namespace: table.namespace, name: table.name },
    metadata: table.metadata,
    verdict,
    live: liveFiles,
    planFiles: openTablePlanner(table, options.cache),
    keepHistory: options.keepHistory,
    dryRun: options.dryRun,
    sizeOf: async path => (await table.storage.stat(path))?.size ?? null,
    catalogProfile: catalogProfile({ name: table.catalog, type: table.catalogType, properties: table.properties, location: table.dataRoot }, options),
    sparkProfile: engineProfiles({ sparkProfile: options.settings.sparkProfile, daskProfile: {} }).spark,
    signal: options.signal
  });
}
