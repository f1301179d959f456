/**
 * Protocol details of the REST client against a small local HTTP server
 * that scripts the answers a catalog server may give (paging, prefix,
 * overrides, token endpoints, failures). The real Iceberg REST server is
 * exercised by tests/test_catalogs.py.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { CatalogError } from '../catalog';
import { RestCatalog } from '../rest';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (request: Seen) => { status?: number; body?: unknown; delayMs?: number } | undefined;

let server: http.Server;
let base: string;
let seen: Seen[];
let handler: Handler;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method as string, url: req.url as string, headers: req.headers, body };
      seen.push(request);
      const answer = handler(request) ?? { status: 404, body: { error: { message: `no route ${req.url}`, type: 'NotFoundException', code: 404 } } };
      const timer = setTimeout(() => {
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = () => undefined;
});

/** A catalog server answering config with `prefix` and paging namespaces and tables. */
function pagingServer(): Handler {
  return ({ url }) => {
    const u = new URL(url, base);
    if (u.pathname === '/v1/config') {
      return { body: { defaults: { 'rest-page-size': '1' }, overrides: { prefix: 'wh1' } } };
    }
    if (u.pathname === '/v1/wh1/namespaces') {
      const pages: Record<string, unknown> = {
        '': { namespaces: [['a']], 'next-page-token': 'p2' },
        p2: { namespaces: [['b']], 'next-page-token': null }
      };
      return { body: pages[u.searchParams.get('pageToken') ?? ''] };
    }
    if (u.pathname === '/v1/wh1/namespaces/a%1Fx/tables') {
      return { body: { identifiers: [{ namespace: ['a', 'x'], name: 't/1' }] } };
    }
    if (u.pathname === '/v1/wh1/namespaces/a/tables/t%2F1') {
      return {
        body: {
          'metadata-location': 's3://lake/a/t1/metadata/00001.metadata.json',
          metadata: { 'format-version': 2 },
          config: { 's3.endpoint': 'http://s3:9000' },
          'storage-credentials': [
            { prefix: 's3://lake/', config: { 's3.access-key-id': 'broad' } },
            { prefix: 's3://lake/a/', config: { 's3.access-key-id': 'narrow' } }
          ]
        }
      };
    }
    return undefined;
  };
}

describe('RestCatalog', () => {
  describe('#listNamespaces', () => {
    it('should apply the config prefix and follow page tokens', async () => {
      handler = pagingServer();
      const rest = new RestCatalog('r', { uri: base, warehouse: 's3://lake/wh' });
      expect(await rest.listNamespaces()).toEqual([['a'], ['b']]);
      expect(seen.map(s => s.url)).toEqual([
        '/v1/config?warehouse=s3%3A%2F%2Flake%2Fwh',
        '/v1/wh1/namespaces?pageSize=1',
        '/v1/wh1/namespaces?pageSize=1&pageToken=p2'
      ]);
    });

    it('should stop, naming the catalog, when the server hands out a page token it gave before', async () => {
      handler = ({ url }) => {
        const token = new URL(url, base).searchParams.get('pageToken');
        return url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [['a']], 'next-page-token': token === 'p1' ? 'p2' : 'p1' } };
      };
      const error = await new RestCatalog('r', { uri: base }).listNamespaces().catch(e => e);
      expect(error).toBeInstanceOf(CatalogError);
      expect(error.message).toBe("REST catalog 'r' repeated a page token while trying to list namespaces");
      expect(seen).toHaveLength(4);
    });

    it('should pass the parent joined by the unit separator', async () => {
      handler = ({ url }) => (url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [['a', 'b']] } });
      await new RestCatalog('r', { uri: base }).listNamespaces(['a', 'b']);
      expect(seen[1].url).toBe('/v1/namespaces?parent=a%1Fb');
    });
  });

  describe('#listTables', () => {
    it('should encode multi-level namespaces in the path', async () => {
      handler = pagingServer();
      expect(await new RestCatalog('r', { uri: base }).listTables(['a', 'x'])).toEqual(['t/1']);
    });
  });

  describe('#loadTable', () => {
    it('should return inline metadata and storage properties with the longest-prefix credential', async () => {
      handler = pagingServer();
      const table = await new RestCatalog('r', { uri: base, 's3.region': 'eu' }).loadTable(['a'], 't/1');
      expect(table.metadataLocation).toBe('s3://lake/a/t1/metadata/00001.metadata.json');
      expect(table.metadataJson).toEqual({ 'format-version': 2 });
      expect(table.storageProperties).toMatchObject({ 's3.region': 'eu', 's3.endpoint': 'http://s3:9000', 's3.access-key-id': 'narrow' });
    });

    it('should report a missing table with the server message, the status and the table', async () => {
      handler = ({ url }) =>
        url.startsWith('/v1/config')
          ? { body: {} }
          : { status: 404, body: { error: { message: 'Table does not exist: a.gone', type: 'NoSuchTableException', code: 404 } } };
      const error = await new RestCatalog('r', { uri: base }).loadTable(['a'], 'gone').catch(e => e);
      expect(error).toBeInstanceOf(CatalogError);
      expect(error).toMatchObject({ catalog: 'r', table: 'a.gone' });
      expect(error.message).toBe("REST catalog 'r' could not load table 'a.gone': HTTP 404 NoSuchTableException: Table does not exist: a.gone");
    });
  });

  describe('#vended credentials', () => {
    it('should ask for vended credentials unless header.X-Iceberg-Access-Delegation says otherwise, in any case', async () => {
      handler = ({ url }) => (url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [] } });
      await new RestCatalog('r', { uri: base }).listNamespaces();
      expect(seen[0].headers['x-iceberg-access-delegation']).toBe('vended-credentials');
      seen = [];
      await new RestCatalog('r', { uri: base, 'header.x-iceberg-access-delegation': 'remote-signing' }).listNamespaces();
      expect(seen.map(s => s.headers['x-iceberg-access-delegation'])).toEqual(['remote-signing', 'remote-signing']);
    });

    it('should return the vended config and storage credentials, and teach its scrubber their secrets', async () => {
      handler = pagingServer();
      const rest = new RestCatalog('r', { uri: base });
      const table = await rest.loadTable(['a'], 't/1');
      expect(table.vendedCredentials).toEqual({
        config: { 's3.endpoint': 'http://s3:9000' },
        storageCredentials: [
          { prefix: 's3://lake/', config: { 's3.access-key-id': 'broad' } },
          { prefix: 's3://lake/a/', config: { 's3.access-key-id': 'narrow' } }
        ]
      });
      handler = () => ({ status: 500, body: { error: { message: 'key narrow was refused', type: 'ServerError', code: 500 } } });
      await expect(rest.loadTable(['a'], 't/1')).rejects.toThrow('HTTP 500 ServerError: key *** was refused');
    });

    it('should refresh through the credentials endpoint when the server lists it', async () => {
      handler = ({ url }) => {
        if (url.startsWith('/v1/config')) {
          return { body: { endpoints: ['GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials'] } };
        }
        if (url === '/v1/namespaces/a/tables/t/credentials') {
          return { body: { 'storage-credentials': [{ prefix: 's3://lake/a/', config: { 's3.session-token': 'fresh-token' } }] } };
        }
        return { body: { 'metadata-location': 's3://lake/a/t/metadata/1.metadata.json', config: { 's3.region': 'eu' } } };
      };
      const table = await new RestCatalog('r', { uri: base }).loadTable(['a'], 't');
      expect(await table.refreshCredentials?.()).toEqual({
        config: {},
        storageCredentials: [{ prefix: 's3://lake/a/', config: { 's3.session-token': 'fresh-token' } }]
      });
      expect(seen.map(s => s.url)).toEqual(['/v1/config', '/v1/namespaces/a/tables/t', '/v1/namespaces/a/tables/t/credentials']);
    });

    it('should refresh by reloading the table when the server does not list the credentials endpoint', async () => {
      let loads = 0;
      handler = ({ url }) =>
        url.startsWith('/v1/config')
          ? { body: {} }
          : { body: { 'metadata-location': 's3://lake/a/t/metadata/1.metadata.json', config: { 's3.session-token': `token-${++loads}` } } };
      const table = await new RestCatalog('r', { uri: base }).loadTable(['a'], 't');
      expect(await table.refreshCredentials?.()).toEqual({ config: { 's3.session-token': 'token-2' }, storageCredentials: [] });
      expect(seen.map(s => s.url)).toEqual(['/v1/config', '/v1/namespaces/a/tables/t', '/v1/namespaces/a/tables/t']);
    });
  });

  describe('#authorization', () => {
    it('should send a bearer token and header.* properties', async () => {
      handler = ({ url }) => (url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [] } });
      await new RestCatalog('r', { uri: base, token: 'fixed-token', 'header.X-Tenant': 'lab' }).listNamespaces();
      expect(seen[0].headers.authorization).toBe('Bearer fixed-token');
      expect(seen[0].headers['x-tenant']).toBe('lab');
    });

    it('should exchange a client credential for a token at /v1/oauth/tokens', async () => {
      handler = ({ url, body }) => {
        if (url === '/v1/oauth/tokens') {
          const form = new URLSearchParams(body);
          return form.get('client_secret') === 'sesame' && form.get('client_id') === 'me' && form.get('scope') === 'catalog'
            ? { body: { access_token: 'issued-token', token_type: 'bearer' } }
            : { status: 401, body: { error: 'invalid_client' } };
        }
        return url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [['n']] } };
      };
      expect(await new RestCatalog('r', { uri: base, credential: 'me:sesame' }).listNamespaces()).toEqual([['n']]);
      expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(seen[1].headers.authorization).toBe('Bearer issued-token');
    });

    it('should sign in once for concurrent requests', async () => {
      handler = ({ url }) => {
        if (url === '/v1/oauth/tokens') {
          return { body: { access_token: 'shared-token' }, delayMs: 50 };
        }
        return url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [], identifiers: [] } };
      };
      const rest = new RestCatalog('r', { uri: base, credential: 'me:sesame' });
      await Promise.all([rest.listNamespaces(), rest.listTables(['a']), rest.listNamespaces(['b'])]);
      expect(seen.filter(s => s.url === '/v1/oauth/tokens')).toHaveLength(1);
    });

    it('should sign in again before the OAuth2 token expires', async () => {
      let issued = 0;
      handler = ({ url }) => {
        if (url === '/v1/oauth/tokens') {
          return { body: { access_token: `token-${++issued}`, expires_in: 600 } };
        }
        return url.startsWith('/v1/config') ? { body: {} } : { body: { namespaces: [] } };
      };
      const now = jest.spyOn(Date, 'now');
      try {
        const start = Date.now();
        now.mockReturnValue(start);
        const rest = new RestCatalog('r', { uri: base, credential: 'me:sesame' });
        await rest.listNamespaces();
        now.mockReturnValue(start + 290_000);
        await rest.listNamespaces();
        expect(issued).toBe(1);
        now.mockReturnValue(start + 300_000);
        await rest.listNamespaces();
        expect(issued).toBe(2);
        expect(seen.at(-1)?.headers.authorization).toBe('Bearer token-2');
      } finally {
        now.mockRestore();
      }
    });

    it('should say that a fixed token may have expired when the server refuses it', async () => {
      handler = ({ url }) =>
        url.startsWith('/v1/config') ? { body: {} } : { status: 401, body: { error: { message: 'Token expired', type: 'NotAuthorizedException', code: 401 } } };
      await expect(new RestCatalog('r', { uri: base, token: 'old-token-123' }).listNamespaces()).rejects.toThrow(
        "REST catalog 'r' could not list namespaces: HTTP 401 NotAuthorizedException: Token expired (its 'token' was refused: it may have expired; set a new one, or a 'credential' the helper can sign in with)"
      );
    });

    it('should reject wrong credentials with the status and without the secret', async () => {
      handler = ({ url }) =>
        url.endsWith('/token') ? { status: 401, body: { error: 'invalid_client', error_description: 'bad secret wrong-sesame' } } : undefined;
      const oauth = `${base}/auth/token`;
      const error = await new RestCatalog('r', { uri: base, credential: 'me:wrong-sesame', 'oauth2-server-uri': oauth }).listNamespaces().catch(e => e);
      expect(error.message).toBe(
        `REST catalog 'r' could not obtain an OAuth2 token from ${oauth}: HTTP 401 invalid_client: bad secret *** (check the catalog's credential)`
      );
    });

    it('should keep the token out of server errors that echo it', async () => {
      handler = ({ headers }) => ({
        status: 403,
        body: { error: { message: `token ${headers.authorization?.slice(7)} is not allowed`, type: 'ForbiddenException' } }
      });
      const error = await new RestCatalog('r', { uri: base, token: 'leaky-token-42' }).listNamespaces().catch(e => e);
      expect(error.message).toBe("REST catalog 'r' could not read its configuration (GET /v1/config): HTTP 403 ForbiddenException: token *** is not allowed");
    });
  });

  describe('#failures', () => {
    it('should name the catalog when nothing listens', async () => {
      const closed = http.createServer();
      await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise(resolve => closed.close(resolve));
      await expect(new RestCatalog('down', { uri: `http://127.0.0.1:${port}` }).listNamespaces()).rejects.toThrow(
        `REST catalog 'down' at http://127.0.0.1:${port} could not read its configuration (GET /v1/config): ECONNREFUSED`
      );
    });

    it('should give up after the timeout', async () => {
      handler = () => ({ body: {}, delayMs: 2000 });
      const started = Date.now();
      await expect(new RestCatalog('slow', { uri: base }, { timeoutMs: 200 }).listNamespaces()).rejects.toThrow('no answer within 0.2 s');
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('should say when an answer is not JSON', async () => {
      handler = () => ({ body: '<html>proxy login</html>' });
      await expect(new RestCatalog('r', { uri: base }).listNamespaces()).rejects.toThrow(
        "answered 'read its configuration (GET /v1/config)' with something that is not JSON"
      );
    });

    it('should retry the configuration after a failure', async () => {
      let calls = 0;
      handler = ({ url }) => (url.startsWith('/v1/config') && calls++ === 0 ? { status: 503, body: {} } : { body: { namespaces: [] } });
      const rest = new RestCatalog('r', { uri: base });
      await expect(rest.listNamespaces()).rejects.toThrow('HTTP 503');
      expect(await rest.listNamespaces()).toEqual([]);
    });
  });
});
