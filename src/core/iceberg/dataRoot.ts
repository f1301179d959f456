/** Where a table's data files live, and so where Dask is pointed. */
import type { TableMetadata } from './model';
import { joinUri, normalizeUri } from '../uri';

/** `write.data.path`, the legacy `write.folder-storage.path`, else `<location>/data`. */
export function dataRootOf(metadata: TableMetadata): string {
  const properties = metadata.properties ?? {};
  const configured = properties['write.data.path'] || properties['write.folder-storage.path'];
  return normalizeUri(configured || joinUri(metadata.location, 'data'));
}

/** `true` when the object-storage location provider scatters data files under hashed prefixes. */
export function usesObjectStorageLayout(metadata: TableMetadata): boolean {
  return (metadata.properties?.['write.object-storage.enabled'] ?? '').toLowerCase() === 'true';
}
