/**
 * S3 connection settings from pyiceberg's property keys, with the AWS
 * environment as fallback.
 *
 * Order of precedence, per setting: `s3.*` property, then `client.*`
 * property (pyiceberg's unified keys), then the AWS environment variable,
 * then the AWS shared files' profile, then the default. A profile named
 * explicitly (`s3.profile-name`, `client.profile-name`, AWS_PROFILE) comes
 * before the environment's keys, as in the AWS SDKs. Credentials are taken as
 * one set from the first source that has an access key id, never mixed.
 */
import { AwsCredentials, credentialSecrets, defaultChain, Environment, firstCredentials, KeySet, Properties } from '../../aws/credentials';
import { parseEndpoint } from '../../aws/endpoint';
import type { AwsProfile } from '../../aws/profile';

export type { Environment, Properties } from '../../aws/credentials';
export type S3Credentials = AwsCredentials;

export interface S3Config {
  /** Custom endpoint (MinIO, moto, Ceph…); `undefined` for AWS itself. */
  endpoint?: URL;
  region: string;
  /** `undefined` signs nothing: anonymous access to public buckets. */
  credentials?: S3Credentials;
  /** Path-style (`endpoint/bucket/key`) rather than virtual-hosted (`bucket.endpoint/key`) addressing. */
  pathStyle: boolean;
  /** Per request, including the body. */
  requestTimeoutMs: number;
  /** Attempts per request, counting the first, for throttling, 5xx and network errors. */
  maxAttempts: number;
}

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 4;

/** Thrown for settings that cannot work; names the property, never its value when secret. */
export class S3ConfigError extends Error {
  constructor(
    message: string,
    readonly property: string
  ) {
    super(message);
    this.name = 'S3ConfigError';
  }
}

export function resolveS3Config(properties: Properties = {}, env: Environment = {}, profile?: AwsProfile): S3Config {
  const endpointText = first(properties['s3.endpoint'], env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL);
  const endpoint =
    endpointText === undefined
      ? undefined
      : parseEndpoint(endpointText, 's3.endpoint', 's3.access-key-id', message => new S3ConfigError(message, 's3.endpoint'));
  const region = first(properties['s3.region'], properties['client.region'], env.AWS_REGION, env.AWS_DEFAULT_REGION, profile?.region) ?? DEFAULT_REGION;
  return {
    endpoint,
    region,
    credentials: resolveCredentials(properties, env, profile),
    pathStyle: resolvePathStyle(properties, endpoint),
    requestTimeoutMs: positiveNumber(properties, 's3.request-timeout', DEFAULT_TIMEOUT_MS / 1000) * 1000,
    maxAttempts: DEFAULT_MAX_ATTEMPTS
  };
}

/** Every configured secret value, so error text can be scrubbed of them. */
export function secretsOf(config: S3Config): string[] {
  return credentialSecrets(config.credentials);
}

function resolveCredentials(properties: Properties, env: Environment, profile?: AwsProfile): S3Credentials | undefined {
  if (isTrue(properties['s3.anonymous'])) {
    return undefined;
  }
  const sources: KeySet[] = [
    [properties['s3.access-key-id'], properties['s3.secret-access-key'], properties['s3.session-token']],
    [properties['client.access-key-id'], properties['client.secret-access-key'], properties['client.session-token']],
    ...defaultChain(env, profile)
  ];
  const credentials = firstCredentials(sources);
  if (credentials === 'incomplete') {
    throw new S3ConfigError('an S3 access key id is configured without its secret access key', 'secret-access-key');
  }
  return credentials;
}

/**
 * Java Iceberg's `s3.path-style-access` wins when set; otherwise pyiceberg's
 * rule: virtual-hosted on AWS, path-style on a custom endpoint unless
 * `s3.force-virtual-addressing` is true.
 */
function resolvePathStyle(properties: Properties, endpoint: URL | undefined): boolean {
  const pathStyle = properties['s3.path-style-access'];
  if (pathStyle !== undefined) {
    return isTrue(pathStyle);
  }
  if (isTrue(properties['s3.force-virtual-addressing'])) {
    return false;
  }
  return endpoint !== undefined;
}

function positiveNumber(properties: Properties, key: string, fallback: number): number {
  const text = properties[key];
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new S3ConfigError(`${key} must be a positive number, not ${JSON.stringify(text)}`, key);
  }
  return value;
}

function first(...values: Array<string | undefined>): string | undefined {
  return values.find(v => v !== undefined && v !== '');
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}
