import * as zlib from 'zlib';
import { inflateFixedHuffman } from '../avro/fixedInflate';

/** Deterministic pseudo-random bytes, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Text with repeats near and far, like manifest entries: paths, partition values, counts. */
function payload(rand: () => number, size: number): Buffer {
  const words = ['file:///warehouse/db/t/data/', 'region=', 'eu', 'us', '.parquet', 'PARQUET', '\u0000', '\u00ff'];
  let text = '';
  while (text.length < size) {
    text += rand() < 0.7 ? words[Math.floor(rand() * words.length)] : String.fromCharCode(Math.floor(rand() * 256));
  }
  return Buffer.from(text.slice(0, size), 'latin1');
}

const FIXED = { strategy: zlib.constants.Z_FIXED };

/** Byte equality without jest's element-by-element diff, which is slow on large buffers. */
function expectSameBytes(actual: Buffer | null, expected: Buffer): void {
  expect(actual).not.toBeNull();
  expect(actual!.length).toBe(expected.length);
  expect(actual!.equals(expected)).toBe(true);
}

describe('inflateFixedHuffman', () => {
  it('should inflate what zlib deflates with fixed codes, byte for byte', () => {
    const rand = random(42);
    for (let i = 0; i < 400; i++) {
      const original = payload(rand, Math.floor(rand() * 3000));
      const level = 1 + Math.floor(rand() * 9); // level 0 stores instead
      expectSameBytes(inflateFixedHuffman(zlib.deflateRawSync(original, { ...FIXED, level })), original);
    }
  });

  it('should inflate several fixed blocks and long overlapping copies', () => {
    const original = Buffer.concat([Buffer.alloc(40000, 'a'), payload(random(7), 20000)]);
    const deflated = zlib.deflateRawSync(original, { ...FIXED, memLevel: 1 });
    expectSameBytes(inflateFixedHuffman(deflated), original);
  });

  it('should leave stored and dynamic blocks, and outputs over 64 KiB, to zlib', () => {
    const text = payload(random(3), 5000);
    expect(inflateFixedHuffman(zlib.deflateRawSync(text, { level: 0 }))).toBeNull();
    expect(inflateFixedHuffman(zlib.deflateRawSync(Buffer.alloc(5000, 'ab'), { strategy: zlib.constants.Z_HUFFMAN_ONLY }))).toBeNull();
    expect(inflateFixedHuffman(zlib.deflateRawSync(Buffer.alloc(70000, 'x'), FIXED))).toBeNull();
  });

  it('should refuse truncated input and never return what zlib would not', () => {
    const rand = random(99);
    const original = payload(rand, 400);
    const deflated = zlib.deflateRawSync(original, FIXED);
    expect(inflateFixedHuffman(deflated.subarray(0, deflated.length - 2))).toBeNull();
    for (let i = 0; i < 1000; i++) {
      const mutated = Buffer.from(deflated);
      mutated[Math.floor(rand() * mutated.length)] ^= 1 << Math.floor(rand() * 8);
      const ours = inflateFixedHuffman(mutated);
      if (ours !== null) {
        expectSameBytes(ours, zlib.inflateRawSync(mutated));
      }
    }
  });
});
