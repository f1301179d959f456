import { mergeConcurrently } from '../merge';

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

describe('mergeConcurrently', () => {
  it('should yield every item of every source', async () => {
    const sources = [0, 1, 2, 3, 4].map(
      s =>
        async function* () {
          for (let page = 0; page < 3; page++) {
            await tick();
            yield [`${s}.${page}.a`, `${s}.${page}.b`];
          }
        }
    );
    const out: string[] = [];
    for await (const item of mergeConcurrently(sources, 2)) {
      out.push(item);
    }
    expect(out).toHaveLength(30);
    expect(new Set(out).size).toBe(30);
  });

  it('should run at most `concurrency` sources at once', async () => {
    let running = 0;
    let peak = 0;
    const sources = Array.from(
      { length: 6 },
      () =>
        async function* () {
          running++;
          peak = Math.max(peak, running);
          await tick();
          yield [1];
          running--;
        }
    );
    let count = 0;
    for await (const item of mergeConcurrently(sources, 3)) {
      count += item;
    }
    expect(count).toBe(6);
    expect(peak).toBe(3);
  });

  it('should pass a source failure to the consumer', async () => {
    const sources = [
      async function* () {
        yield [1];
      },
      // A source that fails before its first item.
      // eslint-disable-next-line require-yield
      async function* (): AsyncGenerator<number[]> {
        await tick();
        throw new Error('listing broke');
      }
    ];
    const consume = async (): Promise<void> => {
      for await (const _ of mergeConcurrently(sources, 2)) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow('listing broke');
  });

  it('should stop its sources when the consumer stops early', async () => {
    let pulled = 0;
    const endless = async function* (): AsyncGenerator<number[]> {
      for (;;) {
        pulled++;
        await tick();
        yield [pulled];
      }
    };
    for await (const item of mergeConcurrently([endless, endless], 2)) {
      if (item > 5) {
        break;
      }
    }
    const after = pulled;
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(pulled - after).toBeLessThanOrEqual(2);
  });

  it('should yield nothing for no sources', async () => {
    const out = [];
    for await (const item of mergeConcurrently<number>([], 4)) {
      out.push(item);
    }
    expect(out).toEqual([]);
  });
});
