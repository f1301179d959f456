/**
 * Partition scoping of a rewrite: from the findings a rewrite removes, the partitions (spec and
 * tuple) holding the files concerned, one Spark predicate selecting exactly those partitions on
 * source columns, and the live files of those partitions (what `rewrite_data_files` replaces,
 * at least: Spark selects every file whose rows may match). A partition no predicate can express
 * (bucket, a dropped source column, an unpartitioned spec) widens the rewrite to the whole table.
 */
import type { Finding } from '../../core/api/wire';
import type { ManifestEntry, PartitionSpec, TableMetadata } from '../../core/iceberg/model';
import { dataRootOf } from '../../core/iceberg/dataRoot';
import { currentSchema, specById } from '../../core/iceberg/schema';
import { anyOfPredicates, partitionPredicate } from '../../core/repair/partitionPredicate';
import type { RewriteAction } from '../../core/repair/actions';
import { partitionPathOf } from '../tables/partitionPaths';
import { partitionKey } from '../verifier/deleteFindings';
import { hiveSegments } from '../verifier/daskView';
import { locationKey } from '../verifier/views';

export interface RewriteScope {
  action: RewriteAction;
  /** Live delete files of the selected partitions: dangling once their data files are rewritten. */
  deleteFiles: ManifestEntry[];
  /** Why the whole table is rewritten, when it is. */
  wholeTable?: string;
  /** Findings that named no live file of the snapshot: nothing here rewrites them. */
  unscoped: Finding[];
}

interface Group {
  spec: PartitionSpec | undefined;
  example: ManifestEntry;
}

/** The live entries of the snapshot, indexed for scoping. */
export interface LiveIndex {
  data: ManifestEntry[];
  deletes: ManifestEntry[];
  dataByKey: Map<string, ManifestEntry>;
  deletesByKey: Map<string, ManifestEntry[]>;
}

export function liveIndex(live: ManifestEntry[]): LiveIndex {
  const index: LiveIndex = { data: [], deletes: [], dataByKey: new Map(), deletesByKey: new Map() };
  for (const entry of live) {
    const key = locationKey(entry.dataFile.filePath);
    if (entry.dataFile.content === 'data') {
      index.data.push(entry);
      index.dataByKey.set(key, entry);
    } else {
      index.deletes.push(entry);
      index.deletesByKey.set(key, [...(index.deletesByKey.get(key) ?? []), entry]);
    }
  }
  return index;
}

/**
 * The live entries a rewrite finding is about: the file itself, the data file a delete applies to
 * (its partition, for a partition-wide delete), every file of an older spec, or every file the
 * same snapshot added under the same spec (one footer stands for them).
 */
function entriesOf(finding: Finding, metadata: TableMetadata, live: LiveIndex): ManifestEntry[] {
  const key = locationKey(finding.path);
  switch (finding.cause) {
    case 'merge-on-read-delete': {
      const target = finding.referencedDataFile && live.dataByKey.get(locationKey(finding.referencedDataFile));
      return target ? [target] : (live.deletesByKey.get(key) ?? []);
    }
    case 'deletion-vector':
      // A Puffin file stays live until every vector in it is dropped: cover the partitions of all of them.
      return (live.deletesByKey.get(key) ?? []).map(vector => {
        const target = vector.dataFile.referencedDataFile && live.dataByKey.get(locationKey(vector.dataFile.referencedDataFile));
        return target || vector;
      });
    case 'older-spec-file':
      return live.data.filter(entry => entry.dataFile.specId !== metadata.defaultSpecId);
    case 'misplaced-file':
      if (finding.kind === 'spec-evolution') {
        // Dask's KeyError names one directory that lacks a key; every file in such a directory needs moving.
        return filesLackingKeys(metadata, live);
      }
      break;
    case 'older-schema-file':
    case 'dropped-column': {
      const sample = live.dataByKey.get(key);
      return sample ? live.data.filter(entry => entry.snapshotId === sample.snapshotId && entry.dataFile.specId === sample.dataFile.specId) : [];
    }
  }
  const entry = live.dataByKey.get(key);
  return entry ? [entry] : [];
}

/** Live data files in the data root whose directories do not name every key of the current spec. */
function filesLackingKeys(metadata: TableMetadata, live: LiveIndex): ManifestEntry[] {
  const keys = (specById(metadata, metadata.defaultSpecId)?.fields ?? []).filter(f => f.transform !== 'void').map(f => f.name);
  const root = `${locationKey(dataRootOf(metadata))}/`;
  return live.data.filter(entry => {
    const key = locationKey(entry.dataFile.filePath);
    if (!key.startsWith(root)) {
      return false;
    }
    const segments = hiveSegments(key.slice(root.length));
    return keys.some(name => !segments.some(segment => segment.key === name));
  });
}

function groupKey(entry: ManifestEntry): string {
  return partitionKey(entry.dataFile.specId, entry.dataFile.partition);
}

/** One rewrite covering every finding given (all of them with the `rewrite` remedy); `null` when none names a live file. */
export function rewriteScope(metadata: TableMetadata, live: LiveIndex, findings: Finding[]): RewriteScope | null {
  const schema = currentSchema(metadata);
  const groups = new Map<string, Group>();
  const unscoped: Finding[] = [];
  for (const finding of findings) {
    const entries = entriesOf(finding, metadata, live);
    if (entries.length === 0) {
      unscoped.push(finding);
    }
    for (const entry of entries) {
      const key = groupKey(entry);
      if (!groups.has(key)) {
        groups.set(key, { spec: specById(metadata, entry.dataFile.specId), example: entry });
      }
    }
  }
  if (groups.size === 0) {
    return null;
  }
  const predicates = [...groups.values()].map(g => (g.spec ? partitionPredicate(g.spec, schema, g.example.dataFile.partition) : null));
  const where = anyOfPredicates(predicates);
  const wholeTable =
    where === null ? 'no predicate on source columns selects exactly these partitions (unpartitioned, bucket or a dropped source column)' : undefined;
  const selected = (entry: ManifestEntry) => where === null || groups.has(groupKey(entry));
  const data = live.data.filter(selected);
  const partitions = where === null ? [] : [...new Set([...groups.values()].map(g => partitionPathOf(metadata, schema, g.example)))].sort();
  return {
    action: {
      kind: 'rewrite',
      where,
      partitions,
      files: data.map(entry => ({ path: entry.dataFile.filePath, bytes: entry.dataFile.fileSizeInBytes }))
    },
    deleteFiles: live.deletes.filter(selected),
    ...(wholeTable ? { wholeTable } : {}),
    unscoped
  };
}
