/**
 * AWS credentials as the SDKs find them when a client's own properties name
 * none: the standard environment variables, then the shared files' profile.
 * A profile named explicitly (a `<service>.profile-name` or
 * `client.profile-name` property, or AWS_PROFILE) comes before the
 * environment's keys, as in the AWS SDKs. Used by S3 storage and the Glue
 * catalog alike; each adds its own property keys in front.
 */
import type { AwsProfile } from './profile';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type Properties = Readonly<Record<string, string | undefined>>;
export type Environment = Readonly<Record<string, string | undefined>>;

/** Access key id, secret access key and session token as one source gives them. */
export type KeySet = [accessKeyId: string | undefined, secretAccessKey: string | undefined, sessionToken: string | undefined];

/** The environment's and the profile's keys, in the order the SDKs try them. */
export function defaultChain(env: Environment, profile?: AwsProfile): KeySet[] {
  const fromProfile: KeySet[] = profile?.credentials
    ? [[profile.credentials.accessKeyId, profile.credentials.secretAccessKey, profile.credentials.sessionToken]]
    : [];
  const fromEnv: KeySet[] = [[env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN]];
  return profile?.explicit ? [...fromProfile, ...fromEnv] : [...fromEnv, ...fromProfile];
}

/**
 * The first source that has an access key id, taken whole (keys of two sources are never mixed);
 * `'incomplete'` when that source lacks its secret access key.
 */
export function firstCredentials(sources: readonly KeySet[]): AwsCredentials | 'incomplete' | undefined {
  for (const [accessKeyId, secretAccessKey, sessionToken] of sources) {
    if (accessKeyId) {
      return secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined } : 'incomplete';
    }
  }
  return undefined;
}

/** Every secret value of `credentials`, so error text can be scrubbed of them. */
export function credentialSecrets(credentials: AwsCredentials | undefined): string[] {
  return credentials ? [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyId].filter((s): s is string => !!s) : [];
}
