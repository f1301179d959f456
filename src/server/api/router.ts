/**
 * A small router for the helper's HTTP API: `GET tables/{id}/verdict`-style
 * patterns, one path segment per parameter. Parameters are URL-decoded once;
 * a decoded parameter may not contain a path separator or a NUL, which keeps
 * identifiers from smuggling paths.
 */
import type { IncomingMessage } from 'node:http';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  signal: AbortSignal;
  raw: IncomingMessage;
}

/** What a handler returns: JSON by default, or raw bytes with a content type. */
export type RouteResponse = { status?: number; json: unknown } | { status?: number; bytes: Uint8Array; contentType: string; headers?: Record<string, string> };

export type Handler = (request: RouteRequest) => Promise<RouteResponse>;

interface Route {
  method: Method;
  segments: string[];
  handler: Handler;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly context: { catalog?: string; table?: string } = {}
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: Method, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/'), handler });
    return this;
  }

  /** The handler and its parameters, or an HttpError (404 unknown path, 405 wrong method). */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const segments = path.split('/');
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) {
        continue;
      }
      pathMatched = true;
      if (route.method === method) {
        return { handler: route.handler, params };
      }
    }
    if (pathMatched) {
      throw new HttpError(405, `${method} is not allowed on ${path}`);
    }
    throw new HttpError(404, `No such endpoint: ${path}`);
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    if (expected.startsWith('{') && expected.endsWith('}')) {
      let value: string;
      try {
        value = decodeURIComponent(actual[i]);
      } catch {
        throw new HttpError(400, `Malformed URL encoding in '${actual[i]}'`);
      }
      if (value === '' || /[/\\\0]/.test(value)) {
        throw new HttpError(400, `Invalid ${expected.slice(1, -1)}: '${value}'`);
      }
      params[expected.slice(1, -1)] = value;
    } else if (expected !== actual[i]) {
      return null;
    }
  }
  return params;
}
