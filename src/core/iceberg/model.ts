/**
 * The Iceberg table model shared by the helper and the front end.
 *
 * Names follow the Iceberg spec in camelCase. Readers in `src/server/metadata`
 * decode metadata JSON and Avro manifests into these shapes; everything else
 * (verifier, snippets, sidebar) works on them and never on raw JSON.
 */

export type PrimitiveType =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'timestamp_ns'
  | 'timestamptz_ns'
  | 'string'
  | 'uuid'
  | 'binary'
  | 'unknown'
  | 'variant'
  | 'geometry'
  | 'geography'
  | `fixed[${number}]`
  | `decimal(${number}, ${number})`
  | string;

export interface StructType {
  type: 'struct';
  fields: NestedField[];
}

export interface ListType {
  type: 'list';
  elementId: number;
  element: IcebergType;
  elementRequired: boolean;
}

export interface MapType {
  type: 'map';
  keyId: number;
  key: IcebergType;
  valueId: number;
  value: IcebergType;
  valueRequired: boolean;
}

export type IcebergType = PrimitiveType | StructType | ListType | MapType;

export interface NestedField {
  id: number;
  name: string;
  required: boolean;
  type: IcebergType;
  doc?: string;
  initialDefault?: unknown;
  writeDefault?: unknown;
}

export interface Schema {
  schemaId: number;
  fields: NestedField[];
  identifierFieldIds?: number[];
}

export interface PartitionField {
  sourceId: number;
  /** Partition field id; v1 metadata without ids gets 1000, 1001, … */
  fieldId: number;
  name: string;
  /** Transform as written in metadata: identity, bucket[N], truncate[W], year, month, day, hour, void. */
  transform: string;
}

export interface PartitionSpec {
  specId: number;
  fields: PartitionField[];
}

export interface SortField {
  sourceId: number;
  transform: string;
  direction: 'asc' | 'desc';
  nullOrder: 'nulls-first' | 'nulls-last';
}

export interface SortOrder {
  orderId: number;
  fields: SortField[];
}

/**
 * Snapshot ids are random 63-bit longs: `bigint`, so they survive exactly
 * (see core/json.ts for reading and writing them).
 */
export type SnapshotId = bigint;

export interface Snapshot {
  snapshotId: SnapshotId;
  parentSnapshotId?: SnapshotId;
  /** 0 for format v1 tables. */
  sequenceNumber: number;
  timestampMs: number;
  /** Absent only for v1 snapshots that list manifests inline (`manifests`). */
  manifestList?: string;
  manifests?: string[];
  summary: Record<string, string>;
  schemaId?: number;
  firstRowId?: number;
  addedRows?: number;
}

export interface SnapshotRef {
  snapshotId: SnapshotId;
  type: 'branch' | 'tag';
  maxRefAgeMs?: number;
  maxSnapshotAgeMs?: number;
  minSnapshotsToKeep?: number;
}

export interface TableMetadata {
  formatVersion: 1 | 2 | 3;
  tableUuid: string;
  location: string;
  lastUpdatedMs: number;
  lastSequenceNumber: number;
  properties: Record<string, string>;
  schemas: Schema[];
  currentSchemaId: number;
  partitionSpecs: PartitionSpec[];
  defaultSpecId: number;
  sortOrders: SortOrder[];
  defaultSortOrderId: number;
  snapshots: Snapshot[];
  currentSnapshotId?: SnapshotId;
  refs: Record<string, SnapshotRef>;
  snapshotLog: { snapshotId: SnapshotId; timestampMs: number }[];
  metadataLog: { metadataFile: string; timestampMs: number }[];
}

export type ManifestContent = 'data' | 'deletes';

/** An entry of a manifest list. */
export interface ManifestFile {
  manifestPath: string;
  manifestLength: number;
  partitionSpecId: number;
  content: ManifestContent;
  sequenceNumber: number;
  minSequenceNumber: number;
  addedSnapshotId: SnapshotId;
  addedFilesCount?: number;
  existingFilesCount?: number;
  deletedFilesCount?: number;
  addedRowsCount?: number;
  existingRowsCount?: number;
  deletedRowsCount?: number;
}

export type FileContent = 'data' | 'position-deletes' | 'equality-deletes';

/**
 * A partition tuple, keyed by partition field id. Values are in Iceberg's
 * internal representation: dates and day transforms as days since epoch,
 * timestamps as microseconds (bigint), hours/months/years as ordinals,
 * decimals as unscaled bigint, binary/fixed as Uint8Array.
 */
export type PartitionTuple = Record<number, unknown>;

export interface DataFile {
  content: FileContent;
  filePath: string;
  fileFormat: string;
  specId: number;
  partition: PartitionTuple;
  recordCount: number;
  fileSizeInBytes: number;
  equalityIds?: number[];
  sortOrderId?: number;
  /** v3 deletion vectors and file-scoped position deletes. */
  referencedDataFile?: string;
  contentOffset?: number;
  contentSizeInBytes?: number;
  firstRowId?: number;
}

export type EntryStatus = 'existing' | 'added' | 'deleted';

export interface ManifestEntry {
  status: EntryStatus;
  /** Inherited from the manifest when null in the file. */
  snapshotId: SnapshotId;
  sequenceNumber: number;
  fileSequenceNumber: number;
  dataFile: DataFile;
}

/** A table as the helper knows it: identity, where its metadata lives, and the decoded metadata. */
export interface TableIdentifier {
  catalog: string;
  namespace: string[];
  name: string;
}

export function formatIdentifier(id: TableIdentifier): string {
  return [id.catalog, ...id.namespace, id.name].join('.');
}
