import * as fs from 'fs';
import * as avro from 'avsc';
import * as zlib from 'zlib';
import type { ManifestFile } from '../../../core/iceberg/model';
import { readHeader } from '../avro/container';
import { minimumEncodedSize } from '../avro/minimumSize';
import { MetadataError } from '../errors';
import { DEFAULT_LIMITS, fileDecodeLimits, type MetadataLimits } from '../limits';
import { readManifest } from '../manifest';
import { planFiles } from '../planFiles';
import { readTableMetadata } from '../reader';
import { parseTableMetadata } from '../tableMetadata';
import { FixtureStorage, fixturePath, latestMetadataLocation } from './fixtureStorage';

const MIB = 1024 * 1024;
const LONG = avro.Type.forSchema('long');

interface RealManifest {
  path: string;
  bytes: Buffer;
  entry: ManifestFile;
}

/** The manifest with the most entries pyiceberg wrote, with its manifest-list entry. */
async function realManifest(): Promise<RealManifest> {
  const storage = new FixtureStorage();
  const metadata = await readTableMetadata(storage, await latestMetadataLocation('pyiceberg_v2'));
  const plan = await planFiles(storage, metadata);
  const entry = plan.manifests.reduce((a, b) => ((a.addedFilesCount ?? 0) >= (b.addedFilesCount ?? 0) ? a : b));
  return { path: entry.manifestPath, bytes: fs.readFileSync(fixturePath(entry.manifestPath)), entry };
}

/** The real file's header (schema, codec deflate, sync marker) followed by `blocks`. */
function withBlocks(real: Buffer, blocks: { count: number; data: Buffer }[]): Buffer {
  const header = readHeader(real, 'real.avro');
  expect(header.codec).toBe('deflate');
  const parts = [real.subarray(0, header.dataOffset)];
  for (const block of blocks) {
    parts.push(LONG.toBuffer(block.count), LONG.toBuffer(block.data.length), block.data, header.sync);
  }
  return Buffer.concat(parts);
}

function decodeError(run: () => unknown): MetadataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MetadataError);
    return error as MetadataError;
  }
  throw new Error('expected a MetadataError');
}

describe('decoding limits', () => {
  let real: RealManifest;
  beforeAll(async () => {
    real = await realManifest();
  });

  describe('deflate bombs', () => {
    it('should refuse a block that inflates past the per-block limit, naming the file', () => {
      // 80 MiB of zeros deflate to ~80 KB: a 1000x bomb.
      const bomb = zlib.deflateRawSync(Buffer.alloc(DEFAULT_LIMITS.maxBlockBytes + 16 * MIB));
      expect(bomb.length).toBeLessThan(100 * 1024);
      const file = withBlocks(real.bytes, [{ count: 1, data: bomb }]);
      const error = decodeError(() => readManifest(file, real.path, real.entry));
      expect(error.file).toBe(real.path);
      expect(error.message).toBe(`${real.path}: Avro block 0: decompressed size exceeds 64 MiB per block (a decompression bomb or a corrupt block)`);
    });

    it('should refuse blocks that together inflate past what the file may expand to', () => {
      const block = zlib.deflateRawSync(Buffer.alloc(2 * MIB));
      // Blocks that claim no records: only their inflated size counts.
      const file = withBlocks(
        real.bytes,
        Array.from({ length: 40 }, () => ({ count: 0, data: block }))
      );
      const limits = fileDecodeLimits(file.length);
      expect(limits.maxFileBytes).toBe(64 * MIB);
      const error = decodeError(() => readManifest(file, real.path, { ...real.entry, addedFilesCount: undefined }));
      // The 33rd 2 MiB block would pass 64 MiB.
      expect(error.message).toBe(
        `${real.path}: Avro block 32: decompressed size exceeds 64 MiB for this ${file.length} bytes file (a decompression bomb or a corrupt block)`
      );
    });

    it('should scale the allowance with the file and keep a floor for small ones', () => {
      expect(fileDecodeLimits(1000).maxFileBytes).toBe(64 * MIB);
      expect(fileDecodeLimits(3 * MIB).maxFileBytes).toBe(192 * MIB);
      expect(fileDecodeLimits(3 * MIB, DEFAULT_LIMITS, 5 * MIB).maxDecodedBytes).toBe(5 * MIB);
    });
  });

  describe('records a block claims', () => {
    it('should refuse a block header claiming 2^31 records in a few bytes', () => {
      const data = zlib.deflateRawSync(Buffer.alloc(4096));
      const file = withBlocks(real.bytes, [{ count: 2 ** 31, data }]);
      const error = decodeError(() => readManifest(file, real.path, real.entry));
      const least = minimumEncodedSize(readHeader(real.bytes, real.path).writerSchema);
      expect(least).toBeGreaterThan(10);
      expect(error.message).toBe(`${real.path}: Avro block 0 claims 2147483648 records in 4096 bytes (each takes at least ${least})`);
    });

    it('should refuse a manifest holding more entries than its manifest list declares', () => {
      const entries = readManifest(real.bytes, real.path, real.entry);
      expect(entries.length).toBeGreaterThan(1);
      const understated = { ...real.entry, addedFilesCount: entries.length - 1, existingFilesCount: 0, deletedFilesCount: 0 };
      const error = decodeError(() => readManifest(real.bytes, real.path, understated));
      expect(error.message).toBe(`${real.path}: holds more than the ${entries.length - 1} entries its manifest list declares`);
    });

    it('should decode a manifest whose list declares no counts (format v1 lists may not)', () => {
      const undeclared = { ...real.entry, addedFilesCount: undefined, existingFilesCount: undefined, deletedFilesCount: undefined };
      expect(readManifest(real.bytes, real.path, undeclared)).toEqual(readManifest(real.bytes, real.path, real.entry));
    });

    it('should refuse entries whose decoded size passes the reservation', () => {
      const limits = { ...fileDecodeLimits(real.bytes.length), maxDecodedBytes: 400 };
      const error = decodeError(() => readManifest(real.bytes, real.path, real.entry, { limits }));
      expect(error.message).toMatch(/: decoded entries exceed 400 bytes/);
    });
  });

  describe('per-request budget', () => {
    it('should fail a plan whose manifests pass the budget and name the manifest', async () => {
      const storage = new FixtureStorage();
      const metadata = await readTableMetadata(storage, await latestMetadataLocation('spark_v2_mor'));
      const limits: MetadataLimits = { ...DEFAULT_LIMITS, maxDecodedBytesPerRequest: 1500 };
      await expect(planFiles(storage, metadata, { limits, concurrency: 1 })).rejects.toThrow(
        /\.avro: (decoded entries exceed|decoded metadata exceeds this request's budget of 1500 bytes)/
      );
      await expect(planFiles(storage, metadata, { concurrency: 1 })).resolves.toMatchObject({ snapshot: expect.anything() });
    });
  });

  describe('metadata JSON', () => {
    const text = JSON.stringify({ 'format-version': 2, padding: ' '.repeat(4096) });

    it('should refuse a metadata file larger than the limit before parsing it', () => {
      const error = decodeError(() => parseTableMetadata(Buffer.from(text), 'big.metadata.json', 1024));
      expect(error.message).toBe(`big.metadata.json: metadata JSON of ${text.length} bytes exceeds the limit of 1024 bytes`);
    });

    it('should refuse a gzip bomb once it inflates past the limit', () => {
      const bomb = zlib.gzipSync(Buffer.alloc(16 * MIB, 0x20));
      expect(bomb.length).toBeLessThan(20 * 1024);
      const error = decodeError(() => parseTableMetadata(bomb, 'v9.gz.metadata.json', MIB));
      expect(error.message).toBe('v9.gz.metadata.json: gzip-compressed metadata: decompressed size exceeds 1 MiB');
    });

    it('should refuse an oversized metadata file through storage without reading it', async () => {
      const storage = new FixtureStorage();
      const location = await latestMetadataLocation('pyiceberg_v2');
      const limits = { ...DEFAULT_LIMITS, maxMetadataJsonBytes: 100 };
      await expect(readTableMetadata(storage, location, undefined, limits)).rejects.toThrow(/more than the limit of 100 bytes$/);
      expect(storage.reads).toEqual([]);
    });
  });
});

describe('minimumEncodedSize', () => {
  it.each([
    ['null', 0],
    ['int', 1],
    ['double', 8],
    [['null', 'long'], 1],
    [['string', 'double'], 2],
    [{ type: 'fixed', name: 'f', size: 16 }, 16],
    [{ type: 'array', items: 'long' }, 1],
    [
      {
        type: 'record',
        name: 'r',
        fields: [
          { name: 'a', type: 'long' },
          { name: 'b', type: { type: 'fixed', name: 'u', size: 4 } },
          { name: 'c', type: 'u' }
        ]
      },
      9
    ],
    [{ type: 'record', name: 'node', fields: [{ name: 'next', type: ['null', 'node'] }] }, 1]
  ])('should give %j a minimum of %d bytes', (schema, size) => {
    expect(minimumEncodedSize(schema)).toBe(size);
  });
});
