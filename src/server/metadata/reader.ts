/**
 * Reading metadata files through a `Storage`, with an optional shared cache
 * keyed by file location, within the limits of `limits.ts`: a file larger
 * than its limit is refused before it is read, decoding runs on the
 * process's decoder (worker threads in the helper) and draws on the
 * request's `DecodeBudget`. Storage failures become `MetadataError`s naming
 * the file that could not be read.
 */
import type { ManifestEntry, ManifestFile, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import type { Storage } from '../storage/storage';
import { LruByteCache } from './cache';
import { metadataDecoder } from './decoder';
import { MetadataError } from './errors';
import { DecodeBudget, DEFAULT_LIMITS, fileDecodeLimits, formatBytes, type FileDecodeLimits, type MetadataLimits } from './limits';
import { packedBytes, unpackEntriesInSlices, type PackedEntries } from './entryPacking';
import { manifestFileBytes } from './manifestList';
import { readHeader } from './avro/container';

/** Decoded metadata files by location, bounded by approximate memory (default 256 MiB). */
export class MetadataCache {
  readonly files: LruByteCache<unknown>;

  constructor(options: MetadataCache.IOptions = {}) {
    this.files = new LruByteCache(options.maxBytes ?? 256 * 1024 * 1024);
  }
}

export namespace MetadataCache {
  export interface IOptions {
    maxBytes?: number;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function attempt<T>(path: string, read: () => Promise<T>): Promise<T> {
  return read().catch(error => throwAsMetadataError(error, path));
}

function tooLarge(path: string, size: number, maxBytes: number): MetadataError {
  return new MetadataError(`is ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)}`, path);
}

/**
 * The whole file, refused before reading when larger than `maxBytes`;
 * storage errors are passed on as they are (callers tell "not found" from
 * "refused" by them).
 */
async function readBounded(storage: Storage, path: string, maxBytes: number): Promise<Buffer> {
  const info = await storage.stat(path);
  if (info && info.size > maxBytes) {
    throw tooLarge(path, info.size, maxBytes);
  }
  const bytes = await storage.read(path);
  if (bytes.length > maxBytes) {
    throw tooLarge(path, bytes.length, maxBytes);
  }
  return asBuffer(bytes);
}

/** The whole file, refused before reading when larger than `maxBytes`; storage errors as `MetadataError`s. */
export async function readBytes(storage: Storage, path: string, maxBytes = DEFAULT_LIMITS.maxAvroFileBytes): Promise<Buffer> {
  return readBounded(storage, path, maxBytes).catch(error => throwAsMetadataError(error, path));
}

function throwAsMetadataError(error: unknown, path: string): never {
  if (error instanceof MetadataError) {
    throw error;
  }
  throw new MetadataError(`cannot be read (${(error as Error).message})`, path, { cause: error });
}

/**
 * A manifest's bytes, reading no more than the length its manifest list
 * declares (plus one byte, to tell a file that is larger than declared).
 */
async function readDeclared(storage: Storage, path: string, declared: number, limits: MetadataLimits): Promise<Buffer> {
  if (!Number.isSafeInteger(declared) || declared <= 0) {
    return readBytes(storage, path, limits.maxAvroFileBytes);
  }
  if (declared > limits.maxAvroFileBytes) {
    throw tooLarge(path, declared, limits.maxAvroFileBytes);
  }
  const bytes = await attempt(path, () => storage.read(path, { offset: 0, length: declared + 1 }));
  if (bytes.length > declared) {
    throw new MetadataError(`is larger than the ${declared} bytes its manifest list declares`, path);
  }
  return asBuffer(bytes);
}

function cached<V>(cache: MetadataCache | undefined, key: string, load: () => Promise<V>, sizeOf: (value: V) => number): Promise<V> {
  return cache ? (cache.files.getOrLoad(key, load, sizeOf as (value: unknown) => number) as Promise<V>) : load();
}

/** Decode an Avro file of `bytes` within what `budget` has left, charging it what the result takes. */
async function withinBudget<V>(
  bytes: Buffer,
  file: string,
  budget: DecodeBudget,
  decode: (limits: FileDecodeLimits) => Promise<V>,
  sizeOf: (value: V) => number
): Promise<V> {
  const value = await decode(fileDecodeLimits(bytes.length, budget.limits, budget.available(file)));
  budget.charge(sizeOf(value));
  return value;
}

/**
 * A table's metadata file read within its limit and decoded off the main
 * thread, with its size in bytes. Storage errors are passed on unwrapped.
 */
export async function loadTableMetadata(
  storage: Storage,
  location: string,
  limits: MetadataLimits = DEFAULT_LIMITS
): Promise<{ metadata: TableMetadata; size: number }> {
  const bytes = await readBounded(storage, location, limits.maxMetadataJsonBytes);
  // Measured before decoding: handing the bytes to a worker detaches them.
  const size = bytes.length;
  const metadata = await metadataDecoder().decode({
    kind: 'table-metadata',
    bytes,
    file: location,
    maxBytes: limits.maxMetadataJsonBytes
  });
  return { metadata, size };
}

export function readTableMetadata(storage: Storage, location: string, cache?: MetadataCache, limits: MetadataLimits = DEFAULT_LIMITS): Promise<TableMetadata> {
  let size = 0;
  return cached(
    cache,
    `metadata:${location}`,
    async () => {
      const loaded = await loadTableMetadata(storage, location, limits).catch(error => throwAsMetadataError(error, location));
      size = loaded.size;
      return loaded.metadata;
    },
    () => size * 4 + 1024
  );
}

const manifestListBytes = (manifests: ManifestFile[]) => manifests.reduce((sum, m) => sum + manifestFileBytes(m.manifestPath), 0);

export function readManifestListFile(
  storage: Storage,
  path: string,
  snapshotId: SnapshotId,
  cache?: MetadataCache,
  budget = new DecodeBudget()
): Promise<ManifestFile[]> {
  return cached(
    cache,
    `manifest-list:${path}`,
    async () => {
      const bytes = await readBytes(storage, path, budget.limits.maxAvroFileBytes);
      return withinBudget(
        bytes,
        path,
        budget,
        limits => metadataDecoder().decode({ kind: 'manifest-list', bytes, file: path, snapshotId, limits }),
        manifestListBytes
      );
    },
    manifestListBytes
  );
}

/** Every entry of a manifest, `deleted` ones included (callers filter). */
export async function readManifestFile(storage: Storage, manifest: ManifestFile, cache?: MetadataCache, budget = new DecodeBudget()): Promise<ManifestEntry[]> {
  return unpackEntriesInSlices(await readPackedManifestFile(storage, manifest, cache, budget));
}

/**
 * Every entry of a manifest in packed form (`entryPacking.ts`), `deleted` ones included. This is
 * the per-manifest summary the cache keeps: manifests are immutable, so after a commit only the
 * manifests it wrote are read and decoded again.
 */
export function readPackedManifestFile(storage: Storage, manifest: ManifestFile, cache?: MetadataCache, budget = new DecodeBudget()): Promise<PackedEntries> {
  const path = manifest.manifestPath;
  return cached(
    cache,
    `manifest:${path}`,
    async () => {
      const bytes = await readDeclared(storage, path, manifest.manifestLength, budget.limits);
      return withinBudget(
        bytes,
        path,
        budget,
        limits => metadataDecoder().decode({ kind: 'manifest-packed', bytes, file: path, manifest, limits }),
        packed => packed.decodedBytes
      );
    },
    packedBytes
  );
}

/**
 * The manifest-list entries of a format v1 snapshot that lists its manifests
 * inline: spec id from each manifest's header, sequence numbers 0.
 */
export async function inlineManifests(storage: Storage, paths: string[], snapshotId: SnapshotId, defaultSpecId: number): Promise<ManifestFile[]> {
  return Promise.all(
    paths.map(async path => {
      const bytes = await readBytes(storage, path);
      const specId = Number(readHeader(bytes, path).metadata['partition-spec-id'] ?? defaultSpecId);
      return {
        manifestPath: path,
        manifestLength: bytes.length,
        partitionSpecId: Number.isInteger(specId) ? specId : defaultSpecId,
        content: 'data' as const,
        sequenceNumber: 0,
        minSequenceNumber: 0,
        addedSnapshotId: snapshotId
      };
    })
  );
}
