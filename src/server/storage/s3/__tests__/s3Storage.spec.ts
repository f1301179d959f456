import { startMotoServer, MotoServer } from '../../__tests__/motoServer';
import { ObjectInfo, StorageError } from '../../storage';
import { S3Storage } from '../s3Storage';

async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of iterable) {
    out.push(info);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

/** Keys that exercise signing and listing encodings: spaces, plus, unicode, a literal %2F, equals. */
const AWKWARD_KEYS = [
  'awkward/region=South America/a b.parquet',
  'awkward/region=a%2Fb/c+d.parquet',
  'awkward/région=Zürich/日本.parquet',
  "awkward/k=(x)!*'~/e.parquet"
];
// k=0 holds more than one 1,000-key page, so parallel listings page too.
const BIG_FILES = 1500;
const bigKey = (i: number): string => `big/k=${i < 1100 ? 0 : 1 + (i % 3)}/part-${String(i).padStart(5, '0')}.parquet`;

describe('S3Storage', () => {
  let server: MotoServer;
  let storage: S3Storage;

  beforeAll(async () => {
    server = await startMotoServer();
    const seeds: Array<[string, string]> = [
      ['wh/t/metadata/v1.metadata.json', '0123456789'],
      ['wh/t/data/region=EU/a.parquet', 'aaaa'],
      ['wh/t/data2/sibling.parquet', 'sibling'],
      ...AWKWARD_KEYS.map((key, i): [string, string] => [key, 'x'.repeat(i + 1)]),
      ...Array.from({ length: BIG_FILES }, (_, i): [string, string] => [bigKey(i), 'y'.repeat(i % 13)])
    ];
    for (let i = 0; i < seeds.length; i += 32) {
      await Promise.all(seeds.slice(i, i + 32).map(([key, body]) => server.put(key, body)));
    }
    await server.put('secret.txt', 'not yours', server.forbiddenBucket);
    await server.enableAuth();
    storage = new S3Storage({ properties: server.properties, env: {}, retryBaseMs: 1 });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  describe('#list', () => {
    it('should page beyond 1,000 keys and give every size, listing prefixes in parallel', async () => {
      const files = await collect(storage.list(`s3://${server.bucket}/big`));
      expect(files).toHaveLength(BIG_FILES);
      expect(files[0]).toEqual(expect.objectContaining({ path: `s3://${server.bucket}/${bigKey(0)}`, size: 0 }));
      expect(files.reduce((sum, f) => sum + f.size, 0)).toBe(Array.from({ length: BIG_FILES }, (_, i) => i % 13).reduce((a, b) => a + b, 0));
      expect(files[0].modifiedMs).toBeGreaterThan(0);
    });

    it('should list the same objects sequentially as in parallel', async () => {
      const sequential = new S3Storage({ properties: server.properties, env: {}, listConcurrency: 1 });
      const parallel = new S3Storage({ properties: server.properties, env: {}, listConcurrency: 3 });
      const [a, b] = await Promise.all([collect(sequential.list(`s3://${server.bucket}/big/`)), collect(parallel.list(`s3://${server.bucket}/big/`))]);
      expect(a.map(f => f.path)).toEqual(b.map(f => f.path));
      expect(a).toHaveLength(BIG_FILES);
    });

    it('should treat the prefix as a directory and report the scheme it was given', async () => {
      const files = await collect(storage.list(`s3a://${server.bucket}/wh//t/data/`));
      expect(files.map(f => [f.path, f.size])).toEqual([[`s3a://${server.bucket}/wh/t/data/region=EU/a.parquet`, 4]]);
    });

    it('should round-trip keys with spaces, plus signs, unicode and escapes', async () => {
      const files = await collect(storage.list(`s3://${server.bucket}/awkward`));
      expect(files.map(f => f.path)).toEqual(AWKWARD_KEYS.map(k => `s3://${server.bucket}/${k}`).sort());
      for (const file of files) {
        const bytes = await storage.read(file.path);
        expect(bytes).toHaveLength(file.size);
      }
    });

    it('should yield an object named by the prefix itself, and nothing for a missing prefix', async () => {
      const single = await collect(storage.list(`s3://${server.bucket}/wh/t/metadata/v1.metadata.json`));
      expect(single.map(f => f.size)).toEqual([10]);
      expect(await collect(storage.list(`s3://${server.bucket}/nothing-here`))).toEqual([]);
    });
  });

  describe('#read', () => {
    const file = (): string => `s3://${server.bucket}/wh/t/metadata/v1.metadata.json`;

    it('should read a whole object and byte ranges of it', async () => {
      expect(Buffer.from(await storage.read(file())).toString()).toBe('0123456789');
      expect(Buffer.from(await storage.read(file(), { offset: 3, length: 4 })).toString()).toBe('3456');
      expect(Buffer.from(await storage.read(file(), { offset: 7, length: 10 })).toString()).toBe('789');
      expect(await storage.read(file(), { offset: 50, length: 4 })).toHaveLength(0);
      expect(await storage.read(file(), { offset: 0, length: 0 })).toHaveLength(0);
    });

    it('should name the operation, bucket and key of a missing object', async () => {
      const missing = `s3://${server.bucket}/wh/t/metadata/v9.metadata.json`;
      const error = await failure(storage.read(missing));
      expect(error.reason).toBe('not-found');
      expect(error.path).toBe(missing);
      expect(error.message).toContain('GetObject');
      expect(error.message).toContain(missing);
      expect(error.message).toContain('NoSuchKey');
    });

    it('should say access is denied for a bucket the credentials may not read', async () => {
      const forbidden = `s3://${server.forbiddenBucket}/secret.txt`;
      const error = await failure(storage.read(forbidden));
      expect(error.reason).toBe('forbidden');
      expect(error.message).toMatch(/GetObject of s3:\/\/forbidden\/secret\.txt failed: HTTP 403 AccessDenied/);
      const listing = await failure(collect(storage.list(`s3://${server.forbiddenBucket}/`)));
      expect(listing.message).toContain('ListObjectsV2');
    });

    it('should never put a secret, a signature or a signed URL in its errors', async () => {
      const wrongSecret = 'wrongSecretKeyThatMustNotLeak/0123456789abcdef';
      const file = `s3://${server.bucket}/wh/t/metadata/v1.metadata.json`;
      const impostor = new S3Storage({ properties: { ...server.properties, 's3.secret-access-key': wrongSecret }, env: {} });
      const withToken = new S3Storage({ properties: { ...server.properties, 's3.session-token': 'tokenThatMustNotLeak' }, env: {} });
      const errors = [
        await failure(impostor.read(file)),
        await failure(impostor.stat(file)),
        await failure(collect(impostor.list(`s3://${server.bucket}/wh`))),
        await failure(withToken.read(file)),
        await failure(storage.read(`s3://${server.forbiddenBucket}/secret.txt`))
      ];
      expect(errors.map(e => e.message.match(/HTTP \d+ (\w+)/)?.[1])).toEqual([
        'SignatureDoesNotMatch',
        'Forbidden', // HEAD answers carry no body, hence no code: the status text stands in
        'SignatureDoesNotMatch',
        'InvalidToken',
        'AccessDenied'
      ]);
      for (const error of errors) {
        const text = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
        for (const secret of [wrongSecret, 'tokenThatMustNotLeak', server.secretAccessKey, server.accessKeyId]) {
          expect(text).not.toContain(secret);
        }
        expect(text).not.toMatch(/Signature=|X-Amz-Signature|AWS4-HMAC-SHA256|StringToSign/i);
        expect(error.reason).toBe('forbidden');
      }
    });
  });

  describe('#stat', () => {
    it('should give the size of an object and null for a missing one', async () => {
      const info = await storage.stat(`s3n://${server.bucket}/wh/t/data/region=EU/a.parquet`);
      expect(info).toEqual(expect.objectContaining({ path: `s3n://${server.bucket}/wh/t/data/region=EU/a.parquet`, size: 4 }));
      expect(info?.modifiedMs).toBeGreaterThan(0);
      expect(await storage.stat(`s3://${server.bucket}/wh/t/data/region=EU/missing.parquet`)).toBeNull();
    });
  });

  describe('confinement', () => {
    it('should refuse locations outside the configured roots before any request', async () => {
      const confined = new S3Storage({ properties: server.properties, env: {}, roots: [`s3a://${server.bucket}/wh/t`] });
      expect((await confined.stat(`s3://${server.bucket}/wh/t/metadata/v1.metadata.json`))?.size).toBe(10);
      for (const outside of [
        `s3://${server.bucket}/wh/t2/x`,
        `s3://${server.bucket}/wh/t/../t2/x`,
        `s3://${server.bucket}/wh/t/%2e%2e/%2e%2e/secret`,
        `s3://${server.forbiddenBucket}/secret.txt`
      ]) {
        const error = await failure(confined.read(outside));
        expect(error.reason).toBe('outside-roots');
        expect(error.message).toContain(outside);
      }
    });
  });
});
