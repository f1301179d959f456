/**
 * Signed S3 requests over fetch, with bounded retries and errors that name
 * the operation and the object but never a credential, a signature or a
 * signed URL.
 *
 * `send` takes read operations only: table storage (S3Storage) holds an
 * `S3Client` and so has no way to write. Writing with a body is `protected`,
 * reachable only through `S3ObjectWriter` (objectWriter.ts), which the
 * verdict publisher constructs explicitly for its own location.
 */
import { createHash } from 'node:crypto';
import { StorageError, StorageErrorReason } from '../storage';
import { S3Config, secretsOf } from './config';
import { parseErrorBody, S3ErrorBody } from './xml';
import { canonicalQuery, signedHeaders, uriEncode } from './sigv4';

export type S3ReadOperation = 'ListObjectsV2' | 'GetObject' | 'HeadObject';
export type S3Operation = S3ReadOperation | 'PutObject';

export interface S3Request<Operation extends S3Operation = S3ReadOperation> {
  operation: Operation;
  bucket: string;
  /** `''` for bucket-level requests such as listing. */
  key: string;
  query?: Array<[string, string]>;
  headers?: Record<string, string>;
  /** Statuses besides 2xx that the caller handles itself (404 for HEAD, 416 for ranges). */
  accept?: number[];
  /** The location as the caller named it, for error messages. */
  location: string;
}

export interface S3ClientOptions {
  /** Defaults to the global fetch; tests inject nothing else. */
  fetch?: typeof fetch;
  /** First retry delay; doubles per attempt, with full jitter. */
  retryBaseMs?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'Throttling']);
/** Codes that mean the credentials are wrong, whatever the status (S3 answers 400 for a malformed token). */
const CREDENTIAL_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired']);
const MAX_RETRY_DELAY_MS = 5_000;

export class S3Client {
  constructor(
    readonly config: S3Config,
    options: S3ClientOptions = {}
  ) {
    this._fetch = options.fetch ?? fetch;
    this._retryBaseMs = options.retryBaseMs ?? 100;
    this._secrets = secretsOf(config);
  }

  /**
   * Send `request` and give its response to `consume` (inside the retry
   * loop, so a body cut off mid-transfer is retried too).
   */
  send<T>(request: S3Request, consume: (response: Response) => Promise<T>): Promise<T> {
    return this._sendWithBody(request, undefined, consume);
  }

  /** As `send`, for any operation, with `body` sent (and signed) on every attempt. */
  protected async _sendWithBody<T>(request: S3Request<S3Operation>, payload: Uint8Array | undefined, consume: (response: Response) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let failure: StorageError;
      let retryable: boolean;
      try {
        const response = await this._fetchOnce(request, payload);
        if (response.ok || request.accept?.includes(response.status)) {
          return await consume(response);
        }
        const body = request.operation === 'HeadObject' ? {} : parseErrorBody(await response.text());
        const region = response.headers.get('x-amz-bucket-region') ?? undefined;
        failure = this._httpError(request, response.status, { ...body, region });
        retryable = RETRYABLE_STATUS.has(response.status) || RETRYABLE_CODES.has(body.code ?? '');
      } catch (error) {
        if (error instanceof StorageError) {
          throw error;
        }
        failure = this._networkError(request, error);
        retryable = true;
      }
      if (!retryable || attempt >= this.config.maxAttempts) {
        throw failure;
      }
      const ceiling = Math.min(MAX_RETRY_DELAY_MS, this._retryBaseMs * 2 ** (attempt - 1));
      await new Promise(resolve => setTimeout(resolve, Math.random() * ceiling));
    }
  }

  /** The origin requests go to, for messages; carries no credentials. */
  get origin(): string {
    return this._endpoint().origin;
  }

  private async _fetchOnce(request: S3Request<S3Operation>, body: Uint8Array | undefined): Promise<Response> {
    const { host, path } = this._address(request.bucket, request.key);
    const query = request.query ?? [];
    const headers: Record<string, string> = { ...request.headers };
    const method = this._method(request);
    if (this.config.credentials) {
      const payloadSha256 = body ? createHash('sha256').update(body).digest('hex') : undefined;
      Object.assign(headers, signedHeaders({ method, host, path, query, payloadSha256 }, this.config.credentials, this.config.region));
    }
    const search = query.length > 0 ? `?${canonicalQuery(query)}` : '';
    const url = `${this._endpoint().protocol}//${host}${path}${search}`;
    return this._fetch(url, {
      method,
      headers,
      ...(body ? { body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.requestTimeoutMs)
    });
  }

  private _method(request: S3Request<S3Operation>): 'GET' | 'HEAD' | 'PUT' {
    return request.operation === 'HeadObject' ? 'HEAD' : request.operation === 'PutObject' ? 'PUT' : 'GET';
  }

  private _endpoint(): URL {
    return this.config.endpoint ?? new URL(`https://s3.${this.config.region}.amazonaws.com`);
  }

  /** Host and encoded path; path-style also for dotted buckets, whose names break TLS wildcards. */
  private _address(bucket: string, key: string): { host: string; path: string } {
    const endpoint = this._endpoint();
    // From the first slash of a run only: retried from each slash, `/+$` is quadratic on `//…/x`.
    const base = endpoint.pathname.replace(/(?<!\/)\/+$/, '');
    const encodedKey = uriEncode(key, true);
    if (this.config.pathStyle || bucket.includes('.')) {
      return { host: endpoint.host, path: `${base}/${uriEncode(bucket)}${key ? `/${encodedKey}` : ''}` };
    }
    return { host: `${bucket}.${endpoint.host}`, path: `${base}/${encodedKey}` };
  }

  private _httpError(request: S3Request<S3Operation>, status: number, details: S3ErrorBody & { region?: string }): StorageError {
    const { code, message } = details;
    const reason: StorageErrorReason = status === 404 ? 'not-found' : status === 401 || status === 403 || CREDENTIAL_CODES.has(code ?? '') ? 'forbidden' : 'io';
    const what = [code, message].filter(Boolean).join(': ') || STATUS_TEXT[status] || 'error';
    const hint = hintFor(status, code, details.region);
    return this._error(request, `S3 ${request.operation} of ${request.location} failed: HTTP ${status} ${what}${hint ? ` (${hint})` : ''}`, reason);
  }

  private _networkError(request: S3Request<S3Operation>, error: unknown): StorageError {
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const name = (error as Error)?.name;
    const detail =
      name === 'TimeoutError' ? `no answer within ${this.config.requestTimeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error)?.message);
    return this._error(request, `S3 ${request.operation} of ${request.location} failed: cannot reach ${this.origin} (${detail})`, 'io');
  }

  /** Build the error with every configured secret scrubbed, whatever the server echoed. */
  private _error(request: S3Request<S3Operation>, message: string, reason: StorageErrorReason): StorageError {
    const scrubbed = this._secrets.reduce((text, secret) => text.split(secret).join('***'), message);
    return new StorageError(scrubbed, request.location, reason);
  }

  private readonly _fetch: typeof fetch;
  private readonly _retryBaseMs: number;
  private readonly _secrets: string[];
}

const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
};

function hintFor(status: number, code?: string, bucketRegion?: string): string | undefined {
  if (code === 'NoSuchBucket') {
    return 'the bucket does not exist at this endpoint';
  }
  if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch') {
    return 'check s3.access-key-id and s3.secret-access-key';
  }
  if (code === 'InvalidToken' || code === 'ExpiredToken' || code === 'TokenRefreshRequired') {
    return 'check s3.session-token: it is malformed or expired';
  }
  if (status === 301 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return `the bucket is in ${bucketRegion ? `region ${bucketRegion}` : 'another region'}: set s3.region`;
  }
  if (status === 403) {
    return 'check the credentials and the bucket policy; S3 also answers 403 for a missing object without list permission';
  }
  return undefined;
}
