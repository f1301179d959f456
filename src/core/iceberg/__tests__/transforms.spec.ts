import * as fs from 'fs';
import * as path from 'path';
import { hashLong, murmur3x86_32 } from '../murmur3';
import {
  applyTransform,
  fromHumanString,
  hashValue,
  parseTransform,
  toHumanString,
  transformResultType,
  transformToString,
  TransformError
} from '../transforms';
import { GOLDEN_DIR, internalValue } from './goldenValues';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('murmur3x86_32', () => {
  it.each([
    ['', 0],
    ['iceberg', 1210000089],
    ['hello', 613153351],
    ['The quick brown fox jumps over the lazy dog', 776992547]
  ])('should hash %j to %d', (text, expected) => {
    expect(murmur3x86_32(utf8(text))).toBe(expected);
  });

  it('should hash longs as 8 little-endian bytes (spec: hashLong(34) = 2017239379)', () => {
    expect(hashLong(34n)).toBe(2017239379);
  });
});

describe('hashValue', () => {
  // The test vectors of the Iceberg spec's appendix B.
  it.each([
    ['int', 34, 2017239379],
    ['long', 34n, 2017239379],
    ['decimal(4, 2)', 1420n, -500754589],
    ['date', 17486, -653330422],
    ['time', 81068000000n, -662762989],
    ['timestamp', 1510871468000000n, -2047944441],
    ['timestamptz', 1510871468000000n, -2047944441],
    ['timestamp_ns', 1510871468000001001n, -1207196810],
    ['string', 'iceberg', 1210000089],
    ['uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7', 1488055340],
    ['fixed[4]', Uint8Array.of(0, 1, 2, 3), -188683207],
    ['binary', Uint8Array.of(0, 1, 2, 3), -188683207]
  ])('should hash %s %p to the spec value', (type, value, expected) => {
    expect(hashValue(type, value)).toBe(expected);
  });

  it('should refuse a type bucket cannot hash', () => {
    expect(() => hashValue('boolean', true)).toThrow(TransformError);
  });
});

describe('parseTransform', () => {
  it.each([
    ['identity', { kind: 'identity' }],
    ['bucket[16]', { kind: 'bucket', numBuckets: 16 }],
    ['truncate[3]', { kind: 'truncate', width: 3 }],
    ['day', { kind: 'day' }],
    ['hour', { kind: 'hour' }],
    ['month', { kind: 'month' }],
    ['year', { kind: 'year' }],
    ['void', { kind: 'void' }],
    ['zorder', { kind: 'unknown', name: 'zorder' }]
  ])('should parse %s', (text, expected) => {
    expect(parseTransform(text)).toEqual(expected);
    expect(transformToString(parseTransform(text))).toBe(text);
  });
});

describe('transformResultType', () => {
  it.each([
    ['identity', 'string', 'string'],
    ['bucket[4]', 'string', 'int'],
    ['truncate[4]', 'decimal(9, 2)', 'decimal(9, 2)'],
    ['year', 'timestamp', 'int'],
    ['month', 'date', 'int'],
    ['day', 'timestamptz', 'date'],
    ['hour', 'timestamp', 'int'],
    ['void', 'long', 'long']
  ])('should give %s of %s the type %s', (transform, source, expected) => {
    expect(transformResultType(parseTransform(transform), source)).toBe(expected);
  });
});

describe('applyTransform', () => {
  it.each([
    // [transform, source type, source value, expected]
    ['identity', 'string', 'EU', 'EU'],
    ['void', 'string', 'EU', null],
    ['day', 'string', null, null],
    ['bucket[16]', 'int', 34, 2017239379 % 16],
    ['bucket[1000]', 'string', 'iceberg', 1210000089 % 1000],
    ['truncate[10]', 'int', 1, 0],
    ['truncate[10]', 'int', -1, -10],
    ['truncate[10]', 'long', -11n, -20n],
    ['truncate[50]', 'decimal(9, 2)', 1265n, 1250n],
    ['truncate[10]', 'decimal(9, 2)', -5n, -10n],
    ['truncate[3]', 'string', 'iceberg', 'ice'],
    ['truncate[2]', 'string', '☃😀x', '☃😀'],
    ['truncate[2]', 'binary', Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2)],
    ['day', 'timestamp', 1704180600000000n, 19724],
    ['day', 'timestamp', -1n, -1],
    ['day', 'date', -1, -1],
    ['hour', 'timestamptz', -1n, -1],
    ['hour', 'timestamp', 1704180600000000n, 473383],
    ['hour', 'timestamp_ns', 1704180600000000000n, 473383],
    ['month', 'date', 19724, 648],
    ['month', 'date', -1, -1],
    ['month', 'timestamp', -2678400000001n, -2],
    ['year', 'date', 19724, 54],
    ['year', 'timestamp', -1n, -1],
    ['year', 'date', -719162, -1969]
  ])('should apply %s to %s %p', (transform, source, value, expected) => {
    expect(applyTransform(parseTransform(transform), source, value)).toEqual(expected);
  });

  it.each([
    ['hour', 'date', 1],
    ['day', 'string', 'x'],
    ['truncate[3]', 'boolean', true],
    ['zorder', 'int', 1]
  ])('should refuse %s on %s', (transform, source, value) => {
    expect(() => applyTransform(parseTransform(transform), source, value)).toThrow(TransformError);
  });

  describe('bucket', () => {
    interface BucketCase {
      sourceType: string;
      value: unknown;
      numBuckets: number;
      bucket: number;
    }
    const cases: BucketCase[] = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'transforms.json'), 'utf8')).bucket;

    it.each(cases.map(c => [c.sourceType, c.value, c.numBuckets, c.bucket]))(
      'should bucket %s %p into %d buckets like pyiceberg (%d)',
      (sourceType, value, numBuckets, bucket) => {
        const internal = internalValue(sourceType as string, 'identity', value);
        expect(applyTransform({ kind: 'bucket', numBuckets: numBuckets as number }, sourceType as string, internal)).toBe(bucket);
      }
    );
  });
});

describe('toHumanString', () => {
  it.each([
    ['identity', 'string', null, 'null'],
    ['void', 'string', 'x', 'null'],
    ['identity', 'boolean', false, 'false'],
    ['identity', 'double', 1, '1.0'],
    ['identity', 'double', 1e16, '1e+16'],
    ['identity', 'double', 1e15, '1000000000000000.0'],
    ['identity', 'double', 0.0001, '0.0001'],
    ['identity', 'double', 0.00001, '1e-05'],
    ['identity', 'double', -2.5e-300, '-2.5e-300'],
    ['identity', 'float', Infinity, 'inf'],
    ['identity', 'double', NaN, 'nan'],
    ['identity', 'decimal(9, 2)', 0n, '0.00'],
    ['identity', 'decimal(9, 0)', 12n, '12'],
    ['identity', 'decimal(38, 8)', -1n, '-1E-8'],
    ['identity', 'decimal(38, 6)', 1n, '0.000001'],
    ['identity', 'time', 0n, '00:00:00'],
    ['identity', 'timestamp', -62135596800000000n, '0001-01-01T00:00:00'],
    ['identity', 'timestamptz', 1n, '1970-01-01T00:00:00.000001+00:00'],
    ['identity', 'uuid', Uint8Array.from(Array(16).fill(255)), 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['identity', 'long', 9007199254740993n, '9007199254740993'],
    ['bucket[4]', 'string', 3, '3'],
    ['truncate[4]', 'binary', Uint8Array.of(0xfb, 0xff), '+/8='],
    ['hour', 'timestamp', 0, '1970-01-01-00'],
    ['month', 'date', 11, '1970-12'],
    ['month', 'date', -12, '1969-01'],
    ['year', 'date', -1970, '0000']
  ])('should print %s of %s %p as %j', (transform, source, value, expected) => {
    expect(toHumanString(parseTransform(transform), source, value)).toBe(expected);
  });
});

describe('fromHumanString', () => {
  it.each([
    ['identity', 'string', 'null', null],
    ['identity', 'int', '__HIVE_DEFAULT_PARTITION__', null],
    ['identity', 'boolean', 'true', true],
    ['identity', 'int', '-42', -42],
    ['identity', 'long', '9007199254740993', 9007199254740993n],
    ['identity', 'double', '1e+20', 1e20],
    ['identity', 'double', 'inf', Infinity],
    ['identity', 'date', '1969-12-31', -1],
    ['identity', 'time', '07:30:30.000123', 27030000123n],
    ['identity', 'timestamp', '2024-01-02T07:30:00', 1704180600000000n],
    // Java Iceberg drops zero seconds and writes `Z`.
    ['identity', 'timestamp', '2024-01-02T07:30', 1704180600000000n],
    ['identity', 'timestamptz', '2024-01-02T07:30Z', 1704180600000000n],
    ['identity', 'timestamptz', '2024-01-02T08:30:00+01:00', 1704180600000000n],
    ['identity', 'decimal(9, 2)', '14.2', 1420n],
    ['identity', 'decimal(38, 10)', '1E-10', 1n],
    ['identity', 'uuid', 'F79C3E09-677C-4BBD-A479-3F349CB785E7', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'],
    ['identity', 'binary', 'AAECA/8=', Uint8Array.of(0, 1, 2, 3, 255)],
    ['day', 'timestamp', '2024-01-02', 19724],
    ['hour', 'timestamp', '1969-12-31-23', -1],
    ['month', 'timestamp', '1968-12', -13],
    ['year', 'date', '2024', 54],
    ['bucket[8]', 'string', '7', 7],
    ['truncate[3]', 'string', 'Zür', 'Zür']
  ])('should read %s of %s %j', (transform, source, text, expected) => {
    expect(fromHumanString(parseTransform(transform), source, text)).toEqual(expected);
  });

  it.each([
    ['identity', 'boolean', 'yes'],
    ['identity', 'int', '1.5'],
    ['identity', 'date', '2023-02-30'],
    ['identity', 'date', '2024/01/02'],
    ['identity', 'timestamp', '2024-01-02'],
    ['identity', 'decimal(9, 2)', '1.234'],
    ['identity', 'uuid', 'not-a-uuid'],
    ['identity', 'binary', 'A'],
    ['day', 'date', '20240102'],
    ['hour', 'timestamp', '2024-01-02-24'],
    ['month', 'date', '2024-13'],
    ['bucket[8]', 'int', '-1'],
    ['void', 'int', '1']
  ])('should not read %s of %s from %j', (transform, source, text) => {
    expect(fromHumanString(parseTransform(transform), source, text)).toBeUndefined();
  });
});
