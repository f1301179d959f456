/**
 * Manifests: the entries (data files, delete files, deletion vectors) one
 * manifest tracks, read by Iceberg field id, with partition tuples keyed by
 * partition field id, and inheritance from the manifest list entry applied
 * right after decoding (pyiceberg's `_inherit_from_manifest`).
 */
import type { DataFile, EntryStatus, FileContent, ManifestEntry, ManifestFile, PartitionTuple } from '../../core/iceberg/model';
import { partitionTupleBuilder } from '../../core/iceberg/partitionTuple';
import { openAvroFile } from './avro/fileReader';
import type { ExactField, WantedField } from './avro/projection';
import { MetadataError } from './errors';
import { checkDecoded, fileDecodeLimits, type FileDecodeLimits } from './limits';

const ENTRY = { status: 0, snapshotId: 1, dataFile: 2, sequenceNumber: 3, fileSequenceNumber: 4 } as const;
const FILE = {
  filePath: 100,
  fileFormat: 101,
  partition: 102,
  recordCount: 103,
  fileSizeInBytes: 104,
  content: 134,
  equalityIds: 135,
  sortOrderId: 140,
  firstRowId: 142,
  referencedDataFile: 143,
  contentOffset: 144,
  contentSizeInBytes: 145
} as const;

const WANTED: WantedField[] = [
  { id: ENTRY.status, label: 'status', required: true },
  { id: ENTRY.snapshotId, label: 'snapshot_id', required: false, bigint: true },
  { id: ENTRY.sequenceNumber, label: 'sequence_number', required: false },
  { id: ENTRY.fileSequenceNumber, label: 'file_sequence_number', required: false },
  {
    id: ENTRY.dataFile,
    label: 'data_file',
    required: true,
    fields: [
      { id: FILE.content, label: 'content', required: false },
      { id: FILE.filePath, label: 'file_path', required: true },
      { id: FILE.fileFormat, label: 'file_format', required: true },
      { id: FILE.partition, label: 'partition', required: true, exact: true },
      { id: FILE.recordCount, label: 'record_count', required: true },
      { id: FILE.fileSizeInBytes, label: 'file_size_in_bytes', required: true },
      { id: FILE.equalityIds, label: 'equality_ids', required: false },
      { id: FILE.sortOrderId, label: 'sort_order_id', required: false },
      { id: FILE.firstRowId, label: 'first_row_id', required: false },
      { id: FILE.referencedDataFile, label: 'referenced_data_file', required: false },
      { id: FILE.contentOffset, label: 'content_offset', required: false },
      { id: FILE.contentSizeInBytes, label: 'content_size_in_bytes', required: false }
    ]
  }
];

const STATUS: EntryStatus[] = ['existing', 'added', 'deleted'];
const CONTENT: FileContent[] = ['data', 'position-deletes', 'equality-deletes'];

type Raw = Record<string, unknown>;

export interface ReadManifestOptions {
  /** Skip entries with status `deleted` (they are history, not part of the snapshot). */
  liveOnly?: boolean;
  /** Default: the defaults for the file's size. */
  limits?: FileDecodeLimits;
}

/** Approximate heap bytes of a decoded manifest entry (object headers, strings, tuple). */
export function entryBytes(entry: ManifestEntry): number {
  return 320 + entry.dataFile.filePath.length * 2 + Object.keys(entry.dataFile.partition).length * 48;
}

/** The entries a manifest list says a manifest holds, when it says (v1 lists may not). */
function declaredEntries(manifest: ManifestFile): number | undefined {
  const counts = [manifest.addedFilesCount, manifest.existingFilesCount, manifest.deletedFilesCount];
  return counts.every(count => count !== undefined && count >= 0) ? counts.reduce((sum: number, count) => sum + count!, 0) : undefined;
}

/** Avro field names of one manifest's writer schema, resolved once per file. */
interface Names {
  status: string;
  snapshotId?: string;
  sequenceNumber?: string;
  fileSequenceNumber?: string;
  dataFile: string;
  content?: string;
  filePath: string;
  fileFormat: string;
  partition: string;
  recordCount: string;
  fileSizeInBytes: string;
  equalityIds?: string;
  sortOrderId?: string;
  firstRowId?: string;
  referencedDataFile?: string;
  contentOffset?: string;
  contentSizeInBytes?: string;
}

function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function optional(record: Raw, name: string | undefined): number | undefined {
  if (name === undefined) {
    return undefined;
  }
  const value = record[name];
  return isNull(value) ? undefined : Number(value);
}

function optionalBigint(record: Raw, name: string | undefined): bigint | undefined {
  const value = name === undefined ? undefined : record[name];
  return isNull(value) ? undefined : BigInt(value as bigint);
}

/** Decodes a manifest's partition records into tuples keyed by partition field id. */
function partitionDecoder(fields: ExactField[]): (raw: Raw) => PartitionTuple {
  const build = partitionTupleBuilder(fields.map(field => field.fieldId));
  const values: unknown[] = new Array(fields.length);
  return raw => {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const value = raw[field.name];
      values[i] = isNull(value) ? null : field.convert ? field.convert(value) : value;
    }
    return build(values);
  };
}

/**
 * Decode a manifest. `manifest` is its manifest-list entry: it supplies the
 * spec id and the snapshot id and sequence numbers that entries inherit.
 */
export function readManifest(bytes: Buffer, file: string, manifest: ManifestFile, options: ReadManifestOptions = {}): ManifestEntry[] {
  const limits = options.limits ?? fileDecodeLimits(bytes.length);
  const avro = openAvroFile<Raw>(bytes, file, WANTED, 'manifest', limits);
  const entryNames = avro.projection.names;
  const fileProjection = avro.projection.nested.get(ENTRY.dataFile)!;
  const fileNames = fileProjection.names;
  const decodePartition = partitionDecoder(fileProjection.exactFields.get(FILE.partition)!);
  const names: Names = {
    status: entryNames.get(ENTRY.status)!,
    snapshotId: entryNames.get(ENTRY.snapshotId),
    sequenceNumber: entryNames.get(ENTRY.sequenceNumber),
    fileSequenceNumber: entryNames.get(ENTRY.fileSequenceNumber),
    dataFile: entryNames.get(ENTRY.dataFile)!,
    content: fileNames.get(FILE.content),
    filePath: fileNames.get(FILE.filePath)!,
    fileFormat: fileNames.get(FILE.fileFormat)!,
    partition: fileNames.get(FILE.partition)!,
    recordCount: fileNames.get(FILE.recordCount)!,
    fileSizeInBytes: fileNames.get(FILE.fileSizeInBytes)!,
    equalityIds: fileNames.get(FILE.equalityIds),
    sortOrderId: fileNames.get(FILE.sortOrderId),
    firstRowId: fileNames.get(FILE.firstRowId),
    referencedDataFile: fileNames.get(FILE.referencedDataFile),
    contentOffset: fileNames.get(FILE.contentOffset),
    contentSizeInBytes: fileNames.get(FILE.contentSizeInBytes)
  };
  const entries: ManifestEntry[] = [];
  const declared = declaredEntries(manifest);
  let index = 0;
  let decodedBytes = 0;
  avro.forEach(record => {
    const status = STATUS[record[names.status] as number];
    if (status === undefined) {
      throw new MetadataError(`entry ${index} has unknown status ${String(record[names.status])}`, file);
    }
    if (declared !== undefined && index >= declared) {
      throw new MetadataError(`holds more than the ${declared} entries its manifest list declares`, file);
    }
    index++;
    if (status === 'deleted' && options.liveOnly) {
      return;
    }
    const entry = decodeEntry(record, status, names, decodePartition, manifest, file, index - 1);
    decodedBytes += entryBytes(entry);
    checkDecoded(decodedBytes, limits, file);
    entries.push(entry);
  });
  return entries;
}

function decodeEntry(
  record: Raw,
  status: EntryStatus,
  names: Names,
  decodePartition: (raw: Raw) => PartitionTuple,
  manifest: ManifestFile,
  file: string,
  index: number
): ManifestEntry {
  const raw = record[names.dataFile] as Raw;
  const content = CONTENT[optional(raw, names.content) ?? 0];
  const filePath = raw[names.filePath];
  if (content === undefined || typeof filePath !== 'string' || filePath === '') {
    throw new MetadataError(`entry ${index} has an invalid content type or file path`, file);
  }
  const dataFile: DataFile = {
    content,
    filePath,
    fileFormat: String(raw[names.fileFormat]).toUpperCase(),
    specId: manifest.partitionSpecId,
    partition: decodePartition(raw[names.partition] as Raw),
    recordCount: Number(raw[names.recordCount]),
    fileSizeInBytes: Number(raw[names.fileSizeInBytes])
  };
  const equalityIds = names.equalityIds === undefined ? null : raw[names.equalityIds];
  if (Array.isArray(equalityIds)) {
    dataFile.equalityIds = equalityIds as number[];
  }
  assignIfSet(dataFile, 'sortOrderId', optional(raw, names.sortOrderId));
  assignIfSet(dataFile, 'firstRowId', optional(raw, names.firstRowId));
  assignIfSet(dataFile, 'contentOffset', optional(raw, names.contentOffset));
  assignIfSet(dataFile, 'contentSizeInBytes', optional(raw, names.contentSizeInBytes));
  const referenced = names.referencedDataFile === undefined ? null : raw[names.referencedDataFile];
  if (typeof referenced === 'string') {
    dataFile.referencedDataFile = referenced;
  }
  // Inheritance (spec "Sequence Number Inheritance"): null means "the manifest's", for
  // added entries; v1 manifests (sequence number 0) never store them.
  const inherits = status === 'added' || manifest.sequenceNumber === 0;
  const sequenceNumber = optional(record, names.sequenceNumber) ?? (inherits ? manifest.sequenceNumber : undefined);
  const fileSequenceNumber = optional(record, names.fileSequenceNumber) ?? (inherits ? manifest.sequenceNumber : undefined);
  if (sequenceNumber === undefined || fileSequenceNumber === undefined) {
    throw new MetadataError(`${status} entry ${index} (${filePath}) has no sequence number to inherit`, file);
  }
  return {
    status,
    snapshotId: optionalBigint(record, names.snapshotId) ?? manifest.addedSnapshotId,
    sequenceNumber,
    fileSequenceNumber,
    dataFile
  };
}

function assignIfSet<K extends keyof DataFile>(target: DataFile, key: K, value: DataFile[K] | undefined): void {
  if (value !== undefined) {
    target[key] = value;
  }
}
