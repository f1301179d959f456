/**
 * Reading the verdict store an administrator configured
 * (`c.DualLayout.verdict_store`, setting `verdictStore`): the published
 * verdict for a table's current metadata location, if any. It reads one entry
 * by name (entry.ts) through read-only storage confined to the store, so a
 * published verdict costs one small read instead of a check. An entry that is
 * missing is `null`; one that is corrupt or unreadable is `null` too, with a
 * logged warning (once per entry: the sidebar asks again on every refresh), so
 * the helper checks by itself.
 */
import { normalizeUri } from '../../core/uri';
import { resolveStorage } from '../storage/registry';
import { type Storage, StorageError } from '../storage/storage';
import { entryLocation, parseEntry, type PublishedVerdict, VerdictEntryError } from './entry';
import { storeLocation } from './location';

/** Published entries kept in memory; an entry for one metadata file never changes meaning. */
const MAX_REMEMBERED = 20_000;

export interface VerdictStoreReaderOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where warnings about unusable entries go (the helper's log). */
  warn: (line: string) => void;
}

export class VerdictStoreReader {
  readonly location: string;

  constructor(location: string, options: VerdictStoreReaderOptions) {
    this.location = storeLocation(location, options.cwd);
    // The store's own settings: the AWS environment and profile for s3://, never a catalog's.
    this.storage = resolveStorage(this.location, {}, { roots: [this.location], env: options.env });
    this.warn = options.warn;
  }

  /** The published verdict for exactly `metadataLocation`, or `null` (then the caller checks by itself). */
  async find(metadataLocation: string): Promise<PublishedVerdict | null> {
    const key = normalizeUri(metadataLocation);
    const remembered = this.remembered.get(key);
    if (remembered) {
      return remembered;
    }
    const where = entryLocation(this.location, metadataLocation);
    let bytes: Uint8Array;
    try {
      if ((await this.storage.stat(where)) === null) {
        return null;
      }
      bytes = await this.storage.read(where);
    } catch (error) {
      if (error instanceof StorageError && error.reason === 'not-found') {
        return null;
      }
      this.warnOnce(where, `dual-layout: verdict store: cannot read ${where}, checking instead: ${(error as Error).message}`);
      return null;
    }
    try {
      const entry = parseEntry(bytes, metadataLocation, where);
      this.remember(key, entry);
      return entry;
    } catch (error) {
      if (error instanceof VerdictEntryError) {
        this.warnOnce(where, `dual-layout: verdict store: ignoring ${error.message}; checking instead`);
        return null;
      }
      throw error;
    }
  }

  private warnOnce(where: string, line: string): void {
    if (this.warned.size < MAX_REMEMBERED && !this.warned.has(where)) {
      this.warned.add(where);
      this.warn(line);
    }
  }

  private remember(key: string, entry: PublishedVerdict): void {
    this.remembered.set(key, entry);
    if (this.remembered.size > MAX_REMEMBERED) {
      this.remembered.delete(this.remembered.keys().next().value as string);
    }
  }

  private readonly storage: Storage;
  private readonly warn: (line: string) => void;
  private readonly remembered = new Map<string, PublishedVerdict>();
  private readonly warned = new Set<string>();
}
