/**
 * Drain several async sources at once, at most `concurrency` at a time, and
 * yield what they produce in arrival order. Used to list object-store
 * prefixes in parallel: each listing is a chain of dependent page requests,
 * so the only way to go faster is several chains at once.
 */

/** Sources pause once this many batches wait for the consumer. */
const HIGH_WATER_BATCHES = 64;

export async function* mergeConcurrently<T>(sources: ReadonlyArray<() => AsyncIterable<T[]>>, concurrency: number): AsyncGenerator<T> {
  const ready: T[][] = [];
  let next = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducers: Array<() => void> = [];

  const notifyConsumer = (): void => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const drain = async (source: () => AsyncIterable<T[]>): Promise<void> => {
    for await (const batch of source()) {
      if (stopped) {
        return;
      }
      ready.push(batch);
      notifyConsumer();
      while (ready.length >= HIGH_WATER_BATCHES && !stopped) {
        await new Promise<void>(resolve => wakeProducers.push(resolve));
      }
    }
  };
  const startMore = (): void => {
    while (!stopped && !failure && running < concurrency && next < sources.length) {
      const source = sources[next++];
      running++;
      drain(source).then(
        () => {
          running--;
          startMore();
          notifyConsumer();
        },
        (error: unknown) => {
          running--;
          failure ??= { error };
          notifyConsumer();
        }
      );
    }
  };

  try {
    startMore();
    for (;;) {
      if (failure) {
        throw failure.error;
      }
      const batch = ready.shift();
      if (batch) {
        const waiting = wakeProducers;
        wakeProducers = [];
        waiting.forEach(resume => resume());
        yield* batch;
      } else if (running === 0 && next >= sources.length) {
        return;
      } else {
        await new Promise<void>(resolve => (wakeConsumer = resolve));
      }
    }
  } finally {
    // The consumer stopped early or failed: let paused producers finish quietly.
    stopped = true;
    wakeProducers.forEach(resume => resume());
  }
}
