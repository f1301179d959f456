import * as fs from 'fs';
import * as path from 'path';
import { planPackedManifests } from '../../metadata/planFiles';
import { MetadataCache, readTableMetadata } from '../../metadata/reader';
import { FIXTURES, FixtureStorage } from '../../metadata/__tests__/fixtureStorage';
import { LiveFiles } from '../liveFiles';
import { buildViews, HiveListing, locationKey } from '../views';
import { entry, ROOT, table } from './tables';

const at = (relative: string) => `${ROOT}/${relative}`;

function views(live: LiveFiles | ReturnType<typeof entry>[], listed: string[]) {
  const listing = new HiveListing(ROOT);
  listed.forEach(path => listing.add(path));
  return buildViews({ metadata: table('region'), snapshotId: 8n, dataRoot: ROOT, live, listing });
}

describe('compact views', () => {
  it('should match files whatever spelling each view uses, and keep the listing’s spelling', () => {
    const eu = entry(`file://${at('region=EU/a.parquet')}`, 'region', { 1000: 'EU' });
    const us = entry(`${ROOT}//region=US/b.parquet`, 'region', { 1000: 'US' });
    const v = views(
      [eu, us],
      [at('region=EU/a.parquet'), at('region=EU/old.parquet'), at('region=EU/_SUCCESS'), `file://${at('region=US/b.parquet')}`, '/elsewhere/x.parquet']
    );
    expect(v.hive.length).toBe(3);
    expect([...v.hive.stale()].map(f => f.path)).toEqual([at('region=EU/old.parquet')]);
    expect([...v.hive.liveData()].map(f => [f.path, f.entry?.dataFile.filePath])).toEqual([
      [at('region=EU/a.parquet'), eu.dataFile.filePath],
      [`file://${at('region=US/b.parquet')}`, us.dataFile.filePath]
    ]);
    expect(v.unlisted).toEqual([]);
    expect(v.first?.relative).toBe('region=EU/a.parquet');
    expect(v.hiveByKey.get(locationKey(us.dataFile.filePath))?.path).toBe(`file://${at('region=US/b.parquet')}`);
    expect(v.liveData.get(at('region=US/b.parquet'))?.dataFile.partition).toEqual({ 1000: 'US' });
    expect([...v.hive].map(f => f.segments)).toEqual([[{ key: 'region', raw: 'EU' }], [{ key: 'region', raw: 'EU' }], [{ key: 'region', raw: 'US' }]]);
  });

  it('should keep one entry per path, the later one, in the first one’s place', () => {
    const older = entry(at('region=EU/a.parquet'), 'region', { 1000: 'EU' }, { recordCount: 1 });
    const other = entry(at('region=US/b.parquet'), 'region', { 1000: 'US' });
    const newer = entry(at('region=EU/a.parquet'), 'region', { 1000: 'EU' }, { recordCount: 2 });
    const live = LiveFiles.fromEntries([older, other, newer]);
    expect(live.size).toBe(2);
    expect([...live.values()].map(e => [e.dataFile.filePath, e.dataFile.recordCount])).toEqual([
      [older.dataFile.filePath, 2],
      [other.dataFile.filePath, 3]
    ]);
  });

  it('should tell live, stale, delete and missing files apart among many', () => {
    const files = Array.from({ length: 12_000 }, (_, i) => at(`region=r${i % 37}/${String(i).padStart(6, '0')}.parquet`));
    const live = files.filter((_, i) => i % 10 !== 3).map((path, i) => entry(path, 'region', { 1000: `r${i % 37}` }));
    const deletes = entry(at('region=r0/deletes.parquet'), 'region', { 1000: 'r0' }, { content: 'position-deletes' });
    const missing = entry(at('region=r1/missing.parquet'), 'region', { 1000: 'r1' });
    const v = views([...live, deletes, missing], [...files, deletes.dataFile.filePath]);
    expect(v.liveData.size).toBe(live.length + 1);
    expect([...v.hive.stale()].length).toBe(files.length - live.length);
    expect([...v.hive.liveData()].length).toBe(live.length);
    expect(v.unlisted.map(e => e.dataFile.filePath)).toEqual([missing.dataFile.filePath]);
    expect(v.hiveByKey.has(deletes.dataFile.filePath)).toBe(true);
    expect([...v.hive].find(f => f.path === deletes.dataFile.filePath)?.entry?.dataFile.content).toBe('position-deletes');
    const wrong = [...v.hive.liveData()].filter(file => file.entry?.dataFile.filePath !== file.path);
    expect(wrong).toEqual([]);
  });
});

describe('planPackedManifests through a cache', () => {
  it('should decode only the manifests a later snapshot added', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pyiceberg_v2', 'expected.json'), 'utf8'));
    const storage = new FixtureStorage();
    const cache = new MetadataCache();
    const metadata = await readTableMetadata(storage, expected.metadataLocation, cache);
    const [older, newer] = [metadata.snapshots[metadata.snapshots.length - 2], metadata.snapshots[metadata.snapshots.length - 1]];
    const before = await planPackedManifests(storage, metadata, { snapshotId: older.snapshotId, cache });
    const readsBefore = storage.reads.length;
    const after = await planPackedManifests(storage, metadata, { snapshotId: newer.snapshotId, cache });
    const known = new Set(before.manifests.map(m => m.manifestPath));
    const added = after.manifests.filter(m => !known.has(m.manifestPath)).map(m => m.manifestPath);
    const manifestReads = storage.reads.slice(readsBefore).filter(read => read !== newer.manifestList);
    expect(added.length).toBeGreaterThan(0);
    expect(after.manifests.length).toBeGreaterThan(added.length);
    expect(manifestReads.sort()).toEqual(added.sort());
    const files = new LiveFiles(after.entries);
    const planned = expected.snapshots.find((s: { snapshotId: string }) => s.snapshotId === String(newer.snapshotId));
    const data = planned.files.filter((f: { content: string }) => f.content === 'data').map((f: { filePath: string }) => f.filePath);
    expect([...files.values()].map(e => e.dataFile.filePath).sort()).toEqual(data.sort());
  });
});
