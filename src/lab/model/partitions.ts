/**
 * Which partitions of a table hold the files the verifier flags: the live
 * partitions from the manifests (`TableDetails.partitions`) joined with the
 * verdict's row-changing findings and the data files that have deleted rows.
 * A flagged file belongs to the partition its `k=v` directories name, which is
 * also how Dask's Hive reader assigns it. Pure: no DOM, no requests.
 */
import type { Finding, FindingKind, PartitionStats, TableDetails, Verdict } from '../../core/api/wire';
import { normalizeUri, relativeUri, uriSegments } from '../../core/uri';
import { changesRows } from './findings';

/** What a bar's length shows. */
export type PartitionMetric = 'records' | 'bytes' | 'files';

/** How the bars are ordered. */
export type PartitionOrder = 'flagged' | 'path' | 'largest';

export interface IPartitionBar {
  /** `k=v/…` relative to the data root, as the manifests' partition tuples spell it; `''` is the root itself. */
  path: string;
  fileCount: number;
  recordCount: number;
  totalBytes: number;
  /** `false` for a directory Dask reads but that holds none of the snapshot's live files. */
  live: boolean;
  /** Distinct flagged files in this partition. */
  flaggedFiles: number;
  /** The kinds of the findings that flag them, sorted. */
  flaggedKinds: FindingKind[];
}

export interface IPartitionOverview {
  /** Live partitions first in path order, then the directories only Dask sees. */
  bars: IPartitionBar[];
  /** Row-changing findings about the data root as a whole (e.g. Dask cannot read the tree): no partition is safe. */
  wholeTree: Finding[];
  /** Flagged files outside the data root that name no live partition. */
  flaggedOutside: number;
  /** Bars with at least one flagged file. */
  flaggedPartitions: number;
  /** The largest value of each metric, the full length of a bar. */
  max: Record<PartitionMetric, number>;
}

/** The names Dask's reader picks up as data files (see src/server/verifier/daskView.ts). */
const PARQUET_NAME = /\.(parq|parquet|pq)$/;
/** Data, delete and metadata files Iceberg writers and Dask's reader know. */
const FILE_NAME = /\.(parq|parquet|pq|avro|orc|puffin|json|crc)$/i;

export function partitionOverview(details: TableDetails, verdict: Verdict | null): IPartitionOverview {
  const bars = new Map<string, IPartitionBar>();
  for (const stats of details.partitions) {
    bars.set(stats.path, liveBar(stats));
  }
  const relativeOf = relativeToRoot(details.dataRoot);
  const flagged = new Map<string, Set<FindingKind>>();
  const wholeTree: Finding[] = [];
  const flag = (path: string, kind: FindingKind) => flagged.set(path, (flagged.get(path) ?? new Set()).add(kind));
  for (const finding of verdict?.findings ?? []) {
    if (!changesRows(finding)) {
      continue;
    }
    const relative = relativeOf(finding.path);
    if (relative === '') {
      wholeTree.push(finding);
      continue;
    }
    // A delete file changes the rows of the data file it references; it is itself
    // read only when it sits in the tree under a name Dask takes for data.
    if (finding.referencedDataFile) {
      flag(finding.referencedDataFile, finding.kind);
    }
    if (!finding.referencedDataFile || (relative !== null && PARQUET_NAME.test(relative))) {
      flag(finding.path, finding.kind);
    }
  }
  for (const file of verdict?.deletes?.affectedDataFiles ?? []) {
    flag(file, 'delete-file');
  }

  let flaggedOutside = 0;
  const kindsByBar = new Map<IPartitionBar, Set<FindingKind>>();
  for (const [file, kinds] of flagged) {
    const bar = barOf(file, relativeOf(file), bars);
    if (!bar) {
      flaggedOutside++;
      continue;
    }
    bar.flaggedFiles++;
    const barKinds = kindsByBar.get(bar) ?? new Set();
    kinds.forEach(kind => barKinds.add(kind));
    kindsByBar.set(bar, barKinds);
  }
  kindsByBar.forEach((kinds, bar) => (bar.flaggedKinds = [...kinds].sort()));
  const all = [...bars.values()].sort((a, b) => Number(b.live) - Number(a.live) || comparePaths(a.path, b.path));
  return {
    bars: all,
    wholeTree,
    flaggedOutside,
    flaggedPartitions: all.filter(bar => bar.flaggedFiles > 0).length,
    max: {
      records: Math.max(0, ...all.map(bar => bar.recordCount)),
      bytes: Math.max(0, ...all.map(bar => bar.totalBytes)),
      files: Math.max(0, ...all.map(bar => bar.fileCount))
    }
  };
}

/** The bars in the order asked for; the overview's own order breaks ties. */
export function orderBars(bars: readonly IPartitionBar[], order: PartitionOrder, metric: PartitionMetric): IPartitionBar[] {
  switch (order) {
    case 'path':
      return [...bars].sort((a, b) => comparePaths(a.path, b.path));
    case 'largest':
      return [...bars].sort((a, b) => metricOf(b, metric) - metricOf(a, metric));
    case 'flagged':
      return [...bars].sort((a, b) => b.flaggedFiles - a.flaggedFiles);
  }
}

export function metricOf(bar: IPartitionBar, metric: PartitionMetric): number {
  switch (metric) {
    case 'records':
      return bar.recordCount;
    case 'bytes':
      return bar.totalBytes;
    case 'files':
      return bar.fileCount;
  }
}

/**
 * The partition a flagged file belongs to, by the `k=v` segments of its directory. Below the data
 * root this is the partition Dask reads it as (a new, not-live bar when no live file is there); a
 * file outside the root belongs to a live partition only (Dask never reads it).
 */
function barOf(file: string, relative: string | null, bars: Map<string, IPartitionBar>): IPartitionBar | null {
  const segments = relative === null ? uriSegments(file) : relative.split('/');
  const directories = isDirectory(file, segments[segments.length - 1]) ? segments : segments.slice(0, -1);
  const path = directories.filter(isHiveSegment).join('/');
  const existing = bars.get(path);
  if (existing || relative === null) {
    return existing ?? null;
  }
  const bar: IPartitionBar = { ...liveBar({ path, fileCount: 0, recordCount: 0, totalBytes: 0 }), live: false };
  bars.set(path, bar);
  return bar;
}

/** `relativeUri` from one root for many files, each file's answer computed once. */
function relativeToRoot(dataRoot: string): (file: string) => string | null {
  const root = normalizeUri(dataRoot);
  const known = new Map<string, string | null>();
  return file => {
    let relative = known.get(file);
    if (relative === undefined) {
      relative = relativeUri(root, file);
      known.set(file, relative);
    }
    return relative;
  };
}

/** Findings name files, except a few that name a partition directory (`…/region=EU` or `…/region=EU/`). */
function isDirectory(path: string, last: string | undefined): boolean {
  return path.endsWith('/') || (last !== undefined && isHiveSegment(last) && !FILE_NAME.test(last));
}

/** `name=value` with a non-empty name, as Hive partitioning parses a directory. */
function isHiveSegment(segment: string): boolean {
  return segment.indexOf('=') > 0;
}

function liveBar(stats: PartitionStats): IPartitionBar {
  return { ...stats, live: true, flaggedFiles: 0, flaggedKinds: [] };
}

const collator = new Intl.Collator('en', { numeric: true });

/** `night=2` before `night=10`. */
function comparePaths(a: string, b: string): number {
  return collator.compare(a, b);
}
