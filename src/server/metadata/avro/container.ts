/**
 * Avro object container files (the format of Iceberg manifest lists and
 * manifests), read from bytes already in memory.
 *
 * Decoding uses avsc's compiled types through a resolver, over a tap that
 * refuses to read past the end of a block: avsc itself does not stop on a
 * truncated or corrupted block (a huge array count or a negative block size
 * would loop for ever), and a corrupted file must end in a `MetadataError`,
 * never a hang.
 */
import * as zlib from 'zlib';
import * as avro from 'avsc';
import { describeJsonSyntaxError } from '../../../core/jsonSyntax';
import { describeValue, MetadataError } from '../errors';
import { formatBytes } from '../limits';
import { inflateFixedHuffman } from './fixedInflate';
import { minimumEncodedSize } from './minimumSize';
import { snappyUncompress } from './snappy';

// avsc's Tap (not in its public typings): a cursor over a Buffer.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, outside the package's typings
const { Tap } = require('avsc/lib/utils') as { Tap: new (buf: Buffer, pos?: number) => AvroTap };

export interface AvroTap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  isValid(): boolean;
}

class CorruptBlockError extends Error {}

/**
 * A tap whose integer reads (and so every count, length and union index)
 * fail past either end of its buffer, or once it has read more integers than
 * the buffer has bytes: each valid integer takes at least one byte, so more
 * reads than bytes means a corrupt negative length sent the cursor backwards
 * into a loop.
 */
class GuardedTap extends (Tap as unknown as new (buf: Buffer, pos?: number) => AvroTap) {
  integerReads = 0;
}

function guard(tap: GuardedTap): void {
  if (tap.pos >= tap.buf.length || tap.pos < 0 || ++tap.integerReads > tap.buf.length) {
    throw new CorruptBlockError('read outside the data block (truncated, or a corrupt length)');
  }
}

const base = Tap.prototype as unknown as Record<string, (this: AvroTap) => unknown>;
for (const method of ['readLong', 'readInt', 'skipLong', 'skipInt'] as const) {
  const original = base[method];
  (GuardedTap.prototype as unknown as Record<string, unknown>)[method] = function (this: GuardedTap) {
    guard(this);
    return original.call(this);
  };
}

const MAGIC = Buffer.from('Obj\x01', 'latin1');

/** What decompressing a file's blocks may produce: per block, and in total. */
export interface InflateLimits {
  maxBlockBytes: number;
  maxFileBytes: number;
}

/** Header of a container file: its metadata map (schema, codec, Iceberg's keys) and sync marker. */
export interface ContainerHeader {
  metadata: Record<string, string>;
  writerSchema: avro.Schema;
  codec: string;
  sync: Buffer;
  /** Offset of the first data block. */
  dataOffset: number;
}

const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } }
  ]
});

export function readHeader(bytes: Buffer, file: string): ContainerHeader {
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(MAGIC)) {
    throw new MetadataError('not an Avro container file (bad magic bytes)', file);
  }
  const tap = new GuardedTap(bytes, 0);
  let header: { meta: Record<string, Buffer>; sync: Buffer };
  try {
    header = (headerType as unknown as { _read(tap: AvroTap): typeof header })._read(tap);
  } catch (error) {
    throw new MetadataError(`truncated or corrupt Avro header (${(error as Error).message})`, file);
  }
  if (!tap.isValid() || !header.sync) {
    throw new MetadataError('truncated Avro header', file);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header.meta)) {
    metadata[key] = value.toString('utf8');
  }
  if (!metadata['avro.schema']) {
    throw new MetadataError('Avro header has no avro.schema', file);
  }
  let writerSchema: avro.Schema;
  try {
    writerSchema = JSON.parse(metadata['avro.schema']);
  } catch {
    throw new MetadataError(`avro.schema is ${describeJsonSyntaxError(metadata['avro.schema'])}`, file);
  }
  return { metadata, writerSchema, codec: metadata['avro.codec'] || 'null', sync: header.sync, dataOffset: tap.pos };
}

/**
 * zlib's output chunk for a block: a few times its compressed size, within
 * zlib's bounds. Some writers (pyiceberg) put every record in a block of its
 * own, ~150 bytes, and zlib's default 16 KiB chunk then costs a fresh
 * allocation per record; chunks under 4 KiB come from Node's buffer pool.
 */
function inflateChunkSize(block: Buffer): number {
  return Math.min(Math.max(block.length * 4, zlib.constants.Z_MIN_CHUNK), zlib.constants.Z_DEFAULT_CHUNK);
}

class TooLargeError extends Error {}

/** A block's data, inflating at most `maxBytes` (zlib stops there rather than allocating more). */
function decompress(codec: string, block: Buffer, maxBytes: number, file: string): Buffer {
  switch (codec) {
    case 'null':
      return block;
    case 'deflate': {
      const fast = inflateFixedHuffman(block);
      if (fast) {
        return fast.length > maxBytes ? tooLarge() : fast;
      }
      if (maxBytes < 1) {
        return tooLarge();
      }
      try {
        return zlib.inflateRawSync(block, { maxOutputLength: maxBytes, chunkSize: inflateChunkSize(block) });
      } catch (error) {
        return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : rethrow(error);
      }
    }
    case 'snappy': {
      // Avro appends a 4-byte CRC32 of the uncompressed data to each snappy block.
      const data = block.subarray(0, block.length - 4);
      return snappyLength(data) > maxBytes ? tooLarge() : snappyUncompress(data, maxBytes);
    }
    default:
      throw new MetadataError(`unsupported Avro codec ${describeValue(codec)}`, file);
  }
}

function tooLarge(): never {
  throw new TooLargeError();
}

function rethrow(error: unknown): never {
  throw error;
}

/** The uncompressed length a snappy block declares (its leading varint); 0 when unreadable. */
function snappyLength(data: Buffer): number {
  let length = 0;
  for (let i = 0; i < data.length && i < 5; i++) {
    length += (data[i] & 0x7f) * 2 ** (7 * i);
    if ((data[i] & 0x80) === 0) {
      return length;
    }
  }
  return 0;
}

/** Something that decodes one record from a tap: an avsc type or resolver. */
export interface RecordReader<T> {
  _read(tap: AvroTap): T;
}

/** The compiled reader of `readerType` for data written with `writerType`. */
export function resolverFor<T>(readerType: avro.Type, writerType: avro.Type): RecordReader<T> {
  return readerType.createResolver(writerType) as unknown as RecordReader<T>;
}

/**
 * Decode every record of the file's data blocks with `reader`, calling
 * `onRecord` for each. Throws `MetadataError` on any corruption.
 */
export function forEachRecord<T>(
  bytes: Buffer,
  header: ContainerHeader,
  reader: RecordReader<T>,
  file: string,
  limits: InflateLimits,
  onRecord: (record: T) => void
): void {
  const tap = new GuardedTap(bytes, header.dataOffset);
  // Every record takes at least this many bytes, so a block's data bounds the records it holds.
  const recordBytes = Math.max(1, minimumEncodedSize(header.writerSchema));
  let inflated = 0;
  let blockIndex = 0;
  while (tap.pos < bytes.length) {
    let count: number;
    let size: number;
    try {
      count = tap.readLong();
      size = tap.readLong();
    } catch {
      throw new MetadataError(`truncated Avro block header (block ${blockIndex})`, file);
    }
    const start = tap.pos;
    if (count < 0 || size < 0 || start + size + 16 > bytes.length) {
      throw new MetadataError(`Avro block ${blockIndex} claims ${count} records in ${size} bytes, beyond the end of the file (truncated?)`, file);
    }
    const sync = bytes.subarray(start + size, start + size + 16);
    if (!sync.equals(header.sync)) {
      throw new MetadataError(`Avro block ${blockIndex} is not followed by the file's sync marker`, file);
    }
    const maxBytes = Math.min(limits.maxBlockBytes, limits.maxFileBytes - inflated);
    let data: Buffer;
    try {
      data = decompress(header.codec, bytes.subarray(start, start + size), maxBytes, file);
    } catch (error) {
      if (error instanceof MetadataError) {
        throw error;
      }
      if (error instanceof TooLargeError) {
        const [limit, what] =
          maxBytes === limits.maxBlockBytes ? [limits.maxBlockBytes, 'per block'] : [limits.maxFileBytes, `for this ${formatBytes(bytes.length)} file`];
        throw new MetadataError(
          `Avro block ${blockIndex}: decompressed size exceeds ${formatBytes(limit)} ${what} (a decompression bomb or a corrupt block)`,
          file
        );
      }
      throw new MetadataError(`cannot decompress Avro block ${blockIndex} (${(error as Error).message})`, file);
    }
    inflated += data.length;
    if (count > data.length / recordBytes) {
      throw new MetadataError(`Avro block ${blockIndex} claims ${count} records in ${data.length} bytes (each takes at least ${recordBytes})`, file);
    }
    const blockTap = new GuardedTap(data, 0);
    for (let i = 0; i < count; i++) {
      let record: T;
      try {
        record = reader._read(blockTap);
      } catch (error) {
        throw new MetadataError(`corrupt record ${i} in Avro block ${blockIndex} (${(error as Error).message})`, file);
      }
      if (!blockTap.isValid()) {
        throw new MetadataError(`truncated record ${i} in Avro block ${blockIndex}`, file);
      }
      onRecord(record);
    }
    tap.pos = start + size + 16;
    blockIndex++;
  }
}
