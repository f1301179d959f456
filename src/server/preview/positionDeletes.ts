/**
 * Position delete files (Parquet with `file_path` and `pos`) for a set of
 * data files. Deletion vectors (Puffin) and equality deletes are not read
 * here; callers say so to the user instead of showing deleted rows silently.
 */
import { parquetReadObjects } from 'hyparquet';
import type { ManifestEntry } from '../../core/iceberg/model';
import type { Storage } from '../storage/storage';
import { boundedCompressors } from '../parquet/boundedCompressors';
import { readParquetMetadata, storageBuffer } from '../parquet/parquetFile';

export interface DeleteCoverage {
  /** Deleted row positions per data file path. */
  positions: Map<string, Set<number>>;
  /** True when some delete could not be applied (equality deletes, deletion vectors). */
  incomplete: boolean;
}

export async function positionDeletesFor(
  storage: Storage,
  deleteFiles: ManifestEntry[],
  dataFilePaths: Set<string>,
  signal?: AbortSignal
): Promise<DeleteCoverage> {
  const positions = new Map<string, Set<number>>();
  let incomplete = false;
  for (const { dataFile } of deleteFiles) {
    signal?.throwIfAborted();
    const isDeletionVector = dataFile.fileFormat.toUpperCase() === 'PUFFIN';
    if (dataFile.content === 'equality-deletes' || isDeletionVector) {
      incomplete ||= !dataFile.referencedDataFile || dataFilePaths.has(dataFile.referencedDataFile);
      continue;
    }
    if (dataFile.referencedDataFile && !dataFilePaths.has(dataFile.referencedDataFile)) {
      continue;
    }
    const buffer = await storageBuffer(storage, dataFile.filePath, dataFile.fileSizeInBytes);
    const rows = await parquetReadObjects({
      file: buffer,
      metadata: await readParquetMetadata(buffer),
      columns: ['file_path', 'pos'],
      compressors: boundedCompressors
    });
    for (const row of rows) {
      const path = String(row.file_path);
      if (!dataFilePaths.has(path)) {
        continue;
      }
      let set = positions.get(path);
      if (!set) {
        set = new Set();
        positions.set(path, set);
      }
      set.add(Number(row.pos));
    }
  }
  return { positions, incomplete };
}
