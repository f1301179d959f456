/**
 * How each engine reaches a table's files: Spark through the Iceberg catalog's
 * FileIO properties, Dask/pyarrow through fsspec `storage_options`, pyiceberg
 * through FileIO properties. Credentials are referenced, never embedded: they
 * come from the kernel's environment (the AWS variables every S3 client reads).
 */
import type { StorageProfile } from './profile';
import type { PyCode } from './emit';
import { envReference, secretReference, vendedPropertiesLoad } from './secretRefs';

/** The standard AWS variables: S3FileIO, s3fs and pyarrow all fall back to them as well. */
export const AWS_CREDENTIAL_ENV = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  sessionToken: 'AWS_SESSION_TOKEN'
} as const;

/** `s3a://` and `s3n://` are Hadoop spellings; Python's S3 filesystems want `s3://`. */
export function pythonPath(location: string): string {
  return location.replace(/^s3[an]:\/\//, 's3://');
}

/** Iceberg Spark catalog properties (without the `spark.sql.catalog.<name>.` prefix) for the storage. */
export function sparkStorageProperties(storage: StorageProfile): Record<string, string | PyCode> {
  if (storage.kind !== 's3') {
    return {};
  }
  const properties: Record<string, string | PyCode> = { 'io-impl': 'org.apache.iceberg.aws.s3.S3FileIO' };
  if (storage.endpoint) {
    properties['s3.endpoint'] = storage.endpoint;
  }
  if (storage.pathStyleAccess) {
    properties['s3.path-style-access'] = 'true';
  }
  if (storage.region) {
    properties['client.region'] = storage.region;
  }
  if (storage.vended) {
    // Iceberg's REST client hands each table's FileIO the credentials vended for it.
    return properties;
  }
  const credentials = storage.credentials;
  properties['s3.access-key-id'] = credentials ? secretReference(credentials.accessKeyId) : envReference(AWS_CREDENTIAL_ENV.accessKeyId);
  properties['s3.secret-access-key'] = credentials ? secretReference(credentials.secretAccessKey) : envReference(AWS_CREDENTIAL_ENV.secretAccessKey);
  const token = credentials ? credentials.sessionToken : { env: AWS_CREDENTIAL_ENV.sessionToken };
  if (token) {
    properties['s3.session-token'] = secretReference(token);
  }
  return properties;
}

/**
 * The line binding `variable` to the FileIO properties the catalog vends for the table, or `null` when its
 * keys are not vended. Emitted once before the options that read it (`vendedProperties` below).
 */
export function vendedPropertiesLine(storage: StorageProfile, variable: string): PyCode | null {
  return storage.vended && storage.credentials ? vendedPropertiesLoad(storage.credentials.accessKeyId, variable) : null;
}

/**
 * fsspec/s3fs `storage_options`, or `null` for local files. Without configured keys s3fs reads the AWS variables itself.
 * Vended keys are read from `vendedProperties`, the variable `vendedPropertiesLine` binds.
 */
export function daskStorageOptions(storage: StorageProfile, vendedProperties?: string): Record<string, unknown> | null {
  if (storage.kind !== 's3') {
    return null;
  }
  const options: Record<string, unknown> = {};
  if (storage.endpoint) {
    options.endpoint_url = storage.endpoint;
  }
  if (storage.region) {
    options.client_kwargs = { region_name: storage.region };
  }
  if (storage.pathStyleAccess) {
    options.config_kwargs = { s3: { addressing_style: 'path' } };
  }
  if (storage.credentials) {
    options.key = secretReference(storage.credentials.accessKeyId, vendedProperties);
    options.secret = secretReference(storage.credentials.secretAccessKey, vendedProperties);
    if (storage.credentials.sessionToken) {
      options.token = secretReference(storage.credentials.sessionToken, vendedProperties);
    }
  }
  return options;
}

/** pyiceberg FileIO properties, or `null` for local files. Without configured keys pyarrow reads the AWS variables itself. */
export function pyicebergIoProperties(storage: StorageProfile, vendedProperties?: string): Record<string, string | PyCode> | null {
  if (storage.kind !== 's3') {
    return null;
  }
  const properties: Record<string, string | PyCode> = {};
  if (storage.endpoint) {
    properties['s3.endpoint'] = storage.endpoint;
  }
  if (storage.region) {
    properties['s3.region'] = storage.region;
  }
  if (storage.pathStyleAccess) {
    properties['s3.force-virtual-addressing'] = 'false';
  }
  if (storage.credentials) {
    properties['s3.access-key-id'] = secretReference(storage.credentials.accessKeyId, vendedProperties);
    properties['s3.secret-access-key'] = secretReference(storage.credentials.secretAccessKey, vendedProperties);
    if (storage.credentials.sessionToken) {
      properties['s3.session-token'] = secretReference(storage.credentials.sessionToken, vendedProperties);
    }
  }
  return properties;
}
