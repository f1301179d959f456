import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Verdict } from '../../../core/api/wire';
import type { ManifestEntry } from '../../../core/iceberg/model';
import { DirectoryListings } from '../../storage/directoryListings';
import { LocalStorage } from '../../storage/local';
import { verifyTable } from '../verifier';
import { entry, table } from './tables';

const PARQUET = fs.readFileSync(path.join(__dirname, 'fixtures', 'observations.parquet'));

/**
 * A re-check whose listing reuses the directories kept by the check before it
 * must give the verdict a check keeping nothing gives, findings and order.
 */
describe('re-check with kept directory listings', () => {
  let location: string;
  let data: string;
  let live: ManifestEntry[];
  let listings: DirectoryListings;

  function put(relative: string): string {
    const file = path.join(data, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, PARQUET);
    return file;
  }

  function commit(relative: string): void {
    const region = relative.split('/')[0].replace('region=', '');
    live.push(entry(put(relative), 'region', { 1000: region }, { fileSizeInBytes: PARQUET.length }));
  }

  async function check(kept: DirectoryListings | null): Promise<Omit<Verdict, 'checkedAtMs'>> {
    const metadata = { ...table('region'), location };
    metadata.schemas[0].fields.push({ id: 4, name: 'value', required: false, type: 'double' });
    const { checkedAtMs, ...verdict } = await verifyTable({
      table: 'lake.ns.obs',
      metadata,
      storage: new LocalStorage({ roots: [location], listings: kept }),
      planFiles: async () => [...live]
    });
    expect(checkedAtMs).toBeGreaterThan(0);
    return verdict;
  }

  /** The re-check equals a fresh check and reused the directories the change did not touch. */
  async function recheckMatchesFresh(): Promise<Omit<Verdict, 'checkedAtMs'>> {
    const reused = listings.reused;
    const again = await check(listings);
    expect(again).toEqual(await check(null));
    expect(listings.reused).toBeGreaterThan(reused);
    return again;
  }

  beforeEach(async () => {
    location = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-recheck-')), 'obs');
    data = path.join(location, 'data');
    live = [];
    for (const region of ['EU', 'US', 'Asia']) {
      commit(`region=${region}/00000-a.parquet`);
      commit(`region=${region}/00001-b.parquet`);
    }
    listings = new DirectoryListings(2 ** 20, 50);
    await new Promise(resolve => setTimeout(resolve, 120)); // past the racy margin: the directories can be kept
    expect((await check(listings)).status).toBe('consistent');
  });

  afterEach(() => {
    fs.rmSync(path.dirname(location), { recursive: true, force: true });
  });

  it('should see a stray file dropped into a partition without any commit', async () => {
    put('region=US/00002-stray.parquet');
    const verdict = await recheckMatchesFresh();
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'stale-file', path: path.join(data, 'region=US/00002-stray.parquet') })]);
  });

  it('should take in an append landing in a new partition directory, and one whose file sorts first', async () => {
    commit('region=Africa/00000-new.parquet');
    commit('region=EU/0-first.parquet');
    expect((await recheckMatchesFresh()).status).toBe('consistent');
  });

  it('should see a live file removed without any commit', async () => {
    fs.rmSync(path.join(data, 'region=Asia/00001-b.parquet'));
    const verdict = await recheckMatchesFresh();
    expect(verdict.status).toBe('drift');
    expect(verdict.findings.length).toBeGreaterThan(0);
  });

  it('should follow a delete commit and a stray file sorting first', async () => {
    live = live.filter(file => !file.dataFile.filePath.includes('region=EU/00000-a'));
    fs.rmSync(path.join(data, 'region=EU/00000-a.parquet'));
    put('region=AAA/00000-stray.parquet');
    const verdict = await recheckMatchesFresh();
    expect(verdict.findings.map(finding => finding.kind)).toContain('stale-file');
  });
});
