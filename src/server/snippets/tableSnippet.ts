/**
 * Snippets for opened tables: what the HTTP route
 * `tables/{id}/snippets?engine=&variant=` and `dual-layout snippet` call.
 */
import type { SnippetResult } from '../../core/api/wire';
import { DaskProfile, EngineProfiles, generateSnippet, SnippetEngine, SnippetError, SnippetTable, SnippetVariant, SparkProfile } from '../../core/snippets';
import type { AdminSettings } from '../config/adminSettings';
import type { SnapshotId } from '../../core/iceberg/model';
import type { OpenTable } from '../tables/lakehouse';
import { catalogProfile, ProfileContext } from './catalogProfile';
import { namingTable } from '../catalogs/failures';

export interface TableSnippetRequest {
  engine: SnippetEngine;
  variant: SnippetVariant;
  /**
   * Per table, a partition that exists (`region=EU/obs_time_day=2024-01-02`,
   * e.g. `TableDetails.partitions[0].path`) for the example filter; placeholders otherwise.
   */
  examplePartitionPaths?: (string | undefined)[];
  /** Pinned variant: the snapshot to read; default the current one. */
  snapshotId?: SnapshotId | string;
  /** A predicate on partition source columns (core/snippets/where.ts). */
  where?: string;
  /** The top-level columns to read (core/snippets/columns.ts); default all. */
  columns?: string[];
}

export interface TableSnippetContext extends ProfileContext {
  settings: Pick<AdminSettings, 'sparkProfile' | 'daskProfile'>;
}

/** An opened table as the generator sees it. `examplePartitionPath` names an existing partition, when known. */
export function snippetTable(table: OpenTable, context: ProfileContext, examplePartitionPath?: string): SnippetTable {
  try {
    return {
      id: { catalog: table.catalog, namespace: table.namespace, name: table.name },
      metadata: table.metadata,
      metadataLocation: table.metadataLocation,
      dataRoot: table.dataRoot,
      catalog: catalogProfile(
        {
          name: table.catalog,
          type: table.catalogType,
          properties: table.properties,
          location: table.dataRoot,
          ...(table.vendedKeys ? { vended: { table: [...table.namespace, table.name], keys: table.vendedKeys } } : {})
        },
        context
      ),
      examplePartitionPath
    };
  } catch (error) {
    throw new SnippetError(namingTable(table.id, (error as Error).message), table.id);
  }
}

function stringList(value: unknown, key: string): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw new SnippetError(`The admin setting ${key} must be a list of strings`);
  }
  return value as string[];
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new SnippetError(`The admin setting ${key} must be a string`);
  }
  return value as string | undefined;
}

/** The admin's `sparkProfile` and `daskProfile`, checked. */
export function engineProfiles(settings: TableSnippetContext['settings']): EngineProfiles {
  const spark = settings.sparkProfile ?? {};
  const dask = settings.daskProfile ?? {};
  const conf = spark.conf;
  if (conf !== undefined && (typeof conf !== 'object' || conf === null || Object.values(conf).some(v => typeof v !== 'string'))) {
    throw new SnippetError('The admin setting sparkProfile.conf must map Spark properties to strings');
  }
  const sparkProfile: SparkProfile = {
    remote: optionalString(spark.remote, 'sparkProfile.remote'),
    master: optionalString(spark.master, 'sparkProfile.master'),
    jars: stringList(spark.jars, 'sparkProfile.jars'),
    packages: stringList(spark.packages, 'sparkProfile.packages'),
    icebergVersion: optionalString(spark.icebergVersion, 'sparkProfile.icebergVersion'),
    conf: conf as Record<string, string> | undefined
  };
  const gateway = dask.gateway;
  let daskGateway: DaskProfile['gateway'];
  if (typeof gateway === 'string') {
    daskGateway = { address: gateway };
  } else if (gateway !== undefined) {
    const { address, cluster } = (gateway ?? {}) as Record<string, unknown>;
    if (typeof address !== 'string') {
      throw new SnippetError('The admin setting daskProfile.gateway needs an address');
    }
    daskGateway = { address, cluster: optionalString(cluster, 'daskProfile.gateway.cluster') };
  }
  return { spark: sparkProfile, dask: { scheduler: optionalString(dask.scheduler, 'daskProfile.scheduler'), gateway: daskGateway } };
}

/** The snippet for one table (two for `join`), with the admin's engine profiles. */
export function tableSnippet(tables: OpenTable[], request: TableSnippetRequest, context: TableSnippetContext): SnippetResult {
  return generateSnippet({
    engine: request.engine,
    variant: request.variant,
    snapshotId: request.snapshotId,
    where: request.where,
    columns: request.columns,
    tables: tables.map((table, i) => snippetTable(table, context, request.examplePartitionPaths?.[i])),
    profiles: engineProfiles(context.settings)
  });
}
