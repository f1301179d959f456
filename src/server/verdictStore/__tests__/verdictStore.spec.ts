import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Verdict } from '../../../core/api/wire';
import { startMotoServer, type MotoServer } from '../../storage/__tests__/motoServer';
import { S3ObjectWriter } from '../../storage/s3/objectWriter';
import { S3Storage } from '../../storage/s3/s3Storage';
import { StorageError } from '../../storage/storage';
import { HELPER_VERSION } from '../../version';
import { entryLocation, publishedVerdict } from '../entry';
import { refuseInsideTableStorage, storeLocation } from '../location';
import { VerdictPublisher } from '../publisher';
import { VerdictStoreReader } from '../reader';

const METADATA = 'file:///lake/wh/survey/obs/metadata/00002-aa.metadata.json';
const VERDICT: Verdict = {
  table: 'lab.survey.obs',
  status: 'drift',
  snapshot: 5751581745118276653n,
  layout: { kind: 'hive', pruning: 'safe', explanation: 'Hive layout' },
  findings: [{ kind: 'stale-file', cause: 'leftover', path: '/lake/wh/survey/obs/data/region=EU/x.parquet', detail: 'not live', changesRows: true }],
  metadataLocation: METADATA,
  checkedAtMs: 1796192748282
};

describe('verdict store', () => {
  let dir: string;
  let warnings: string[];
  const reader = (location: string, env: NodeJS.ProcessEnv = {}): VerdictStoreReader =>
    new VerdictStoreReader(location, { env, cwd: dir, warn: line => warnings.push(line) });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-store-'));
    warnings = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should publish a verdict atomically under a hash of its metadata location and find it again', async () => {
    const publisher = new VerdictPublisher('store', { env: {}, cwd: dir, producedBy: 'cron@platform' });
    const where = await publisher.publish(VERDICT, METADATA, new Date('2026-12-02T06:00:00Z'));
    expect(where).toBe(entryLocation(path.join(dir, 'store'), METADATA));
    expect(path.basename(where)).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(fs.readdirSync(path.join(dir, 'store'))).toEqual([path.basename(where)]); // no temporary file left
    const entry = await reader(path.join(dir, 'store')).find(METADATA);
    expect(entry).toEqual({ ...VERDICT, producedAt: '2026-12-02T06:00:00.000Z', producedBy: 'cron@platform', helperVersion: HELPER_VERSION });
    expect(publishedVerdict(entry!, 'other.survey.obs')).toEqual({
      ...VERDICT,
      table: 'other.survey.obs',
      published: { producedAt: '2026-12-02T06:00:00.000Z', producedBy: 'cron@platform' }
    });
    // The same metadata spelled with s3a-style doubled slashes or file: forms is the same entry.
    expect(await reader(path.join(dir, 'store')).find('file:///lake//wh/survey/obs/metadata/00002-aa.metadata.json')).not.toBeNull();
    expect(warnings).toEqual([]);
  });

  it('should default producedBy to user@host', () => {
    const publisher = new VerdictPublisher(dir, { env: {}, cwd: '/' });
    expect(publisher.producedBy).toBe(`${os.userInfo().username}@${os.hostname()}`);
  });

  it('should find nothing for another metadata location or a store that does not exist yet', async () => {
    await new VerdictPublisher(dir, { env: {}, cwd: '/' }).publish(VERDICT, METADATA);
    expect(await reader(dir).find('file:///lake/wh/survey/obs/metadata/00003-bb.metadata.json')).toBeNull();
    expect(await reader(path.join(dir, 'missing')).find(METADATA)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('should ignore a corrupt, foreign or incomplete entry with a warning naming it', async () => {
    const where = entryLocation(dir, METADATA);
    const cases: Array<[string, string]> = [
      ['{"table": "lab.survey.obs", "stat', `dual-layout: verdict store: ignoring published verdict ${where} is not valid JSON: `],
      [
        JSON.stringify({
          ...VERDICT,
          snapshot: 1,
          metadataLocation: 'file:///elsewhere/v1.metadata.json',
          producedAt: '2026-12-02T06:00:00Z',
          producedBy: 'a',
          helperVersion: '0.1.0'
        }),
        `dual-layout: verdict store: ignoring published verdict ${where} describes another metadata file than ${METADATA}; checking instead`
      ],
      [
        JSON.stringify({ ...VERDICT, snapshot: 1, producedAt: '2026-12-02T06:00:00Z', helperVersion: '0.1.0' }),
        `dual-layout: verdict store: ignoring published verdict ${where} has no producedBy; checking instead`
      ],
      [
        JSON.stringify({ ...VERDICT, snapshot: 1, status: 'fine', producedAt: '2026-12-02T06:00:00Z', producedBy: 'a', helperVersion: '0.1.0' }),
        `dual-layout: verdict store: ignoring published verdict ${where} has no valid status and findings; checking instead`
      ],
      [
        JSON.stringify({ ...VERDICT, snapshot: 1, producedAt: 'yesterday', producedBy: 'a', helperVersion: '0.1.0' }),
        `dual-layout: verdict store: ignoring published verdict ${where} has a producedAt that is not a time: "yesterday"; checking instead`
      ]
    ];
    for (const [text, warning] of cases) {
      fs.writeFileSync(where, text);
      warnings = [];
      const store = reader(dir);
      expect(await store.find(METADATA)).toBeNull();
      expect(await store.find(METADATA)).toBeNull();
      expect(warnings).toHaveLength(1); // once per entry, however often the sidebar asks
      expect(warnings[0].startsWith(warning)).toBe(true);
    }
  });

  it('should refuse a store inside table storage, naming the area', () => {
    const areas = [
      { what: 'the warehouse of catalog lab', location: 'file:///lake/wh' },
      { what: 'the location of table lab.survey.obs', location: 's3://bucket/tables/obs' }
    ];
    expect(() => refuseInsideTableStorage('/lake/wh/verdicts', areas)).toThrow(
      'refusing to publish verdicts to /lake/wh/verdicts: it lies inside the warehouse of catalog lab (/lake/wh); the verdict store must be outside table storage'
    );
    expect(() => refuseInsideTableStorage('s3://bucket/tables/obs', areas)).toThrow(
      'refusing to publish verdicts to s3://bucket/tables/obs: it lies inside the location of table lab.survey.obs (s3://bucket/tables/obs); the verdict store must be outside table storage'
    );
    expect(() => refuseInsideTableStorage('/lake/verdicts', areas)).not.toThrow();
    expect(() => refuseInsideTableStorage('s3://bucket/tables/obs2', areas)).not.toThrow();
  });

  it('should refuse a store reached through a symbolic link into a warehouse', () => {
    const warehouse = path.join(dir, 'warehouse');
    fs.mkdirSync(warehouse);
    fs.symlinkSync(warehouse, path.join(dir, 'admin'));
    const areas = [{ what: 'the warehouse of catalog lab', location: `file://${warehouse}` }];
    expect(() => refuseInsideTableStorage(path.join(dir, 'admin', 'verdicts', 'nightly'), areas)).toThrow(
      `refusing to publish verdicts to ${dir}/admin/verdicts/nightly: it lies inside the warehouse of catalog lab (${warehouse})`
    );
    expect(() => refuseInsideTableStorage(path.join(dir, 'verdicts'), areas)).not.toThrow();
  });

  it('should refuse locations that cannot hold verdicts', () => {
    expect(() => storeLocation('gs://bucket/v', '/')).toThrow('verdict store gs://bucket/v: only a local folder or an s3://bucket/prefix can hold verdicts');
    expect(() => storeLocation('s3:///v', '/')).toThrow('verdict store s3:///v names no bucket; give s3://bucket/prefix');
    expect(() => storeLocation(' ', '/')).toThrow('the verdict store location is empty; give a folder or an s3://bucket/prefix');
    expect(storeLocation('file:///srv//verdicts/', '/')).toBe('/srv/verdicts');
    expect(storeLocation('verdicts', '/srv')).toBe('/srv/verdicts');
  });
});

describe('verdict store on S3', () => {
  let server: MotoServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startMotoServer();
    await server.enableAuth();
    env = {
      AWS_ENDPOINT_URL_S3: server.endpoint,
      AWS_REGION: server.region,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey
    };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('should PUT the entry with signed requests and read it back through read-only storage', async () => {
    const store = `s3://${server.bucket}/verdicts/nightly`;
    const where = await new VerdictPublisher(store, { env, cwd: '/', producedBy: 'cron@platform' }).publish(VERDICT, METADATA);
    expect(where.startsWith(`${store}/`)).toBe(true);
    const warnings: string[] = [];
    const entry = await new VerdictStoreReader(store, { env, cwd: '/', warn: line => warnings.push(line) }).find(METADATA);
    expect(entry?.producedBy).toBe('cron@platform');
    expect(entry?.findings).toEqual(VERDICT.findings);
    expect(warnings).toEqual([]);
  });

  it('should write only below its own location, and table storage has no write at all', async () => {
    const writer = new S3ObjectWriter(`s3://${server.bucket}/verdicts`, { env });
    const refused = await writer.put(`s3://${server.bucket}/warehouse/t/data/x.json`, new Uint8Array(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).message).toBe(
      `refused to write s3://${server.bucket}/warehouse/t/data/x.json: only objects below s3://${server.bucket}/verdicts are written`
    );
    const storage = new S3Storage({ env });
    expect(Object.getOwnPropertyNames(S3Storage.prototype).filter(name => !name.startsWith('_'))).toEqual(['constructor', 'list', 'read', 'stat']);
    expect((await storage.stat(`s3://${server.bucket}/warehouse/t/data/x.json`)) === null).toBe(true);
  });

  it('should check by itself, warning once, when the store cannot be read', async () => {
    const warnings: string[] = [];
    const store = `s3://${server.forbiddenBucket}/verdicts`;
    const unreadable = new VerdictStoreReader(store, { env, cwd: '/', warn: line => warnings.push(line) });
    expect(await unreadable.find(METADATA)).toBeNull();
    expect(await unreadable.find(METADATA)).toBeNull();
    expect(warnings).toHaveLength(1);
    const entry = entryLocation(store, METADATA);
    expect(warnings[0].startsWith(`dual-layout: verdict store: cannot read ${entry}, checking instead: S3 HeadObject of ${entry} failed: HTTP 403`)).toBe(true);
    expect(warnings[0]).not.toContain(server.secretAccessKey);
  });

  it('should name the object and the server answer when the PUT is refused', async () => {
    const store = `s3://${server.forbiddenBucket}/verdicts`;
    const error = await new VerdictPublisher(store, { env, cwd: '/' }).publish(VERDICT, METADATA).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(new RegExp(`^S3 PutObject of ${store}/[0-9a-f]{64}\\.json failed: HTTP 403 AccessDenied`));
    expect((error as Error).message).not.toContain(server.secretAccessKey);
  });
});
