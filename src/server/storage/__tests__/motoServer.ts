/**
 * The loopback S3 server of tests/fixtures/s3.py (moto), driven from jest.
 * Objects are seeded with unsigned PUTs while authentication is off; then
 * `enableAuth` makes moto verify every SigV4 signature and IAM policy.
 */
import { ChildProcessByStdio, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const REPO = path.resolve(__dirname, '../../../..');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const FIXTURE = path.join(REPO, 'tests', 'fixtures', 's3.py');

export interface MotoServer {
  endpoint: string;
  region: string;
  bucket: string;
  forbiddenBucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** pyiceberg-style properties for this server. */
  properties: Record<string, string>;
  put(key: string, body: string | Uint8Array, bucket?: string): Promise<void>;
  enableAuth(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMotoServer(): Promise<MotoServer> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(PYTHON, [FIXTURE, '--auth'], {
    stdio: ['pipe', 'pipe', 'inherit']
  });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) {
      throw new Error(`${FIXTURE} exited before it was ready (is ${PYTHON} installed?)`);
    }
    return value;
  };
  const info = JSON.parse(await nextLine());
  const encodeKey = (key: string): string => key.split('/').map(encodeURIComponent).join('/');
  return {
    ...info,
    properties: {
      's3.endpoint': info.endpoint,
      's3.region': info.region,
      's3.access-key-id': info.accessKeyId,
      's3.secret-access-key': info.secretAccessKey
    },
    async put(key: string, body: string | Uint8Array, bucket: string = info.bucket): Promise<void> {
      const response = await fetch(`${info.endpoint}/${bucket}/${encodeKey(key)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body
      });
      if (!response.ok) {
        throw new Error(`seeding ${bucket}/${key} failed: HTTP ${response.status}`);
      }
    },
    async enableAuth(): Promise<void> {
      child.stdin.write('\n');
      await nextLine();
    },
    async stop(): Promise<void> {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    }
  };
}
