/**
 * Which storage reads a location, pyiceberg style: a registry from URI scheme
 * to backend factory.
 *
 * Order of precedence: the location's scheme picks the backend (plain paths
 * and `file:` are local; `s3`, `s3a` and `s3n` are S3). The backend's settings
 * come from the properties the caller passes, which it merges as the table's
 * vended storage properties over the catalog's properties; the AWS_*
 * environment fills what those leave unset; then defaults apply.
 */
import { uriScheme } from '../../core/uri';
import { LocalStorage } from './local';
import { Environment, Properties, S3ConfigError } from './s3/config';
import { S3Storage } from './s3/s3Storage';
import { ByteRange, DirectoryFiles, ListOptions, listDirectoriesOf, ObjectInfo, Storage, StorageError } from './storage';

export interface StorageOptions {
  /** pyiceberg-style properties; contains secrets. */
  properties?: Properties;
  /** Allowed locations of any scheme; omit to allow all. */
  roots?: readonly string[];
  /** Environment for fallbacks; defaults to `process.env`. */
  env?: Environment;
}

export type StorageFactory = (options: StorageOptions) => Storage;

export const STORAGE_FACTORIES: Readonly<Record<string, StorageFactory>> = {
  file: options => new LocalStorage({ roots: options.roots }),
  s3: options => new S3Storage(options)
};

/** Schemes people will meet in catalogs, with what they are, for a helpful refusal. */
const NOT_SUPPORTED_YET: Readonly<Record<string, string>> = {
  gs: 'Google Cloud Storage',
  gcs: 'Google Cloud Storage',
  abfs: 'Azure Data Lake Storage',
  abfss: 'Azure Data Lake Storage',
  wasb: 'Azure Blob Storage',
  wasbs: 'Azure Blob Storage',
  adl: 'Azure Data Lake Storage Gen1',
  hdfs: 'HDFS',
  viewfs: 'HDFS',
  oss: 'Alibaba Cloud OSS',
  http: 'HTTP',
  https: 'HTTP'
};

const SUPPORTED = 'local paths, file://, s3://, s3a://, s3n://';

/** The storage that reads `uri`; throws a `StorageError` naming it for schemes we cannot read. */
export function resolveStorage(uri: string, properties: Properties = {}, options: Omit<StorageOptions, 'properties'> = {}): Storage {
  const scheme = uriScheme(uri);
  const factory = STORAGE_FACTORIES[scheme];
  if (!factory) {
    throw unsupportedScheme(uri, scheme);
  }
  try {
    return factory({ ...options, properties });
  } catch (error) {
    if (error instanceof S3ConfigError) {
      throw new StorageError(`cannot read ${uri}: ${error.message}`, uri, 'unsupported');
    }
    throw error;
  }
}

/**
 * One `Storage` for locations of every supported scheme, creating each
 * backend on first use: a table's metadata and data files may be spelled
 * `s3://` and `s3a://`, or live in different stores.
 */
export class StorageRouter implements Storage {
  constructor(readonly options: StorageOptions = {}) {}

  async *list(prefix: string, options?: ListOptions): AsyncGenerator<ObjectInfo> {
    yield* this.storageFor(prefix).list(prefix, options);
  }

  listDirectories(prefix: string, options?: Omit<ListOptions, 'sizes'>): AsyncGenerator<DirectoryFiles> {
    return listDirectoriesOf(this.storageFor(prefix), prefix, options);
  }

  async read(path: string, range?: ByteRange): Promise<Uint8Array> {
    return this.storageFor(path).read(path, range);
  }

  async stat(path: string): Promise<ObjectInfo | null> {
    return this.storageFor(path).stat(path);
  }

  storageFor(uri: string): Storage {
    const scheme = uriScheme(uri);
    let storage = this._backends.get(scheme);
    if (!storage) {
      storage = resolveStorage(uri, this.options.properties, this.options);
      this._backends.set(scheme, storage);
    }
    return storage;
  }

  private readonly _backends = new Map<string, Storage>();
}

function unsupportedScheme(uri: string, scheme: string): StorageError {
  const known = NOT_SUPPORTED_YET[scheme];
  const what = known ? `${known} (${scheme}://) is not supported yet` : `unknown scheme '${scheme}:'`;
  return new StorageError(`cannot read ${uri}: ${what}; supported: ${SUPPORTED}`, uri, 'unsupported');
}
