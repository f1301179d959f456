/**
 * A least-recently-used cache bounded by the approximate memory of its values.
 *
 * Iceberg metadata files and manifests are immutable once written (a commit
 * writes new files), so a value cached under its file's location never goes
 * stale: an unchanged table is not re-read, a changed one has a new metadata
 * location. Concurrent loads of one key share a single read.
 */

export class LruByteCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private totalBytes = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    // Re-insert to mark it most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Store `value`; one larger than the whole budget is not kept. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) {
      return;
    }
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.totalBytes <= this.maxBytes) {
        break;
      }
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.totalBytes -= entry.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  /** The cached value, or the result of `load` (shared with concurrent callers), cached with `sizeOf`. */
  async getOrLoad(key: string, load: () => Promise<V>, sizeOf: (value: V) => number): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) {
      return hit;
    }
    const pending = this.loading.get(key);
    if (pending) {
      return pending;
    }
    const promise = load().then(
      value => {
        this.loading.delete(key);
        this.set(key, value, sizeOf(value));
        return value;
      },
      error => {
        this.loading.delete(key);
        throw error;
      }
    );
    this.loading.set(key, promise);
    return promise;
  }
}
