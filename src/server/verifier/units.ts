/**
 * The comparison directory by directory, so a re-check redoes only what
 * changed (rules in the README, "Re-checks").
 *
 * A unit is one directory: the files Dask lists in it and the live entries
 * whose location lies in it. What the finding modules say about a unit's
 * files (leftovers, unlisted live files, partition mismatches, Dask's pruning
 * misses) depends only on
 * - the unit's listed names and the manifests with live entries in it (a
 *   manifest is immutable, so its path, here its packed form, stands for
 *   its entries), and
 * - a small global context: schema and specs, the hive keys with the type
 *   pyarrow infers for each, whether every key is stored in the first file,
 *   whether a `_metadata` summary replaces the listing (`contextOf`).
 * Everything else is global and computed from per-unit summaries
 * (`UnitStructure`), O(units): Dask's first file, the hive keys, footers to
 * read, spec evolution, directory columns, schema findings, the layout.
 *
 * A fresh check and a re-check run this same code; a re-check takes a unit's
 * summary and findings from the memo when both parts of its key are
 * unchanged. Choices that used to depend on the order of manifests or of the
 * listing (an example file, the footer sampled per group, the file whose
 * directory values Dask's decoding is checked on) are minima by path, so
 * they do not depend on which units were recomputed.
 */
import type { DeleteSummary, Finding, Layout, VerdictStatus } from '../../core/api/wire';
import type { SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { currentSchema, specById } from '../../core/iceberg/schema';
import { LruByteCache } from '../metadata/cache';
import { PackedReader, type PackedEntries } from '../metadata/entryPacking';
import { splitNames } from '../storage/directoryListings';
import { NAME_SEPARATOR, type DirectoryFiles } from '../storage/storage';
import { daskModel, type DaskModel } from './daskModel';
import { deleteFindings, type DeleteViews, type PositionDeleteTargets } from './deleteFindings';
import { compareListingOrder, inferredHiveType, type HiveSegment } from './daskView';
import { staleFindings, treeFindings, unlistedFindings } from './fileFindings';
import type { FileFooter } from './footers';
import { describeLayout } from './layout';
import { LiveFiles } from './liveFiles';
import { keyPrefixOf, locationKey, suffixKeepsKey } from './location';
import { daskPartitionColumns, isPartitioned, partitionMismatches, specEvolution, type SpecCount } from './partitionFindings';
import { footerPathsToRead, schemaFindings, type FooterToRead } from './schemaFindings';
import { buildViews, HiveListing, type Views } from './views';

/** What one unit contributes to the global findings; needs no context. */
export interface UnitStructure {
  /** Files Dask lists here. */
  listed: number;
  /** The first of them in Dask's sorted order. */
  first: UnitFile | null;
  /** The hive segments of the unit's directory (of its listed files). */
  segments: HiveSegment[];
  daskMetadataFile: string | null;
  /** Live data files: all of them (distinct paths), those Dask lists, those unlisted holding rows. */
  live: number;
  liveListed: number;
  unlistedWithRows: number;
  /** Live delete entries. */
  deletes: number;
  /** Live data files per partition spec, with the smallest path as the example. */
  specs: SpecCount[];
  /** Per (adding snapshot, spec): the listed live data file with the smallest key. */
  samples: (FooterToRead & { group: string })[];
}

export interface UnitFile extends FooterToRead {
  relative: string;
  directory: string;
  /** Whether it is a live data file. */
  live: boolean;
  /** The spec of the live entry (data or delete file) at its path, if any. */
  entrySpecId: number | null;
}

/** What the finding modules say about one unit's files, under one context. */
interface UnitFindings {
  stale: Finding[];
  unlisted: Finding[];
  partition: Finding[];
  /** Live files with a partition-mismatch finding. */
  misplaced: number;
}

interface UnitMemo {
  names: string;
  manifests: string;
  structure: UnitStructure;
  context: string | null;
  findings: UnitFindings | null;
}

/** Directory listings that a memo costs little beside: names are the listing's own strings. */
const DEFAULT_MEMO_BYTES = 96 * 2 ** 20;

/**
 * Per data root and unit, the last comparison's summary and findings (an LRU bounded in
 * bytes, the names counted in full although a local listing shares them). The helper's
 * server keeps one per metadata cache; a CLI run keeps none.
 */
export class ComparisonMemo {
  /** Units taken from the memo and units computed, since the last `resetCounts`. */
  reused = 0;
  computed = 0;
  readonly units: LruByteCache<UnitMemo>;

  constructor(maxBytes = DEFAULT_MEMO_BYTES) {
    this.units = new LruByteCache(maxBytes);
  }
}

/** A listed directory; `hive` holds the files Dask reads there once collected (`prepareDirectory`). */
export interface PreparedDirectory extends DirectoryFiles {
  hive?: HiveListing;
}

/**
 * A directory as the listing streams in: when the memo does not hold these very names, its
 * files are collected for Dask's view right away, while the manifests are still decoding.
 */
export function prepareDirectory(dataRoot: string, directory: DirectoryFiles, memo?: ComparisonMemo | null): PreparedDirectory {
  const kept = memo?.units.get(memoKey(dataRoot, unitOfDirectory(directory.directory)));
  return kept?.names === directory.names ? directory : { ...directory, hive: hiveListingOf(dataRoot, directory) };
}

/** The files Dask reads in one listed directory, in Dask's sorted order. */
function hiveListingOf(dataRoot: string, directory: DirectoryFiles | null): HiveListing {
  const listing = new HiveListing(dataRoot);
  for (const name of directory ? splitNames(directory.names).sort() : []) {
    listing.add(directory!.directory + name);
  }
  listing.close(); // its names become one string again
  return listing;
}

function memoKey(dataRoot: string, unitId: string): string {
  return `${dataRoot}\u0000${unitId}`;
}

interface Unit {
  id: string;
  listing: PreparedDirectory | null;
  manifests: PackedEntries[];
  selections: Uint32Array[];
  /** The ids of `manifests`, in manifest order: with `listing.names`, the unit's key. */
  manifestKey: string;
  memo: UnitMemo | null;
  structure: UnitStructure | null;
  view: Views | null;
}

export interface TablePlanInputs {
  metadata: TableMetadata;
  snapshotId: SnapshotId | null;
  dataRoot: string;
  live: LiveFiles;
  /** The data root's listing, directory by directory (`listDirectoriesOf`, perhaps `prepareDirectory`). */
  listing: readonly PreparedDirectory[];
  memo?: ComparisonMemo | null;
}

/** One table's comparison: structure first (which footers to read), then `compare`. */
export class TablePlan {
  private readonly units: Unit[];
  private readonly byId = new Map<string, Unit>();
  private readonly knownLive = new Map<string, boolean>();
  private readonly memo: ComparisonMemo | null;

  constructor(private readonly inputs: TablePlanInputs) {
    this.memo = inputs.memo ?? null;
    for (const directory of inputs.listing) {
      const unit = this.unit(unitOfDirectory(directory.directory));
      // Two spellings of one directory (rare) make one unit, its Dask view collected anew.
      unit.listing = unit.listing ? { directory: unit.listing.directory, names: `${unit.listing.names}${NAME_SEPARATOR}${directory.names}` } : directory;
    }
    inputs.live.manifests.forEach(packed => {
      for (const [id, selection] of unitsOf(packed)) {
        const unit = this.unit(id);
        unit.manifests.push(packed);
        unit.selections.push(selection);
      }
    });
    // Global results are folded in unit order, never in listing or manifest order.
    this.units = [...this.byId.values()].sort((a, b) => compareListingOrder(a.id, b.id));
    for (const unit of this.units) {
      unit.manifestKey = unit.manifests.map(manifestId).join(',');
      const kept = this.memo?.units.get(this.memoKey(unit));
      if (kept && kept.names === (unit.listing?.names ?? '') && kept.manifests === unit.manifestKey) {
        unit.memo = kept;
        unit.structure = kept.structure;
        this.memo!.reused++;
      } else {
        unit.structure = structureOf(this.view(unit));
        unit.memo = { names: unit.listing?.names ?? '', manifests: unit.manifestKey, structure: unit.structure, context: null, findings: null };
        if (this.memo) {
          this.memo.computed++;
        }
      }
    }
  }

  private get structures(): UnitStructure[] {
    return this.units.map(unit => unit.structure!);
  }

  /** Dask's first file: the smallest first file of the units. */
  get first(): UnitFile | null {
    let first: UnitFile | null = null;
    for (const { first: candidate } of this.structures) {
      if (candidate && (!first || compareListingOrder(candidate.relative, first.relative) < 0)) {
        first = candidate;
      }
    }
    return first;
  }

  get hasDeletes(): boolean {
    return this.structures.some(s => s.deletes > 0);
  }

  /** The footers the comparison reads: Dask's first file, one live file per (adding snapshot, spec). */
  footersToRead(): FooterToRead[] {
    const samples = new Map<string, FooterToRead & { group: string }>();
    for (const structure of this.structures) {
      for (const sample of structure.samples) {
        const known = samples.get(sample.group);
        if (!known || compareListingOrder(sample.key, known.key) < 0) {
          samples.set(sample.group, sample);
        }
      }
    }
    const first = this.first;
    if (first) {
      this.knownLive.set(first.key, first.live);
    }
    for (const sample of samples.values()) {
      this.knownLive.set(sample.key, true);
    }
    return footerPathsToRead(first, [...samples.values()]);
  }

  /** The whole table's live files and Dask's listing, for the findings about delete files. */
  deleteViews(): DeleteViews {
    const live = this.inputs.live;
    return {
      liveData: live,
      liveDeletes: live.deletes,
      isListed: key => {
        const unit = this.byId.get(unitOfKey(key));
        return unit !== undefined && this.view(unit).hiveByKey.has(key);
      }
    };
  }

  compare(footers: Map<string, FileFooter>, positionDeletes: PositionDeleteTargets = new Map()): Comparison {
    const { metadata, dataRoot } = this.inputs;
    const structures = this.structures;
    const first = this.first;
    const hiveKeys = new Map<string, Set<string>>();
    let daskMetadataFile: string | null = null;
    let listed = 0;
    for (const structure of structures) {
      listed += structure.listed;
      daskMetadataFile ??= structure.daskMetadataFile;
      for (const segment of structure.listed > 0 ? structure.segments : []) {
        let values = hiveKeys.get(segment.key);
        if (!values) {
          values = new Set();
          hiveKeys.set(segment.key, values);
        }
        values.add(segment.raw);
      }
    }
    const model = daskModel(first?.key ?? null, hiveKeys, footers);
    const context = contextOf(metadata, dataRoot, model, daskMetadataFile);
    const results = this.units.map(unit => this.findingsOf(unit, context, model, daskMetadataFile));
    const deletes: { findings: Finding[]; summary?: DeleteSummary } = this.hasDeletes
      ? deleteFindings(metadata, this.deleteViews(), positionDeletes)
      : { findings: [] };
    const specs = new Map<number, SpecCount>();
    for (const structure of structures) {
      for (const spec of structure.specs) {
        const known = specs.get(spec.specId);
        specs.set(
          spec.specId,
          known ? { specId: spec.specId, count: known.count + spec.count, example: spec.example < known.example ? spec.example : known.example } : spec
        );
      }
    }
    const specIds = new Set(specs.keys());
    const directories = structures.filter(s => s.listed > 0).map(s => ({ segments: s.segments, example: s.first! }));
    const findings = ordered([
      ...treeFindings(dataRoot, listed, daskMetadataFile),
      ...results.flatMap(r => r.stale),
      ...results.flatMap(r => r.unlisted),
      ...deletes.findings,
      ...results.flatMap(r => r.partition),
      ...specEvolution(metadata, [...specs.values()]),
      ...daskPartitionColumns(metadata, dataRoot, model, directories),
      ...schemaFindings(metadata, footers, key => this.isLive(key), model, hasPartitionSourceColumns(metadata, specIds))
    ]);
    const layout: Layout = describeLayout(metadata, {
      live: sum(structures, s => s.live),
      liveListed: sum(structures, s => s.liveListed),
      inHiveDirectories: sum(structures, s => (s.segments.length > 0 ? s.liveListed : 0)),
      liveDirectories: structures.filter(s => s.liveListed > 0).map(s => s.first!.directory),
      specIds,
      unlistedWithRows: sum(structures, s => s.unlistedWithRows),
      misplaced: sum(results, r => r.misplaced)
    });
    return {
      status: findings.some(f => f.changesRows) ? 'drift' : 'consistent',
      layout,
      findings,
      ...(deletes.summary ? { deletes: deletes.summary } : {})
    };
  }

  private findingsOf(unit: Unit, context: string, model: DaskModel, daskMetadataFile: string | null): UnitFindings {
    const memo = unit.memo!;
    if (memo.context === context && memo.findings) {
      return memo.findings;
    }
    const views = this.view(unit);
    const partition = partitionMismatches(this.inputs.metadata, views, model);
    const findings: UnitFindings = {
      stale: staleFindings(views),
      unlisted: unlistedFindings(views, daskMetadataFile),
      partition,
      misplaced: new Set(partition.filter(f => f.kind === 'partition-mismatch' && views.liveData.has(locationKey(f.path))).map(f => f.path)).size
    };
    // A new entry: a concurrent check of the same table may still be reading the one it replaces.
    unit.memo = { ...memo, context, findings };
    this.memo?.units.set(this.memoKey(unit), unit.memo, memoBytes(unit.memo));
    return findings;
  }

  private isLive(key: string): boolean {
    const known = this.knownLive.get(key);
    if (known !== undefined) {
      return known;
    }
    const unit = this.byId.get(unitOfKey(key));
    return unit !== undefined && this.view(unit).liveData.has(key);
  }

  private unit(id: string): Unit {
    let unit = this.byId.get(id);
    if (!unit) {
      unit = { id, listing: null, manifests: [], selections: [], manifestKey: '', memo: null, structure: null, view: null };
      this.byId.set(id, unit);
    }
    return unit;
  }

  private memoKey(unit: Unit): string {
    return memoKey(this.inputs.dataRoot, unit.id);
  }

  /** The two views of one unit; its listed files in Dask's sorted order. */
  private view(unit: Unit): Views {
    if (!unit.view) {
      const { metadata, snapshotId, dataRoot } = this.inputs;
      const listing = unit.listing?.hive ?? hiveListingOf(dataRoot, unit.listing);
      unit.view = buildViews({ metadata, snapshotId, dataRoot, live: new LiveFiles(unit.manifests, unit.selections), listing });
    }
    return unit.view;
  }
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

function structureOf(views: Views): UnitStructure {
  const first = views.first;
  const live = views.liveData;
  const firstEntry = first ? live.get(first.key) : undefined;
  const specs = new Map<number, SpecCount>();
  for (let ordinal = 0; ordinal < live.size; ordinal++) {
    const specId = live.specIdAt(ordinal);
    const path = live.pathAt(ordinal);
    const known = specs.get(specId);
    if (known) {
      known.count++;
      known.example = path < known.example ? path : known.example;
    } else {
      specs.set(specId, { specId, count: 1, example: path });
    }
  }
  const samples = new Map<string, FooterToRead & { group: string }>();
  let liveListed = 0;
  for (const file of views.hive.liveData()) {
    liveListed++;
    const group = `${live.snapshotIdAt(file.ordinal)}/${live.specIdAt(file.ordinal)}`;
    const known = samples.get(group);
    if (!known || compareListingOrder(file.key, known.key) < 0) {
      samples.set(group, { group, key: file.key, path: file.path, size: live.fileSizeAt(file.ordinal) });
    }
  }
  return {
    listed: views.hive.length,
    first: first && {
      path: first.path,
      key: first.key,
      relative: first.relative,
      directory: first.directory,
      size: firstEntry?.dataFile.fileSizeInBytes ?? -1,
      live: firstEntry !== undefined,
      entrySpecId: first.entry?.dataFile.specId ?? null
    },
    segments: first?.segments ?? [],
    daskMetadataFile: views.daskMetadataFile,
    live: live.size,
    liveListed,
    unlistedWithRows: views.unlisted.filter(entry => entry.dataFile.recordCount > 0).length,
    deletes: views.liveDeletes.length,
    specs: [...specs.values()],
    samples: [...samples.values()]
  };
}

/** Everything a unit's findings depend on besides the unit itself. */
function contextOf(metadata: TableMetadata, dataRoot: string, model: DaskModel, daskMetadataFile: string | null): string {
  const keys = [...model.keys].map(([key, values]) => [key, inferredHiveType(values)]).sort();
  return JSON.stringify(
    {
      dataRoot,
      schema: currentSchema(metadata),
      specs: metadata.partitionSpecs,
      keys,
      keysFromFiles: model.keysFromFiles,
      daskMetadataFile: daskMetadataFile !== null
    },
    (_key, value) => (typeof value === 'bigint' ? value.toString() : value)
  );
}

function memoBytes(memo: UnitMemo): number {
  const findings = memo.findings ? [...memo.findings.stale, ...memo.findings.unlisted, ...memo.findings.partition] : [];
  return (
    512 +
    2 * (memo.names.length + memo.manifests.length + (memo.context?.length ?? 0)) +
    findings.reduce((total, f) => total + 128 + 2 * (f.path.length + f.detail.length), 0) +
    memo.structure.samples.length * 256 +
    memo.structure.specs.length * 128
  );
}

/** A live entry's unit is its key's directory, `/` included. */
function unitOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

function unitOfDirectory(directory: string): string {
  return unitOfKey(locationKey(`${directory}x`));
}

/**
 * Each packed manifest's live entries by unit, computed once (packed manifests are cached by
 * path); the planner asks as each manifest arrives, so grouping overlaps decoding.
 */
const manifestUnits = new WeakMap<PackedEntries, Map<string, Uint32Array>>();
const manifestIds = new WeakMap<PackedEntries, number>();
let nextManifestId = 0;

function manifestId(packed: PackedEntries): number {
  let id = manifestIds.get(packed);
  if (id === undefined) {
    id = nextManifestId++;
    manifestIds.set(packed, id);
  }
  return id;
}

export function unitsOf(packed: PackedEntries): Map<string, Uint32Array> {
  const known = manifestUnits.get(packed);
  if (known) {
    return known;
  }
  const reader = new PackedReader(packed);
  const keyPrefix = keyPrefixOf(packed.pathPrefix);
  // Most keys are the prefix's key plus the suffix: group by the suffix's directory first.
  const bySuffixDirectory = new Map<string, number[]>();
  const byUnit = new Map<string, number[]>();
  for (let i = 0; i < packed.count; i++) {
    if (!reader.isLive(i)) {
      continue;
    }
    const suffix = reader.suffix(i);
    const groups = keyPrefix !== null && suffixKeepsKey(suffix) ? bySuffixDirectory : byUnit;
    const group = groups === byUnit ? unitOfKey(locationKey(reader.path(i))) : suffix.slice(0, suffix.lastIndexOf('/') + 1);
    const list = groups.get(group);
    if (list) {
      list.push(i);
    } else {
      groups.set(group, [i]);
    }
  }
  for (const [directory, list] of bySuffixDirectory) {
    const id = keyPrefix + directory;
    const spelledOtherwise = byUnit.get(id);
    // Entries stay in manifest order: it decides which of two entries of one path is kept.
    byUnit.set(id, spelledOtherwise ? [...spelledOtherwise, ...list].sort((x, y) => x - y) : list);
  }
  const units = new Map([...byUnit].map(([id, list]) => [id, Uint32Array.from(list)]));
  manifestUnits.set(packed, units);
  return units;
}

/**
 * Row-changing findings first, then by kind and path; a verdict is `drift` when some finding
 * changes the rows Dask reads (or makes Dask raise), for the plain read or a read filtered on a
 * partition source column, `consistent` otherwise.
 */
export interface Comparison {
  status: Exclude<VerdictStatus, 'error'>;
  layout: Layout;
  /** Row-changing findings first, then layout facts and information. */
  findings: Finding[];
  deletes?: DeleteSummary;
}

/** Whether the verdict covers filtered reads: some spec with live files partitions on a column the table still has. */
export function hasPartitionSourceColumns(metadata: TableMetadata, specIds: ReadonlySet<number>): boolean {
  const columns = new Set(currentSchema(metadata).fields.map(f => f.id));
  return [...specIds].some(id => {
    const spec = specById(metadata, id);
    return isPartitioned(spec) && spec!.fields.some(field => field.transform !== 'void' && columns.has(field.sourceId));
  });
}

/**
 * Without duplicates; row-changing findings before the others, then by kind (in the order
 * produced) and path, whatever order storage listed.
 */
export function ordered(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const kindOrder = new Map<string, number>();
  for (const f of findings) {
    if (!kindOrder.has(f.kind)) {
      kindOrder.set(f.kind, kindOrder.size);
    }
  }
  findings.sort(
    (a, b) =>
      Number(b.changesRows) - Number(a.changesRows) || kindOrder.get(a.kind)! - kindOrder.get(b.kind)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
  return findings.filter(f => {
    const key = `${f.kind}\u0000${f.path}\u0000${f.detail}\u0000${f.changesRows}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
