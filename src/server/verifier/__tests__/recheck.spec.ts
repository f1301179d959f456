import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Verdict } from '../../../core/api/wire';
import type { ManifestEntry, TableMetadata } from '../../../core/iceberg/model';
import { packEntries, type PackedEntries } from '../../metadata/entryPacking';
import { DirectoryListings } from '../../storage/directoryListings';
import { LocalStorage } from '../../storage/local';
import { LiveFiles } from '../liveFiles';
import { ComparisonMemo } from '../units';
import { verifyTable } from '../verifier';
import { entry, SPECS, table } from './tables';

const PARQUET = fs.readFileSync(path.join(__dirname, 'fixtures', 'observations.parquet'));

/**
 * A re-check that reuses the directories kept by the checks before it (their listings and
 * what the comparison found in them) must give the verdict a check keeping nothing gives:
 * status, layout, findings and their order.
 */
describe('re-check with kept directory listings and comparisons', () => {
  let location: string;
  let data: string;
  /** Manifests, newest first as manifest lists hold them; each packed once, as the metadata cache keeps them. */
  let manifests: { entries: ManifestEntry[]; packed: PackedEntries }[];
  let metadata: TableMetadata;
  let listings: DirectoryListings;
  let memo: ComparisonMemo;

  function put(relative: string, bytes: Buffer = PARQUET): string {
    const file = path.join(data, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return file;
  }

  function dataEntry(relative: string): ManifestEntry {
    const region = /region=([^/]*)/.exec(relative)?.[1] ?? null;
    return entry(put(relative), 'region', { 1000: region }, { fileSizeInBytes: PARQUET.length });
  }

  /** One commit: a new manifest in front of the others. */
  function commit(...entries: ManifestEntry[]): void {
    manifests.unshift({ entries, packed: packEntries(entries) });
  }

  function liveFiles(): LiveFiles {
    return new LiveFiles(manifests.map(m => m.packed));
  }

  async function check(kept: { listings: DirectoryListings; memo: ComparisonMemo } | null): Promise<Omit<Verdict, 'checkedAtMs'>> {
    const { checkedAtMs, ...verdict } = await verifyTable({
      table: 'lake.ns.obs',
      metadata,
      storage: new LocalStorage({ roots: [location], listings: kept?.listings ?? null }),
      memo: kept?.memo,
      // A fresh check packs every manifest anew: nothing of the memo's can match it.
      planFiles: async () => (kept ? liveFiles() : new LiveFiles(manifests.map(m => packEntries(m.entries))))
    });
    expect(checkedAtMs).toBeGreaterThan(0);
    return verdict;
  }

  /** The re-check equals a fresh check, and reused at least `reused` directories' comparisons. */
  async function recheckMatchesFresh(reused = 1): Promise<Omit<Verdict, 'checkedAtMs'>> {
    await settle();
    memo.reused = memo.computed = 0;
    const again = await check({ listings, memo });
    expect(again).toEqual(await check(null));
    expect(memo.reused).toBeGreaterThanOrEqual(reused);
    return again;
  }

  /** Past the listings' racy margin: the directories written so far can be kept. */
  const settle = () => new Promise(resolve => setTimeout(resolve, 120));

  beforeEach(async () => {
    location = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-recheck-')), 'obs');
    data = path.join(location, 'data');
    metadata = { ...table('region'), location };
    metadata.schemas[0].fields.push({ id: 4, name: 'value', required: false, type: 'double' });
    manifests = [];
    for (const region of ['EU', 'US', 'Asia']) {
      commit(dataEntry(`region=${region}/00000-a.parquet`), dataEntry(`region=${region}/00001-b.parquet`));
    }
    listings = new DirectoryListings(2 ** 20, 50);
    memo = new ComparisonMemo();
    await settle();
    expect((await check({ listings, memo })).status).toBe('consistent');
    expect((await recheckMatchesFresh(4)).status).toBe('consistent');
    expect(memo.computed).toBe(0);
  });

  afterEach(() => {
    fs.rmSync(path.dirname(location), { recursive: true, force: true });
  });

  it('should see a stray file dropped into a partition without any commit', async () => {
    put('region=US/00002-stray.parquet');
    const verdict = await recheckMatchesFresh(3);
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'stale-file', path: path.join(data, 'region=US/00002-stray.parquet') })]);
    expect(memo.computed).toBe(1);
  });

  it('should recompute only the directories an append touches', async () => {
    commit(dataEntry('region=EU/00002-c.parquet'));
    expect((await recheckMatchesFresh(3)).status).toBe('consistent');
    expect(memo.computed).toBe(1);
  });

  it('should take in an append landing in a new partition directory, and one whose file sorts first', async () => {
    commit(dataEntry('region=Africa/00000-new.parquet'));
    commit(dataEntry('region=EU/0-first.parquet'));
    expect((await recheckMatchesFresh()).status).toBe('consistent');
  });

  it("should see a stray file that becomes the first of Dask's listing", async () => {
    put('region=AAA/0-stray.parquet');
    const verdict = await recheckMatchesFresh();
    expect(verdict.status).toBe('drift');
    expect(verdict.findings.map(f => f.path)).toContain(path.join(data, 'region=AAA/0-stray.parquet'));
  });

  it('should see a live file removed without any commit', async () => {
    fs.rmSync(path.join(data, 'region=Asia/00001-b.parquet'));
    const verdict = await recheckMatchesFresh();
    expect(verdict.status).toBe('drift');
    expect(verdict.findings.map(f => f.kind)).toContain('unlisted-file');
  });

  it('should follow an overwrite: a rewritten manifest drops a file that stays in the tree', async () => {
    const [newest] = manifests.splice(0, 1);
    commit(...newest.entries.slice(1));
    const verdict = await recheckMatchesFresh();
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'stale-file', path: newest.entries[0].dataFile.filePath })]);
  });

  it('should follow a compaction: every manifest rewritten into one, the same files live', async () => {
    const all = manifests.flatMap(m => m.entries);
    manifests = [];
    commit(...all);
    expect(await recheckMatchesFresh(1)).toEqual(expect.objectContaining({ status: 'consistent' }));
  });

  it('should see a _metadata summary appearing at the root', async () => {
    put('_metadata');
    const verdict = await recheckMatchesFresh();
    expect(verdict.status).toBe('drift');
    expect(verdict.findings[0]).toEqual(expect.objectContaining({ cause: 'dask-metadata-summary' }));
  });

  it('should see a new hive key in a new directory', async () => {
    put('region=EU/day=1/00000-x.parquet');
    const verdict = await recheckMatchesFresh();
    expect(verdict.status).toBe('drift');
  });

  it('should follow a schema change and a partition spec change', async () => {
    metadata = {
      ...metadata,
      schemas: [{ ...metadata.schemas[0], fields: [...metadata.schemas[0].fields, { id: 5, name: 'flag', required: false, type: 'boolean' }] }]
    };
    const schemaChanged = await recheckMatchesFresh();
    expect(schemaChanged.findings.map(f => f.path)).toContain(path.join(data, 'region=Asia/00000-a.parquet'));
    metadata = { ...metadata, defaultSpecId: SPECS.regionDay.specId };
    commit(entry(put('region=EU/obs_time_day=2024-01-02/00000-d.parquet'), 'regionDay', { 1000: 'EU', 1001: 19724 }, { fileSizeInBytes: PARQUET.length }));
    const specChanged = await recheckMatchesFresh();
    expect(specChanged.layout?.kind).toBe('hive-mixed');
  });

  it('should judge deletes again whenever the table has them', async () => {
    const target = manifests[0].entries[0].dataFile.filePath;
    const deletes = entry(
      put('region=Asia/00002-dv.puffin'),
      'region',
      { 1000: 'Asia' },
      {
        content: 'position-deletes',
        fileFormat: 'PUFFIN',
        referencedDataFile: target,
        contentOffset: 4,
        recordCount: 1
      }
    );
    commit({ ...deletes, sequenceNumber: 2 });
    const verdict = await recheckMatchesFresh();
    expect(verdict.deletes?.affectedDataFiles).toEqual([target]);
  });

  it('should check an older snapshot and then the current one again', async () => {
    const current = [...manifests];
    commit(dataEntry('region=US/00002-c.parquet'));
    expect((await recheckMatchesFresh()).status).toBe('consistent');
    manifests = current; // the snapshot before the append: its file is now a leftover
    const older = await recheckMatchesFresh();
    expect(older.findings).toEqual([expect.objectContaining({ kind: 'stale-file', path: path.join(data, 'region=US/00002-c.parquet') })]);
  });
});
