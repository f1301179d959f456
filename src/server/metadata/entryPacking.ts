/**
 * Manifest entries in a form that crosses from a decoding worker to the main
 * thread cheaply: one typed array or string per field instead of objects.
 *
 * Structured clone copies objects one by one (about 270 ms for 20,000
 * entries), and it turns a partition tuple keyed by field id 1000 into an
 * object with over a thousand element slots (2.3 GB for 200,000 files, see
 * `core/iceberg/partitionTuple`). Packed, the same manifest crosses in a few
 * milliseconds and is rebuilt with the tuple builder on arrival.
 */
import type { DataFile, EntryStatus, FileContent, ManifestEntry } from '../../core/iceberg/model';
import { partitionTupleBuilder } from '../../core/iceberg/partitionTuple';

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
  /** File paths concatenated; `pathEnds[i]` is where entry i's ends. */
  paths: string;
  pathEnds: Uint32Array;
  /** Distinct file formats, and each entry's index into them. */
  formats: string[];
  format: Uint8Array;
  specId: Int32Array;
  recordCount: Float64Array;
  fileSizeInBytes: Float64Array;
  optional: Record<OptionalNumber, Float64Array>;
  /**
   * Partition field ids (shared by a manifest's entries), the distinct
   * values (a table has far fewer partitions than files) and, entry by entry
   * and field by field, the index of each value among them.
   */
  partitionFieldIds: number[];
  partitionValues: unknown[];
  partitionCodes: Uint32Array;
  rare: RareFields[];
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
    ...Object.values(packed.optional)
  ];
  return arrays.map(array => array.buffer as ArrayBuffer);
}

export function packEntries(entries: ManifestEntry[]): PackedEntries {
  const count = entries.length;
  const fieldIds = count === 0 ? [] : Object.keys(entries[0].dataFile.partition).map(Number);
  const packed: PackedEntries = {
    count,
    status: new Uint8Array(count),
    snapshotId: new BigInt64Array(count),
    sequenceNumber: new Float64Array(count),
    fileSequenceNumber: new Float64Array(count),
    content: new Uint8Array(count),
    paths: '',
    pathEnds: new Uint32Array(count),
    formats: [],
    format: new Uint8Array(count),
    specId: new Int32Array(count),
    recordCount: new Float64Array(count),
    fileSizeInBytes: new Float64Array(count),
    optional: {
      sortOrderId: new Float64Array(count),
      firstRowId: new Float64Array(count),
      contentOffset: new Float64Array(count),
      contentSizeInBytes: new Float64Array(count)
    },
    partitionFieldIds: fieldIds,
    partitionValues: [],
    partitionCodes: new Uint32Array(count * fieldIds.length),
    rare: []
  };
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
  const { sortOrderId, firstRowId, contentOffset, contentSizeInBytes } = packed.optional;
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
    paths[i] = file.filePath;
    pathEnd += file.filePath.length;
    packed.pathEnds[i] = pathEnd;
    let format = packed.formats.indexOf(file.fileFormat);
    if (format === -1) {
      format = packed.formats.push(file.fileFormat) - 1;
    }
    packed.format[i] = format;
    packed.specId[i] = file.specId;
    packed.recordCount[i] = file.recordCount;
    packed.fileSizeInBytes[i] = file.fileSizeInBytes;
    sortOrderId[i] = file.sortOrderId ?? NaN;
    firstRowId[i] = file.firstRowId ?? NaN;
    contentOffset[i] = file.contentOffset ?? NaN;
    contentSizeInBytes[i] = file.contentSizeInBytes ?? NaN;
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
  return OPTIONAL_NUMBERS.filter(key => packed.optional[key].some(value => !Number.isNaN(value)));
}

function unpackRange(packed: PackedEntries, optional: OptionalNumber[], entries: ManifestEntry[], from: number, to: number): void {
  const build = partitionTupleBuilder(packed.partitionFieldIds);
  const width = packed.partitionFieldIds.length;
  // The builder copies values out, so one array serves every entry.
  const values: unknown[] = new Array(width);
  let pathStart = from === 0 ? 0 : packed.pathEnds[from - 1];
  for (let i = from; i < to; i++) {
    for (let k = 0; k < width; k++) {
      values[k] = packed.partitionValues[packed.partitionCodes[i * width + k]];
    }
    const dataFile: DataFile = {
      content: CONTENT[packed.content[i]],
      filePath: packed.paths.slice(pathStart, packed.pathEnds[i]),
      fileFormat: packed.formats[packed.format[i]],
      specId: packed.specId[i],
      partition: build(values),
      recordCount: packed.recordCount[i],
      fileSizeInBytes: packed.fileSizeInBytes[i]
    };
    pathStart = packed.pathEnds[i];
    for (const key of optional) {
      const value = packed.optional[key][i];
      if (!Number.isNaN(value)) {
        dataFile[key] = value;
      }
    }
    entries[i] = {
      status: STATUS[packed.status[i]],
      snapshotId: packed.snapshotId[i],
      sequenceNumber: packed.sequenceNumber[i],
      fileSequenceNumber: packed.fileSequenceNumber[i],
      dataFile
    };
  }
  for (const rare of packed.rare) {
    if (rare.index < from || rare.index >= to) {
      continue;
    }
    const dataFile = entries[rare.index].dataFile;
    if (rare.equalityIds !== undefined) {
      dataFile.equalityIds = rare.equalityIds;
    }
    if (rare.referencedDataFile !== undefined) {
      dataFile.referencedDataFile = rare.referencedDataFile;
    }
  }
}
