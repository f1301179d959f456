import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalStorage } from '../local';
import { ObjectInfo, StorageError } from '../storage';

async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of iterable) {
    out.push(info);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

async function refusal(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('LocalStorage', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-storage-')));
    root = path.join(base, 'warehouse');
    outside = path.join(base, 'secret');
    write(path.join(root, 't', 'data', 'region=EU', 'day=2024-01-02', 'a.parquet'), 'aaaa');
    write(path.join(root, 't', 'data', 'region=EU', 'day=2024-01-03', 'b.parquet'), 'bbbbbb');
    write(path.join(root, 't', 'data', 'region=South%20America', 'c.parquet'), 'c');
    write(path.join(root, 't', 'data2', 'd.parquet'), 'dd');
    write(path.join(root, 't', 'metadata', 'v1.metadata.json'), '0123456789');
    write(path.join(outside, 'passwd'), 'top secret');
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  describe('#list', () => {
    it('should list every file below a prefix with sizes, and nothing from a sibling sharing the name', async () => {
      const storage = new LocalStorage({ roots: [root] });
      const files = await collect(storage.list(path.join(root, 't', 'data')));
      expect(files.map(f => [path.relative(root, f.path), f.size])).toEqual([
        ['t/data/region=EU/day=2024-01-02/a.parquet', 4],
        ['t/data/region=EU/day=2024-01-03/b.parquet', 6],
        ['t/data/region=South%20America/c.parquet', 1]
      ]);
      expect(files[0].modifiedMs).toBeGreaterThan(0);
    });

    it('should list the same files with size -1 when sizes are not wanted, still sizing symlinked files', async () => {
      fs.symlinkSync(path.join(root, 't', 'data2', 'd.parquet'), path.join(root, 't', 'data', 'link.parquet'));
      const storage = new LocalStorage({ roots: [root] });
      const files = await collect(storage.list(path.join(root, 't', 'data'), { sizes: false }));
      expect(files.map(f => [path.relative(root, f.path), f.size])).toEqual([
        ['t/data/link.parquet', 2],
        ['t/data/region=EU/day=2024-01-02/a.parquet', -1],
        ['t/data/region=EU/day=2024-01-03/b.parquet', -1],
        ['t/data/region=South%20America/c.parquet', -1]
      ]);
    });
    it('should report paths in the form the prefix was given', async () => {
      const storage = new LocalStorage({ roots: [`file://${root}`] });
      const files = await collect(storage.list(`file://${root}//t/data/region=EU/`));
      expect(files.map(f => f.path)).toEqual([
        `file://${root}/t/data/region=EU/day=2024-01-02/a.parquet`,
        `file://${root}/t/data/region=EU/day=2024-01-03/b.parquet`
      ]);
    });

    it('should yield nothing for a missing prefix and the file itself for a file prefix', async () => {
      const storage = new LocalStorage({ roots: [root] });
      expect(await collect(storage.list(path.join(root, 'nope')))).toEqual([]);
      const single = await collect(storage.list(path.join(root, 't', 'metadata', 'v1.metadata.json')));
      expect(single.map(f => f.size)).toEqual([10]);
    });

    it('should list many files across many directories', async () => {
      const many = path.join(root, 'many');
      for (let d = 0; d < 50; d++) {
        for (let f = 0; f < 40; f++) {
          write(path.join(many, `k=${d}`, `f${f}.parquet`), 'x'.repeat(f));
        }
      }
      const files = await collect(new LocalStorage({ roots: [root] }).list(many));
      expect(files).toHaveLength(2000);
      expect(files.reduce((sum, f) => sum + f.size, 0)).toBe(50 * ((39 * 40) / 2));
    });

    it('should not descend a symlinked directory inside the roots unless asked, as Dask does not', async () => {
      fs.symlinkSync(path.join(root, 't', 'data2'), path.join(root, 't', 'data', 'linked-inside'));
      const storage = new LocalStorage({ roots: [root] });
      const names = async (options = {}) =>
        (await collect(storage.list(path.join(root, 't', 'data'), options))).map(f => path.relative(path.join(root, 't', 'data'), f.path));
      expect(await names()).not.toContain('linked-inside/d.parquet');
      expect(await names()).toHaveLength(3);
      expect(await names({ followDirectoryLinks: true })).toContain('linked-inside/d.parquet');
    });

    it('should not descend a symlinked directory that points outside, as Dask does not', async () => {
      fs.symlinkSync(outside, path.join(root, 't', 'data', 'linked-outside'));
      const files = await collect(new LocalStorage({ roots: [root] }).list(path.join(root, 't', 'data')));
      expect(files.some(f => f.path.includes('linked-outside'))).toBe(false);
      expect(files).toHaveLength(3);
    });

    it('should refuse to list a folder holding a symlinked file that points outside, naming the link', async () => {
      const link = path.join(root, 't', 'data', 'passwd.parquet');
      fs.symlinkSync(path.join(outside, 'passwd'), link);
      const error = await refusal(collect(new LocalStorage({ roots: [root] }).list(path.join(root, 't', 'data'))));
      expect(error.reason).toBe('outside-roots');
      expect(error.path).toBe(link);
      expect(error.message).toBe(
        `refusing to list ${link}: it is a symbolic link to a file outside the allowed locations, which Dask would read (allowed: ${root})`
      );
    });

    it('should end on a symlink cycle', async () => {
      fs.symlinkSync(path.join(root, 't'), path.join(root, 't', 'data', 'region=EU', 'loop'));
      fs.symlinkSync(path.join(root, 't', 'data'), path.join(root, 't', 'data2', 'back'));
      const files = await collect(new LocalStorage({ roots: [root] }).list(path.join(root, 't', 'data'), { followDirectoryLinks: true }));
      expect(files.length).toBeLessThan(20);
    });

    it('should refuse a prefix outside the roots', async () => {
      const storage = new LocalStorage({ roots: [root] });
      const error = await refusal(collect(storage.list(outside)));
      expect(error.reason).toBe('outside-roots');
      expect(error.message).toContain(outside);
    });
  });

  describe('#read', () => {
    it('should read a whole file and byte ranges of it', async () => {
      const storage = new LocalStorage({ roots: [root] });
      const file = path.join(root, 't', 'metadata', 'v1.metadata.json');
      expect(Buffer.from(await storage.read(file)).toString()).toBe('0123456789');
      expect(Buffer.from(await storage.read(`file://${file}`, { offset: 2, length: 3 })).toString()).toBe('234');
      expect(Buffer.from(await storage.read(file, { offset: 8, length: 10 })).toString()).toBe('89');
      expect(await storage.read(file, { offset: 20, length: 4 })).toHaveLength(0);
      expect(await storage.read(file, { offset: 0, length: 0 })).toHaveLength(0);
    });

    it('should name the file when it is missing', async () => {
      const missing = path.join(root, 't', 'metadata', 'v9.metadata.json');
      const error = await refusal(new LocalStorage({ roots: [root] }).read(missing));
      expect(error.reason).toBe('not-found');
      expect(error.message).toContain(missing);
      expect(error.path).toBe(missing);
    });

    it('should reject an invalid range', async () => {
      const file = path.join(root, 't', 'metadata', 'v1.metadata.json');
      const error = await refusal(new LocalStorage().read(file, { offset: -1, length: 2 }));
      expect(error.message).toContain('invalid byte range');
    });

    it('should refuse relative paths and other schemes', async () => {
      const storage = new LocalStorage();
      expect((await refusal(storage.read('t/metadata/v1.metadata.json'))).reason).toBe('unsupported');
      expect((await refusal(storage.read('s3://bucket/key'))).message).toContain('not a local path');
    });
  });

  describe('confinement', () => {
    const escapes: Array<[string, (root: string) => string]> = [
      ['a .. traversal', r => `${r}/t/../../secret/passwd`],
      ['a file URI traversal', r => `file://${r}/t/metadata/../../../secret/passwd`],
      ['an encoded traversal', r => `${r}/t/%2e%2e/%2E%2E/secret/passwd`],
      ['encoded separators', r => `${r}/t%2F..%2F..%2Fsecret%2Fpasswd`],
      ['a sibling sharing the root name', r => `${r}-other/passwd`]
    ];

    it.each(escapes)('should refuse %s', async (_, make) => {
      const storage = new LocalStorage({ roots: [root] });
      const location = make(root);
      const attempts = [() => storage.read(location), () => storage.stat(location), () => collect(storage.list(location))];
      for (const attempt of attempts) {
        const error = await refusal(attempt());
        expect(error.reason).toBe('outside-roots');
        expect(error.message).toContain(location);
        expect(error.path).toBe(location);
      }
    });

    it('should refuse a symlinked file or directory that points outside', async () => {
      fs.symlinkSync(path.join(outside, 'passwd'), path.join(root, 't', 'data', 'evil.parquet'));
      fs.symlinkSync(outside, path.join(root, 't', 'evil-dir'));
      const storage = new LocalStorage({ roots: [root] });
      for (const location of [path.join(root, 't', 'data', 'evil.parquet'), path.join(root, 't', 'evil-dir', 'passwd')]) {
        const error = await refusal(storage.read(location));
        expect(error.message).toContain('symbolic link');
        expect(await refusal(storage.stat(location))).toBeInstanceOf(StorageError);
      }
    });

    it('should allow a .. that stays inside and a symlink that stays inside', async () => {
      fs.symlinkSync(path.join(root, 't', 'metadata'), path.join(root, 'meta-link'));
      const storage = new LocalStorage({ roots: [root] });
      const viaDots = await storage.read(`${root}/t/data/../metadata/v1.metadata.json`);
      const viaLink = await storage.stat(path.join(root, 'meta-link', 'v1.metadata.json'));
      expect(Buffer.from(viaDots).toString()).toBe('0123456789');
      expect(viaLink?.size).toBe(10);
    });

    it('should accept a root that is itself reached through a symlink', async () => {
      const alias = path.join(base, 'alias');
      fs.symlinkSync(root, alias);
      const storage = new LocalStorage({ roots: [alias] });
      expect((await storage.stat(path.join(alias, 't', 'metadata', 'v1.metadata.json')))?.size).toBe(10);
      expect(await collect(storage.list(path.join(alias, 't', 'data2')))).toEqual([
        expect.objectContaining({ path: path.join(alias, 't', 'data2', 'd.parquet'), size: 2 })
      ]);
    });

    it('should compare whole segments: a root does not admit a sibling that extends its name', async () => {
      write(path.join(`${root}2`, 'x.parquet'), 'x');
      const storage = new LocalStorage({ roots: [root] });
      for (const location of [path.join(`${root}2`, 'x.parquet'), `file://${root}2/x.parquet`, `${root}/../${path.basename(root)}2/x.parquet`]) {
        expect((await refusal(storage.read(location))).reason).toBe('outside-roots');
      }
    });

    it.each(['/', 'file:///', '/etc', '/etc/iceberg', '/usr', '/home', '/root', os.homedir()])(
      'should refuse %s as a root before reading anything',
      async broad => {
        const storage = new LocalStorage({ roots: [broad] });
        const error = await refusal(storage.read('/etc/passwd'));
        expect(error.reason).toBe('outside-roots');
        expect(error.message).toMatch(/is no root, as it (is|holds)/);
      }
    );

    it('should refuse a root that is a symlink to a system directory', async () => {
      const alias = path.join(base, 'etc-alias');
      fs.symlinkSync('/etc', alias);
      const error = await refusal(new LocalStorage({ roots: [alias] }).read(path.join(alias, 'passwd')));
      expect(error.reason).toBe('outside-roots');
    });

    it('should refuse everything when the roots are empty', async () => {
      const error = await refusal(new LocalStorage({ roots: [] }).stat(path.join(root, 't')));
      expect(error.message).toContain('none configured');
    });

    it('should ignore roots of other schemes', async () => {
      const storage = new LocalStorage({ roots: ['s3://bucket/warehouse', root] });
      expect((await refusal(storage.stat('/bucket/warehouse/x'))).reason).toBe('outside-roots');
    });
  });

  describe('#stat', () => {
    it('should give size for a file and null for a missing file or a directory', async () => {
      const storage = new LocalStorage({ roots: [root] });
      expect(await storage.stat(path.join(root, 't', 'data2', 'd.parquet'))).toEqual(
        expect.objectContaining({ path: path.join(root, 't', 'data2', 'd.parquet'), size: 2 })
      );
      expect(await storage.stat(path.join(root, 't', 'missing.parquet'))).toBeNull();
      expect(await storage.stat(path.join(root, 't', 'data2'))).toBeNull();
      expect(await storage.stat(path.join(root, 't', 'data2', 'd.parquet', 'below-a-file'))).toBeNull();
    });
  });
});
