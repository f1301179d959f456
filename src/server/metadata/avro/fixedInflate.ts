/**
 * A fast path for tiny raw-deflate blocks coded with deflate's fixed Huffman
 * codes (RFC 1951 §3.2.6), the form zlib gives a few hundred bytes.
 *
 * pyiceberg writes every manifest entry as an Avro block of its own, so a
 * 200,000-file table means 200,000 separate deflate streams of ~150 bytes.
 * `zlib.inflateRawSync` builds a native zlib stream and a Node stream object
 * per call, which costs far more than the decoding itself; decoding the fixed
 * code here takes a fraction of that. Anything else (stored or dynamic
 * blocks, output over `MAX_OUTPUT`, any inconsistency) returns `null`, and the
 * caller falls back to zlib, which also names the error of a corrupt block.
 */

/** Larger outputs go to zlib: its per-call cost no longer matters there. */
const MAX_OUTPUT = 64 * 1024;
const output = new Uint8Array(MAX_OUTPUT);

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

function reverseBits(code: number, length: number): number {
  let reversed = 0;
  for (let i = 0; i < length; i++) {
    reversed = (reversed << 1) | ((code >> i) & 1);
  }
  return reversed;
}

/**
 * The fixed literal/length code as a table indexed by the next 9 stream bits
 * (deflate sends Huffman codes most significant bit first, so a code sits
 * bit-reversed in the stream): `symbol << 4 | code length`.
 */
const LITERAL_LENGTH_TABLE = (() => {
  const table = new Uint16Array(512);
  const assign = (symbol: number, code: number, length: number) => {
    const reversed = reverseBits(code, length);
    for (let fill = 0; fill < 1 << (9 - length); fill++) {
      table[reversed | (fill << length)] = (symbol << 4) | length;
    }
  };
  for (let symbol = 0; symbol < 288; symbol++) {
    if (symbol < 144) {
      assign(symbol, 0x30 + symbol, 8);
    } else if (symbol < 256) {
      assign(symbol, 0x190 + symbol - 144, 9);
    } else if (symbol < 280) {
      assign(symbol, symbol - 256, 7);
    } else {
      assign(symbol, 0xc0 + symbol - 280, 8);
    }
  }
  return table;
})();

/** The fixed distance code (5 bits, bit-reversed in the stream). */
const DISTANCE_TABLE = Uint8Array.from({ length: 32 }, (_, bits) => reverseBits(bits, 5));

/** Up to 24 stream bits from bit `pos` on, least significant first; zeros past the end. */
function peek(input: Uint8Array, pos: number): number {
  const at = pos >>> 3;
  return (input[at] | (input[at + 1] << 8) | (input[at + 2] << 16)) >>> (pos & 7);
}

/** `input` inflated if it is made of fixed-Huffman blocks only, else `null`. */
export function inflateFixedHuffman(input: Uint8Array): Buffer | null {
  const totalBits = input.length * 8;
  let pos = 0;
  let length = 0;
  let final = 0;
  while (!final) {
    const header = peek(input, pos);
    final = header & 1;
    if (((header >>> 1) & 3) !== 1) {
      return null;
    }
    pos += 3;
    for (;;) {
      if (pos > totalBits) {
        return null;
      }
      const entry = LITERAL_LENGTH_TABLE[peek(input, pos) & 511];
      pos += entry & 15;
      const symbol = entry >>> 4;
      if (symbol < 256) {
        if (length === MAX_OUTPUT) {
          return null;
        }
        output[length++] = symbol;
        continue;
      }
      if (symbol === 256) {
        break;
      }
      const lengthCode = symbol - 257;
      if (lengthCode >= LENGTH_BASE.length) {
        return null;
      }
      const copyLength = LENGTH_BASE[lengthCode] + (peek(input, pos) & ((1 << LENGTH_EXTRA[lengthCode]) - 1));
      pos += LENGTH_EXTRA[lengthCode];
      const distanceCode = DISTANCE_TABLE[peek(input, pos) & 31];
      pos += 5;
      if (distanceCode >= DISTANCE_BASE.length) {
        return null;
      }
      const distance = DISTANCE_BASE[distanceCode] + (peek(input, pos) & ((1 << DISTANCE_EXTRA[distanceCode]) - 1));
      pos += DISTANCE_EXTRA[distanceCode];
      if (distance > length || length + copyLength > MAX_OUTPUT) {
        return null;
      }
      // Byte by byte: a copy may overlap its own output (distance < length).
      for (const end = length + copyLength; length < end; length++) {
        output[length] = output[length - distance];
      }
    }
  }
  return pos > totalBits ? null : Buffer.from(output.subarray(0, length));
}
