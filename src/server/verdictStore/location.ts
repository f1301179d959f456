/**
 * Where a verdict store may live: a local folder or an `s3://bucket/prefix`,
 * and never inside table storage. A store below a table's location, its data
 * root or a catalog's warehouse would put the product's only writes among
 * table files (and Dask would read them as part of the Hive view).
 */
import * as path from 'node:path';
import { isUnder, normalizeUri, parseUri, uriScheme } from '../../core/uri';

export class VerdictStoreLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerdictStoreLocationError';
  }
}

/** The store's canonical location: an absolute local path (relative ones from `cwd`) or `s3://bucket/prefix`. */
export function storeLocation(location: string, cwd: string): string {
  const scheme = uriScheme(location);
  if (location.trim() === '') {
    throw new VerdictStoreLocationError('the verdict store location is empty; give a folder or an s3://bucket/prefix');
  }
  if (scheme === 'file') {
    const local = parseUri(location).path;
    return normalizeUri(path.resolve(cwd, local));
  }
  if (scheme === 's3') {
    if (!parseUri(location).authority) {
      throw new VerdictStoreLocationError(`verdict store ${location} names no bucket; give s3://bucket/prefix`);
    }
    return normalizeUri(location);
  }
  throw new VerdictStoreLocationError(`verdict store ${location}: only a local folder or an s3://bucket/prefix can hold verdicts`);
}

/** What a store must stay out of: a table's location or data root, a catalog's warehouse. */
export interface TableStorageArea {
  /** e.g. `table lab.survey.obs` or `the warehouse of catalog lab` */
  what: string;
  location: string;
}

/** Throws, naming the area, when `store` lies at or below any of `areas`. */
export function refuseInsideTableStorage(store: string, areas: readonly TableStorageArea[]): void {
  for (const area of areas) {
    if (isUnder(area.location, store)) {
      throw new VerdictStoreLocationError(
        `refusing to publish verdicts to ${store}: it lies inside ${area.what} (${normalizeUri(area.location)}); ` +
          'the verdict store must be outside table storage'
      );
    }
  }
}
