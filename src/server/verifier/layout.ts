/**
 * How the live files are laid out below the data root, told apart from the
 * verdict's status: a layout alone never changes the rows Dask reads. Pruning
 * is `safe` when selecting `<data root>/k=v/…` directories for a partition
 * value yields exactly that partition's live files.
 */
import type { Layout } from '../../core/api/wire';
import { usesObjectStorageLayout } from '../../core/iceberg/dataRoot';
import type { TableMetadata } from '../../core/iceberg/model';
import { specById } from '../../core/iceberg/schema';
import { layoutOf } from './partitionFindings';

/**
 * The hashed prefix of Iceberg's object-storage location provider (Java ≥ 1.7 and pyiceberg):
 * 20 bits of the file name's hash as `dddd/dddd/dddd/dddddddd/` binary directories; older Java
 * releases wrote one 8-hex-digit directory.
 */
const HASHED_PREFIX = /^(?:[01]{4}\/[01]{4}\/[01]{4}\/[01]{8}|[0-9a-f]{8})\//;

/** Counts over the live files, summed from the comparison's directories. */
export interface LayoutCounts {
  /** Live data files (distinct paths). */
  live: number;
  /** Live data files Dask lists, and those of them under `k=v` directories. */
  liveListed: number;
  inHiveDirectories: number;
  /** The directories (relative to the root) holding live files Dask lists. */
  liveDirectories: readonly string[];
  specIds: ReadonlySet<number>;
  /** Live files holding rows that Dask does not list. */
  unlistedWithRows: number;
  /** Live files in directories that disagree with their partition (partition-mismatch findings). */
  misplaced: number;
}

export function describeLayout(metadata: TableMetadata, counts: LayoutCounts): Layout {
  const { liveListed: inside, inHiveDirectories, misplaced } = counts;
  const specLayouts = new Set([...counts.specIds].map(id => layoutOf(specById(metadata, id))));
  if (counts.live === 0) {
    specLayouts.add(layoutOf(specById(metadata, metadata.defaultSpecId)));
  }
  const outside = counts.unlistedWithRows;
  const outsideNote = outside > 0 ? ` ${outside} live file${outside === 1 ? ' is' : 's are'} not below the data root where Dask lists.` : '';
  // The prefix ends in a `/`, so a directory matches exactly when its files' relative paths do.
  if (usesObjectStorageLayout(metadata) || counts.liveDirectories.some(directory => HASHED_PREFIX.test(`${directory}/`))) {
    return {
      kind: 'object-storage',
      pruning: 'unsafe',
      explanation: `Files sit under hashed directories (write.object-storage.enabled): Dask reads them all, but no k=v directory holds a whole partition.${outsideNote}`
    };
  }
  if (![...specLayouts].some(layout => layout !== '')) {
    const underKeys =
      inHiveDirectories > 0 ? ` ${inHiveDirectories} live file${inHiveDirectories === 1 ? ' sits' : 's sit'} under k=v directories nonetheless.` : '';
    return {
      kind: 'unpartitioned',
      pruning: underKeys || outsideNote ? 'unsafe' : 'safe',
      explanation: `Unpartitioned table: there are no partitions to select by directory.${underKeys}${outsideNote}`
    };
  }
  if (specLayouts.size > 1) {
    const shown = [...specLayouts].map(layout => layout || 'none').join('; ');
    return {
      kind: 'hive-mixed',
      pruning: 'unsafe',
      explanation: `Live files use ${specLayouts.size} directory layouts (${shown}) after partition spec changes: selecting k=v directories misses the files of the other layouts.${outsideNote}`
    };
  }
  if (inHiveDirectories === 0 && inside > 0) {
    return {
      kind: 'flat',
      pruning: 'unsafe',
      explanation: `Partitioned by ${[...specLayouts][0]}, but the files sit below the data root without k=v directories: a partition cannot be selected by directory.${outsideNote}`
    };
  }
  const misplacedNote =
    misplaced > 0
      ? ` ${misplaced} live file${misplaced === 1 ? ' sits' : 's sit'} in directories that disagree with ${misplaced === 1 ? 'its' : 'their'} partition.`
      : '';
  const levels = `k=v directories (${[...specLayouts][0]})`;
  if (counts.live === 0) {
    return { kind: 'hive', pruning: 'safe', explanation: `No live files yet; the partition spec places them under ${levels}.` };
  }
  return {
    kind: 'hive',
    pruning: misplacedNote || outsideNote ? 'unsafe' : 'safe',
    explanation:
      misplacedNote || outsideNote
        ? `Files sit under ${levels}, but${misplacedNote}${outsideNote}`
        : `Every live file sits under ${levels} that match its partition.`
  };
}
