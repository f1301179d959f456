/**
 * Read-only S3 storage for `s3://`, `s3a://` and `s3n://` locations:
 * ListObjectsV2, ranged GetObject and HeadObject, signed with SigV4.
 *
 * A listing is a chain of dependent 1,000-key pages, so a large tree is
 * listed by partition prefix: the top levels are opened with the delimiter
 * `/` (each level's prefixes side by side) until there are enough "directories"
 * (`region=EU/`, …), then each is listed recursively, `listConcurrency` chains
 * at a time. Every request is retried with backoff on throttling (503
 * SlowDown), 5xx and dropped connections (client.ts). On a loopback moto tree
 * of 100,000 objects this listed 7.4x faster than s3fs `find` (bench/storage).
 * Footers are read with ranged GETs, several at once, by the verifier.
 */
import { parseUri, uriScheme } from '../../../core/uri';
import { Confinement } from '../confinement';
import { mergeConcurrently } from '../merge';
import { checkRange } from '../range';
import { ByteRange, ObjectInfo, Storage, StorageError } from '../storage';
import { S3Client, S3ClientOptions } from './client';
import { loadAwsProfile } from '../../aws/profile';
import { Environment, Properties, resolveS3Config } from './config';
import { parseListPage } from './xml';

/** Prefixes listed at once; each listing is a chain of 1,000-key pages. */
const DEFAULT_LIST_CONCURRENCY = 8;
/** How many levels of "directories" we open with a delimiter looking for enough prefixes to list in parallel. */
const MAX_FAN_OUT_DEPTH = 3;

export class S3Storage implements Storage {
  constructor(options: S3Storage.IOptions = {}) {
    const properties = options.properties ?? {};
    const env = options.env ?? process.env;
    const config = resolveS3Config(properties, env, loadAwsProfile(properties, env, options.home));
    this._client = new S3Client(config, options);
    this._confinement = new Confinement(options.roots?.filter(root => uriScheme(root) === 's3'));
    this._listConcurrency = Math.max(1, options.listConcurrency ?? DEFAULT_LIST_CONCURRENCY);
  }

  async *list(prefix: string): AsyncGenerator<ObjectInfo> {
    const location = this._locate(prefix, 'list');
    const keyPrefix = location.key === '' ? '' : `${location.key}/`;
    let found = false;
    const toInfo = (object: { key: string; size: number; modifiedMs?: number }): ObjectInfo => ({
      path: location.uriOf(object.key),
      size: object.size,
      ...(object.modifiedMs === undefined ? {} : { modifiedMs: object.modifiedMs })
    });
    if (this._listConcurrency === 1) {
      for await (const page of this._pages(location, keyPrefix)) {
        found ||= page.objects.length > 0;
        yield* page.objects.map(toInfo);
      }
    } else {
      // Open the top levels with a delimiter until there are enough
      // "directories" (partition prefixes) to list side by side, then list
      // each recursively. A level's prefixes are opened side by side too.
      let level = [keyPrefix];
      for (let depth = 0; depth < MAX_FAN_OUT_DEPTH && level.length < this._listConcurrency; depth++) {
        const below: string[] = [];
        const opened = level.map(dir => () => this._delimitedBatches(location, dir, toInfo, below));
        for await (const info of mergeConcurrently(opened, this._listConcurrency)) {
          found = true;
          yield info;
        }
        level = below;
      }
      const listings = level.map(dir => () => this._objectBatches(location, dir, toInfo));
      for await (const info of mergeConcurrently(listings, this._listConcurrency)) {
        found = true;
        yield info;
      }
    }
    if (!found && location.key !== '') {
      // The prefix may name an object rather than a "directory".
      const single = await this.stat(prefix);
      if (single) {
        yield single;
      }
    }
  }

  async read(path: string, range?: ByteRange): Promise<Uint8Array> {
    const location = this._locate(path, 'read');
    if (range) {
      checkRange(path, range);
      if (range.length === 0) {
        return new Uint8Array(0);
      }
    }
    const request = {
      operation: 'GetObject' as const,
      bucket: location.bucket,
      key: location.key,
      location: path,
      headers: range ? { range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : undefined,
      accept: range ? [416] : []
    };
    return this._client.send(request, async response => {
      if (response.status === 416) {
        await response.body?.cancel();
        return new Uint8Array(0); // the range starts past the end
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      // A server that ignores Range answers 200 with the whole object.
      return range && response.status === 200 ? bytes.slice(range.offset, range.offset + range.length) : bytes;
    });
  }

  async stat(path: string): Promise<ObjectInfo | null> {
    const location = this._locate(path, 'stat');
    if (location.key === '') {
      return null;
    }
    const request = { operation: 'HeadObject' as const, bucket: location.bucket, key: location.key, location: path, accept: [404] };
    return this._client.send(request, async response => {
      if (response.status === 404) {
        return null;
      }
      const modified = Date.parse(response.headers.get('last-modified') ?? '');
      return {
        path: location.uriOf(location.key),
        size: Number(response.headers.get('content-length') ?? 0),
        ...(Number.isNaN(modified) ? {} : { modifiedMs: modified })
      };
    });
  }

  private async *_objectBatches(
    location: S3Location,
    keyPrefix: string,
    toInfo: (object: { key: string; size: number; modifiedMs?: number }) => ObjectInfo
  ): AsyncGenerator<ObjectInfo[]> {
    for await (const page of this._pages(location, keyPrefix)) {
      yield page.objects.map(toInfo);
    }
  }

  /** The objects directly below `keyPrefix`, page by page; its "directories" are added to `prefixes`. */
  private async *_delimitedBatches(
    location: S3Location,
    keyPrefix: string,
    toInfo: (object: { key: string; size: number; modifiedMs?: number }) => ObjectInfo,
    prefixes: string[]
  ): AsyncGenerator<ObjectInfo[]> {
    for await (const page of this._pages(location, keyPrefix, '/')) {
      prefixes.push(...page.commonPrefixes);
      yield page.objects.map(toInfo);
    }
  }

  /** ListObjectsV2 pages below `keyPrefix`, following continuation tokens. */
  private async *_pages(location: S3Location, keyPrefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      const query: Array<[string, string]> = [
        ['list-type', '2'],
        ['prefix', keyPrefix],
        ['encoding-type', 'url']
      ];
      if (delimiter) {
        query.push(['delimiter', delimiter]);
      }
      if (token) {
        query.push(['continuation-token', token]);
      }
      const request = {
        operation: 'ListObjectsV2' as const,
        bucket: location.bucket,
        key: '',
        query,
        location: location.uriOf(keyPrefix)
      };
      const page = await this._client.send(request, async response => parseListPage(await response.text()));
      token = page.nextContinuationToken;
      yield page;
    } while (token);
  }

  private _locate(uri: string, operation: string): S3Location {
    if (uriScheme(uri) !== 's3') {
      throw new StorageError(`cannot ${operation} ${uri}: not an s3:// location`, uri, 'unsupported');
    }
    const { authority: bucket, path } = parseUri(uri);
    if (!bucket) {
      throw new StorageError(`cannot ${operation} ${uri}: no bucket in the location`, uri, 'unsupported');
    }
    this._confinement.check(uri, operation);
    // Report in the caller's scheme spelling (s3a stays s3a).
    const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
    return { bucket, key: path.slice(1), uriOf: key => `${scheme}://${bucket}/${key}` };
  }

  private readonly _client: S3Client;
  private readonly _confinement: Confinement;
  private readonly _listConcurrency: number;
}

export namespace S3Storage {
  export interface IOptions extends S3ClientOptions {
    /** pyiceberg-style properties (`s3.endpoint`, `s3.access-key-id`, …); contains secrets. */
    properties?: Properties;
    /** Environment for the AWS_* fallbacks; defaults to `process.env`. */
    env?: Environment;
    /** Allowed locations (`s3://bucket/prefix`; other schemes ignored). Omit to allow all. */
    roots?: readonly string[];
    /** Home directory holding `.aws/credentials` and `.aws/config`; defaults to the user's. */
    home?: string;
    /** Prefixes listed in parallel; 1 lists sequentially. */
    listConcurrency?: number;
  }
}

interface S3Location {
  bucket: string;
  /** Normalised key without a leading slash; `''` for the bucket itself. */
  key: string;
  uriOf(key: string): string;
}
