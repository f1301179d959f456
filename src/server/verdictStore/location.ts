/**
 * Where a verdict store may live: a local folder or an `s3://bucket/prefix`,
 * and never inside table storage. A store below a table's location, its data
 * root or a catalog's warehouse would put the product's only writes among
 * table files (and Dask would read them as part of the Hive view).
 */
import * as fs from 'node:fs';
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

/**
 * Throws, naming the area, when `store` lies at or below any of `areas`. Local locations are
 * also compared after resolving symbolic links (of the part that exists), so a link into the
 * warehouse is refused like the warehouse itself.
 */
export function refuseInsideTableStorage(store: string, areas: readonly TableStorageArea[]): void {
  for (const area of areas) {
    if (isUnder(area.location, store) || isUnder(resolvedLocal(area.location), resolvedLocal(store))) {
      throw new VerdictStoreLocationError(
        `refusing to publish verdicts to ${store}: it lies inside ${area.what} (${normalizeUri(area.location)}); ` +
          'the verdict store must be outside table storage'
      );
    }
  }
}

/** A local location with the symbolic links of its longest existing ancestor resolved; others as given. */
function resolvedLocal(location: string): string {
  if (uriScheme(location) !== 'file') {
    return location;
  }
  const rest: string[] = [];
  let existing = parseUri(location).path;
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) {
        return location;
      }
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
