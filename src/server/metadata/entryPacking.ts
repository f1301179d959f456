/**
 * Manifest entries in a form that crosses from a decoding worker to the main
 * thread cheaply: one typed array or string per field instead of objects.
 *
 * Structured clone copies objects one by one (about 270 ms for 20,000
 * entries), and it turns a partition tuple keyed by field id 1000 into an
 * object with over a thousand element slots (2.3 GB for 200,000 files, see
 * `core/iceberg/partitionTuple`). Packed, the same manifest crosses in a few
 * milliseconds and is rebuilt with the tuple builder on arrival.
 *
 * The packed form is also what the verifier keeps per live file (see
 * `liveFiles.ts`) and what the metadata cache holds per manifest: paths
 * lose the prefix a manifest's files share, absent optional columns are
 * left out, so a million entries take about a hundred bytes each.
 */
import type { DataFile, EntryStatus, FileContent, ManifestEntry } from '../../core/iceberg/model';
import { partitionTupleBuilder, type TupleBuilder } from '../../core/iceberg/partitionTuple';
import { entryBytes } from './manifest';

const STATUS: EntryStatus[] = ['existing', 'added', 'deleted'];
const CONTENT: FileContent[] = ['data', 'position-deletes', 'equality-deletes'];
const STATUS_CODE = { existing: 0, added: 1, deleted: 2 } as const;
const CONTENT_CODE = { data: 0, 'position-deletes': 1, 'equality-deletes': 2 } as const;

/** Optional numeric fields of a data file, stored as NaN when absent. */
const OPTIONAL_NUMBERS = ['sortOrderId', 'firstRowId', 'contentOffset', 'contentSizeInBytes'] as const;

/** Fields only delete files carry: few entries, so kept sparse. */
interface RareFields {
  index: number;
  equalityIds?: number[];
  referencedDataFile?: string;
}

export interface PackedEntries {
  count: number;
  status: Uint8Array;
  snapshotId: BigInt64Array;
  sequenceNumber: Float64Array;
  fileSequenceNumber: Float64Array;
  content: Uint8Array;
  /** The prefix every file path of the manifest shares (a table's data root and more). */
  pathPrefix: string;
  /** File paths without `pathPrefix`, concatenated; `pathEnds[i]` is where entry i's ends. */
  paths: string;
  pathEnds: Uint32Array;
  /** Distinct file formats, and each entry's index into them. */
  formats: string[];
  format: Uint8Array;
  specId: Int32Array;
  recordCount: Float64Array;
  fileSizeInBytes: Float64Array;
  /** Only the optional columns some entry sets. */
  optional: Partial<Record<OptionalNumber, Float64Array>>;
  /**
   * Partition field ids (shared by a manifest's entries), the distinct
   * values (a table has far fewer partitions than files) and, entry by entry
   * and field by field, the index of each value among them.
   */
  partitionFieldIds: number[];
  partitionValues: unknown[];
  partitionCodes: Uint32Array;
  rare: RareFields[];
  /** What the entries take as objects (`entryBytes`), charged to the decode budget as before packing. */
  decodedBytes: number;
}

/** The typed arrays of `packed`, to transfer rather than copy. */
export function transferables(packed: PackedEntries): ArrayBuffer[] {
  const arrays = [
    packed.status,
    packed.snapshotId,
    packed.sequenceNumber,
    packed.fileSequenceNumber,
    packed.content,
    packed.pathEnds,
    packed.format,
    packed.specId,
    packed.recordCount,
    packed.fileSizeInBytes,
    packed.partitionCodes,
    ...Object.values(packed.optional).filter(array => array !== undefined)
  ];
  return arrays.map(array => array.buffer as ArrayBuffer);
}

export function packEntries(entries: ManifestEntry[]): PackedEntries {
  const count = entries.length;
  const fieldIds = count === 0 ? [] : Object.keys(entries[0].dataFile.partition).map(Number);
  const pathPrefix = sharedPrefix(entries);
  const packed: PackedEntries = {
    count,
    status: new Uint8Array(count),
    snapshotId: new BigInt64Array(count),
    sequenceNumber: new Float64Array(count),
    fileSequenceNumber: new Float64Array(count),
    content: new Uint8Array(count),
    pathPrefix,
    paths: '',
    pathEnds: new Uint32Array(count),
    formats: [],
    format: new Uint8Array(count),
    specId: new Int32Array(count),
    recordCount: new Float64Array(count),
    fileSizeInBytes: new Float64Array(count),
    optional: {},
    partitionFieldIds: fieldIds,
    partitionValues: [],
    partitionCodes: new Uint32Array(count * fieldIds.length),
    rare: [],
    decodedBytes: 0
  };
  for (const key of OPTIONAL_NUMBERS) {
    if (entries.some(entry => entry.dataFile[key] !== undefined)) {
      packed.optional[key] = new Float64Array(count).fill(NaN);
    }
  }
  const codes = new Map<unknown, number>();
  const codeOf = (value: unknown): number => {
    const key = valueKey(value);
    let code = codes.get(key);
    if (code === undefined) {
      code = packed.partitionValues.push(value) - 1;
      codes.set(key, code);
    }
    return code;
  };
  const paths: string[] = new Array(count);
  const optional = OPTIONAL_NUMBERS.filter(key => packed.optional[key] !== undefined);
  const width = fieldIds.length;
  let pathEnd = 0;
  for (let i = 0; i < count; i++) {
    const entry = entries[i];
    const file = entry.dataFile;
    packed.status[i] = STATUS_CODE[entry.status];
    packed.snapshotId[i] = entry.snapshotId;
    packed.sequenceNumber[i] = entry.sequenceNumber;
    packed.fileSequenceNumber[i] = entry.fileSequenceNumber;
    packed.content[i] = CONTENT_CODE[file.content];
    paths[i] = file.filePath.slice(pathPrefix.length);
    pathEnd += paths[i].length;
    packed.pathEnds[i] = pathEnd;
    let format = packed.formats.indexOf(file.fileFormat);
    if (format === -1) {
      format = packed.formats.push(file.fileFormat) - 1;
    }
    packed.format[i] = format;
    packed.specId[i] = file.specId;
    packed.recordCount[i] = file.recordCount;
    packed.fileSizeInBytes[i] = file.fileSizeInBytes;
    for (const key of optional) {
      packed.optional[key]![i] = file[key] ?? NaN;
    }
    packed.decodedBytes += entryBytes(entry);
    for (let k = 0; k < width; k++) {
      packed.partitionCodes[i * width + k] = codeOf(file.partition[fieldIds[k]]);
    }
    if (file.equalityIds !== undefined || file.referencedDataFile !== undefined) {
      packed.rare.push({ index: i, equalityIds: file.equalityIds, referencedDataFile: file.referencedDataFile });
    }
  }
  packed.paths = paths.join('');
  return packed;
}

/** The longest prefix of every entry's path, cut back to a `/` so names stay whole. */
function sharedPrefix(entries: ManifestEntry[]): string {
  if (entries.length === 0) {
    return '';
  }
  let prefix = entries[0].dataFile.filePath;
  for (const entry of entries) {
    const path = entry.dataFile.filePath;
    if (!path.startsWith(prefix)) {
      let same = 0;
      while (same < prefix.length && same < path.length && prefix.charCodeAt(same) === path.charCodeAt(same)) {
        same++;
      }
      prefix = prefix.slice(0, same);
    }
  }
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

/** Approximate memory of a packed manifest, for the metadata cache. */
export function packedBytes(packed: PackedEntries): number {
  const arrays = transferables(packed).reduce((sum, buffer) => sum + buffer.byteLength, 0);
  return 256 + arrays + packed.paths.length + packed.pathPrefix.length + packed.partitionValues.length * 48 + packed.rare.length * 128;
}

/**
 * A key telling partition values apart by type and value: `1`, `1n` and
 * `"1"` are different values, equal bytes are one value.
 */
function valueKey(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return `bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
  return typeof value === 'bigint' ? `bigint:${value}` : value;
}

export function unpackEntries(packed: PackedEntries): ManifestEntry[] {
  const entries: ManifestEntry[] = new Array(packed.count);
  unpackRange(packed, presentOptional(packed), entries, 0, packed.count);
  return entries;
}

/** Entries rebuilt at most `slice` at a time, yielding to the event loop between slices. */
export async function unpackEntriesInSlices(packed: PackedEntries, slice = 16384): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = new Array(packed.count);
  const optional = presentOptional(packed);
  for (let from = 0; from < packed.count; from += slice) {
    if (from > 0) {
      await new Promise(resolve => setImmediate(resolve));
    }
    unpackRange(packed, optional, entries, from, Math.min(packed.count, from + slice));
  }
  return entries;
}

type OptionalNumber = (typeof OPTIONAL_NUMBERS)[number];

/** The optional columns some entry sets: most manifests set one or none. */
function presentOptional(packed: PackedEntries): OptionalNumber[] {
  return OPTIONAL_NUMBERS.filter(key => packed.optional[key] !== undefined);
}

function unpackRange(packed: PackedEntries, optional: OptionalNumber[], entries: ManifestEntry[], from: number, to: number): void {
  const reader = new PackedReader(packed, optional);
  for (let i = from; i < to; i++) {
    entries[i] = reader.entry(i, false);
  }
  for (const rare of packed.rare) {
    if (rare.index >= from && rare.index < to) {
      withRareFields(entries[rare.index].dataFile, rare);
    }
  }
}

function withRareFields(dataFile: DataFile, rare: RareFields): void {
  if (rare.equalityIds !== undefined) {
    dataFile.equalityIds = rare.equalityIds;
  }
  if (rare.referencedDataFile !== undefined) {
    dataFile.referencedDataFile = rare.referencedDataFile;
  }
}

/** Entries of one packed manifest read one at a time, without unpacking the others. */
export class PackedReader {
  private readonly build: TupleBuilder;
  private readonly width: number;
  // The builder copies values out, so one array serves every entry.
  private readonly values: unknown[];
  private rareByIndex: Map<number, RareFields> | undefined;

  constructor(
    readonly packed: PackedEntries,
    private readonly optional: OptionalNumber[] = presentOptional(packed)
  ) {
    this.build = partitionTupleBuilder(packed.partitionFieldIds);
    this.width = packed.partitionFieldIds.length;
    this.values = new Array(this.width);
  }

  /** Entry `i`'s file path, the prefix put back. */
  path(i: number): string {
    return this.packed.pathPrefix + this.suffix(i);
  }

  /** Entry `i`'s file path after the manifest's shared `pathPrefix`. */
  suffix(i: number): string {
    const packed = this.packed;
    return packed.paths.slice(i === 0 ? 0 : packed.pathEnds[i - 1], packed.pathEnds[i]);
  }

  /** Entry `i` as an object; `withRare` adds delete files' rare fields (unpackRange adds them in bulk). */
  entry(i: number, withRare = true): ManifestEntry {
    const packed = this.packed;
    const width = this.width;
    for (let k = 0; k < width; k++) {
      this.values[k] = packed.partitionValues[packed.partitionCodes[i * width + k]];
    }
    const dataFile: DataFile = {
      content: CONTENT[packed.content[i]],
      filePath: this.path(i),
      fileFormat: packed.formats[packed.format[i]],
      specId: packed.specId[i],
      partition: this.build(this.values),
      recordCount: packed.recordCount[i],
      fileSizeInBytes: packed.fileSizeInBytes[i]
    };
    for (const key of this.optional) {
      const value = packed.optional[key]![i];
      if (!Number.isNaN(value)) {
        dataFile[key] = value;
      }
    }
    if (withRare && packed.rare.length > 0) {
      this.rareByIndex ??= new Map(packed.rare.map(rare => [rare.index, rare]));
      const rare = this.rareByIndex.get(i);
      if (rare) {
        withRareFields(dataFile, rare);
      }
    }
    return {
      status: STATUS[packed.status[i]],
      snapshotId: packed.snapshotId[i],
      sequenceNumber: packed.sequenceNumber[i],
      fileSequenceNumber: packed.fileSequenceNumber[i],
      dataFile
    };
  }

  isLive(i: number): boolean {
    return this.packed.status[i] !== STATUS_CODE.deleted;
  }

  isData(i: number): boolean {
    return this.packed.content[i] === CONTENT_CODE.data;
  }
}
