/**
 * How much work one table's metadata may cost, so that a hostile or corrupt
 * file (a deflate bomb, a block that lies about its record count, a
 * metadata JSON of gigabytes) ends in a `MetadataError` for that table
 * instead of taking the helper's memory.
 *
 * The budgets come from what real tables need. The largest manifests we
 * handle are Spark's (8 MiB target, 64 KB Avro blocks that inflate 3-10x)
 * and pyiceberg's (20,000 entries in 3 MiB, one block per entry); a
 * 1,000,000-file table decodes to about 500 MiB of entries. Deflate inflates
 * at most ~1,032x, so a 500 KB manifest could otherwise claim half a GiB per
 * block and any number of records.
 */
import { MetadataError } from './errors';

export interface MetadataLimits {
  /** Largest metadata JSON read, after gunzip (tables with 100,000 snapshots stay well under). */
  maxMetadataJsonBytes: number;
  /** Largest manifest or manifest list read from storage. */
  maxAvroFileBytes: number;
  /** Largest decompressed Avro block (writers flush every 16-64 KB). */
  maxBlockBytes: number;
  /**
   * What one Avro file may expand to, per byte of the file, both in
   * decompressed bytes and in the estimated heap of its decoded records
   * (real manifests stay under 10)...
   */
  maxExpansion: number;
  /** ...with this floor, for small files. */
  minAllowanceBytes: number;
  /** Estimated heap of the decoded manifests (and lists) of one request: one table's plan. */
  maxDecodedBytesPerRequest: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<MetadataLimits> = Object.freeze({
  maxMetadataJsonBytes: 256 * MIB,
  maxAvroFileBytes: 256 * MIB,
  maxBlockBytes: 64 * MIB,
  maxExpansion: 64,
  minAllowanceBytes: 64 * MIB,
  maxDecodedBytesPerRequest: 1024 * MIB
});

/** Decompressed bytes, and decoded heap, an Avro file of `fileBytes` may expand to. */
export function expansionAllowance(fileBytes: number, limits: MetadataLimits): number {
  return Math.max(limits.minAllowanceBytes, fileBytes * limits.maxExpansion);
}

export function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MiB` : `${bytes} bytes`;
}

/**
 * The decoded-bytes budget of one request, shared by the manifests it reads:
 * each decode may use what is left (and no more than its file's allowance),
 * and what it used is charged when it is done. Decodes run one per worker
 * thread, so those in flight together overshoot by a few allowances at most.
 */
export class DecodeBudget {
  private used = 0;

  constructor(readonly limits: MetadataLimits = DEFAULT_LIMITS) {}

  /** What a decode of `file` may still use; throws when the budget is spent. */
  available(file: string): number {
    const left = this.limits.maxDecodedBytesPerRequest - this.used;
    if (left <= 0) {
      throw new MetadataError(`decoded metadata exceeds this request's budget of ${formatBytes(this.limits.maxDecodedBytesPerRequest)}`, file);
    }
    return left;
  }

  charge(bytes: number): void {
    this.used += bytes;
  }
}

/** The limits of decoding one Avro file: inflating its blocks, and the heap of its records. */
export interface FileDecodeLimits {
  maxBlockBytes: number;
  /** Decompressed bytes of all its blocks. */
  maxFileBytes: number;
  /** Estimated heap of its decoded records. */
  maxDecodedBytes: number;
}

/** Limits for an Avro file of `fileBytes`, its decoded heap also capped at `granted` (a budget reservation). */
export function fileDecodeLimits(fileBytes: number, limits: MetadataLimits = DEFAULT_LIMITS, granted = Infinity): FileDecodeLimits {
  const allowance = expansionAllowance(fileBytes, limits);
  return { maxBlockBytes: limits.maxBlockBytes, maxFileBytes: allowance, maxDecodedBytes: Math.min(allowance, granted) };
}

/** Throws once `used` decoded bytes pass the file's limit. */
export function checkDecoded(used: number, limits: FileDecodeLimits, file: string): void {
  if (used > limits.maxDecodedBytes) {
    throw new MetadataError(
      `decoded entries exceed ${formatBytes(limits.maxDecodedBytes)} (the limit for this file's size, or what is left of the request's budget)`,
      file
    );
  }
}
