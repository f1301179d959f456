/**
 * The helper's HTTP server. It listens on a unix socket (or a loopback port
 * in development) and answers only requests that carry the token Jupyter
 * Server gave it; Jupyter Server has already authenticated the user and
 * checked XSRF before forwarding.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { CatalogError, CatalogTimeoutError, NoSuchCatalogError, NoSuchNamespaceError, NoSuchTableError } from '../catalogs/catalog';
import { MetadataError } from '../metadata/errors';
import { PreviewError } from '../preview/arrowPreview';
import { TableReadError } from '../tables/lakehouse';
import { TableNameError } from '../tables/tableName';
import { StorageError } from '../storage/storage';
import type { ErrorBody } from '../../core/api/wire';
import { HttpError, RouteResponse, Router } from './router';
import { stringifyJson } from '../../core/json';

export const API_PREFIX = '/api/';
const MAX_BODY_BYTES = 1 << 20;

export interface ServerOptions {
  router: Router;
  token: string;
  /** Removes secrets from any message before it leaves the helper. */
  redact: (message: string) => string;
  log?: (line: string) => void;
}

export function createHelperServer(options: ServerOptions): Server {
  const { router, token, redact } = options;
  const expected = Buffer.from(token);
  return createServer((request, response) => {
    handle(request, response).catch(error => {
      // A bug in error handling itself: answer something rather than hang.
      options.log?.(`unexpected failure: ${(error as Error).stack}`);
      if (!response.headersSent) {
        sendJson(response, 500, { error: { message: 'Internal error in the dual-layout helper' } });
      }
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const given = Buffer.from(String(request.headers['x-dual-layout-token'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      sendJson(response, 401, { error: { message: 'Missing or wrong helper token' } });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://helper');
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) {
        controller.abort();
      }
    });
    try {
      if (!url.pathname.startsWith(API_PREFIX)) {
        throw new HttpError(404, `No such endpoint: ${url.pathname}`);
      }
      const { handler, params } = router.match(request.method ?? 'GET', url.pathname.slice(API_PREFIX.length));
      const body = await readJsonBody(request);
      const result = await handler({ params, query: url.searchParams, body, signal: controller.signal, raw: request });
      send(response, result);
    } catch (error) {
      const { status, body } = errorResponse(error, redact);
      if (status >= 500) {
        options.log?.(`${request.method} ${url.pathname}: ${body.error.message}`);
      }
      if (!response.headersSent && !response.destroyed) {
        sendJson(response, status, body);
      }
    }
  }
}

/**
 * The one mapping from what went wrong to an HTTP status: what the caller named does not exist
 * → 404; the caller's parameters are wrong → 400; a catalog, object store or metadata file failed
 * or was refused → 502 (504 when a catalog did not answer in time), naming the catalog and table;
 * anything else is a bug here → 500, which the server logs.
 */
export function errorResponse(error: unknown, redact: (message: string) => string): { status: number; body: ErrorBody } {
  const message = redact(error instanceof Error ? error.message : String(error));
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { message, ...error.context } } };
  }
  if (error instanceof TableNameError) {
    return { status: error.reason === 'unknown-catalog' ? 404 : 400, body: { error: { message } } };
  }
  if (error instanceof PreviewError) {
    return { status: 400, body: { error: { message } } };
  }
  if (error instanceof CatalogError) {
    return { status: catalogStatus(error), body: { error: { message, catalog: error.catalog, ...tableOf(error.table) } } };
  }
  if (error instanceof TableReadError) {
    return { status: 502, body: { error: { message, catalog: error.catalog, table: error.table } } };
  }
  if (error instanceof StorageError || error instanceof MetadataError) {
    return { status: 502, body: { error: { message } } };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { status: 499, body: { error: { message: 'Request cancelled' } } };
  }
  return { status: 500, body: { error: { message } } };
}

function catalogStatus(error: CatalogError): number {
  if (error instanceof NoSuchCatalogError || error instanceof NoSuchNamespaceError || error instanceof NoSuchTableError) {
    return 404;
  }
  return error instanceof CatalogTimeoutError ? 504 : 502;
}

function tableOf(table: string | undefined): { table?: string } {
  return table === undefined ? {} : { table };
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'DELETE') {
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, 'Request body too large');
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) {
    return undefined;
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function send(response: ServerResponse, result: RouteResponse): void {
  if ('json' in result) {
    sendJson(response, result.status ?? 200, result.json);
    return;
  }
  response.writeHead(result.status ?? 200, {
    'Content-Type': result.contentType,
    'Content-Length': result.bytes.byteLength,
    'Cache-Control': 'no-store',
    ...result.headers
  });
  response.end(result.bytes);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = stringifyJson(value);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store'
  });
  response.end(text);
}
