import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import * as avro from 'avsc';
import { buildSync } from 'esbuild';
import type { ManifestEntry } from '../../../core/iceberg/model';
import { inlineDecoder, WorkerDecoder } from '../decoder';
import { packEntries, unpackEntries, unpackEntriesInSlices } from '../entryPacking';
import { MetadataError } from '../errors';
import { fileDecodeLimits } from '../limits';
import { planFiles } from '../planFiles';
import { readTableMetadata } from '../reader';
import { readHeader } from '../avro/container';
import { FixtureStorage, fixturePath, latestMetadataLocation } from './fixtureStorage';

const TABLES = ['pyiceberg_v1', 'pyiceberg_v2', 'spark_v2_mor', 'spark_v3_dv'];
const REPO = path.resolve(__dirname, '../../../..');
const LONG = avro.Type.forSchema('long');

/** Every manifest of every fixture table's current snapshot, with its bytes. */
async function fixtureManifests() {
  const storage = new FixtureStorage();
  const all = [];
  for (const table of TABLES) {
    const metadata = await readTableMetadata(storage, await latestMetadataLocation(table));
    const plan = await planFiles(storage, metadata);
    for (const manifest of plan.manifests) {
      all.push({ table, manifest, bytes: fs.readFileSync(fixturePath(manifest.manifestPath)) });
    }
  }
  return all;
}

describe('entryPacking', () => {
  it('should rebuild every fixture entry exactly, partition tuples included', async () => {
    for (const { manifest, bytes } of await fixtureManifests()) {
      const entries = (await inlineDecoder.decode({
        kind: 'manifest',
        bytes,
        file: manifest.manifestPath,
        manifest,
        limits: fileDecodeLimits(bytes.length)
      })) as ManifestEntry[];
      expect(unpackEntries(structuredClone(packEntries(entries)))).toEqual(entries);
    }
  });

  it('should keep values of different types apart and the rare delete-file fields, in slices too', async () => {
    const entry = (partition: Record<number, unknown>, extra: object = {}): ManifestEntry => ({
      status: 'added',
      snapshotId: -9007199254740993n,
      sequenceNumber: 4,
      fileSequenceNumber: 3,
      dataFile: {
        content: 'equality-deletes',
        filePath: 's3://b/t/data/k=1/f.parquet',
        fileFormat: 'PARQUET',
        specId: 2,
        partition,
        recordCount: 7,
        fileSizeInBytes: 900,
        ...extra
      }
    });
    const entries = [
      entry({ 1000: 1, 1001: new Uint8Array([1, 2]) }, { equalityIds: [1, 2], sortOrderId: 0 }),
      entry({ 1000: 1n, 1001: null }, { referencedDataFile: 's3://b/t/data/x.parquet', contentOffset: 4, contentSizeInBytes: 40 }),
      entry({ 1000: '1', 1001: new Uint8Array([1, 2]) }, { firstRowId: 12 })
    ];
    const rebuilt = unpackEntries(structuredClone(packEntries(entries)));
    expect(rebuilt).toEqual(entries);
    await expect(unpackEntriesInSlices(packEntries(entries), 2)).resolves.toEqual(entries);
    expect(rebuilt.map(e => typeof e.dataFile.partition[1000])).toEqual(['number', 'bigint', 'string']);
  });
});

describe('WorkerDecoder', () => {
  let bundle: string;
  let decoder: WorkerDecoder;

  beforeAll(() => {
    // The helper's bundle, as `npm run build:helper` makes it: its entry point runs the decoding threads.
    bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'decoder-')), 'dual-layout.js');
    buildSync({
      entryPoints: [path.join(REPO, 'src/server/main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node18',
      outfile: bundle,
      logLevel: 'warning'
    });
    decoder = new WorkerDecoder(bundle, 2);
  });

  it('should decode every fixture manifest exactly as inline decoding does', async () => {
    const manifests = await fixtureManifests();
    const decode = (d: typeof inlineDecoder, { manifest, bytes }: (typeof manifests)[number]) =>
      d.decode({
        kind: 'manifest',
        bytes: Buffer.from(bytes),
        file: manifest.manifestPath,
        manifest,
        limits: fileDecodeLimits(bytes.length)
      });
    const viaWorkers = await Promise.all(manifests.map(m => decode(decoder, m)));
    for (const [i, m] of manifests.entries()) {
      expect(viaWorkers[i]).toEqual(await decode(inlineDecoder, m));
    }
  });

  it('should decode metadata JSON and manifest lists with bigint ids intact', async () => {
    const location = await latestMetadataLocation('spark_v2_mor');
    const bytes = fs.readFileSync(fixturePath(location));
    const metadata = await decoder.decode({ kind: 'table-metadata', bytes: Buffer.from(bytes), file: location, maxBytes: 1 << 20 });
    expect(metadata).toEqual(await inlineDecoder.decode({ kind: 'table-metadata', bytes, file: location, maxBytes: 1 << 20 }));
    expect(typeof metadata.currentSnapshotId).toBe('bigint');
  });

  it('should turn a bomb into a MetadataError naming the file, and keep working', async () => {
    const [{ manifest, bytes }] = await fixtureManifests();
    const header = readHeader(bytes, manifest.manifestPath);
    const bomb = zlib.deflateRawSync(Buffer.alloc(80 * 1024 * 1024));
    const file = Buffer.concat([bytes.subarray(0, header.dataOffset), LONG.toBuffer(1), LONG.toBuffer(bomb.length), bomb, header.sync]);
    const failure = decoder.decode({
      kind: 'manifest',
      bytes: file,
      file: manifest.manifestPath,
      manifest,
      limits: fileDecodeLimits(file.length)
    });
    await expect(failure).rejects.toBeInstanceOf(MetadataError);
    await expect(failure).rejects.toThrow(`${manifest.manifestPath}: Avro block 0: decompressed size exceeds 64 MiB per block`);
    const again = await decoder.decode({
      kind: 'manifest',
      bytes: Buffer.from(bytes),
      file: manifest.manifestPath,
      manifest,
      limits: fileDecodeLimits(bytes.length)
    });
    expect(again.length).toBeGreaterThan(0);
  });
});
