/**
 * Findings about which files each view contains: leftovers Dask reads but
 * Iceberg does not (`stale-file`), live files Dask misses (`unlisted-file`),
 * and no file at all, where Dask raises. Delete files are in deleteFindings.ts.
 */
import type { ManifestEntry } from '../../core/iceberg/model';
import type { Finding, FindingCause } from '../../core/api/wire';
import { relativeUri } from '../../core/uri';
import { DASK_PARQUET_EXTENSIONS, isDaskParquetFile } from './daskView';
import type { Views } from './views';

/** About the tree as a whole: a `_metadata` summary replacing the listing, or no file at all. */
export function treeFindings(dataRoot: string, listed: number, daskMetadataFile: string | null): Finding[] {
  const findings: Finding[] = [];
  if (daskMetadataFile) {
    findings.push({
      kind: 'stale-file',
      cause: 'dask-metadata-summary',
      path: daskMetadataFile,
      detail: 'Dask reads the file list from this _metadata summary instead of the directory tree; Iceberg does not maintain it.',
      changesRows: true
    });
  }
  if (listed === 0 && !daskMetadataFile) {
    findings.push({
      kind: 'schema-drift',
      cause: 'empty-tree',
      path: dataRoot,
      detail:
        'Dask finds no Parquet file below the data root, so dd.read_parquet raises ("No files satisfy" or FileNotFoundError) instead of returning an empty frame.',
      changesRows: true
    });
  }
  return findings;
}

/** Files Dask reads that are not live. */
export function staleFindings(views: Views): Finding[] {
  const findings: Finding[] = [];
  for (const file of views.hive.stale()) {
    findings.push({
      kind: 'stale-file',
      cause: 'leftover',
      path: file.path,
      detail:
        'Dask reads this file, but it is not a live data file of the snapshot (a leftover of an overwrite, delete, compaction, expired snapshot, another branch or a failed write).',
      // Leftovers hold the rows they were written with; Dask adds them to Iceberg's.
      changesRows: true
    });
  }
  return findings;
}

/** Live data files Dask does not read; `daskMetadataFile` is the whole tree's. */
export function unlistedFindings(views: Views, daskMetadataFile: string | null): Finding[] {
  return views.unlisted.map(entry => {
    const { cause, detail } = whyUnlisted(views.dataRoot, daskMetadataFile, entry);
    return { kind: 'unlisted-file', cause, path: entry.dataFile.filePath, detail, changesRows: entry.dataFile.recordCount > 0 };
  });
}

function whyUnlisted(dataRoot: string, daskMetadataFile: string | null, entry: ManifestEntry): { cause: FindingCause; detail: string } {
  const rows = `${entry.dataFile.recordCount} row${entry.dataFile.recordCount === 1 ? '' : 's'}`;
  const relative = relativeUri(dataRoot, entry.dataFile.filePath);
  if (relative === null) {
    return { cause: 'outside-root', detail: `Live data file (${rows}) outside the data root ${dataRoot}: Dask will not read it.` };
  }
  if (!isDaskParquetFile(relative)) {
    return {
      cause: 'not-parquet-name',
      detail: `Live data file (${rows}) whose name does not end in ${DASK_PARQUET_EXTENSIONS.join(', ')}: Dask will not read it.`
    };
  }
  if (daskMetadataFile) {
    return { cause: 'dask-metadata-summary', detail: `Live data file (${rows}) that Dask skips because it reads the _metadata summary instead of the tree.` };
  }
  return {
    cause: 'missing-from-storage',
    detail: `Live data file (${rows}) that is missing from storage: Iceberg readers will fail and Dask will not read it.`
  };
}
