/**
 * Test-only writer of Avro object container files, to build manifests whose
 * schemas differ from the golden writers' (renamed fields, other codecs,
 * missing fields) and so prove the readers decode by field id.
 */
import * as zlib from 'zlib';
import * as avro from 'avsc';

const HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } }
  ]
});
const LONG = avro.Type.forSchema('long');
const SYNC = Buffer.from('0123456789abcdef');

/** Snappy framing with literals only: valid input for any snappy decoder. */
function snappyLiterals(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let length = data.length;
  const varint: number[] = [];
  do {
    varint.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
    length >>>= 7;
  } while (length > 0);
  parts.push(Buffer.from(varint));
  for (let i = 0; i < data.length; i += 256) {
    const chunk = data.subarray(i, i + 256);
    parts.push(Buffer.from([60 << 2, chunk.length - 1]), chunk);
  }
  parts.push(Buffer.alloc(4)); // CRC32 placeholder (not checked by the reader)
  return Buffer.concat(parts);
}

export interface ContainerOptions {
  codec?: 'null' | 'deflate' | 'snappy' | string;
  /** Records per block. */
  blockSize?: number;
  metadata?: Record<string, string>;
  /** The schema the header states, when a writer spells it otherwise than `schema` (which encodes). */
  statedSchema?: object;
}

export function writeContainer(schema: object, records: object[], options: ContainerOptions = {}): Buffer {
  const codec = options.codec ?? 'null';
  const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'never' });
  const meta: Record<string, Buffer> = { 'avro.schema': Buffer.from(JSON.stringify(options.statedSchema ?? schema)), 'avro.codec': Buffer.from(codec) };
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    meta[key] = Buffer.from(value);
  }
  const parts = [HEADER.toBuffer({ magic: Buffer.from('Obj\x01', 'latin1'), meta, sync: SYNC })];
  const blockSize = options.blockSize ?? 100;
  for (let i = 0; i < records.length; i += blockSize) {
    const block = records.slice(i, i + blockSize);
    const raw = Buffer.concat(block.map(record => type.toBuffer(record)));
    const data = codec === 'deflate' ? zlib.deflateRawSync(raw) : codec === 'snappy' ? snappyLiterals(raw) : raw;
    parts.push(LONG.toBuffer(block.length), LONG.toBuffer(data.length), data, SYNC);
  }
  return Buffer.concat(parts);
}
