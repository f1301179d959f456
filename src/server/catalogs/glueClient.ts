/**
 * The AWS Glue JSON API as the Glue catalog reads it: `POST /` with
 * `X-Amz-Target: AWSGlue.<Operation>` and an `application/x-amz-json-1.1`
 * body, signed with the helper's SigV4 (service `glue`), with `NextToken`
 * paging and bounded retries of throttling, 5xx and network failures.
 *
 * Settings follow pyiceberg's Glue catalog (`pyiceberg/catalog/glue.py`),
 * which hands them to a boto3 session: each of region, access key id, secret
 * access key, session token and profile is the first of `glue.<key>` and
 * `client.<key>`; without an access key in the properties, the keys come from
 * the AWS environment or shared-files profile, as boto3 (and the helper's S3
 * storage) find them. `glue.endpoint` (else AWS_ENDPOINT_URL_GLUE or
 * AWS_ENDPOINT_URL, as botocore reads them) replaces AWS's endpoint;
 * `glue.id` is sent as `CatalogId` with every request.
 */
import * as os from 'node:os';
import { AwsCredentials, defaultChain, Environment, firstCredentials, KeySet, Properties } from '../aws/credentials';
import { parseEndpoint } from '../aws/endpoint';
import { loadAwsProfile } from '../aws/profile';
import { sha256Hex, signRequest } from '../aws/sigv4';
import { parseErrorBody } from '../storage/s3/xml';

export type GlueOperation = 'GetDatabases' | 'GetDatabase' | 'GetTables' | 'GetTable';

export interface GlueSettings {
  endpoint: URL;
  region: string;
  credentials: AwsCredentials;
  /** `glue.id`: the account whose Data Catalog is read; undefined for the caller's own. */
  catalogId?: string;
}

/** A setting that cannot work; the message names the property, never a secret's value. */
export class GlueConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlueConfigError';
  }
}

/** Glue's answer was an error (`__type` of its JSON error body), or no answer came. */
export class GlueRequestError extends Error {
  constructor(
    message: string,
    readonly operation: GlueOperation,
    /** Glue's error type without its namespace, e.g. `EntityNotFoundException`; `network` when the connection failed, `timeout` when no answer came in time. */
    readonly code: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'GlueRequestError';
  }
}

/** Error types that mean the credentials are wrong or not allowed, whatever the status. */
const CREDENTIAL_CODES = new Set([
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'IncompleteSignature',
  'MissingAuthenticationToken'
]);
const RETRYABLE_CODES = new Set(['ThrottlingException', 'InternalServiceException', 'OperationTimeoutException', 'ServiceUnavailableException']);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_ATTEMPTS = 3;
const RETRY_BASE_MS = 100;
/** A catalog that keeps answering with another page is cut off here rather than listed forever. */
const MAX_PAGES = 10_000;

export function resolveGlueSettings(properties: Properties, env: Environment, home: string = os.homedir()): GlueSettings {
  const pick = (key: string): string | undefined => first(properties[`glue.${key}`], properties[`client.${key}`]);
  const profile = loadAwsProfile(properties, env, home, 'glue');
  const region = first(pick('region'), env.AWS_REGION, env.AWS_DEFAULT_REGION, profile.region);
  if (!region) {
    throw new GlueConfigError('no AWS region is configured: set glue.region (or client.region, AWS_REGION)');
  }
  const fromProperties: KeySet = [pick('access-key-id'), pick('secret-access-key'), pick('session-token')];
  const credentials = firstCredentials([fromProperties, ...defaultChain(env, profile)]);
  if (credentials === 'incomplete') {
    throw new GlueConfigError('an access key id is configured without its secret access key (glue.secret-access-key or client.secret-access-key)');
  }
  if (!credentials) {
    throw new GlueConfigError(
      `no AWS credentials found: set glue.access-key-id and glue.secret-access-key (or client.*), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile (glue.profile-name, AWS_PROFILE; '${profile.name}' has no keys)`
    );
  }
  const endpointText = first(properties['glue.endpoint'], env.AWS_ENDPOINT_URL_GLUE, env.AWS_ENDPOINT_URL);
  const endpoint =
    endpointText === undefined
      ? new URL(`https://glue.${region}.amazonaws.com`)
      : parseEndpoint(endpointText, 'glue.endpoint', 'glue.access-key-id', message => new GlueConfigError(message));
  return { endpoint, region, credentials, catalogId: properties['glue.id'] || undefined };
}

export class GlueClient {
  constructor(
    readonly settings: GlueSettings,
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch
  ) {}

  /** One request; `body` gets `CatalogId` when `glue.id` is set. */
  async call(operation: GlueOperation, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const payload = JSON.stringify(this.settings.catalogId ? { CatalogId: this.settings.catalogId, ...body } : body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.callOnce(operation, payload);
      } catch (error) {
        const retryable =
          error instanceof GlueRequestError && (error.code === 'network' || RETRYABLE_CODES.has(error.code) || RETRYABLE_STATUS.has(error.status ?? 0));
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        await new Promise(resolve => setTimeout(resolve, Math.random() * RETRY_BASE_MS * 2 ** (attempt - 1)));
      }
    }
  }

  /** Every item of `listKey` over all pages of `operation`, following `NextToken`. */
  async paged(operation: GlueOperation, body: Record<string, unknown>, listKey: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.call(operation, token ? { ...body, NextToken: token } : body);
      const list = answer[listKey];
      if (!Array.isArray(list)) {
        throw new GlueRequestError(`Glue ${operation} answered without a ${listKey} list`, operation, 'malformed');
      }
      items.push(...list.filter(isObject));
      token = typeof answer.NextToken === 'string' && answer.NextToken !== '' ? answer.NextToken : undefined;
      if (token === undefined) {
        return items;
      }
      if (seen.has(token)) {
        throw new GlueRequestError(`Glue ${operation} handed out the same NextToken twice; stopped paging`, operation, 'malformed');
      }
      seen.add(token);
    }
    throw new GlueRequestError(`Glue ${operation} still had more pages after ${MAX_PAGES}; stopped paging`, operation, 'malformed');
  }

  /** Whether `error` says the credentials were refused. */
  static isCredentialError(error: unknown): boolean {
    return error instanceof GlueRequestError && (CREDENTIAL_CODES.has(error.code) || error.status === 401 || error.status === 403);
  }

  private async callOnce(operation: GlueOperation, payload: string): Promise<Record<string, unknown>> {
    const { endpoint, region, credentials } = this.settings;
    const path = endpoint.pathname === '' ? '/' : endpoint.pathname;
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSGlue.${operation}`
    };
    const signed = signRequest({ method: 'POST', host: endpoint.host, path, query: [], headers, payloadSha256: sha256Hex(payload) }, credentials, {
      service: 'glue',
      region
    });
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, endpoint), {
        method: 'POST',
        headers: { ...headers, ...signed },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs)
      });
    } catch (error) {
      const name = (error as Error)?.name;
      const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
      if (name === 'TimeoutError') {
        // Not retried: a catalog that does not answer must not hold the listing for several timeouts.
        throw new GlueRequestError(`Glue ${operation} at ${endpoint.origin} failed: no answer within ${this.timeoutMs / 1000} s`, operation, 'timeout');
      }
      const detail = cause?.code ?? cause?.message ?? (error as Error)?.message;
      throw new GlueRequestError(`Glue ${operation} at ${endpoint.origin} failed: ${detail}`, operation, 'network');
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) {
      if (!isObject(parsed)) {
        throw new GlueRequestError(
          `Glue ${operation} at ${endpoint.origin} answered HTTP ${response.status} with a body that is not a JSON object`,
          operation,
          'malformed'
        );
      }
      return parsed;
    }
    const { code, message } = errorOf(response, parsed, text);
    throw new GlueRequestError(
      `Glue ${operation} at ${endpoint.origin} failed: HTTP ${response.status} ${code}${message ? `: ${message}` : ''}`,
      operation,
      code,
      response.status
    );
  }
}

/**
 * Glue's error type and message: from its JSON body (`__type` may carry a namespace,
 * `com.amazonaws.glue#EntityNotFoundException`; the `x-amzn-ErrorType` header wins where sent),
 * or from the XML body AWS's front door (and moto's IAM check) answers authentication failures with.
 */
function errorOf(response: Response, parsed: unknown, text: string): { code: string; message: string } {
  if (isObject(parsed)) {
    const rawType = response.headers.get('x-amzn-errortype') ?? (typeof parsed.__type === 'string' ? parsed.__type : '');
    const message = [parsed.Message, parsed.message].find((m): m is string => typeof m === 'string') ?? '';
    return { code: rawType.split(':')[0].split('#').pop() || `HTTP${response.status}`, message };
  }
  // Only the code and message: XML error bodies can echo the string to sign and the access key id.
  const xml = parseErrorBody(text);
  return { code: xml.code ?? `HTTP${response.status}`, message: xml.message ?? '' };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(...values: Array<string | undefined>): string | undefined {
  return values.find(v => v !== undefined && v !== '');
}
