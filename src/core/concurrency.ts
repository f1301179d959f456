/** Bounded parallelism for I/O-bound work over many items (tables, footers). */

/**
 * Run `work` over `items` with at most `limit` calls in flight; resolves when all are done and
 * rejects with the first failure (items already started still finish).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, async () => {
    while (next < items.length) {
      await work(items[next++]);
    }
  });
  await Promise.all(workers);
}
