/**
 * Credentials and region from the AWS shared files (`~/.aws/credentials`,
 * `~/.aws/config`), as the AWS SDKs and pyiceberg (through boto/pyarrow) read
 * them, so people on AWS need not copy keys into `.pyiceberg.yaml`. Shared by
 * S3 storage (`s3.profile-name`) and the Glue catalog (`glue.profile-name`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AwsCredentials, Environment, Properties } from './credentials';

export interface AwsProfile {
  name: string;
  /** Whether the name was chosen (property or AWS_PROFILE) rather than `default`. */
  explicit: boolean;
  credentials?: AwsCredentials;
  region?: string;
}

/** Profile name: `<service>.profile-name`, then `client.profile-name`, then AWS_PROFILE, then `default`. */
export function profileName(properties: Properties, env: Environment, service = 's3'): { name: string; explicit: boolean } {
  const chosen = [properties[`${service}.profile-name`], properties['client.profile-name'], env.AWS_PROFILE].find(v => !!v);
  return { name: chosen ?? 'default', explicit: chosen !== undefined };
}

/** The profile the properties of `service` (`s3`, `glue`) choose. */
export function loadAwsProfile(properties: Properties, env: Environment, home: string = os.homedir(), service = 's3'): AwsProfile {
  const { name, explicit } = profileName(properties, env, service);
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  // The credentials file names sections `[name]`; the config file `[profile name]`, except `[default]`.
  const fromCredentials = parseIni(readOrEmpty(credentialsFile))[name] ?? {};
  const fromConfig = parseIni(readOrEmpty(configFile))[name === 'default' ? 'default' : `profile ${name}`] ?? {};
  const keys = { ...fromConfig, ...fromCredentials };
  const credentials =
    keys.aws_access_key_id && keys.aws_secret_access_key
      ? {
          accessKeyId: keys.aws_access_key_id,
          secretAccessKey: keys.aws_secret_access_key,
          sessionToken: keys.aws_session_token || undefined
        }
      : undefined;
  return { name, explicit, credentials, region: fromConfig.region || undefined };
}

/** Sections of an INI file as key → value maps; comments and nested (indented) values skipped. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || /^\s/.test(raw)) {
      continue;
    }
    const section = sectionName(line);
    if (section !== null) {
      current = sections[section] ??= {};
    } else if (current) {
      const eq = line.indexOf('=');
      if (eq > 0) {
        current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
      }
    }
  }
  return sections;
}

/**
 * `[ name ]` → `name`, or null. A scan: `^\[\s*(.+?)\s*\]$` tried every split
 * of a run of spaces between the name and the spaces around it, cubic in its length.
 */
function sectionName(line: string): string | null {
  const name = line.startsWith('[') && line.endsWith(']') ? line.slice(1, -1).trim() : '';
  return name === '' || /[\n\r\u2028\u2029]/.test(name) ? null : name;
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // no shared files: the usual case off AWS
  }
}
