/**
 * One published verdict as the verdict store holds it: the verdict exactly as
 * `dual-layout check --format json` gives it, plus the metadata file it was
 * computed from, when, by whom and by which helper version. Entries are named
 * by a hash of the (normalised) metadata location, so a table's entry for its
 * current metadata is found without listing the store, and a commit (a new
 * metadata file) makes the old entry unreachable rather than wrong.
 */
import { createHash } from 'node:crypto';
import type { PublishedMark, Verdict, VerdictStatus } from '../../core/api/wire';
import { parseJson, stringifyJson } from '../../core/json';
import { joinUri, normalizeUri } from '../../core/uri';

export interface PublishedVerdict extends Verdict {
  metadataLocation: string;
  /** ISO 8601, UTC. */
  producedAt: string;
  /** `user@host`, or the name the publisher was given. */
  producedBy: string;
  helperVersion: string;
}

const STATUSES: readonly VerdictStatus[] = ['consistent', 'drift', 'error'];

/** A store entry that cannot be used; the reader logs it and the helper checks by itself. */
export class VerdictEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerdictEntryError';
  }
}

/** `<store>/<sha256 of the normalised metadata location>.json` */
export function entryLocation(store: string, metadataLocation: string): string {
  const digest = createHash('sha256').update(normalizeUri(metadataLocation), 'utf8').digest('hex');
  return joinUri(store, `${digest}.json`);
}

export function serializeEntry(entry: PublishedVerdict): Uint8Array {
  return Buffer.from(`${stringifyJson(entry, 1)}\n`, 'utf8');
}

/**
 * The entry in `bytes` (read from `where`), checked to be a verdict for `metadataLocation`: a
 * file copied under another name, cut short or hand-edited is refused, never trusted.
 */
export function parseEntry(bytes: Uint8Array, metadataLocation: string, where: string): PublishedVerdict {
  let raw: unknown;
  try {
    raw = parseJson(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new VerdictEntryError(`published verdict ${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new VerdictEntryError(`published verdict ${where} is not a JSON object`);
  }
  const entry = raw as Record<string, unknown>;
  for (const key of ['table', 'metadataLocation', 'producedAt', 'producedBy', 'helperVersion'] as const) {
    if (typeof entry[key] !== 'string' || entry[key] === '') {
      throw new VerdictEntryError(`published verdict ${where} has no ${key}`);
    }
  }
  if (!STATUSES.includes(entry.status as VerdictStatus) || !Array.isArray(entry.findings)) {
    throw new VerdictEntryError(`published verdict ${where} has no valid status and findings`);
  }
  if (Number.isNaN(Date.parse(entry.producedAt as string))) {
    throw new VerdictEntryError(`published verdict ${where} has a producedAt that is not a time: ${JSON.stringify(entry.producedAt)}`);
  }
  if (normalizeUri(entry.metadataLocation as string) !== normalizeUri(metadataLocation)) {
    throw new VerdictEntryError(`published verdict ${where} describes another metadata file than ${metadataLocation}`);
  }
  return entry as unknown as PublishedVerdict;
}

/** The verdict the API answers for a published entry: the check's fields and who published it. */
export function publishedVerdict(entry: PublishedVerdict, table: string): Verdict {
  const { producedAt, producedBy, helperVersion: _, ...verdict } = entry;
  const published: PublishedMark = { producedAt, producedBy };
  return { ...verdict, table, published };
}
