/**
 * Raw Snappy decompression (the format of Avro's `snappy` codec), bounded:
 * a corrupt length or copy offset is an error, never an overrun.
 */

class SnappyError extends Error {}

function readVarint(input: Uint8Array, start: number): [number, number] {
  let result = 0;
  let shift = 0;
  let pos = start;
  while (pos < input.length && shift < 35) {
    const byte = input[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      return [result, pos];
    }
    shift += 7;
  }
  throw new SnappyError('bad snappy length');
}

export function snappyUncompress(input: Uint8Array, maxLength: number): Buffer {
  const [length, headerEnd] = readVarint(input, 0);
  if (length > maxLength) {
    throw new SnappyError(`snappy block claims ${length} bytes`);
  }
  const output = Buffer.allocUnsafe(length);
  let pos = headerEnd;
  let out = 0;
  while (pos < input.length) {
    const tag = input[pos++];
    let copyLength: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        let literal = tag >>> 2;
        if (literal >= 60) {
          const bytes = literal - 59;
          literal = 0;
          for (let i = 0; i < bytes; i++) {
            literal |= input[pos++] << (8 * i);
          }
          literal >>>= 0;
        }
        literal += 1;
        if (pos + literal > input.length || out + literal > length) {
          throw new SnappyError('snappy literal overruns');
        }
        output.set(input.subarray(pos, pos + literal), out);
        pos += literal;
        out += literal;
        continue;
      }
      case 1:
        copyLength = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | input[pos++];
        break;
      case 2:
        copyLength = (tag >>> 2) + 1;
        offset = input[pos] | (input[pos + 1] << 8);
        pos += 2;
        break;
      default:
        copyLength = (tag >>> 2) + 1;
        offset = (input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16) | (input[pos + 3] << 24)) >>> 0;
        pos += 4;
    }
    if (offset === 0 || offset > out || out + copyLength > length || pos > input.length) {
      throw new SnappyError('snappy copy out of range');
    }
    for (let i = 0; i < copyLength; i++, out++) {
      output[out] = output[out - offset];
    }
  }
  if (out !== length) {
    throw new SnappyError(`snappy block decoded to ${out} of ${length} bytes`);
  }
  return output;
}
