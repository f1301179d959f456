/**
 * Merge-on-read deletes Dask cannot apply: one finding per live delete entry
 * (each deletion vector of a shared Puffin file is its own entry), saying
 * which data file it deletes from and how many rows.
 *
 * A delete changes Dask's rows only when it applies to a live data file, by
 * Iceberg's rules: a deletion vector or file-scoped position delete names its
 * one data file; other position deletes apply to data files of the same
 * partition (every partition for an unpartitioned spec) whose data sequence
 * number is at most the delete's; equality deletes to those whose data
 * sequence number is lower. Which files a partition-wide position delete
 * file names is read from its `file_path` column (`positionDeleteTargets`),
 * for at most MAX_POSITION_DELETE_READS files. A delete whose data files were
 * all rewritten (e.g. by compaction) is dangling: it deletes nothing.
 */
import type { DeleteSummary, Finding } from '../../core/api/wire';
import type { ManifestEntry, PartitionTuple, TableMetadata } from '../../core/iceberg/model';
import { specById } from '../../core/iceberg/schema';
import { positionDeletesFor } from '../preview/positionDeletes';
import type { Storage } from '../storage/storage';
import type { LiveFiles } from './liveFiles';
import { isPartitioned } from './partitionFindings';
import { locationKey } from './views';

/** The whole table's live files, and whether Dask lists a path. */
export interface DeleteViews {
  liveData: LiveFiles;
  liveDeletes: ManifestEntry[];
  /** Whether Dask lists the file with this `locationKey`. */
  isListed(key: string): boolean;
}

/** Position delete files whose `file_path` column is read per check; the others are judged by partition. */
export const MAX_POSITION_DELETE_READS = 100;

/** For position delete files that were read: deleted rows per live data file path. */
export type PositionDeleteTargets = Map<ManifestEntry, Map<string, number>>;

/** Position delete files that may name several data files: Parquet, not file-scoped. */
function needsReading(entry: ManifestEntry): boolean {
  const file = entry.dataFile;
  return file.content === 'position-deletes' && file.referencedDataFile === undefined && file.fileFormat.toUpperCase() === 'PARQUET';
}

/** Reads which live data files each partition-wide position delete file names (bounded). */
export async function positionDeleteTargets(storage: Storage, views: DeleteViews, signal?: AbortSignal): Promise<PositionDeleteTargets> {
  const targets: PositionDeleteTargets = new Map();
  const toRead = views.liveDeletes.filter(needsReading).slice(0, MAX_POSITION_DELETE_READS);
  if (toRead.length === 0) {
    return targets;
  }
  const livePaths = new Set<string>();
  for (const entry of views.liveData.values()) {
    livePaths.add(entry.dataFile.filePath);
  }
  for (const entry of toRead) {
    const { positions } = await positionDeletesFor(storage, [entry], livePaths, signal);
    targets.set(entry, new Map([...positions].map(([path, rows]) => [path, rows.size])));
  }
  return targets;
}

export interface DeleteFindings {
  findings: Finding[];
  /** Set when some live delete applies to a live data file. */
  summary?: DeleteSummary;
}

export function deleteFindings(metadata: TableMetadata, views: DeleteViews, read: PositionDeleteTargets = new Map()): DeleteFindings {
  if (views.liveDeletes.length === 0) {
    return { findings: [] };
  }
  const byPartition = dataByPartition(views);
  const findings: Finding[] = [];
  const affected = new Set<string>();
  let deletedRows = 0;
  for (const entry of views.liveDeletes) {
    const named = read.get(entry);
    const targets = named
      ? [...named.keys()].map(path => views.liveData.get(locationKey(path))!).filter(data => data.sequenceNumber <= entry.sequenceNumber)
      : dataFilesDeletedFrom(metadata, views, byPartition, entry);
    const readAsData = views.isListed(locationKey(entry.dataFile.filePath));
    const rows = named ? targets.reduce((sum, data) => sum + named.get(data.dataFile.filePath)!, 0) : entry.dataFile.recordCount;
    if (targets.length > 0 && rows > 0) {
      targets.forEach(target => affected.add(target.dataFile.filePath));
      deletedRows += rows;
    }
    const referenced = entry.dataFile.referencedDataFile ?? (targets.length === 1 ? targets[0].dataFile.filePath : undefined);
    findings.push({
      kind: 'delete-file',
      cause: isDeletionVector(entry) ? 'deletion-vector' : 'merge-on-read-delete',
      path: entry.dataFile.filePath,
      detail: deleteDetail(entry, targets.length, readAsData),
      changesRows: (targets.length > 0 && rows > 0) || readAsData,
      ...(referenced === undefined ? {} : { referencedDataFile: referenced }),
      deletedRows: rows
    });
  }
  const summary = affected.size > 0 ? { affectedDataFiles: [...affected].sort(), deletedRows } : undefined;
  return { findings, summary };
}

/** Live data files by spec and partition tuple. */
function dataByPartition(views: DeleteViews): Map<string, ManifestEntry[]> {
  const groups = new Map<string, ManifestEntry[]>();
  for (const entry of views.liveData.values()) {
    const key = partitionKey(entry.dataFile.specId, entry.dataFile.partition);
    const group = groups.get(key);
    if (group) {
      group.push(entry);
    } else {
      groups.set(key, [entry]);
    }
  }
  return groups;
}

/** Files of one spec and partition tuple share this key (binary values by their bytes). */
export function partitionKey(specId: number, partition: PartitionTuple): string {
  const values = Object.keys(partition)
    .sort()
    .map(id => {
      const value = partition[Number(id)];
      if (value instanceof Uint8Array) {
        return `b:${Array.from(value).join(',')}`;
      }
      return `${typeof value}:${String(value)}`;
    });
  return `${specId}|${values.join('|')}`;
}

function dataFilesDeletedFrom(metadata: TableMetadata, views: DeleteViews, byPartition: Map<string, ManifestEntry[]>, deletes: ManifestEntry): ManifestEntry[] {
  const file = deletes.dataFile;
  const equality = file.content === 'equality-deletes';
  const applies = (data: ManifestEntry) => (equality ? data.sequenceNumber < deletes.sequenceNumber : data.sequenceNumber <= deletes.sequenceNumber);
  if (!equality && file.referencedDataFile !== undefined) {
    const data = views.liveData.get(locationKey(file.referencedDataFile));
    return data && applies(data) ? [data] : [];
  }
  const candidates = isPartitioned(specById(metadata, file.specId))
    ? (byPartition.get(partitionKey(file.specId, file.partition)) ?? [])
    : views.liveData.values();
  const applying: ManifestEntry[] = [];
  for (const data of candidates) {
    if (applies(data)) {
      applying.push(data);
    }
  }
  return applying;
}

function isDeletionVector(entry: ManifestEntry): boolean {
  const file = entry.dataFile;
  return file.content === 'position-deletes' && (file.fileFormat.toLowerCase() === 'puffin' || file.contentOffset !== undefined);
}

function deleteDetail(entry: ManifestEntry, targets: number, readAsData: boolean): string {
  const file = entry.dataFile;
  const rows = `${file.recordCount} ${file.content === 'equality-deletes' ? 'key' : 'deleted row'}${file.recordCount === 1 ? '' : 's'}`;
  let what: string;
  if (file.content === 'equality-deletes') {
    what = `Equality delete file (${rows})`;
  } else if (isDeletionVector(entry)) {
    what = `Deletion vector at offset ${file.contentOffset ?? '?'} for ${file.referencedDataFile ?? 'a data file'} (${rows})`;
  } else {
    what = `Position delete file (${rows})`;
  }
  const effect =
    targets === 0
      ? ': it applies to no live data file (they were rewritten), so it deletes nothing.'
      : `: Dask cannot apply it and returns the rows it deletes from ${targets === 1 ? 'its data file' : `${targets} data files`}.`;
  return `${what}${effect}${readAsData ? ' It also sits in the Hive tree, so Dask reads it as data.' : ''}`;
}
