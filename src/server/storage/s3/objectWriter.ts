/**
 * The one S3 write path of the product: PutObject below a single location
 * (the verdict store), used only by the verdict publisher
 * (src/server/verdictStore/publisher.ts).
 *
 * It is deliberately not a `Storage` and shares nothing with S3Storage but
 * the signing client: table storage is built without it, so no code that
 * reads tables can reach a write. Every key is checked to lie below the
 * writer's location before a request is signed.
 */
import { isUnder, parseUri, uriScheme } from '../../../core/uri';
import { StorageError } from '../storage';
import { loadAwsProfile } from '../../aws/profile';
import { S3Client, type S3ClientOptions } from './client';
import { type Environment, type Properties, resolveS3Config } from './config';

class S3WritingClient extends S3Client {
  put(bucket: string, key: string, body: Uint8Array, location: string): Promise<void> {
    const request = { operation: 'PutObject' as const, bucket, key, location, headers: { 'content-type': 'application/json' } };
    return this._sendWithBody(request, body, async response => {
      await response.body?.cancel();
    });
  }
}

export class S3ObjectWriter {
  /** `location` (`s3://bucket/prefix`) bounds every write; settings as for S3Storage (properties, then AWS environment and profile). */
  constructor(
    readonly location: string,
    options: S3ObjectWriter.IOptions = {}
  ) {
    if (uriScheme(location) !== 's3' || !parseUri(location).authority) {
      throw new StorageError(`cannot write below ${location}: not an s3://bucket/prefix location`, location, 'unsupported');
    }
    const properties = options.properties ?? {};
    const env = options.env ?? process.env;
    this._client = new S3WritingClient(resolveS3Config(properties, env, loadAwsProfile(properties, env, options.home)), options);
  }

  /** Write `body` as the object `uri`, which must lie below the writer's location. */
  async put(uri: string, body: Uint8Array): Promise<void> {
    if (!isUnder(this.location, uri) || uriScheme(uri) !== 's3') {
      throw new StorageError(`refused to write ${uri}: only objects below ${this.location} are written`, uri, 'outside-roots');
    }
    const { authority: bucket, path } = parseUri(uri);
    await this._client.put(bucket, path.slice(1), body, uri);
  }

  private readonly _client: S3WritingClient;
}

export namespace S3ObjectWriter {
  export interface IOptions extends S3ClientOptions {
    /** pyiceberg-style properties (`s3.endpoint`, `s3.access-key-id`, …); contains secrets. */
    properties?: Properties;
    /** Environment for the AWS_* fallbacks; defaults to `process.env`. */
    env?: Environment;
    /** Home directory holding `.aws/credentials` and `.aws/config`; defaults to the user's. */
    home?: string;
  }
}
