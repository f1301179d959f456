import * as fs from 'fs';
import * as path from 'path';
import { LruByteCache } from '../cache';
import { MetadataError } from '../errors';
import { planFiles } from '../planFiles';
import { MetadataCache, readTableMetadata } from '../reader';
import { FIXTURES, FixtureStorage, latestMetadataLocation } from './fixtureStorage';

interface ExpectedFile {
  content: string;
  filePath: string;
  specId: number;
  recordCount: number;
}

interface Expected {
  metadataLocation: string;
  snapshots: { snapshotId: string; files: ExpectedFile[] }[];
}

const TABLES = ['pyiceberg_v1', 'pyiceberg_v2', 'spark_v2_mor', 'spark_v3_dv'];

function expectedOf(table: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, table, 'expected.json'), 'utf8'));
}

describe('planFiles', () => {
  describe('against the writers’ own file listings', () => {
    const cases = TABLES.flatMap(table => expectedOf(table).snapshots.map(s => [table, s.snapshotId, s.files] as [string, string, ExpectedFile[]]));

    it.each(cases)('should list the live files of %s snapshot %s', async (table, snapshotId, files) => {
      const storage = new FixtureStorage();
      const metadata = await readTableMetadata(storage, expectedOf(table).metadataLocation);
      const plan = await planFiles(storage, metadata, { snapshotId: BigInt(snapshotId) });
      const ours = [...plan.dataFiles, ...plan.deleteFiles]
        .map(e => ({
          content: e.dataFile.content,
          filePath: e.dataFile.filePath,
          specId: e.dataFile.specId,
          recordCount: e.dataFile.recordCount
        }))
        .sort((a, b) => a.filePath.localeCompare(b.filePath));
      expect(ours).toEqual([...files].sort((a, b) => a.filePath.localeCompare(b.filePath)));
      expect(plan.snapshot?.snapshotId).toBe(BigInt(snapshotId));
      expect(plan.dataFiles.every(e => e.dataFile.content === 'data')).toBe(true);
    });
  });

  it('should plan the current snapshot by default and through the main branch', async () => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('spark_v2_mor'));
    const current = await planFiles(storage, metadata);
    const main = await planFiles(storage, metadata, { ref: 'main' });
    expect(current.snapshot?.snapshotId).toBe(metadata.currentSnapshotId);
    expect(main.dataFiles).toEqual(current.dataFiles);
    expect(current.deleteFiles.map(e => e.dataFile.content)).toEqual(['position-deletes', 'position-deletes']);
  });

  it('should return an empty plan for a table without snapshots', async () => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('pyiceberg_v2'));
    const empty = { ...metadata, currentSnapshotId: undefined, snapshots: [], refs: {} };
    expect(await planFiles(storage, empty)).toEqual({ snapshot: null, manifests: [], dataFiles: [], deleteFiles: [] });
  });

  it.each([
    [{ snapshotId: 1n }, /has no snapshot 1/],
    [{ ref: 'audit' }, /has no branch or tag "audit"/]
  ])('should name an unknown snapshot or ref (%p)', async (options, message) => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('pyiceberg_v1'));
    await expect(planFiles(storage, metadata, options)).rejects.toThrow(message);
    await expect(planFiles(storage, metadata, options)).rejects.toBeInstanceOf(MetadataError);
  });

  it('should report progress once per manifest', async () => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('spark_v3_dv'));
    const progress: [number, number][] = [];
    const plan = await planFiles(storage, metadata, { concurrency: 2, onProgress: (done, total) => progress.push([done, total]) });
    const total = plan.manifests.length;
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
  });

  it('should stop when aborted', async () => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('pyiceberg_v2'));
    const controller = new AbortController();
    const plan = planFiles(storage, metadata, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('user cancelled'))
    });
    await expect(plan).rejects.toThrow('user cancelled');
  });

  it('should name a manifest that cannot be read', async () => {
    const storage = new FixtureStorage();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('pyiceberg_v2'));
    const broken = {
      ...metadata,
      snapshots: metadata.snapshots.map(s => ({ ...s, manifestList: `${s.manifestList}.missing` }))
    };
    await expect(planFiles(storage, broken)).rejects.toThrow(/\.avro\.missing: cannot be read/);
  });

  it('should read nothing twice through a cache', async () => {
    const storage = new FixtureStorage();
    const cache = new MetadataCache();
    const location = await latestMetadataLocation('pyiceberg_v2');
    const first = await planFiles(storage, await readTableMetadata(storage, location, cache), { cache });
    const readsAfterFirst = storage.reads.length;
    const second = await planFiles(storage, await readTableMetadata(storage, location, cache), { cache });
    expect(storage.reads.length).toBe(readsAfterFirst);
    expect(second.dataFiles).toEqual(first.dataFiles);
    expect(cache.files.bytes).toBeGreaterThan(0);
  });

  it('should share one read between concurrent plans', async () => {
    const storage = new FixtureStorage();
    const cache = new MetadataCache();
    const metadata = await readTableMetadata(storage, await latestMetadataLocation('spark_v3_dv'));
    await Promise.all([planFiles(storage, metadata, { cache }), planFiles(storage, metadata, { cache })]);
    expect(new Set(storage.reads).size).toBe(storage.reads.length);
  });
});

describe('LruByteCache', () => {
  describe('#set', () => {
    it('should evict the least recently used values beyond the byte budget', () => {
      const cache = new LruByteCache<string>(100);
      cache.set('a', 'A', 40);
      cache.set('b', 'B', 40);
      cache.get('a');
      cache.set('c', 'C', 40);
      expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
      expect(cache.bytes).toBe(80);
    });

    it('should not keep a value larger than the whole budget', () => {
      const cache = new LruByteCache<string>(10);
      cache.set('big', 'x', 11);
      expect(cache.size).toBe(0);
    });

    it('should account for a replaced value once', () => {
      const cache = new LruByteCache<string>(100);
      cache.set('a', 'A', 60);
      cache.set('a', 'A2', 30);
      expect([cache.bytes, cache.get('a')]).toEqual([30, 'A2']);
    });
  });

  describe('#getOrLoad', () => {
    it('should not cache a failed load', async () => {
      const cache = new LruByteCache<string>(100);
      await expect(
        cache.getOrLoad(
          'k',
          () => Promise.reject(new Error('boom')),
          () => 1
        )
      ).rejects.toThrow('boom');
      expect(
        await cache.getOrLoad(
          'k',
          async () => 'ok',
          () => 1
        )
      ).toBe('ok');
    });
  });
});
