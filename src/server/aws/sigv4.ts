/**
 * AWS Signature Version 4 with node:crypto, for any service: S3's GET and
 * HEAD (empty payload) and the JSON APIs such as Glue (`POST /` with a body).
 * Reference: "Create a signed AWS API request" in the IAM user guide.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from './credentials';

export interface SignableRequest {
  method: string;
  /** `host` or `host:port` as it goes on the wire. */
  host: string;
  /** Already URI-encoded, as it goes on the wire. */
  path: string;
  query: ReadonlyArray<[string, string]>;
  /** Headers to send and sign besides Host, X-Amz-Date and X-Amz-Security-Token (names in any case). */
  headers?: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body, as `sha256Hex` gives it. */
  payloadSha256: string;
}

export interface SigningScope {
  /** The signing name: `s3`, `glue`, … */
  service: string;
  region: string;
}

/**
 * Percent-encode as SigV4 canonicalises: everything but `A-Z a-z 0-9 - _ . ~`,
 * keeping `/` when encoding a path.
 */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** The query string, sorted and encoded exactly as it is signed. */
export function canonicalQuery(query: ReadonlyArray<[string, string]>): string {
  return query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The headers to send (besides Host, which fetch sets) to authenticate `request`. */
export function signRequest(request: SignableRequest, credentials: AwsCredentials, scope: SigningScope, now: Date = new Date()): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: request.host, 'x-amz-date': amzDate };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  if (credentials.sessionToken) {
    headers['x-amz-security-token'] = credentials.sessionToken;
  }
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery(request.query),
    ...names.map(name => `${name}:${headers[name].trim()}`),
    '',
    names.join(';'),
    request.payloadSha256
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(credentials.secretAccessKey, day, scope), stringToSign).toString('hex');
  delete headers.host;
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, ` + `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function signingKey(secret: string, day: string, scope: SigningScope): Buffer {
  const dateKey = hmac(`AWS4${secret}`, day);
  return hmac(hmac(hmac(dateKey, scope.region), scope.service), 'aws4_request');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
