/**
 * Listing a partitioned tree on S3: delimiter listings of the top levels, then each partition
 * prefix listed side by side (bounded), retrying throttling and dropped connections. Against a
 * loopback HTTP server that answers ListObjectsV2 from an in-memory tree (moto cannot be made to
 * throttle), so every request is a real signed HTTP request and the server sees what we send.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Storage } from '../s3Storage';
import { StorageError } from '../../storage';

const PAGE = 40;
const REGIONS = 12;
const DAYS = 3;
const PER_DAY = 50;
const ROOT = 'wh/t/data';
const KEYS = Array.from({ length: REGIONS * DAYS * PER_DAY }, (_, i) => {
  const region = i % REGIONS;
  const day = Math.floor(i / REGIONS) % DAYS;
  return `${ROOT}/region=R${String(region).padStart(2, '0')}/day=${day}/part-${String(i).padStart(5, '0')}.parquet`;
}).sort();

interface ListRequest {
  prefix: string;
  delimiter: string | null;
  token: string | null;
}

/** Answers for a prefix's first page: `slow-down` (503 SlowDown), `reset` (drop the connection), `error` (500). */
type Fault = 'slow-down' | 'reset' | 'error';

async function fakeS3(faults: Map<string, Fault[]>) {
  const requests: ListRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const request = { prefix: query.get('prefix') ?? '', delimiter: query.get('delimiter'), token: query.get('continuation-token') };
    requests.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // Answer a little later, so parallel listings really overlap.
    setTimeout(() => {
      inFlight--;
      const fault = request.token === null ? faults.get(request.prefix)?.shift() : undefined;
      if (fault === 'reset') {
        res.socket?.destroy();
        return;
      }
      if (fault) {
        const [status, code] = fault === 'slow-down' ? [503, 'SlowDown'] : [500, 'InternalError'];
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<Error><Code>${code}</Code><Message>try again</Message></Error>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(listPage(request));
    }, 5);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

function listPage({ prefix, delimiter, token }: ListRequest): string {
  const entries: Array<{ key: string } | { commonPrefix: string }> = [];
  const seen = new Set<string>();
  for (const key of KEYS.filter(k => k.startsWith(prefix))) {
    const rest = key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    if (cut >= 0) {
      const common = prefix + rest.slice(0, cut + 1);
      if (!seen.has(common)) {
        seen.add(common);
        entries.push({ commonPrefix: common });
      }
    } else {
      entries.push({ key });
    }
  }
  const start = token ? Number(token) : 0;
  const page = entries.slice(start, start + PAGE);
  const truncated = start + PAGE < entries.length;
  const body = page
    .map(e => ('key' in e ? `<Contents><Key>${e.key}</Key><Size>7</Size></Contents>` : `<CommonPrefixes><Prefix>${e.commonPrefix}</Prefix></CommonPrefixes>`))
    .join('');
  return `<ListBucketResult><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${start + PAGE}</NextContinuationToken>` : ''}${body}</ListBucketResult>`;
}

function storageFor(endpoint: string, listConcurrency: number): S3Storage {
  return new S3Storage({
    properties: { 's3.endpoint': endpoint, 's3.access-key-id': 'AKIDTEST', 's3.secret-access-key': 'secret' },
    env: {},
    home: '/nonexistent',
    retryBaseMs: 1,
    listConcurrency
  });
}

async function paths(storage: S3Storage, uri: string): Promise<string[]> {
  const out: string[] = [];
  for await (const info of storage.list(uri)) {
    out.push(info.path);
  }
  return out.sort();
}

describe('S3Storage partitioned listing', () => {
  it('should open the top levels with a delimiter, then list each partition prefix side by side, at most N at once', async () => {
    const server = await fakeS3(new Map());
    try {
      const listed = await paths(storageFor(server.endpoint, 4), `s3://bucket/${ROOT}`);
      expect(listed).toEqual(KEYS.map(k => `s3://bucket/${k}`));
      const delimited = server.requests.filter(r => r.delimiter === '/');
      expect(delimited.map(r => r.prefix)).toEqual([`${ROOT}/`]); // 12 regions ≥ 4: one level is enough
      const partitions = new Set(server.requests.filter(r => r.delimiter === null).map(r => r.prefix));
      expect([...partitions].sort()).toEqual(Array.from({ length: REGIONS }, (_, r) => `${ROOT}/region=R${String(r).padStart(2, '0')}/`));
      // 150 keys per region in pages of 40: four pages each.
      expect(server.requests).toHaveLength(1 + REGIONS * 4);
      expect(server.maxInFlight()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('should go one level deeper when the first has fewer prefixes than it may list at once, opening them side by side', async () => {
    const server = await fakeS3(new Map());
    try {
      const listed = await paths(storageFor(server.endpoint, 16), `s3://bucket/${ROOT}/region=R03`);
      expect(listed).toEqual(KEYS.filter(k => k.startsWith(`${ROOT}/region=R03/`)).map(k => `s3://bucket/${k}`));
      // One region holds 3 days (< 16): its days are opened with a delimiter (two pages of 40 of
      // their 50 files each), and nothing is left below them to list.
      const delimited = server.requests.filter(r => r.delimiter === '/').map(r => r.prefix);
      expect([...new Set(delimited)].sort()).toEqual([`${ROOT}/region=R03/`, ...[0, 1, 2].map(d => `${ROOT}/region=R03/day=${d}/`)]);
      expect(delimited).toHaveLength(1 + 3 * 2);
      expect(server.requests.filter(r => r.delimiter === null)).toEqual([]);
      expect(server.maxInFlight()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('should retry a partition listing that is throttled twice, reset, or fails with 500, and still list every object once', async () => {
    const throttled = `${ROOT}/region=R05/`;
    const reset = `${ROOT}/region=R07/`;
    const failing = `${ROOT}/region=R09/`;
    const server = await fakeS3(
      new Map<string, Fault[]>([
        [throttled, ['slow-down', 'slow-down']],
        [reset, ['reset']],
        [failing, ['error']]
      ])
    );
    try {
      const listed = await paths(storageFor(server.endpoint, 4), `s3://bucket/${ROOT}`);
      expect(listed).toEqual(KEYS.map(k => `s3://bucket/${k}`));
      const firstPages = (prefix: string) => server.requests.filter(r => r.prefix === prefix && r.token === null).length;
      expect(firstPages(throttled)).toBe(3);
      expect(firstPages(reset)).toBe(2);
      expect(firstPages(failing)).toBe(2);
      expect(server.requests).toHaveLength(1 + REGIONS * 4 + 4);
    } finally {
      await server.close();
    }
  });

  it('should give up on a partition that keeps throttling, naming it', async () => {
    const throttled = `${ROOT}/region=R02/`;
    const server = await fakeS3(new Map<string, Fault[]>([[throttled, ['slow-down', 'slow-down', 'slow-down', 'slow-down']]]));
    try {
      const error = await paths(storageFor(server.endpoint, 4), `s3://bucket/${ROOT}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toBe(`S3 ListObjectsV2 of s3://bucket/${throttled} failed: HTTP 503 SlowDown: try again`);
    } finally {
      await server.close();
    }
  });
});
