/**
 * Robustness: thousands of mutations of real metadata files (truncation, bit
 * flips, oversized varint lengths, inserted and duplicated bytes) must each end
 * in a valid result or a `MetadataError`: never another exception, never a hang.
 * The mutations come from a seeded generator, so a failure is reproducible.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { ManifestFile } from '../../../core/iceberg/model';
import { MetadataError } from '../errors';
import { readManifest } from '../manifest';
import { readManifestList } from '../manifestList';
import { parseTableMetadata } from '../tableMetadata';
import { FIXTURES } from './fixtureStorage';

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (bytes: Buffer, rand: () => number) => Buffer;

const at = (bytes: Buffer, rand: () => number) => Math.floor(rand() * bytes.length);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (bytes, rand) => bytes.subarray(0, at(bytes, rand)),
  flip: (bytes, rand) => {
    const out = Buffer.from(bytes);
    const flips = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < flips; i++) {
      out[at(out, rand)] ^= 1 << Math.floor(rand() * 8);
    }
    return out;
  },
  oversize: (bytes, rand) => {
    // A varint far larger than the file: a length, count or union index gone wild.
    const out = Buffer.from(bytes);
    const huge = rand() < 0.5 ? [0xfe, 0xff, 0xff, 0xff, 0x0f] : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    Buffer.from(huge).copy(out, at(out, rand));
    return out;
  },
  insert: (bytes, rand) => {
    const i = at(bytes, rand);
    const noise = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256)));
    return Buffer.concat([bytes.subarray(0, i), noise, bytes.subarray(i)]);
  },
  duplicate: (bytes, rand) => {
    const i = at(bytes, rand);
    const chunk = bytes.subarray(i, i + 1 + Math.floor(rand() * 64));
    return Buffer.concat([bytes.subarray(0, i), chunk, bytes.subarray(i)]);
  }
};

/** The same container with uncompressed blocks, so mutations reach the record decoder directly. */
function uncompressed(bytes: Buffer): Buffer {
  const readVarint = (pos: number): [number, number] => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return [value % 2 === 0 ? value / 2 : -(value + 1) / 2, pos];
  };
  const writeVarint = (value: number): Buffer => {
    let n = value * 2;
    const out: number[] = [];
    do {
      out.push((n % 128) | (n >= 128 ? 0x80 : 0));
      n = Math.floor(n / 128);
    } while (n > 0);
    return Buffer.from(out);
  };
  const codecAt = bytes.indexOf('deflate');
  const header = Buffer.from(bytes);
  // `\x0edeflate` (length 7) becomes `\x08null\0\0\0`: keep the layout by rewriting the map entry's length.
  const syncEnd = findHeaderEnd(bytes);
  const sync = bytes.subarray(syncEnd - 16, syncEnd);
  const parts = [Buffer.concat([header.subarray(0, codecAt - 1), Buffer.from([0x08]), Buffer.from('null'), header.subarray(codecAt + 7, syncEnd)])];
  let pos = syncEnd;
  while (pos < bytes.length) {
    const [count, afterCount] = readVarint(pos);
    const [size, afterSize] = readVarint(afterCount);
    const data = zlib.inflateRawSync(bytes.subarray(afterSize, afterSize + size));
    parts.push(writeVarint(count), writeVarint(data.length), data, sync);
    pos = afterSize + size + 16;
  }
  return Buffer.concat(parts);
}

/** The end of the header: the first data block starts right after the 16-byte sync marker. */
function findHeaderEnd(bytes: Buffer): number {
  // Every real fixture ends its header with the same sync marker that closes the first block.
  for (let end = 20; end < bytes.length; end++) {
    const sync = bytes.subarray(end - 16, end);
    const next = bytes.indexOf(sync, end);
    if (next > end && bytes.lastIndexOf(sync) === bytes.length - 16) {
      return end;
    }
  }
  throw new Error('no sync marker found');
}

const MANIFEST: ManifestFile = {
  manifestPath: 'fuzz.avro',
  manifestLength: 0,
  partitionSpecId: 0,
  content: 'data',
  sequenceNumber: 3,
  minSequenceNumber: 1,
  addedSnapshotId: 1n
};

function filesOf(table: string, pattern: RegExp): string[] {
  const dir = path.join(FIXTURES, table, 'metadata');
  return fs
    .readdirSync(dir)
    .filter(name => pattern.test(name))
    .map(name => path.join(dir, name));
}

interface Target {
  name: string;
  bytes: Buffer;
  read: (bytes: Buffer) => unknown;
}

function targets(): Target[] {
  const out: Target[] = [];
  for (const table of ['pyiceberg_v1', 'pyiceberg_v2', 'spark_v2_mor', 'spark_v3_dv']) {
    const [metadata] = filesOf(table, /metadata\.json$/)
      .sort()
      .reverse();
    out.push({ name: `${table} metadata`, bytes: fs.readFileSync(metadata), read: b => parseTableMetadata(b, 'fuzz.json') });
    const [list] = filesOf(table, /^snap-.*\.avro$/);
    const [manifest] = filesOf(table, /-m0\.avro$/);
    for (const [kind, file] of [
      ['manifest list', list],
      ['manifest', manifest]
    ] as const) {
      const read = kind === 'manifest list' ? (b: Buffer) => readManifestList(b, 'fuzz.avro', 1n) : (b: Buffer) => readManifest(b, 'fuzz.avro', MANIFEST);
      const bytes = fs.readFileSync(file);
      out.push({ name: `${table} ${kind}`, bytes, read });
      out.push({ name: `${table} ${kind} (uncompressed)`, bytes: uncompressed(bytes), read });
    }
  }
  return out;
}

/** Raise with DUAL_LAYOUT_FUZZ_CASES for a longer hunt; the default keeps CI quick. */
const CASES_PER_TARGET = Number(process.env.DUAL_LAYOUT_FUZZ_CASES ?? 150);
/** Generous: a case decodes a few KiB; only a loop that never ends would come near. */
const MAX_CASE_MS = 2000;

describe('metadata readers under mutation', () => {
  it.each(targets().map(t => [t.name, t]))('should fail cleanly or succeed on mutated %s', (_name, target) => {
    const { bytes, read } = target as Target;
    expect(() => read(bytes)).not.toThrow();
    const rand = random(0x5eed ^ bytes.length);
    const names = Object.keys(MUTATIONS);
    const outcomes: Record<string, number> = { ok: 0, MetadataError: 0 };
    let slowest = 0;
    for (let i = 0; i < CASES_PER_TARGET; i++) {
      const mutation = names[i % names.length];
      const mutated = MUTATIONS[mutation](bytes, rand);
      const started = performance.now();
      try {
        read(mutated);
        outcomes.ok++;
      } catch (error) {
        if (!(error instanceof MetadataError)) {
          throw new Error(`case ${i} (${mutation}, ${mutated.length} bytes) threw ${String(error)}`, { cause: error });
        }
        expect(error.file).toMatch(/^fuzz\./);
        outcomes.MetadataError++;
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(outcomes.ok + outcomes.MetadataError).toBe(CASES_PER_TARGET);
    expect(outcomes.MetadataError).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(MAX_CASE_MS);
  });
});
