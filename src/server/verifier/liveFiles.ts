/**
 * The Iceberg view's live files, kept compact: the packed manifests the
 * decoder returns (`metadata/entryPacking.ts`, about a hundred bytes per
 * entry) and an open-addressing index from each live data file's
 * `locationKey` to its place among them. No object per file is kept; one is
 * built when a caller asks for an entry and dropped when it is done with it,
 * so a million live files cost tens of MiB instead of a GiB.
 *
 * Data files are ordinals `0 … size - 1` in manifest order (a path listed by
 * two manifests keeps its first place and the later entry, as a `Map` would).
 * Delete files are few and kept as objects (`deletes`).
 */
import type { ManifestEntry } from '../../core/iceberg/model';
import { packEntries, PackedReader, type PackedEntries } from '../metadata/entryPacking';
import { keyPrefixOf, locationKey, suffixKeepsKey } from './location';

const EMPTY = 0;
const FNV_OFFSET = 0x811c9dc5;

export class LiveFiles {
  /** The packed manifests in manifest-list order (once those before them arrived). */
  readonly manifests: PackedEntries[] = [];
  private readonly liveDeletes: ManifestEntry[] = [];
  private readonly readers: PackedReader[] = [];
  /** Per manifest, the key of its shared path prefix when keys are that plus the rest (`keyPrefixOf`). */
  private readonly keyPrefixes: (string | null)[] = [];
  /** Where each manifest's entries start in the global numbering (manifest m, entry i → bases[m] + i). */
  private readonly bases: number[] = [];
  /** Data file ordinal → global entry number. */
  private refs = new Uint32Array(16);
  private count = 0;
  /** Slots hold ordinal + 1 (0 is empty), with the key's hash beside them. */
  private slots = new Uint32Array(32);
  private slotHashes = new Uint32Array(32);

  /** Manifests handed to `addAt` ahead of their turn. */
  private readonly early = new Map<number, PackedEntries>();
  private nextBase = 0;

  /**
   * `selections[m]`, when given, keeps only those entries of manifest m (the verifier's view of
   * one directory). The index is built when first asked for: a comparison that reuses what
   * it found before (`units.ts`) never needs the whole table's.
   */
  constructor(
    manifests: readonly PackedEntries[] = [],
    private readonly selections: readonly (Uint32Array | null)[] = []
  ) {
    manifests.forEach((packed, index) => this.addAt(index, packed));
  }

  /** The manifest at `index` of the manifest list, in whatever order decoding finishes; the order of the files stays the manifest list's. */
  addAt(index: number, packed: PackedEntries): void {
    this.early.set(index, packed);
    for (let ready = this.early.get(this.manifests.length); ready; ready = this.early.get(this.manifests.length)) {
      this.early.delete(this.manifests.length);
      this.manifests.push(ready);
    }
  }

  /** Live delete entries (position, equality, deletion vectors), in manifest order. */
  get deletes(): ManifestEntry[] {
    this.index();
    return this.liveDeletes;
  }

  private index(): void {
    while (this.readers.length < this.manifests.length) {
      this.append(this.manifests[this.readers.length], this.selections[this.readers.length] ?? null);
    }
  }

  private append(packed: PackedEntries, selection: Uint32Array | null): void {
    const reader = new PackedReader(packed);
    const base = this.nextBase;
    this.readers.push(reader);
    this.bases.push(base);
    this.nextBase += packed.count;
    const keyPrefix = keyPrefixOf(packed.pathPrefix);
    this.keyPrefixes.push(keyPrefix);
    // Hashing is sequential: the prefix's state is computed once, each entry adds its own part.
    const seed = keyPrefix === null ? FNV_OFFSET : hashOf(keyPrefix);
    const count = selection ? selection.length : packed.count;
    for (let n = 0; n < count; n++) {
      const i = selection ? selection[n] : n;
      if (!reader.isLive(i)) {
        continue;
      }
      if (reader.isData(i)) {
        const suffix = reader.suffix(i);
        if (keyPrefix !== null && suffixKeepsKey(suffix)) {
          this.insert(keyPrefix + suffix, hashOf(suffix, seed), base + i);
        } else {
          const key = locationKey(reader.path(i));
          this.insert(key, hashOf(key), base + i);
        }
      } else {
        this.liveDeletes.push(reader.entry(i));
      }
    }
  }

  /** From entries already decoded (tests, callers holding objects); consecutive entries of one partition layout are packed together. */
  static fromEntries(entries: readonly ManifestEntry[]): LiveFiles {
    const runs: PackedEntries[] = [];
    let run: ManifestEntry[] = [];
    let layout = '';
    for (const entry of entries) {
      const fields = Object.keys(entry.dataFile.partition).join(',');
      if (run.length > 0 && fields !== layout) {
        runs.push(packEntries(run));
        run = [];
      }
      layout = fields;
      run.push(entry);
    }
    if (run.length > 0) {
      runs.push(packEntries(run));
    }
    return new LiveFiles(runs);
  }

  /** Live data files (distinct paths). */
  get size(): number {
    this.index();
    return this.count;
  }

  /** The data file's ordinal, or -1 when `key` is not a live data file. */
  ordinalOf(key: string, hash = hashOf(key)): number {
    this.index();
    return this.lookup(key, hash);
  }

  private lookup(key: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; this.slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.slotHashes[slot] === hash && this.hasKey(this.slots[slot] - 1, key)) {
        return this.slots[slot] - 1;
      }
    }
    return -1;
  }

  private hasKey(ordinal: number, key: string): boolean {
    const { reader, index, manifest } = this.locate(ordinal);
    const keyPrefix = this.keyPrefixes[manifest];
    const suffix = reader.suffix(index);
    if (keyPrefix !== null && suffixKeepsKey(suffix)) {
      return key.length === keyPrefix.length + suffix.length && key.startsWith(keyPrefix) && key.endsWith(suffix);
    }
    return locationKey(reader.path(index)) === key;
  }

  has(key: string): boolean {
    return this.ordinalOf(key) !== -1;
  }

  get(key: string): ManifestEntry | undefined {
    const ordinal = this.ordinalOf(key);
    return ordinal === -1 ? undefined : this.entryAt(ordinal);
  }

  /** A new object for the data file at `ordinal`. */
  entryAt(ordinal: number): ManifestEntry {
    const { reader, index } = this.locate(ordinal);
    return reader.entry(index);
  }

  pathAt(ordinal: number): string {
    const { reader, index } = this.locate(ordinal);
    return reader.path(index);
  }

  snapshotIdAt(ordinal: number): bigint {
    const { reader, index } = this.locate(ordinal);
    return reader.packed.snapshotId[index];
  }

  specIdAt(ordinal: number): number {
    const { reader, index } = this.locate(ordinal);
    return reader.packed.specId[index];
  }

  fileSizeAt(ordinal: number): number {
    const { reader, index } = this.locate(ordinal);
    return reader.packed.fileSizeInBytes[index];
  }

  *values(): IterableIterator<ManifestEntry> {
    for (let ordinal = 0; ordinal < this.size; ordinal++) {
      yield this.entryAt(ordinal);
    }
  }

  /** `[locationKey, entry]` pairs, as iterating a `Map` of them would give. */
  *[Symbol.iterator](): IterableIterator<[string, ManifestEntry]> {
    for (let ordinal = 0; ordinal < this.size; ordinal++) {
      const entry = this.entryAt(ordinal);
      yield [locationKey(entry.dataFile.filePath), entry];
    }
  }

  /** Every live entry as objects, data files then deletes: for callers that need them all at once. */
  toEntries(): ManifestEntry[] {
    return [...this.values(), ...this.deletes];
  }

  private locate(ordinal: number): { reader: PackedReader; index: number; manifest: number } {
    const global = this.refs[ordinal];
    let low = 0;
    let high = this.bases.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.bases[middle] <= global) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { reader: this.readers[low], index: global - this.bases[low], manifest: low };
  }

  private insert(key: string, hash: number, global: number): void {
    const existing = this.lookup(key, hash);
    if (existing !== -1) {
      this.refs[existing] = global;
      return;
    }
    if (this.count === this.refs.length) {
      const grown = new Uint32Array(this.refs.length * 2);
      grown.set(this.refs);
      this.refs = grown;
    }
    if ((this.count + 1) * 2 > this.slots.length) {
      this.rehash(this.slots.length * 2);
    }
    const ordinal = this.count++;
    this.refs[ordinal] = global;
    this.place(hash, ordinal);
  }

  private place(hash: number, ordinal: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== EMPTY) {
      slot = (slot + 1) & mask;
    }
    this.slots[slot] = ordinal + 1;
    this.slotHashes[slot] = hash;
  }

  private rehash(capacity: number): void {
    const { slots, slotHashes } = this;
    this.slots = new Uint32Array(capacity);
    this.slotHashes = new Uint32Array(capacity);
    for (let slot = 0; slot < slots.length; slot++) {
      if (slots[slot] !== EMPTY) {
        this.place(slotHashes[slot], slots[slot] - 1);
      }
    }
  }
}

/**
 * FNV-1a over the UTF-16 code units, from `seed` (the state after a prefix): equal keys, equal
 * hashes; the index compares keys on a hash match.
 */
export function hashOf(key: string, seed = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}
