/**
 * Manifest lists (`snap-*.avro`): the manifests of one snapshot, read by
 * Iceberg field id. Format v1 lists have no content or sequence numbers; they
 * read as data manifests with sequence number 0, as the spec prescribes.
 */
import type { ManifestContent, ManifestFile, SnapshotId } from '../../core/iceberg/model';
import { openAvroFile } from './avro/fileReader';
import type { WantedField } from './avro/projection';
import { MetadataError } from './errors';
import { checkDecoded, fileDecodeLimits, type FileDecodeLimits } from './limits';

const ID = {
  manifestPath: 500,
  manifestLength: 501,
  partitionSpecId: 502,
  addedSnapshotId: 503,
  addedFilesCount: 504,
  existingFilesCount: 505,
  deletedFilesCount: 506,
  addedRowsCount: 512,
  existingRowsCount: 513,
  deletedRowsCount: 514,
  sequenceNumber: 515,
  minSequenceNumber: 516,
  content: 517
} as const;

const REQUIRED = new Set<number>([ID.manifestPath, ID.manifestLength, ID.partitionSpecId]);

const WANTED: WantedField[] = Object.entries(ID).map(([label, id]) => ({
  id,
  label,
  required: REQUIRED.has(id),
  bigint: id === ID.addedSnapshotId
}));

type Raw = Record<string, unknown>;

function optionalNumber(record: Raw, name: string | undefined): number | undefined {
  const value = name === undefined ? undefined : record[name];
  return value === null || value === undefined ? undefined : Number(value);
}

/** Approximate heap bytes of one decoded manifest-list entry. */
export function manifestFileBytes(path: string): number {
  return 256 + path.length * 2;
}

/**
 * Decode a manifest list. `snapshotId` fills `addedSnapshotId` for lists that
 * omit it (allowed in v1).
 */
export function readManifestList(
  bytes: Buffer,
  file: string,
  snapshotId?: SnapshotId,
  limits: FileDecodeLimits = fileDecodeLimits(bytes.length)
): ManifestFile[] {
  const avro = openAvroFile<Raw>(bytes, file, WANTED, 'manifest-list', limits);
  const name = avro.projection.names;
  const n = (id: number) => name.get(id);
  const manifests: ManifestFile[] = [];
  let decodedBytes = 0;
  avro.forEach(record => {
    const content = optionalNumber(record, n(ID.content)) ?? 0;
    if (content !== 0 && content !== 1) {
      throw new MetadataError(`manifest ${manifests.length} has unknown content ${content}`, file);
    }
    const path = record[n(ID.manifestPath)!];
    if (typeof path !== 'string' || path === '') {
      throw new MetadataError(`manifest ${manifests.length} has no path`, file);
    }
    decodedBytes += manifestFileBytes(path);
    checkDecoded(decodedBytes, limits, file);
    const sequenceNumber = optionalNumber(record, n(ID.sequenceNumber)) ?? 0;
    const rawSnapshotId = record[n(ID.addedSnapshotId) ?? ''];
    const addedSnapshotId = rawSnapshotId === null || rawSnapshotId === undefined ? snapshotId : BigInt(rawSnapshotId as bigint);
    if (addedSnapshotId === undefined) {
      throw new MetadataError(`manifest ${path} has no added_snapshot_id`, file);
    }
    manifests.push({
      manifestPath: path,
      manifestLength: Number(record[n(ID.manifestLength)!]),
      partitionSpecId: Number(record[n(ID.partitionSpecId)!]),
      content: (content === 0 ? 'data' : 'deletes') as ManifestContent,
      sequenceNumber,
      minSequenceNumber: optionalNumber(record, n(ID.minSequenceNumber)) ?? sequenceNumber,
      addedSnapshotId,
      addedFilesCount: optionalNumber(record, n(ID.addedFilesCount)),
      existingFilesCount: optionalNumber(record, n(ID.existingFilesCount)),
      deletedFilesCount: optionalNumber(record, n(ID.deletedFilesCount)),
      addedRowsCount: optionalNumber(record, n(ID.addedRowsCount)),
      existingRowsCount: optionalNumber(record, n(ID.existingRowsCount)),
      deletedRowsCount: optionalNumber(record, n(ID.deletedRowsCount))
    });
  });
  return manifests;
}
