/**
 * Murmur3 x86 32-bit hash with seed 0, the hash of Iceberg's bucket transform
 * (spec, "Bucket Transform Details"). Inputs are the byte encodings the spec
 * prescribes; see `hashValue` in transforms.ts.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k1: number): number {
  k1 = Math.imul(k1, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  return Math.imul(k1, C2);
}

/** The signed 32-bit hash of `bytes`. */
export function murmur3x86_32(bytes: Uint8Array): number {
  const length = bytes.length;
  const blocks = length >>> 2;
  let h1 = 0;
  for (let i = 0; i < blocks; i++) {
    const j = i << 2;
    const k1 = bytes[j] | (bytes[j + 1] << 8) | (bytes[j + 2] << 16) | (bytes[j + 3] << 24);
    h1 ^= mixK1(k1);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks << 2;
  let k1 = 0;
  switch (length & 3) {
    case 3:
      k1 ^= bytes[tail + 2] << 16;
    // falls through
    case 2:
      k1 ^= bytes[tail + 1] << 8;
    // falls through
    case 1:
      k1 ^= bytes[tail];
      h1 ^= mixK1(k1);
  }
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/** The spec's `hashLong`: the value as 8 little-endian two's-complement bytes. */
export function hashLong(value: bigint): number {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, value), true);
  return murmur3x86_32(bytes);
}
