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
 * sequence number is lower. A delete whose data files were all rewritten
 * (e.g. by compaction) is dangling: it deletes nothing.
 */
import type { DeleteSummary, Finding } from '../../core/api/wire';
import type { ManifestEntry, PartitionTuple, TableMetadata } from '../../core/iceberg/model';
import { specById } from '../../core/iceberg/schema';
import { isPartitioned } from './partitionFindings';
import { locationKey, Views } from './views';

export interface DeleteFindings {
  findings: Finding[];
  /** Set when some live delete applies to a live data file. */
  summary?: DeleteSummary;
}

export function deleteFindings(metadata: TableMetadata, views: Views): DeleteFindings {
  if (views.liveDeletes.length === 0) {
    return { findings: [] };
  }
  const byPartition = dataByPartition(views);
  const findings: Finding[] = [];
  const affected = new Set<string>();
  let deletedRows = 0;
  for (const entry of views.liveDeletes) {
    const targets = dataFilesDeletedFrom(metadata, views, byPartition, entry);
    const readAsData = views.hiveByKey.has(locationKey(entry.dataFile.filePath));
    const rows = entry.dataFile.recordCount;
    if (targets.length > 0 && rows > 0) {
      targets.forEach(target => affected.add(target.dataFile.filePath));
      deletedRows += rows;
    }
    const referenced = entry.dataFile.referencedDataFile ?? (targets.length === 1 ? targets[0].dataFile.filePath : undefined);
    findings.push({
      kind: 'delete-file',
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
function dataByPartition(views: Views): Map<string, ManifestEntry[]> {
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

function partitionKey(specId: number, partition: PartitionTuple): string {
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

function dataFilesDeletedFrom(
  metadata: TableMetadata,
  views: Views,
  byPartition: Map<string, ManifestEntry[]>,
  deletes: ManifestEntry
): ManifestEntry[] {
  const file = deletes.dataFile;
  const equality = file.content === 'equality-deletes';
  const applies = (data: ManifestEntry) =>
    equality ? data.sequenceNumber < deletes.sequenceNumber : data.sequenceNumber <= deletes.sequenceNumber;
  if (!equality && file.referencedDataFile !== undefined) {
    const data = views.liveData.get(locationKey(file.referencedDataFile));
    return data && applies(data) ? [data] : [];
  }
  const candidates = isPartitioned(specById(metadata, file.specId))
    ? byPartition.get(partitionKey(file.specId, file.partition)) ?? []
    : [...views.liveData.values()];
  return candidates.filter(applies);
}

function deleteDetail(entry: ManifestEntry, targets: number, readAsData: boolean): string {
  const file = entry.dataFile;
  const rows = `${file.recordCount} ${file.content === 'equality-deletes' ? 'key' : 'deleted row'}${file.recordCount === 1 ? '' : 's'}`;
  let what: string;
  if (file.content === 'equality-deletes') {
    what = `Equality delete file (${rows})`;
  } else if (file.fileFormat.toLowerCase() === 'puffin' || file.contentOffset !== undefined) {
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
