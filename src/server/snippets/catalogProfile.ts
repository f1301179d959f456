/**
 * The non-secret profile of a catalog that snippets are generated from.
 * Secrets stay here in the helper: the profile only says where the kernel
 * finds each one at run time — the `PYICEBERG_CATALOG__…` variable when the
 * helper's environment sets it that way, else the kernel's own
 * `.pyiceberg.yaml` (read through pyiceberg), or the standard AWS variables.
 */
import type { CatalogProfile, StorageProfile } from '../../core/snippets';
import type { SecretRef } from '../../core/snippets/secretRefs';
import { uriScheme } from '../../core/uri';
import { parseSqlUri } from '../catalogs/sqlUri';
import { isSecretKey } from '../config/secrets';

export interface CatalogProfileSource {
  name: string;
  /** `sql`, `rest` or `hadoop`. */
  type: string;
  /** Catalog properties (and vended storage properties); contains secrets. */
  properties: Readonly<Record<string, string>>;
  /** The table's location or data root: decides the storage kind. */
  location: string;
  /** Set when a REST catalog vends the table's credentials: the table (namespace parts, then name) and the vended keys. */
  vended?: { table: string[]; keys: readonly string[] };
}

export interface ProfileContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Spark REST catalog properties that are passed on as they are (when not secret). */
const REST_PASS_THROUGH = /^(prefix|scope|audience|resource|oauth2-server-uri|token-refresh-enabled|header\..+|rest\..+)$/;

/** pyiceberg's Glue settings that Iceberg's Java GlueCatalog reads under the same names. */
const GLUE_PASS_THROUGH = ['glue.endpoint', 'glue.id'];

/** libpq's variable: the Postgres JDBC driver does not read it, so the snippet passes it on. */
const POSTGRES_PASSWORD_ENV = 'PGPASSWORD';
/** libpq's TLS parameters that PostgreSQL's JDBC driver takes under the same names. */
const JDBC_TLS_PARAMETERS = { mode: 'sslmode', rootCert: 'sslrootcert', cert: 'sslcert', key: 'sslkey' } as const;

/** The `PYICEBERG_CATALOG__<NAME>__<KEY>` variable pyiceberg reads `key` of catalog `name` from. */
export function pyicebergEnvName(catalog: string, key: string): string {
  const part = (text: string) => text.toUpperCase().replace(/-/g, '_');
  return `PYICEBERG_CATALOG__${part(catalog)}__${key.split('.').map(part).join('__')}`;
}

/** Where the kernel reads catalog property `key` at run time. */
function secretRef(catalog: string, key: string, env: NodeJS.ProcessEnv): SecretRef {
  const variable = pyicebergEnvName(catalog, key);
  return env[variable] !== undefined ? { env: variable } : { catalog, property: key };
}

export function storageProfile(source: CatalogProfileSource, env: NodeJS.ProcessEnv): StorageProfile {
  const scheme = uriScheme(source.location);
  if (!['s3', 's3a', 's3n'].includes(scheme)) {
    return { kind: 'local' };
  }
  const props = source.properties;
  const endpoint = props['s3.endpoint'];
  const profile: StorageProfile = { kind: 's3' };
  if (endpoint) {
    profile.endpoint = endpoint;
  }
  const region = props['s3.region'] ?? props['client.region'];
  if (region) {
    profile.region = region;
  }
  // S3-compatible servers on a custom endpoint want path-style URLs unless told otherwise (pyiceberg's default too).
  profile.pathStyleAccess = props['s3.path-style-access'] === 'true' || (!!endpoint && props['s3.force-virtual-addressing'] !== 'true');
  const vended = source.vended;
  if (vended && vended.keys.includes('s3.access-key-id') && vended.keys.includes('s3.secret-access-key')) {
    // Short-lived and per table: never the helper's copy, always what the kernel's own load vends.
    const ref = (property: string): SecretRef => ({ catalog: source.name, property, vendedFor: vended.table });
    profile.vended = true;
    profile.credentials = {
      accessKeyId: ref('s3.access-key-id'),
      secretAccessKey: ref('s3.secret-access-key'),
      ...(vended.keys.includes('s3.session-token') ? { sessionToken: ref('s3.session-token') } : {})
    };
  } else if (props['s3.access-key-id'] && props['s3.secret-access-key']) {
    profile.credentials = {
      accessKeyId: secretRef(source.name, 's3.access-key-id', env),
      secretAccessKey: secretRef(source.name, 's3.secret-access-key', env),
      ...(props['s3.session-token'] ? { sessionToken: secretRef(source.name, 's3.session-token', env) } : {})
    };
  }
  return profile;
}

/**
 * pyiceberg's SQLAlchemy URI as a JDBC URL (with the TLS parameters the URI sets), the user as a
 * plain property and the password referenced: read from the URI in the kernel's `.pyiceberg.yaml`
 * (or its `PYICEBERG_CATALOG__<NAME>__URI`) when the URI holds it, else from `PGPASSWORD`.
 */
function jdbcSettings(
  catalog: string,
  uri: string,
  context: ProfileContext
): { uri: string; properties: Record<string, string>; secrets: Record<string, SecretRef> } {
  const database = parseSqlUri(uri, context.cwd);
  if (database.dialect === 'sqlite') {
    if (!database.file) {
      throw new Error('an in-memory SQLite catalog cannot be shared with a notebook');
    }
    return { uri: `jdbc:sqlite:${database.file}`, properties: {}, secrets: {} };
  }
  const properties: Record<string, string> = {};
  const secrets: Record<string, SecretRef> = {};
  if (database.user !== undefined) {
    properties['jdbc.user'] = database.user;
  }
  if (database.password !== undefined) {
    secrets['jdbc.password'] = { catalog, property: 'uri', uriPassword: true };
  } else if (context.env[POSTGRES_PASSWORD_ENV] !== undefined) {
    secrets['jdbc.password'] = { env: POSTGRES_PASSWORD_ENV };
  }
  const host = database.host.includes(':') ? `[${database.host}]` : database.host;
  const query = new URLSearchParams();
  for (const [field, parameter] of Object.entries(JDBC_TLS_PARAMETERS)) {
    const value = database.tls[field as keyof typeof JDBC_TLS_PARAMETERS];
    // libpq's default (prefer) is the driver's too.
    if (value !== undefined && !(field === 'mode' && value === 'prefer')) {
      query.set(parameter, value);
    }
  }
  if (database.options) {
    query.set('options', database.options);
  }
  const parameters = query.toString() ? `?${query}` : '';
  return { uri: `jdbc:postgresql://${host}:${database.port}/${encodeURIComponent(database.database)}${parameters}`, properties, secrets };
}

export function catalogProfile(source: CatalogProfileSource, context: ProfileContext): CatalogProfile {
  const { name, properties } = source;
  const kind = source.type;
  if (kind !== 'sql' && kind !== 'rest' && kind !== 'hadoop' && kind !== 'hive' && kind !== 'glue') {
    throw new Error(`catalog '${name}' has type '${kind}', for which no snippet can be generated`);
  }
  const profile: CatalogProfile = { name, kind, storage: storageProfile(source, context.env) };
  if (properties.warehouse) {
    profile.warehouse = properties.warehouse;
  }
  if (kind === 'sql') {
    const jdbc = jdbcSettings(name, properties.uri ?? '', context);
    profile.uri = jdbc.uri;
    profile.properties = jdbc.properties;
    profile.secrets = jdbc.secrets;
  } else if (kind === 'glue') {
    profile.properties = Object.fromEntries(GLUE_PASS_THROUGH.filter(key => properties[key]).map(key => [key, properties[key]]));
    // Java's Glue client has one region setting for every AWS client; the storage's own region wins over it.
    const region = properties['glue.region'] ?? properties['client.region'];
    if (region) {
      profile.properties['client.region'] = region;
    }
  } else if (kind === 'hive') {
    profile.uri = properties.uri;
  } else if (kind === 'rest') {
    profile.uri = properties.uri;
    // Iceberg's Java REST client asks for vended credentials only when told to.
    profile.properties = profile.storage.vended ? { 'header.X-Iceberg-Access-Delegation': 'vended-credentials' } : {};
    profile.secrets = {};
    for (const [key, value] of Object.entries(properties)) {
      if (key === 'credential' || key === 'token' || (isSecretKey(key) && key.startsWith('header.'))) {
        profile.secrets[key] = secretRef(name, key, context.env);
      } else if (REST_PASS_THROUGH.test(key) && !isSecretKey(key)) {
        profile.properties[key] = value;
      }
    }
  }
  return profile;
}
