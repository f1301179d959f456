/** Small table models for the verifier's unit tests: one schema, specs by name, entries by path. */
import type { DataFile, ManifestEntry, PartitionSpec, TableMetadata } from '../../../core/iceberg/model';
import type { FileFooter } from '../footers';

export const ROOT = '/lake/obs/data';

export const SPECS: Record<string, PartitionSpec> = {
  unpartitioned: { specId: 0, fields: [] },
  region: { specId: 1, fields: [{ sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' }] },
  day: { specId: 2, fields: [{ sourceId: 3, fieldId: 1001, name: 'obs_time_day', transform: 'day' }] },
  regionDay: {
    specId: 3,
    fields: [
      { sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' },
      { sourceId: 3, fieldId: 1001, name: 'obs_time_day', transform: 'day' }
    ]
  }
};

export function table(defaultSpec: keyof typeof SPECS, properties: Record<string, string> = {}): TableMetadata {
  return {
    formatVersion: 2,
    tableUuid: 'u',
    location: '/lake/obs',
    lastUpdatedMs: 0,
    lastSequenceNumber: 1,
    properties,
    schemas: [
      {
        schemaId: 0,
        fields: [
          { id: 1, name: 'id', required: false, type: 'long' },
          { id: 2, name: 'region', required: false, type: 'string' },
          { id: 3, name: 'obs_time', required: false, type: 'timestamp' }
        ]
      }
    ],
    currentSchemaId: 0,
    partitionSpecs: Object.values(SPECS),
    defaultSpecId: SPECS[defaultSpec].specId,
    sortOrders: [],
    defaultSortOrderId: 0,
    snapshots: [
      { snapshotId: 7n, sequenceNumber: 1, timestampMs: 0, summary: {} },
      { snapshotId: 8n, sequenceNumber: 2, timestampMs: 1, summary: {} }
    ],
    currentSnapshotId: 8n,
    refs: { main: { snapshotId: 8n, type: 'branch' }, audit: { snapshotId: 7n, type: 'branch' } },
    snapshotLog: [],
    metadataLog: []
  };
}

export function entry(filePath: string, spec: keyof typeof SPECS, partition: Record<number, unknown>, extra: Partial<DataFile> = {}): ManifestEntry {
  return {
    status: 'added',
    snapshotId: 8n,
    sequenceNumber: 1,
    fileSequenceNumber: 1,
    dataFile: {
      content: 'data',
      filePath,
      fileFormat: 'PARQUET',
      specId: SPECS[spec].specId,
      partition,
      recordCount: 3,
      fileSizeInBytes: 100,
      ...extra
    }
  };
}

export function footer(path: string, columns: [string, number | undefined, string][]): FileFooter {
  return { path, columns: columns.map(([name, fieldId, arrowType]) => ({ name, fieldId, arrowType })) };
}

export const STANDARD_COLUMNS: [string, number, string][] = [
  ['id', 1, 'int64'],
  ['region', 2, 'string'],
  ['obs_time', 3, 'timestamp']
];
