import { forEachLimited } from '../concurrency';

describe('forEachLimited', () => {
  it('should visit every item once with no more than the limit in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async item => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise(resolve => setImmediate(resolve));
      seen.push(item);
      inFlight--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('should do nothing for no items', async () => {
    const work = jest.fn();
    await forEachLimited([], 4, work);
    expect(work).not.toHaveBeenCalled();
  });

  it('should reject with the failure of an item', async () => {
    await expect(
      forEachLimited([1, 2], 2, async item => {
        if (item === 2) throw new Error('item 2 failed');
      })
    ).rejects.toThrow('item 2 failed');
  });
});
