/**
 * AWS Signature Version 4 for S3 requests without a body (GET, HEAD), with
 * node:crypto. Reference: "Authenticating Requests: Using the Authorization
 * Header (AWS Signature Version 4)" in the Amazon S3 API guide.
 */
import { createHash, createHmac } from 'node:crypto';
import type { S3Credentials } from './config';

/** SHA-256 of the empty payload every GET and HEAD carries. */
export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

export interface UnsignedRequest {
  method: 'GET' | 'HEAD';
  /** `host` or `host:port` as it goes on the wire. */
  host: string;
  /** Already URI-encoded with `encodeS3Path`. */
  path: string;
  query: ReadonlyArray<[string, string]>;
}

/**
 * Percent-encode as S3 canonicalises: everything but `A-Z a-z 0-9 - _ . ~`,
 * keeping `/` when encoding an object key path.
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
export function signedHeaders(request: UnsignedRequest, credentials: S3Credentials, region: string, now: Date = new Date()): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: request.host,
    'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256,
    'x-amz-date': amzDate
  };
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
    EMPTY_PAYLOAD_SHA256
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(credentials.secretAccessKey, day, region), stringToSign).toString('hex');
  delete headers.host;
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` + `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

function signingKey(secret: string, day: string, region: string): Buffer {
  const dateKey = hmac(`AWS4${secret}`, day);
  return hmac(hmac(hmac(dateKey, region), 's3'), 'aws4_request');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
