import type { IcebergType, PartitionSpec, Schema } from '../../iceberg/model';
import { anyOfPredicates, partitionPredicate, sqlLiteral, stringLiteral } from '../partitionPredicate';

const SCHEMA: Schema = {
  schemaId: 0,
  fields: [
    { id: 1, name: 'region', required: false, type: 'string' },
    { id: 2, name: 'day', required: false, type: 'date' },
    { id: 3, name: 'ts', required: false, type: 'timestamp' },
    { id: 4, name: 'tstz', required: false, type: 'timestamptz' },
    { id: 5, name: 'n', required: false, type: 'int' },
    { id: 6, name: 'big', required: false, type: 'long' },
    { id: 7, name: 'amount', required: false, type: 'decimal(10, 2)' },
    { id: 8, name: 'select', required: false, type: 'string' }
  ]
};

function spec(...fields: [number, string][]): PartitionSpec {
  return { specId: 1, fields: fields.map(([sourceId, transform], i) => ({ sourceId, fieldId: 1000 + i, name: `f${i}`, transform })) };
}

describe('partitionPredicate', () => {
  const cases: [string, PartitionSpec, Record<number, unknown>, string | null][] = [
    ['identity string', spec([1, 'identity']), { 1000: 'EU' }, "region = 'EU'"],
    ['identity null', spec([1, 'identity']), { 1000: null }, 'region IS NULL'],
    ['identity with a reserved column name', spec([8, 'identity']), { 1000: 'x' }, "`select` = 'x'"],
    ['identity long', spec([6, 'identity']), { 1000: 9007199254740993n }, 'big = 9007199254740993L'],
    ['identity date', spec([2, 'identity']), { 1000: 19724 }, "day = DATE '2024-01-02'"],
    ['day of timestamp', spec([3, 'day']), { 1000: 19724 }, "ts >= TIMESTAMP_NTZ '2024-01-02T00:00:00' AND ts < TIMESTAMP_NTZ '2024-01-03T00:00:00'"],
    ['day of timestamptz', spec([4, 'day']), { 1000: 19724 }, "tstz >= TIMESTAMP '2024-01-02T00:00:00+00:00' AND tstz < TIMESTAMP '2024-01-03T00:00:00+00:00'"],
    [
      'hour of timestamp',
      spec([3, 'hour']),
      { 1000: 19724 * 24 + 23 },
      "ts >= TIMESTAMP_NTZ '2024-01-02T23:00:00' AND ts < TIMESTAMP_NTZ '2024-01-03T00:00:00'"
    ],
    ['month of date, December', spec([2, 'month']), { 1000: (2023 - 1970) * 12 + 11 }, "day >= DATE '2023-12-01' AND day < DATE '2024-01-01'"],
    ['month of date before 1970', spec([2, 'month']), { 1000: -1 }, "day >= DATE '1969-12-01' AND day < DATE '1970-01-01'"],
    ['year of timestamptz', spec([4, 'year']), { 1000: 54 }, "tstz >= TIMESTAMP '2024-01-01T00:00:00+00:00' AND tstz < TIMESTAMP '2025-01-01T00:00:00+00:00'"],
    ['year null', spec([4, 'year']), { 1000: null }, 'tstz IS NULL'],
    ['hour of a date cannot be', spec([2, 'hour']), { 1000: 5 }, null],
    ['truncate int', spec([5, 'truncate[10]']), { 1000: -20 }, 'n >= -20 AND n < -10'],
    ['truncate long', spec([6, 'truncate[100]']), { 1000: 300n }, 'big >= 300L AND big < 400L'],
    [
      'truncate decimal in unscaled units',
      spec([7, 'truncate[50]']),
      { 1000: 1250n },
      "amount >= CAST('12.50' AS DECIMAL(10,2)) AND amount < CAST('13.00' AS DECIMAL(10,2))"
    ],
    ['truncate string at full width: a prefix, LIKE-escaped', spec([1, 'truncate[3]']), { 1000: 'a%_' }, "region LIKE 'a\\\\%\\\\_%'"],
    ['truncate string shorter than the width: the whole value', spec([1, 'truncate[3]']), { 1000: 'ab' }, "region = 'ab'"],
    ['bucket is not expressible', spec([1, 'identity'], [5, 'bucket[4]']), { 1000: 'EU', 1001: 2 }, null],
    ['void ignored', spec([1, 'void'], [1, 'identity']), { 1000: null, 1001: 'EU' }, "region = 'EU'"],
    ['two fields', spec([1, 'identity'], [2, 'day']), { 1000: 'EU', 1001: 0 }, "region = 'EU' AND day >= DATE '1970-01-01' AND day < DATE '1970-01-02'"],
    ['a dropped source column', spec([99, 'identity']), { 1000: 'x' }, null],
    ['only void fields', spec([1, 'void']), { 1000: null }, null]
  ];

  it.each(cases)('should select %s', (_name, partitionSpec, tuple, expected) => {
    expect(partitionPredicate(partitionSpec, SCHEMA, tuple)).toBe(expected);
  });
});

describe('sqlLiteral', () => {
  const cases: [IcebergType, unknown, string | null][] = [
    ['boolean', true, 'true'],
    ['int', -7, '-7'],
    ['long', 5, '5L'],
    ['float', Math.fround(0.1), "CAST('0.10000000149011612' AS FLOAT)"],
    ['double', Number.NaN, "CAST('NaN' AS DOUBLE)"],
    ['double', -Infinity, "CAST('-Infinity' AS DOUBLE)"],
    ['decimal(38, 0)', -12345678901234567890123n, "CAST('-12345678901234567890123' AS DECIMAL(38,0))"],
    ['decimal(5, 3)', -5n, "CAST('-0.005' AS DECIMAL(5,3))"],
    ['date', -1, "DATE '1969-12-31'"],
    ['timestamp', 1_500_000n, "TIMESTAMP_NTZ '1970-01-01T00:00:01.500000'"],
    ['timestamptz', 0n, "TIMESTAMP '1970-01-01T00:00:00+00:00'"],
    ['string', "it's a \\ path", "'it\\'s a \\\\ path'"],
    ['string', 'costs ${env:HOME}', "'costs \\u0024{env:HOME}'"],
    ['string', 'line\nbreak é', "'line\\u000abreak \\u00e9'"],
    ['uuid', new Uint8Array([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0, 1, 2, 3, 4, 5, 6, 7]), "'12345678-9abc-def0-0001-020304050607'"],
    ['binary', new Uint8Array([0, 0xab, 0x10]), "X'00AB10'"],
    ['fixed[2]', new Uint8Array([1, 2]), "X'0102'"],
    ['time', 0n, null],
    [{ type: 'struct', fields: [] }, {}, null],
    ['string', null, 'NULL']
  ];

  it.each(cases)('should render %p %p', (type, value, expected) => {
    expect(sqlLiteral(type, value)).toBe(expected);
  });
});

describe('stringLiteral', () => {
  it('should escape surrogate pairs as two \\u escapes Spark joins back', () => {
    expect(stringLiteral('😀')).toBe("'\\ud83d\\ude00'");
  });
});

describe('anyOfPredicates', () => {
  it('should join distinct predicates with OR and give null when one is null', () => {
    expect(anyOfPredicates(["a = 'x'", "a = 'y'", "a = 'x'"])).toBe("(a = 'x') OR (a = 'y')");
    expect(anyOfPredicates(["a = 'x'"])).toBe("a = 'x'");
    expect(anyOfPredicates(["a = 'x'", null])).toBeNull();
    expect(anyOfPredicates([])).toBeNull();
  });
});
