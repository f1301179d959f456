/** Hive partition paths of a table's data files, for the details view, the API's snippets and `dual-layout snippet`. */
import type { ManifestEntry, Schema, TableMetadata } from '../../core/iceberg/model';
import { currentSchema, defaultSpec, specById } from '../../core/iceberg/schema';
import { examplePartitionPath, partitionToPath } from '../../core/layout/hivePath';

/** A real partition directory of the table when it has data, else one made up from the spec. */
export function hivePathExample(metadata: TableMetadata, files: ManifestEntry[]): string {
  const current = files.find(entry => entry.dataFile.specId === metadata.defaultSpecId);
  const path = current ? partitionPathOf(metadata, currentSchema(metadata), current) : '';
  return path && path !== UNREADABLE ? `${path}/` : examplePartitionPath(defaultSpec(metadata), currentSchema(metadata));
}

const UNREADABLE = '(unreadable partition)';

/** The Hive path of one data file's partition, `(unreadable partition)` when it cannot be encoded. */
export function partitionPathOf(metadata: TableMetadata, schema: Schema, { dataFile }: ManifestEntry): string {
  const spec = specById(metadata, dataFile.specId);
  try {
    return spec ? partitionToPath(spec, schema, dataFile.partition) : '';
  } catch {
    return UNREADABLE;
  }
}
