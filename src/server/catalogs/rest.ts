/**
 * An Iceberg REST catalog client (read side of the REST protocol):
 * `GET /v1/config` with `warehouse` (defaults, then our properties, then
 * overrides; `prefix` and `uri` may change), namespaces and tables with
 * `pageToken` paging, and load-table with inline metadata and vended storage
 * configuration. Authorization per `restAuth.ts`; `header.*` properties are
 * sent as headers, and `X-Iceberg-Access-Delegation: vended-credentials`
 * unless a `header.X-Iceberg-Access-Delegation` property (any case) says
 * otherwise, as pyiceberg does. A table's vended `config` and
 * `storage-credentials` read its files (`restCredentials.ts`); they are
 * refreshed through `GET …/tables/{t}/credentials` when `/v1/config` lists
 * that endpoint, by reloading the table otherwise. Every error names the catalog, the request and the HTTP
 * status, and never a credential or token. Each request gives up after the
 * helper's timeout (15 s unless the caller sets one), or after
 * `dual-layout.timeout-ms` if the catalog sets that property.
 */
import { joinUri } from '../../core/uri';
import { Catalog, LoadedTable } from './catalog';
import { CatalogFailures, tableName } from './failures';
import { headerProperties, tokenRequest } from './restAuth';
import { credentialFor, refreshDueAtMs, type StorageCredential, type VendedCredentials } from './restCredentials';

export const DEFAULT_TIMEOUT_MS = 15000;
/** pyiceberg's default namespace separator in URL paths: the unit separator, U+001F. */
const DEFAULT_NAMESPACE_SEPARATOR = '\x1f';
/** Stops a server that keeps returning page tokens from looping forever. */
const MAX_PAGES = 10000;
/** The REST spec's loadCredentials endpoint as `/v1/config` lists it in `endpoints`. */
const LOAD_CREDENTIALS_ENDPOINT = 'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials';
const ACCESS_DELEGATION = 'X-Iceberg-Access-Delegation';

export interface RestCatalogOptions {
  timeoutMs?: number;
}

interface ConfigResponse {
  defaults?: Record<string, string>;
  overrides?: Record<string, string>;
  endpoints?: string[];
}

interface LoadTableResponse {
  'metadata-location'?: string;
  metadata?: unknown;
  config?: Record<string, string>;
  'storage-credentials'?: StorageCredential[];
}

export class RestCatalog implements Catalog {
  readonly type = 'rest';
  private readonly failures: CatalogFailures;
  private readonly timeoutMs: number;
  private session: Promise<Record<string, string>> | null = null;
  /** The endpoints `/v1/config` listed; empty when it listed none. */
  private endpoints = new Set<string>();
  /** The OAuth2 token being obtained or in use; shared so concurrent requests sign in once. */
  private token: Promise<string | null> | null = null;
  /** When the OAuth2 token in use should be replaced (from its `expires_in`); undefined when it did not say. */
  private tokenRefreshAt: number | undefined;

  constructor(
    readonly name: string,
    readonly properties: Readonly<Record<string, string>>,
    options: RestCatalogOptions = {}
  ) {
    this.failures = new CatalogFailures(name, properties);
    if (!properties.uri) {
      throw this.failures.error(`REST catalog '${name}' needs a 'uri', e.g. http://localhost:8181`);
    }
    const timeout = Number(properties['dual-layout.timeout-ms'] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
  }

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    const query: Record<string, string> = {};
    if (parent.length > 0) {
      query.parent = parent.join(await this.separator());
    }
    const pages = await this.paged<{ namespaces?: string[][]; 'next-page-token'?: string | null }>('namespaces', query, 'list namespaces');
    return pages.flatMap(page => page.namespaces ?? []);
  }

  async listTables(namespace: string[]): Promise<string[]> {
    const path = `namespaces/${await this.encodeNamespace(namespace)}/tables`;
    const pages = await this.paged<{ identifiers?: { namespace: string[]; name: string }[]; 'next-page-token'?: string | null }>(
      path,
      {},
      `list tables of '${namespace.join('.')}'`
    );
    return pages.flatMap(page => (page.identifiers ?? []).map(identifier => identifier.name));
  }

  async loadTable(namespace: string[], name: string): Promise<LoadedTable> {
    const table = tableName(namespace, name);
    const response = await this.fetchTable(namespace, name);
    const metadataLocation = response['metadata-location'] as string;
    const config = await this.config();
    const credentials = this.vended(response);
    return {
      namespace,
      name,
      metadataLocation,
      metadataJson: response.metadata,
      storageProperties: {
        ...config,
        ...credentials.config,
        ...(credentialFor(credentials.storageCredentials, metadataLocation)?.config ?? {})
      },
      vendedCredentials: credentials,
      refreshCredentials: () => this.loadCredentials(namespace, name, table)
    };
  }

  private async fetchTable(namespace: string[], name: string): Promise<LoadTableResponse> {
    const table = tableName(namespace, name);
    const response = await this.request<LoadTableResponse>('GET', await this.catalogUrl(await this.tablePath(namespace, name)), `load table '${table}'`, table);
    if (!response['metadata-location']) {
      throw this.failures.error(`REST catalog '${this.name}' returned no metadata-location for table '${table}'`, table);
    }
    return response;
  }

  private tablePath(namespace: string[], name: string): Promise<string> {
    return this.encodeNamespace(namespace).then(encoded => `namespaces/${encoded}/tables/${encodeURIComponent(name)}`);
  }

  /**
   * New credentials for a table: the loadCredentials endpoint where the server lists it (its
   * answer keeps the table's `config`), a reload of the table otherwise.
   */
  private async loadCredentials(namespace: string[], name: string, table: string): Promise<VendedCredentials> {
    await this.config();
    if (!this.endpoints.has(LOAD_CREDENTIALS_ENDPOINT)) {
      return this.vended(await this.fetchTable(namespace, name));
    }
    const url = await this.catalogUrl(`${await this.tablePath(namespace, name)}/credentials`);
    const response = await this.request<{ 'storage-credentials'?: StorageCredential[] }>('GET', url, `load the storage credentials of table '${table}'`, table);
    const fresh = this.vended({ 'storage-credentials': response['storage-credentials'] ?? [] });
    return { config: {}, storageCredentials: fresh.storageCredentials };
  }

  /** The vended part of a load-table answer; every value in it becomes a secret the scrubber knows. */
  private vended(response: Pick<LoadTableResponse, 'config' | 'storage-credentials'>): VendedCredentials {
    const credentials = {
      config: response.config ?? {},
      storageCredentials: (response['storage-credentials'] ?? []).filter(
        credential => typeof credential?.prefix === 'string' && credential.config && typeof credential.config === 'object'
      )
    };
    this.failures.scrubber.addProperties(credentials.config);
    for (const credential of credentials.storageCredentials) {
      this.failures.scrubber.addProperties(credential.config);
    }
    return credentials;
  }

  /**
   * Both places a REST server may have put the table: `<namespace location>/<name>` when the
   * namespace has a `location` property (most servers honour it), and, when the effective
   * `warehouse` is a location rather than a warehouse name, `<warehouse>/<ns>/<sub>/<name>`
   * (Iceberg's JdbcCatalog behind a REST server puts every table there, whatever the namespace
   * says). A server with neither vouches for no location.
   */
  async conventionalLocations(namespace: string[], name: string): Promise<string[]> {
    // Asked only after loading the table failed: the server may be failing too, so each answer is optional.
    const namespaceLocation = await this.namespaceLocation(namespace).catch(() => undefined);
    const warehouse = (await this.config().catch(() => this.properties)).warehouse;
    return [
      ...(namespaceLocation ? [joinUri(namespaceLocation, name)] : []),
      ...(warehouse && warehouse.includes('/') ? [joinUri(warehouse, ...namespace, name)] : [])
    ];
  }

  private async namespaceLocation(namespace: string[]): Promise<string | undefined> {
    const url = await this.catalogUrl(`namespaces/${await this.encodeNamespace(namespace)}`);
    const response = await this.request<{ properties?: Record<string, string> }>('GET', url, `load namespace '${namespace.join('.')}'`);
    return response.properties?.location || undefined;
  }

  /** Catalog properties after the server's `/v1/config` defaults and overrides. */
  async config(): Promise<Record<string, string>> {
    if (!this.session) {
      this.session = this.fetchConfig();
      // A failed start is retried on the next call rather than cached.
      this.session.catch(() => {
        this.session = null;
      });
    }
    return this.session;
  }

  private async fetchConfig(): Promise<Record<string, string>> {
    const url = new URL(`${baseUrl(this.properties.uri)}v1/config`);
    if (this.properties.warehouse) {
      url.searchParams.set('warehouse', this.properties.warehouse);
    }
    const response = await this.request<ConfigResponse>('GET', url, 'read its configuration (GET /v1/config)');
    this.endpoints = new Set(Array.isArray(response.endpoints) ? response.endpoints : []);
    const merged = { ...(response.defaults ?? {}), ...this.properties, ...(response.overrides ?? {}) };
    this.failures.scrubber.add(merged.token ?? '');
    return merged;
  }

  private async separator(): Promise<string> {
    const configured = (await this.config())['namespace-separator'];
    return configured ? decodeURIComponent(configured) : DEFAULT_NAMESPACE_SEPARATOR;
  }

  private async encodeNamespace(namespace: string[]): Promise<string> {
    const separator = await this.separator();
    return namespace.map(part => encodeURIComponent(part)).join(encodeURIComponent(separator));
  }

  private async catalogUrl(path: string, query: Record<string, string> = {}): Promise<URL> {
    const config = await this.config();
    // A slash run is matched from its first slash only: the server's prefix is untrusted text.
    const prefix = config.prefix ? `${config.prefix.replace(/^\/+|(?<!\/)\/+$/g, '')}/` : '';
    const url = new URL(`${baseUrl(config.uri)}v1/${prefix}${path}`);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return url;
  }

  private async paged<T extends { 'next-page-token'?: string | null }>(path: string, query: Record<string, string>, action: string): Promise<T[]> {
    const config = await this.config();
    const pageQuery = { ...query };
    if (config['rest-page-size']) {
      pageQuery.pageSize = config['rest-page-size'];
    }
    const pages: T[] = [];
    const tokens = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.request<T>('GET', await this.catalogUrl(path, pageQuery), action);
      pages.push(response);
      const next = response['next-page-token'];
      if (!next) {
        return pages;
      }
      if (tokens.has(next)) {
        // A token seen before would replay the same pages for ever.
        throw this.failures.error(`REST catalog '${this.name}' repeated a page token while trying to ${action}`);
      }
      tokens.add(next);
      pageQuery.pageToken = next;
    }
    throw this.failures.error(`REST catalog '${this.name}' returned more than ${MAX_PAGES} pages to ${action}`);
  }

  private async request<T>(method: string, url: URL, action: string, table?: string, retried = false): Promise<T> {
    const configured = headerProperties(this.properties);
    const delegationSet = Object.keys(configured).some(header => header.toLowerCase() === ACCESS_DELEGATION.toLowerCase());
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(delegationSet ? {} : { [ACCESS_DELEGATION]: 'vended-credentials' }),
      ...configured
    };
    const token = await this.bearerToken();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    const response = await this.send(url, { method, headers }, action, table);
    if (response.status === 401 && this.properties.credential && !retried) {
      // An expired OAuth token: get a new one once.
      this.token = null;
      return this.request(method, url, action, table, true);
    }
    if (response.status === 401 && !this.properties.credential && this.properties.token) {
      throw this.failures.error(
        `REST catalog '${this.name}' could not ${action}: HTTP 401${(await errorDetail(response)).detail} ` +
          "(its 'token' was refused: it may have expired; set a new one, or a 'credential' the helper can sign in with)",
        table
      );
    }
    if (!response.ok) {
      const { type, detail } = await errorDetail(response);
      const message = `REST catalog '${this.name}' could not ${action}: HTTP ${response.status}${detail}`;
      if (response.status === 404) {
        // The REST spec's error types, as pyiceberg reads them; a 404 without one is about what was asked for.
        if (type === 'NoSuchNamespaceException' || (table === undefined && type !== 'NoSuchTableException')) {
          throw this.failures.noSuchNamespace(message);
        }
        throw this.failures.noSuchTable(message, table ?? '');
      }
      throw this.failures.error(message, table);
    }
    return this.parseJson<T>(response, action, table);
  }

  private bearerToken(): Promise<string | null> {
    if (this.tokenRefreshAt !== undefined && Date.now() >= this.tokenRefreshAt) {
      // Replaced before it expires, so no request is refused for an expired token.
      this.token = null;
      this.tokenRefreshAt = undefined;
    }
    if (!this.token) {
      this.token = this.signIn();
      this.token.catch(() => {
        this.token = null;
      });
    }
    return this.token;
  }

  private async signIn(): Promise<string | null> {
    const request = tokenRequest(this.properties, baseUrl(this.properties.uri));
    if (!request) {
      return this.properties.token || null;
    }
    const response = await this.send(
      new URL(request.url),
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: request.body.toString() },
      'obtain an OAuth2 token'
    );
    if (!response.ok) {
      throw this.failures.error(
        `REST catalog '${this.name}' could not obtain an OAuth2 token from ${request.url}: HTTP ${response.status}${(await errorDetail(response)).detail}` +
          (response.status === 401 || response.status === 400 ? " (check the catalog's credential)" : '')
      );
    }
    const receivedAt = Date.now();
    const body = await this.parseJson<{ access_token?: string; expires_in?: number }>(response, 'obtain an OAuth2 token');
    if (!body.access_token) {
      throw this.failures.error(`REST catalog '${this.name}': the OAuth2 server at ${request.url} returned no access_token`);
    }
    this.failures.scrubber.add(body.access_token);
    const lifetimeS = Number(body.expires_in);
    this.tokenRefreshAt = Number.isFinite(lifetimeS) && lifetimeS > 0 ? refreshDueAtMs(receivedAt + lifetimeS * 1000, receivedAt) : undefined;
    return body.access_token;
  }

  private async send(url: URL, init: RequestInit, action: string, table?: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const error = e as Error & { cause?: { code?: string; message?: string } };
      if (error.name === 'TimeoutError') {
        throw this.failures.timedOut(`REST catalog '${this.name}' at ${url.origin} could not ${action}: no answer within ${this.timeoutMs / 1000} s`, table);
      }
      const reason = error.cause?.code ?? error.cause?.message ?? error.message;
      throw this.failures.error(`REST catalog '${this.name}' at ${url.origin} could not ${action}: ${reason}`, table);
    }
  }

  private async parseJson<T>(response: Response, action: string, table?: string): Promise<T> {
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.failures.error(`REST catalog '${this.name}' answered '${action}' with something that is not JSON`, table);
    }
  }
}

function baseUrl(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * The Iceberg REST error model `{"error": {"message", "type", "code"}}`, or OAuth's `{"error", "error_description"}`:
 * the REST error `type` (e.g. `NoSuchTableException`) and a detail to append to a message.
 */
async function errorDetail(response: Response): Promise<{ type?: string; detail: string }> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body?.error && typeof body.error === 'object') {
      const { type, message } = body.error as { type?: string; message?: string };
      const parts = [type, message].filter(Boolean);
      return { type: typeof type === 'string' ? type : undefined, detail: parts.length > 0 ? ` ${parts.join(': ')}` : '' };
    }
    if (typeof body?.error === 'string') {
      return { detail: ` ${body.error}${body.error_description ? `: ${body.error_description}` : ''}` };
    }
  } catch {
    // Not JSON: fall through to the status text.
  }
  return { detail: response.statusText ? ` ${response.statusText}` : '' };
}
