/**
 * Reading metadata files through a `Storage`, with an optional shared cache
 * keyed by file location. Storage failures become `MetadataError`s naming the
 * file that could not be read.
 */
import type { ManifestEntry, ManifestFile, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import type { Storage } from '../storage/storage';
import { LruByteCache } from './cache';
import { MetadataError } from './errors';
import { readManifest } from './manifest';
import { readManifestList } from './manifestList';
import { parseTableMetadata } from './tableMetadata';
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

export async function readBytes(storage: Storage, path: string): Promise<Buffer> {
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(path);
  } catch (error) {
    throw new MetadataError(`cannot be read (${(error as Error).message})`, path, { cause: error });
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function cached<V>(
  cache: MetadataCache | undefined,
  key: string,
  load: () => Promise<V>,
  sizeOf: (value: V) => number
): Promise<V> {
  return cache ? (cache.files.getOrLoad(key, load, sizeOf as (value: unknown) => number) as Promise<V>) : load();
}

/** Approximate heap bytes of a decoded manifest entry (object headers, strings, tuple). */
function entryBytes(entry: ManifestEntry): number {
  return 320 + entry.dataFile.filePath.length * 2 + Object.keys(entry.dataFile.partition).length * 48;
}

export function readTableMetadata(
  storage: Storage,
  location: string,
  cache?: MetadataCache
): Promise<TableMetadata> {
  let size = 0;
  return cached(
    cache,
    `metadata:${location}`,
    async () => {
      const bytes = await readBytes(storage, location);
      size = bytes.length;
      return parseTableMetadata(bytes, location);
    },
    () => size * 4 + 1024
  );
}

export function readManifestListFile(
  storage: Storage,
  path: string,
  snapshotId: SnapshotId,
  cache?: MetadataCache
): Promise<ManifestFile[]> {
  return cached(
    cache,
    `manifest-list:${path}`,
    async () => readManifestList(await readBytes(storage, path), path, snapshotId),
    manifests => manifests.reduce((sum, m) => sum + 256 + m.manifestPath.length * 2, 0)
  );
}

/** Every entry of a manifest, `deleted` ones included (callers filter). */
export function readManifestFile(
  storage: Storage,
  manifest: ManifestFile,
  cache?: MetadataCache
): Promise<ManifestEntry[]> {
  return cached(
    cache,
    `manifest:${manifest.manifestPath}`,
    async () => readManifest(await readBytes(storage, manifest.manifestPath), manifest.manifestPath, manifest),
    entries => entries.reduce((sum, entry) => sum + entryBytes(entry), 0)
  );
}

/**
 * The manifest-list entries of a format v1 snapshot that lists its manifests
 * inline: spec id from each manifest's header, sequence numbers 0.
 */
export async function inlineManifests(
  storage: Storage,
  paths: string[],
  snapshotId: SnapshotId,
  defaultSpecId: number
): Promise<ManifestFile[]> {
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
