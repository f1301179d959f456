/**
 * SigV4 as S3 wants it: the payload hash (of the empty payload for GET and
 * HEAD) is sent as `x-amz-content-sha256` and signed. The signing itself is
 * the helper's one SigV4 implementation (`src/server/aws/sigv4.ts`).
 */
import type { AwsCredentials } from '../../aws/credentials';
import { sha256Hex, signRequest } from '../../aws/sigv4';

export { canonicalQuery, uriEncode } from '../../aws/sigv4';

/** SHA-256 of the empty payload every GET and HEAD carries. */
export const EMPTY_PAYLOAD_SHA256 = sha256Hex('');

export interface UnsignedRequest {
  method: 'GET' | 'HEAD' | 'PUT';
  /** `host` or `host:port` as it goes on the wire. */
  host: string;
  /** Already URI-encoded with `uriEncode(key, true)`. */
  path: string;
  query: ReadonlyArray<[string, string]>;
  /** Hex SHA-256 of the body; the empty payload's when absent. */
  payloadSha256?: string;
}

/** The headers to send (besides Host, which fetch sets) to authenticate `request`. */
export function signedHeaders(request: UnsignedRequest, credentials: AwsCredentials, region: string, now: Date = new Date()): Record<string, string> {
  const payloadSha256 = request.payloadSha256 ?? EMPTY_PAYLOAD_SHA256;
  return signRequest(
    { method: request.method, host: request.host, path: request.path, query: request.query, headers: { 'x-amz-content-sha256': payloadSha256 }, payloadSha256 },
    credentials,
    { service: 's3', region },
    now
  );
}
