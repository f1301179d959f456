/**
 * Which vended credential reads a file, and when it is refreshed: the pure
 * rules, then `VendedStorage` reading real local files with a clock the
 * test moves (local storage ignores the keys, so what is observed is the
 * choice of credential, the refreshes and the messages).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SecretScrubber } from '../../config/secrets';
import { credentialFor, expiresAtMs, REFRESH_MARGIN_MS, REFRESH_RETRY_MS, refreshDueAtMs, VendedCredentials, VendedStorage } from '../restCredentials';

describe('credentialFor', () => {
  const credentials = [
    { prefix: 's3://lake/', config: { 's3.access-key-id': 'broad' } },
    { prefix: 's3://lake/sci/obs/', config: { 's3.access-key-id': 'narrow' } },
    { prefix: 's3://lake/sci/', config: { 's3.access-key-id': 'middle' } }
  ];

  it('should pick the longest prefix of the location', () => {
    expect(credentialFor(credentials, 's3://lake/sci/obs/data/part-0.parquet')?.config['s3.access-key-id']).toBe('narrow');
    expect(credentialFor(credentials, 's3://lake/sci/other/x.parquet')?.config['s3.access-key-id']).toBe('middle');
    expect(credentialFor(credentials, 's3://lake/top.parquet')?.config['s3.access-key-id']).toBe('broad');
  });

  it('should return null when no prefix covers the location', () => {
    expect(credentialFor(credentials, 's3://other/sci/obs/x.parquet')).toBeNull();
    expect(credentialFor([], 's3://lake/x')).toBeNull();
  });
});

describe('expiresAtMs', () => {
  it('should read the earliest of the expiry properties', () => {
    expect(expiresAtMs({ 's3.session-token-expires-at-ms': '2000', 'expiration-time': '1500' })).toBe(1500);
    expect(expiresAtMs({ 'adls.sas-token-expires-at-ms.acct': '900' })).toBe(900);
  });

  it('should ignore missing, empty and non-numeric values', () => {
    expect(expiresAtMs({ 's3.session-token': 'abc' })).toBeUndefined();
    expect(expiresAtMs({ 'expiration-time': '' })).toBeUndefined();
    expect(expiresAtMs({ 'expiration-time': 'soon' })).toBeUndefined();
  });
});

describe('refreshDueAtMs', () => {
  it('should refresh five minutes before a long-lived credential expires', () => {
    const hour = 60 * 60 * 1000;
    expect(refreshDueAtMs(hour, 0)).toBe(hour - REFRESH_MARGIN_MS);
  });

  it('should refresh a short-lived credential halfway through its life', () => {
    expect(refreshDueAtMs(61_000, 1_000)).toBe(31_000);
  });

  it('should refresh at once a credential that arrived expired', () => {
    expect(refreshDueAtMs(500, 1_000)).toBe(500);
  });
});

describe('VendedStorage', () => {
  let root: string;
  let file: string;
  let clock: number;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-vended-'));
    fs.mkdirSync(path.join(root, 'tbl', 'data'), { recursive: true });
    file = path.join(root, 'tbl', 'data', 'part-0.parquet');
    fs.writeFileSync(file, 'PAR1');
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  beforeEach(() => {
    clock = 1_000_000;
  });

  function vended(token: string, expiresAt: number, prefix = path.join(root, 'tbl')): VendedCredentials {
    return {
      config: {},
      storageCredentials: [{ prefix, config: { 's3.session-token': token, 's3.session-token-expires-at-ms': String(expiresAt) } }]
    };
  }

  function storage(initial: VendedCredentials, refresh: () => Promise<VendedCredentials>, scrubber = new SecretScrubber()): VendedStorage {
    return new VendedStorage({
      catalog: 'vend',
      table: 'vend.sci.obs',
      properties: {},
      credentials: initial,
      refresh,
      scrubber,
      roots: [root],
      now: () => clock
    });
  }

  it('should not refresh credentials that are far from expiry', async () => {
    const refresh = jest.fn(async () => vended('token-2', clock + 3_600_000));
    const tableStorage = storage(vended('token-1', clock + 3_600_000), refresh);
    expect(Buffer.from(await tableStorage.read(file)).toString()).toBe('PAR1');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('should refresh once, for concurrent reads, when the refresh time has come', async () => {
    const refresh = jest.fn(async () => vended('token-2', clock + 3_600_000));
    const tableStorage = storage(vended('token-1', clock + 60_000), refresh);
    clock += 31_000;
    await Promise.all([tableStorage.read(file), tableStorage.stat(file), tableStorage.read(file)]);
    expect(refresh).toHaveBeenCalledTimes(1);
    await tableStorage.read(file);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('should keep reading with credentials not yet expired when a refresh fails', async () => {
    const refresh = jest.fn(async (): Promise<VendedCredentials> => {
      throw new Error('HTTP 503');
    });
    const tableStorage = storage(vended('token-1', clock + 60_000), refresh);
    clock += 40_000;
    expect(Buffer.from(await tableStorage.read(file)).toString()).toBe('PAR1');
    await tableStorage.read(file);
    expect(refresh).toHaveBeenCalledTimes(1);
    clock += REFRESH_RETRY_MS;
    await tableStorage.read(file);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('should name the catalog and table, and no secret, when expired credentials cannot be refreshed', async () => {
    const scrubber = new SecretScrubber();
    const tableStorage = storage(
      vended('session-token-0123456789', clock + 60_000),
      async () => {
        throw new Error('the server answered HTTP 403 for session-token-0123456789');
      },
      scrubber
    );
    clock += 61_000;
    const error = await tableStorage.read(file).then(
      () => null,
      (e: Error) => e
    );
    expect(error?.message).toMatch(
      /^REST catalog 'vend', table 'vend\.sci\.obs': the storage credentials the catalog vended for .*part-0\.parquet expired at 1970-01-01T00:17:40\.000Z and could not be refreshed: the server answered HTTP 403 for \*\*\*$/
    );
    expect(scrubber.scrub('leak session-token-0123456789')).toBe('leak ***');
  });

  it('should say which prefixes were vended when a file outside them cannot be read', async () => {
    const tableStorage = storage(vended('token-1', clock + 3_600_000, path.join(root, 'elsewhere')), async () => vended('token-2', clock + 3_600_000));
    const missing = path.join(root, 'tbl', 'data', 'missing.parquet');
    await expect(tableStorage.read(missing)).rejects.toThrow(
      `REST catalog 'vend', table 'vend.sci.obs': ${missing} is not under any prefix the catalog vended storage credentials for (${path.join(root, 'elsewhere')}), so it was read with the table's config and failed:`
    );
  });
});
