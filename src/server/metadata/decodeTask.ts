/**
 * The decoding the helper moves off its main thread: metadata JSON, manifest
 * lists and manifests, from bytes already read, within the file's limits.
 * `runDecodeTask` is what a decoding worker runs; errors travel back as
 * plain data and become `MetadataError`s again on arrival.
 */
import type { ManifestEntry, ManifestFile, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { packEntries, type PackedEntries } from './entryPacking';
import { MetadataError } from './errors';
import type { FileDecodeLimits } from './limits';
import { readManifest } from './manifest';
import { readManifestList } from './manifestList';
import { parseTableMetadata } from './tableMetadata';

export type DecodeTask =
  | { kind: 'table-metadata'; bytes: Uint8Array; file: string; maxBytes: number }
  | { kind: 'manifest-list'; bytes: Uint8Array; file: string; snapshotId: SnapshotId; limits: FileDecodeLimits }
  | { kind: 'manifest'; bytes: Uint8Array; file: string; manifest: ManifestFile; limits: FileDecodeLimits }
  | { kind: 'manifest-packed'; bytes: Uint8Array; file: string; manifest: ManifestFile; limits: FileDecodeLimits };

export interface DecodeResults {
  'table-metadata': TableMetadata;
  'manifest-list': ManifestFile[];
  manifest: ManifestEntry[];
  /** A manifest's entries packed where they were decoded: no object per entry crosses or stays. */
  'manifest-packed': PackedEntries;
}

export type DecodeResult = DecodeResults[DecodeTask['kind']];

/** An error as it crosses threads. */
export interface DecodeFailure {
  message: string;
  /** Set for a `MetadataError` (its message already names the file). */
  file?: string;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function runDecodeTask(task: DecodeTask): DecodeResult {
  switch (task.kind) {
    case 'table-metadata':
      return parseTableMetadata(task.bytes, task.file, task.maxBytes);
    case 'manifest-list':
      return readManifestList(asBuffer(task.bytes), task.file, task.snapshotId, task.limits);
    case 'manifest':
      return readManifest(asBuffer(task.bytes), task.file, task.manifest, { limits: task.limits });
    case 'manifest-packed':
      return packEntries(readManifest(asBuffer(task.bytes), task.file, task.manifest, { limits: task.limits }));
  }
}

export function toFailure(error: unknown): DecodeFailure {
  if (error instanceof MetadataError) {
    return { message: error.message, file: error.file };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

export function fromFailure(failure: DecodeFailure, file: string): MetadataError {
  if (failure.file !== undefined) {
    const error = new MetadataError('', failure.file);
    error.message = failure.message;
    return error;
  }
  return new MetadataError(`cannot be decoded (${failure.message})`, file);
}
