import * as zlib from 'zlib';
import { boundedCompressors, checkReadLength, MAX_PAGE_BYTES, ParquetLimitError } from '../boundedCompressors';

/** A zstd frame of RLE blocks (4 bytes per 128 KiB of output): a hand-made zstd bomb. */
function zstdRleFrame(blockSizes: number[], byte: number): Uint8Array {
  const parts = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]; // magic, no content size, 128 KiB window
  blockSizes.forEach((size, i) => {
    const header = (size << 3) | (1 << 1) | (i === blockSizes.length - 1 ? 1 : 0);
    parts.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, byte);
  });
  return Uint8Array.from(parts);
}

describe('boundedCompressors', () => {
  it('should decompress a zstd page of the size it declares', () => {
    const page = boundedCompressors.ZSTD!(zstdRleFrame([1000, 24], 7), 1024);
    expect(page).toEqual(new Uint8Array(1024).fill(7));
  });

  it('should stop a zstd bomb at the size its page declares', () => {
    const bomb = zstdRleFrame(Array(800).fill(128 * 1024), 0); // 100 MiB from 3 KB
    expect(bomb.length).toBeLessThan(4000);
    expect(() => boundedCompressors.ZSTD!(bomb, 1024 * 1024)).toThrow(
      new ParquetLimitError('a ZSTD page: decompressed size exceeds the 1048576 bytes it declares')
    );
  });

  it('should refuse a page that declares more than the limit before decompressing it', () => {
    const gzip = zlib.gzipSync(Buffer.alloc(16));
    expect(() => boundedCompressors.GZIP!(gzip, 2 ** 31)).toThrow(
      new ParquetLimitError(`a GZIP page declares ${2 ** 31} bytes: decompressed size exceeds 256 MiB`)
    );
    expect(boundedCompressors.GZIP!(gzip, 16)).toEqual(new Uint8Array(16));
    expect(MAX_PAGE_BYTES).toBe(256 * 1024 * 1024);
  });
});

describe('checkReadLength', () => {
  it('should refuse one read larger than the limit, naming the file', () => {
    expect(() => checkReadLength('s3://b/t/data/f.parquet', 2 ** 32)).toThrow(
      's3://b/t/data/f.parquet: a read of 4096 MiB exceeds the limit of 512 MiB per read'
    );
    expect(() => checkReadLength('s3://b/t/data/f.parquet', 1024)).not.toThrow();
  });
});
