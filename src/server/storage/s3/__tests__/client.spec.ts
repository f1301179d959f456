import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StorageError } from '../../storage';
import { S3Storage } from '../s3Storage';

/** A loopback HTTP server answering from a script, one response per request, recording what it got. */
async function scriptedServer(
  script: Array<(res: http.ServerResponse) => void>
): Promise<{ endpoint: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ ...req.headers, ':path': req.url });
    const answer = script[Math.min(requests.length - 1, script.length - 1)];
    answer(res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

const slowDown = (res: http.ServerResponse): void => {
  res.writeHead(503, { 'content-type': 'application/xml' });
  res.end('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
};
const ok =
  (body: string) =>
  (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-length': String(body.length) });
    res.end(body);
  };
const hangUp = (res: http.ServerResponse): void => {
  res.socket?.destroy();
};

const SECRET = 'sEcReT/KeY+0123456789';

function storageFor(endpoint: string, extra: Record<string, string> = {}): S3Storage {
  return new S3Storage({
    properties: { 's3.endpoint': endpoint, 's3.access-key-id': 'AKIDTEST', 's3.secret-access-key': SECRET, ...extra },
    env: {},
    home: '/nonexistent',
    retryBaseMs: 1
  });
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('S3Client', () => {
  describe('#send', () => {
    it('should retry throttling and dropped connections, then succeed', async () => {
      const server = await scriptedServer([slowDown, hangUp, ok('payload')]);
      try {
        const bytes = await storageFor(server.endpoint).read('s3://bucket/wh/file.parquet');
        expect(Buffer.from(bytes).toString()).toBe('payload');
        expect(server.requests).toHaveLength(3);
        expect(server.requests[0][':path']).toBe('/bucket/wh/file.parquet');
        expect(server.requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
      } finally {
        await server.close();
      }
    });

    it('should give up after the configured attempts and say what kept failing', async () => {
      const server = await scriptedServer([slowDown]);
      try {
        const error = await failure(storageFor(server.endpoint).stat('s3://bucket/k'));
        expect(server.requests).toHaveLength(4);
        expect(error.message).toBe('S3 HeadObject of s3://bucket/k failed: HTTP 503 Service Unavailable');
      } finally {
        await server.close();
      }
    });

    it('should not retry a client error', async () => {
      const server = await scriptedServer([
        res => {
          res.writeHead(400, { 'content-type': 'application/xml' });
          res.end(`<Error><Code>InvalidArgument</Code><Message>bad ${SECRET}</Message></Error>`);
        }
      ]);
      try {
        const error = await failure(storageFor(server.endpoint).read('s3://bucket/k'));
        expect(server.requests).toHaveLength(1);
        expect(error.message).toBe('S3 GetObject of s3://bucket/k failed: HTTP 400 InvalidArgument: bad ***');
      } finally {
        await server.close();
      }
    });

    it('should name the bucket region when the bucket lives elsewhere', async () => {
      const server = await scriptedServer([
        res => {
          res.writeHead(301, { 'content-type': 'application/xml', 'x-amz-bucket-region': 'eu-north-1' });
          res.end(
            '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>'
          );
        }
      ]);
      try {
        const error = await failure(storageFor(server.endpoint).read('s3://bucket/k'));
        expect(error.message).toMatch(/HTTP 301 PermanentRedirect: .* \(the bucket is in region eu-north-1: set s3.region\)$/);
      } finally {
        await server.close();
      }
    });

    it('should name the endpoint and the cause when nothing listens', async () => {
      const server = await scriptedServer([ok('')]);
      await server.close();
      const error = await failure(storageFor(server.endpoint).read('s3://bucket/k'));
      expect(error.message).toBe(`S3 GetObject of s3://bucket/k failed: cannot reach ${server.endpoint} (ECONNREFUSED)`);
      expect(error.reason).toBe('io');
    });

    it('should time out a request that never answers', async () => {
      const server = await scriptedServer([() => undefined]);
      try {
        const storage = storageFor(server.endpoint, { 's3.request-timeout': '0.2' });
        const error = await failure(storage.read('s3://bucket/k'));
        expect(error.message).toContain('no answer within 0.2 s');
      } finally {
        await server.close();
      }
    });

    it('should address buckets virtual-host style when asked, and slice a body whose server ignored the range', async () => {
      const server = await scriptedServer([ok('0123456789')]);
      const urls: string[] = [];
      // No resolver here knows bucket.<host>: record the URL, then deliver it to the loopback server.
      const viaLoopback: typeof fetch = (input, init) => {
        urls.push(String(input));
        return fetch(String(input).replace('bucket.example.test', '127.0.0.1'), init);
      };
      try {
        const port = new URL(server.endpoint).port;
        const storage = new S3Storage({
          properties: { 's3.endpoint': `http://example.test:${port}`, 's3.force-virtual-addressing': 'true' },
          env: {},
          home: '/nonexistent', // no shared AWS files: anonymous
          fetch: viaLoopback
        });
        const bytes = await storage.read('s3://bucket/dir/k', { offset: 2, length: 3 });
        expect(Buffer.from(bytes).toString()).toBe('234');
        expect(urls).toEqual([`http://bucket.example.test:${port}/dir/k`]);
        expect(server.requests[0].range).toBe('bytes=2-4');
        expect(server.requests[0].authorization).toBeUndefined(); // no credentials: anonymous
      } finally {
        await server.close();
      }
    });
  });
});
