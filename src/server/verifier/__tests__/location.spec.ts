import { keyPrefixOf, locationKey, suffixKeepsKey } from '../location';

describe('suffixKeepsKey', () => {
  it.each(['a.parquet', 'region=EU/00000-a.parquet', 'a/.b', '.a', '..a', '...', 'a/...', 'a/.../b', 'a/..b'])('should keep the key of %s', suffix => {
    expect(suffixKeepsKey(suffix)).toBe(true);
    expect(keyPrefixOf('/lake/data/')! + suffix).toBe(locationKey(`/lake/data/${suffix}`));
  });

  it.each(['', '/a', 'a/', 'a//b', '.', '..', './a', '../a', 'a/.', 'a/..', 'a/./b', 'a/../b'])(
    'should not vouch for %s, which normalising changes',
    suffix => {
      expect(suffixKeepsKey(suffix)).toBe(false);
    }
  );
});
