/** Table models for the snippet generator's tests. */
import type { NestedField, PartitionField, TableMetadata } from '../../iceberg/model';
import type { CatalogProfile, SnippetTable } from '../profile';

export const LOCAL_SQL: CatalogProfile = {
  name: 'lake',
  kind: 'sql',
  uri: 'jdbc:sqlite:/lake/catalog.db',
  warehouse: 'file:///lake/warehouse',
  storage: { kind: 'local' }
};

export const S3_REST: CatalogProfile = {
  name: 'rest',
  kind: 'rest',
  uri: 'http://127.0.0.1:8181',
  warehouse: 's3://bucket/warehouse',
  secrets: { credential: { env: 'PYICEBERG_CATALOG__REST__CREDENTIAL' } },
  storage: { kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyleAccess: true }
};

export function metadata(fields: NestedField[], partition: PartitionField[], snapshots: bigint[] = [101n, 102n]): TableMetadata {
  return {
    formatVersion: 2,
    tableUuid: '00000000-0000-0000-0000-000000000000',
    location: 'file:///lake/warehouse/sci/obs',
    lastUpdatedMs: 0,
    lastSequenceNumber: snapshots.length,
    properties: {},
    schemas: [{ schemaId: 0, fields }],
    currentSchemaId: 0,
    partitionSpecs: [{ specId: 0, fields: partition }],
    defaultSpecId: 0,
    sortOrders: [{ orderId: 0, fields: [] }],
    defaultSortOrderId: 0,
    snapshots: snapshots.map((snapshotId, i) => ({ snapshotId, sequenceNumber: i + 1, timestampMs: i, summary: {} })),
    currentSnapshotId: snapshots.length ? snapshots[snapshots.length - 1] : undefined,
    refs: {},
    snapshotLog: [],
    metadataLog: []
  };
}

const OBS_FIELDS: NestedField[] = [
  { id: 1, name: 'id', required: false, type: 'long' },
  { id: 2, name: 'region', required: false, type: 'string' },
  { id: 3, name: 'obs_time', required: false, type: 'timestamptz' },
  { id: 4, name: 'value', required: false, type: 'double' }
];

export function table(name: string, options: Partial<SnippetTable> & { partition?: PartitionField[]; fields?: NestedField[] } = {}): SnippetTable {
  const partition = options.partition ?? [{ sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' }];
  return {
    id: { catalog: (options.catalog ?? LOCAL_SQL).name, namespace: ['sci'], name },
    metadata: options.metadata ?? metadata(options.fields ?? OBS_FIELDS, partition),
    metadataLocation: `file:///lake/warehouse/sci/${name}/metadata/00002-abc.metadata.json`,
    dataRoot: options.dataRoot ?? `file:///lake/warehouse/sci/${name}/data`,
    catalog: options.catalog ?? LOCAL_SQL,
    identityColumnsInFiles: options.identityColumnsInFiles,
    examplePartitionPath: options.examplePartitionPath
  };
}

export const BY_REGION_AND_DAY: PartitionField[] = [
  { sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' },
  { sourceId: 3, fieldId: 1001, name: 'obs_time_day', transform: 'day' }
];
