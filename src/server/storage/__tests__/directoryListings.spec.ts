import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectoryListings } from '../directoryListings';
import { LocalStorage } from '../local';

/** Paths in the order the storage yields them (the order Dask's listing starts from). */
async function listed(storage: LocalStorage, root: string, sizes = false): Promise<string[]> {
  const out: string[] = [];
  for await (const info of storage.list(root, { sizes })) {
    out.push(sizes ? `${info.path}:${info.size}` : info.path);
  }
  return out;
}

function write(file: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Longer than the test caches' racy margin, so the tree's directories can be kept. */
function settle(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 120));
}

describe('DirectoryListings', () => {
  let root: string;
  let listings: DirectoryListings;
  let kept: LocalStorage;
  let fresh: LocalStorage;

  beforeEach(async () => {
    root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-listings-'))), 'data');
    for (const day of ['2024-01-01', '2024-01-02', '2024-01-03']) {
      write(path.join(root, `day=${day}`, '00000-a.parquet'));
      write(path.join(root, `day=${day}`, '00001-b.parquet'));
    }
    write(path.join(root, 'loose.parquet'));
    listings = new DirectoryListings(2 ** 20, 50);
    kept = new LocalStorage({ listings });
    fresh = new LocalStorage({ listings: null });
    await settle();
    expect(await listed(kept, root)).toEqual(await listed(fresh, root));
    expect([listings.read, listings.reused]).toEqual([4, 0]);
  });

  afterEach(() => {
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  /** The re-listing equals a listing that keeps nothing, in order; returns the directories read again. */
  async function relisted(): Promise<number> {
    const before = listings.read;
    const again = await listed(kept, root);
    expect(again).toEqual(await listed(fresh, root));
    return listings.read - before;
  }

  it('should reuse every directory of an unchanged tree', async () => {
    expect(await relisted()).toBe(0);
    expect(listings.reused).toBe(4);
  });

  it('should see a file dropped into a partition without any commit, reading only that directory', async () => {
    write(path.join(root, 'day=2024-01-02', '00002-stray.parquet'));
    expect(await relisted()).toBe(1);
    expect(await listed(kept, root)).toContain(path.join(root, 'day=2024-01-02', '00002-stray.parquet'));
  });

  it('should see a file that sorts first, and a removed and a renamed file', async () => {
    write(path.join(root, 'day=2024-01-03', '0-first.parquet'));
    fs.rmSync(path.join(root, 'day=2024-01-01', '00000-a.parquet'));
    fs.renameSync(path.join(root, 'day=2024-01-02', '00001-b.parquet'), path.join(root, 'day=2024-01-02', '00009-b.parquet'));
    expect(await relisted()).toBe(3);
    const names = await listed(kept, root);
    expect(names).not.toContain(path.join(root, 'day=2024-01-01', '00000-a.parquet'));
    expect(names).toContain(path.join(root, 'day=2024-01-03', '0-first.parquet'));
  });

  it('should descend a new partition directory and a directory replaced by another', async () => {
    write(path.join(root, 'day=2024-01-04', '00000-new.parquet'));
    fs.rmSync(path.join(root, 'day=2024-01-01'), { recursive: true });
    write(path.join(root, 'day=2024-01-01', '00007-other.parquet'));
    // The root gained and lost entries; both new directories are read.
    expect(await relisted()).toBe(3);
  });

  it('should see a change even when the directory mtime is set back afterwards', async () => {
    const directory = path.join(root, 'day=2024-01-01');
    const { mtimeNs } = fs.statSync(directory, { bigint: true });
    write(path.join(directory, '00003-hidden.parquet'));
    // To the nanosecond (Node's utimes rounds to microseconds): only the ctime still tells.
    execFileSync('touch', ['-m', '-d', `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`, directory]);
    expect(fs.statSync(directory, { bigint: true }).mtimeNs).toBe(mtimeNs);
    expect(await relisted()).toBe(1);
  });

  it('should never reuse a directory changed within the racy margin of its reading', async () => {
    const racy = new DirectoryListings(2 ** 20, 60_000);
    const storage = new LocalStorage({ listings: racy });
    await listed(storage, root);
    write(path.join(root, 'day=2024-01-01', '00004-late.parquet'));
    expect(await listed(storage, root)).toEqual(await listed(fresh, root));
    expect([racy.read, racy.reused]).toEqual([8, 0]);
  });

  it('should read again a directory holding a symbolic link, and never reuse names for a listing with sizes', async () => {
    fs.symlinkSync(path.join(root, 'day=2024-01-01', '00000-a.parquet'), path.join(root, 'day=2024-01-03', 'linked.parquet'));
    await settle();
    await listed(kept, root);
    expect(await relisted()).toBe(1);
    write(path.join(root, 'day=2024-01-02', '00000-a.parquet'), 'rewritten in place');
    const reused = listings.reused;
    expect(await listed(kept, root, true)).toEqual(await listed(fresh, root, true));
    expect(listings.reused).toBe(reused);
  });

  it('should keep no more than its byte budget', async () => {
    const tiny = new DirectoryListings(200, 50);
    const storage = new LocalStorage({ listings: tiny });
    await listed(storage, root);
    expect(await listed(storage, root)).toEqual(await listed(fresh, root));
    expect(tiny.reused).toBeLessThan(4);
  });
});
