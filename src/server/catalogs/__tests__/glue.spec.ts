import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signRequest, sha256Hex } from '../../aws/sigv4';
import { CatalogError, CatalogTimeoutError } from '../catalog';
import { GlueCatalog } from '../glue';
import { GlueClient, GlueRequestError, GlueSettings, resolveGlueSettings } from '../glueClient';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const SETTINGS: GlueSettings = { endpoint: new URL('https://glue.eu-west-1.amazonaws.com'), region: 'eu-west-1', credentials: KEYS };

interface Sent {
  target: string;
  body: Record<string, unknown>;
}

/**
 * Glue's answers in order, for what moto cannot show: its GetDatabases and GetTables return
 * everything at once (no NextToken), while AWS's Glue pages them.
 */
function scripted(answers: Array<{ status?: number; body: string; headers?: Record<string, string> }>, sent: Sent[]): typeof fetch {
  return (async (_url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    sent.push({ target: headers['x-amz-target'], body: JSON.parse(init.body as string) });
    const answer = answers.shift();
    if (!answer) {
      throw new Error('no more answers');
    }
    return new Response(answer.body, { status: answer.status ?? 200, headers: answer.headers });
  }) as unknown as typeof fetch;
}

describe('Glue', () => {
  describe('signRequest', () => {
    it("should sign a Glue JSON request as botocore's SigV4Auth does", () => {
      // botocore 1.43's SigV4Auth("glue", "eu-west-1").add_auth on the same request, at the same instant.
      const body = '{"DatabaseName":"sci","NextToken":"page 2/="}';
      const headers = signRequest(
        {
          method: 'POST',
          host: 'glue.eu-west-1.amazonaws.com',
          path: '/',
          query: [],
          headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSGlue.GetTables' },
          payloadSha256: sha256Hex(body)
        },
        KEYS,
        { service: 'glue', region: 'eu-west-1' },
        new Date('2026-12-02T06:00:00Z')
      );
      expect(headers.authorization).toBe(
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-1/glue/aws4_request, ' +
          'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ' +
          'Signature=e5d2b5c62006c9ef39f64e56bf23094fafc5d8bfa7339186645fb036a849899c'
      );
      expect(headers['x-amz-security-token']).toBe('session-token-example');
    });
  });

  describe('GlueClient.paged', () => {
    it('should follow NextToken to the last page and send CatalogId with every request', async () => {
      const sent: Sent[] = [];
      const fetchImpl = scripted(
        [
          { body: JSON.stringify({ DatabaseList: [{ Name: 'a' }], NextToken: 't1' }) },
          { body: JSON.stringify({ DatabaseList: [{ Name: 'b' }, { Name: 'c' }], NextToken: 't2' }) },
          { body: JSON.stringify({ DatabaseList: [{ Name: 'd' }] }) }
        ],
        sent
      );
      const client = new GlueClient({ ...SETTINGS, catalogId: '123456789012' }, 1000, fetchImpl);
      const names = (await client.paged('GetDatabases', {}, 'DatabaseList')).map(d => d.Name);
      expect(names).toEqual(['a', 'b', 'c', 'd']);
      expect(sent).toEqual([
        { target: 'AWSGlue.GetDatabases', body: { CatalogId: '123456789012' } },
        { target: 'AWSGlue.GetDatabases', body: { CatalogId: '123456789012', NextToken: 't1' } },
        { target: 'AWSGlue.GetDatabases', body: { CatalogId: '123456789012', NextToken: 't2' } }
      ]);
    });

    it('should stop when Glue hands out the same token twice', async () => {
      const page = { body: JSON.stringify({ TableList: [{ Name: 't' }], NextToken: 'again' }) };
      const client = new GlueClient(SETTINGS, 1000, scripted([page, page, page], []));
      await expect(client.paged('GetTables', { DatabaseName: 'sci' }, 'TableList')).rejects.toThrow(
        'Glue GetTables handed out the same NextToken twice; stopped paging'
      );
    });

    it('should give up at the first timeout, as a timeout of the catalog', async () => {
      let calls = 0;
      const hanging = (async () => {
        calls++;
        throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      }) as unknown as typeof fetch;
      const properties = { 'glue.region': 'eu-west-1', 'glue.access-key-id': 'K', 'glue.secret-access-key': 'S', 'glue.endpoint': 'http://127.0.0.1:9' };
      const catalog = new GlueCatalog('slow', properties, { env: {}, home: os.tmpdir(), timeoutMs: 250, fetch: hanging });
      const failure = catalog.listNamespaces();
      await expect(failure).rejects.toBeInstanceOf(CatalogTimeoutError);
      await expect(failure).rejects.toThrow(
        "Glue catalog 'slow' could not list databases: Glue GetDatabases at http://127.0.0.1:9 failed: no answer within 0.25 s"
      );
      expect(calls).toBe(1);
    });

    it("should name Glue's error type without its namespace, and retry throttling", async () => {
      const sent: Sent[] = [];
      const client = new GlueClient(
        SETTINGS,
        1000,
        scripted(
          [
            { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) },
            { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.glue#EntityNotFoundException', Message: 'Database nope not found.' }) }
          ],
          sent
        )
      );
      const failure = client.call('GetTables', { DatabaseName: 'nope' });
      await expect(failure).rejects.toThrow(
        new GlueRequestError(
          'Glue GetTables at https://glue.eu-west-1.amazonaws.com failed: HTTP 400 EntityNotFoundException: Database nope not found.',
          'GetTables',
          'EntityNotFoundException',
          400
        )
      );
      expect(sent).toHaveLength(2);
    });
  });

  describe('resolveGlueSettings', () => {
    let home: string;

    beforeEach(() => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-glue-'));
      fs.mkdirSync(path.join(home, '.aws'));
      fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[science]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile/secret\n');
      fs.writeFileSync(path.join(home, '.aws', 'config'), '[profile science]\nregion = ap-south-1\n');
    });

    afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

    it('should take each setting from glue.* before client.*, as pyiceberg hands them to boto3', () => {
      const settings = resolveGlueSettings(
        {
          'glue.region': 'eu-west-1',
          'client.region': 'us-east-2',
          'client.access-key-id': 'CLIENTKEY',
          'glue.secret-access-key': 'glue/secret',
          'client.secret-access-key': 'client/secret',
          'glue.id': '123456789012'
        },
        { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'env/secret' },
        home
      );
      expect(settings).toEqual({
        endpoint: new URL('https://glue.eu-west-1.amazonaws.com'),
        region: 'eu-west-1',
        credentials: { accessKeyId: 'CLIENTKEY', secretAccessKey: 'glue/secret', sessionToken: undefined },
        catalogId: '123456789012'
      });
    });

    it('should fall back to the AWS variables, then to the profile a property names', () => {
      const env = {
        AWS_REGION: 'eu-north-1',
        AWS_ACCESS_KEY_ID: 'ENVKEY',
        AWS_SECRET_ACCESS_KEY: 'env/secret',
        AWS_ENDPOINT_URL_GLUE: 'http://127.0.0.1:5000'
      };
      const fromEnv = resolveGlueSettings({}, env, home);
      expect(fromEnv.credentials.accessKeyId).toBe('ENVKEY');
      expect(fromEnv.region).toBe('eu-north-1');
      expect(fromEnv.endpoint.href).toBe('http://127.0.0.1:5000/');
      const fromProfile = resolveGlueSettings({ 'glue.profile-name': 'science' }, { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'env/secret' }, home);
      expect(fromProfile.credentials.accessKeyId).toBe('PROFILEKEY');
      expect(fromProfile.region).toBe('ap-south-1');
    });

    it.each([
      [{ 'glue.access-key-id': 'K' }, { AWS_REGION: 'eu-west-1' }, 'an access key id is configured without its secret access key'],
      [{ 'glue.access-key-id': 'K', 'glue.secret-access-key': 'S' }, {}, 'no AWS region is configured: set glue.region'],
      [{ 'glue.region': 'eu-west-1' }, {}, 'no AWS credentials found'],
      [
        { 'glue.region': 'eu-west-1', 'glue.access-key-id': 'K', 'glue.secret-access-key': 'S', 'glue.endpoint': 'http://u:p@h' },
        {},
        'must not contain credentials'
      ]
    ])('should refuse %j with a message saying what to set', (properties, env, message) => {
      expect(() => resolveGlueSettings(properties, env, home)).toThrow(message);
    });

    it("should make a catalog whose settings cannot work fail with an error naming it and no key's value", () => {
      const make = () => new GlueCatalog('lake', { 'glue.access-key-id': 'AKIDLEAKED', 'glue.region': 'eu-west-1' }, { env: {}, home });
      expect(make).toThrow(CatalogError);
      expect(make).toThrow("Glue catalog 'lake': an access key id is configured without its secret access key");
    });
  });
});
