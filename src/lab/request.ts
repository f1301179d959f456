/**
 * The one way the front end talks to the helper: through Jupyter Server's
 * authenticated URL space, with its XSRF handling, turning every failure into
 * a DualLayoutRequestError that carries the server's message.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { ErrorBody } from '../core/api/wire';
import { parseJson } from '../core/json';
import { DualLayoutRequestError } from './tokens';

export const API_PATH = 'dual-layout/api';

export interface IRequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends a request and returns the raw response once it is known to be a success. */
export async function requestHelper(settings: ServerConnection.ISettings, endpoint: string, options: IRequestOptions = {}): Promise<Response> {
  const url = URLExt.join(settings.baseUrl, API_PATH, endpoint) + queryString(options.query);
  const init: RequestInit = { method: options.method ?? 'GET', signal: options.signal };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw error;
    }
    throw new DualLayoutRequestError(`Jupyter Server could not be reached: ${(error as Error).message}`, 0, endpoint);
  }
  if (!response.ok) {
    throw await errorFrom(response, endpoint);
  }
  return response;
}

/** GET/POST/DELETE returning JSON. */
export async function requestJSON<T>(settings: ServerConnection.ISettings, endpoint: string, options: IRequestOptions = {}): Promise<T> {
  const response = await requestHelper(settings, endpoint, options);
  const text = await response.text();
  if (!text) {
    return {} as T;
  }
  try {
    // Snapshot ids are 63-bit: parseJson keeps them exact as bigint.
    return parseJson(text) as T;
  } catch {
    throw new DualLayoutRequestError(`The helper sent a response that is not JSON for ${endpoint}`, 502, endpoint);
  }
}

async function errorFrom(response: Response, endpoint: string): Promise<DualLayoutRequestError> {
  const text = await response.text().catch(() => '');
  let body: Partial<ErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  const message =
    error?.message ??
    (response.status === 404
      ? `The dual-layout server extension did not answer ${endpoint} (HTTP 404): is it installed and enabled?`
      : `The dual-layout helper answered HTTP ${response.status} for ${endpoint}`);
  return new DualLayoutRequestError(message, response.status, endpoint, error?.catalog, error?.table);
}

function queryString(query: IRequestOptions['query']): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
