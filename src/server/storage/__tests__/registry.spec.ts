import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalStorage } from '../local';
import { resolveStorage, StorageRouter } from '../registry';
import { S3Storage } from '../s3/s3Storage';
import { StorageError } from '../storage';

describe('resolveStorage', () => {
  it.each([
    ['/tmp/wh/t', LocalStorage],
    ['file:///tmp/wh/t', LocalStorage],
    ['file:/tmp/wh/t', LocalStorage],
    ['s3://b/wh', S3Storage],
    ['s3a://b/wh', S3Storage],
    ['S3N://b/wh', S3Storage]
  ])('should read %s with %p', (uri, kind) => {
    expect(resolveStorage(uri, {}, { env: {} })).toBeInstanceOf(kind);
  });

  it.each([
    ['gs://bucket/wh', 'Google Cloud Storage (gs://) is not supported yet'],
    ['abfss://c@acct.dfs.core.windows.net/wh', 'Azure Data Lake Storage (abfss://) is not supported yet'],
    ['hdfs://nn:8020/wh', 'HDFS (hdfs://) is not supported yet'],
    ['weird://x/y', "unknown scheme 'weird:'"]
  ])('should refuse %s clearly', (uri, message) => {
    let error: unknown;
    try {
      resolveStorage(uri);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toBe(`cannot read ${uri}: ${message}; supported: local paths, file://, s3://, s3a://, s3n://`);
    expect((error as StorageError).reason).toBe('unsupported');
  });

  it('should turn bad S3 settings into a StorageError naming the location', () => {
    expect(() => resolveStorage('s3://b/k', { 's3.endpoint': 'ftp://x' }, { env: {} })).toThrow(
      'cannot read s3://b/k: s3.endpoint must be http or https, not ftp:'
    );
  });
});

describe('StorageRouter', () => {
  let root: string;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-router-')));
    fs.writeFileSync(path.join(root, 'f.txt'), 'hello');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('#read', () => {
    it('should route by scheme and keep the roots', async () => {
      const router = new StorageRouter({ roots: [root, 's3://b/wh'], env: {} });
      expect(Buffer.from(await router.read(`file://${root}/f.txt`)).toString()).toBe('hello');
      await expect(router.read('/etc/hostname')).rejects.toThrow(/outside the allowed locations/);
      await expect(router.stat('s3a://b/elsewhere/x')).rejects.toThrow(/outside the allowed locations/);
      expect(router.storageFor('/x')).toBe(router.storageFor('file:///y'));
    });
  });

  describe('#list', () => {
    it('should fail inside the iteration for an unsupported scheme', async () => {
      const iterator = new StorageRouter().list('gs://b/x')[Symbol.asyncIterator]();
      await expect(iterator.next()).rejects.toThrow(/not supported yet/);
    });
  });
});
