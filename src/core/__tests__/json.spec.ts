import { parseJson, stringifyJson, toSnapshotId } from '../json';

describe('parseJson', () => {
  it('should keep 63-bit snapshot ids exact', () => {
    const parsed = parseJson('{"snapshot-id": 8626428908316843012, "n": 3}') as Record<string, unknown>;
    expect(parsed['snapshot-id']).toBe(8626428908316843012n);
    expect(parsed.n).toBe(3);
  });

  it('should leave digits inside strings, fractions and exponents alone', () => {
    const text = '{"s": "8626428908316843012", "f": 0.12345678901234567, "e": 1e123456789012345678, "neg": -8626428908316843012}';
    const parsed = parseJson(text) as Record<string, unknown>;
    expect(parsed.s).toBe('8626428908316843012');
    // The nearest double: the fraction is a plain number, not read as an exact integer.
    expect(parsed.f).toBe(0.12345678901234566);
    expect(parsed.e).toBe(Infinity);
    expect(parsed.neg).toBe(-8626428908316843012n);
  });

  it('should read a long literal that fits a double as a number', () => {
    expect(parseJson('[1234567890123456]')).toEqual([1234567890123456]);
  });

  it('should handle escaped quotes before a long integer', () => {
    expect(parseJson('["a\\"b", 9007199254740993]')).toEqual(['a"b', 9007199254740993n]);
  });
});

describe('stringifyJson', () => {
  it('should write bigints as plain JSON numbers', () => {
    expect(stringifyJson({ snapshot: 8626428908316843012n, list: [1n] })).toBe('{"snapshot":8626428908316843012,"list":[1]}');
  });

  it('should round-trip through parseJson', () => {
    const value = { id: 9223372036854775807n, name: 'x\u0000int:1' };
    expect(parseJson(stringifyJson(value, 2))).toEqual(value);
  });
});

describe('toSnapshotId', () => {
  it('should accept bigints, safe numbers and digit strings', () => {
    expect(toSnapshotId(5)).toBe(5n);
    expect(toSnapshotId('8626428908316843012')).toBe(8626428908316843012n);
    expect(() => toSnapshotId(2 ** 60)).toThrow(TypeError);
  });
});

describe('parseJson on hostile text', () => {
  it('should fail an unterminated string of escaped quotes in linear time', () => {
    // A regular expression skipping strings backtracked here: 32 KB took ~2 s, 256 KB minutes.
    const text = `{"location": "${'\\"'.repeat(256 * 1024)}`;
    const started = performance.now();
    expect(() => parseJson(text)).toThrow(SyntaxError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('should mark long integers only outside strings and fractions', () => {
    expect(
      parseJson('{"a": 12345678901234567890, "b": "12345678901234567890", "c": 1.2345678901234567890, "d": -9007199254740993, "e": 1e12345678901234567}')
    ).toEqual({
      a: 12345678901234567890n,
      b: '12345678901234567890',
      c: 1.2345678901234567,
      d: -9007199254740993n,
      e: Infinity
    });
  });
});
