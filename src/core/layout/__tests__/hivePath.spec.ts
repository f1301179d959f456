import * as fs from 'fs';
import * as path from 'path';
import type { PartitionSpec, Schema } from '../../iceberg/model';
import { valuesEqual } from '../../iceberg/values';
import { GOLDEN_DIR, internalValue } from '../../iceberg/__tests__/goldenValues';
import { examplePartitionPath, parseDataFilePath, partitionFromSegments, partitionToPath, quotePlus, unquotePlus } from '../hivePath';

interface PathCase {
  sourceType: string;
  transform: string;
  name: string;
  value: unknown;
  human: string;
  path: string;
}

const GOLDEN: PathCase[] = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'partition_paths.json'), 'utf8'));

function singleField(c: { sourceType: string; transform: string; name: string }): { spec: PartitionSpec; schema: Schema } {
  return {
    schema: { schemaId: 0, fields: [{ id: 1, name: 'source', required: false, type: c.sourceType }] },
    spec: { specId: 0, fields: [{ sourceId: 1, fieldId: 1000, name: c.name, transform: c.transform }] }
  };
}

const SCHEMA: Schema = {
  schemaId: 0,
  fields: [
    { id: 1, name: 'region', required: false, type: 'string' },
    { id: 2, name: 'obs_time', required: false, type: 'timestamp' },
    { id: 3, name: 'id', required: true, type: 'long' },
    { id: 4, name: 'price', required: false, type: 'decimal(9, 2)' }
  ]
};

const SPEC: PartitionSpec = {
  specId: 0,
  fields: [
    { sourceId: 1, fieldId: 1000, name: 'region', transform: 'identity' },
    { sourceId: 2, fieldId: 1001, name: 'obs_time_day', transform: 'day' },
    { sourceId: 3, fieldId: 1002, name: 'id_bucket', transform: 'bucket[8]' },
    { sourceId: 4, fieldId: 1003, name: 'price', transform: 'identity' }
  ]
};

describe('quotePlus', () => {
  it.each([
    ['plain-._~', 'plain-._~'],
    ['a b', 'a+b'],
    ['a/b=c%d', 'a%2Fb%3Dc%25d'],
    ['+*', '%2B%2A'],
    ['é☃😀', '%C3%A9%E2%98%83%F0%9F%98%80'],
    ['', '']
  ])('should quote %j as %j', (text, expected) => {
    expect(quotePlus(text)).toBe(expected);
    expect(unquotePlus(expected)).toBe(text);
  });

  it('should leave malformed escapes as written and read Java-style `*` and `%7E`', () => {
    expect(unquotePlus('100%+sure%zz')).toBe('100% sure%zz');
    expect(unquotePlus('a*b%7Ec')).toBe('a*b~c');
  });
});

describe('partitionToPath', () => {
  it.each(GOLDEN.map(c => [c.sourceType, c.transform, c.value, c.path, c]))(
    'should write %s %s %p as pyiceberg does: %s',
    (_type, _transform, _value, expected, c) => {
      const golden = c as PathCase;
      const { spec, schema } = singleField(golden);
      const value = internalValue(golden.sourceType, golden.transform, golden.value);
      expect(partitionToPath(spec, schema, { 1000: value })).toBe(expected);
    }
  );

  it('should join several fields with `/`', () => {
    const partition = { 1000: 'US east/west', 1001: -1, 1002: 3, 1003: -5n };
    expect(partitionToPath(SPEC, SCHEMA, partition)).toBe('region=US+east%2Fwest/obs_time_day=1969-12-31/id_bucket=3/price=-0.05');
  });

  it('should write an unpartitioned spec as the empty path', () => {
    expect(partitionToPath({ specId: 0, fields: [] }, SCHEMA, {})).toBe('');
  });
});

describe('parseDataFilePath', () => {
  it('should split Hive segments, other directories and the file name', () => {
    expect(parseDataFilePath('region=US+east%2Fwest/extra/obs_time_day=null/part-0.parquet')).toEqual({
      segments: [
        { name: 'region', rawValue: 'US+east%2Fwest', value: 'US east/west' },
        { name: 'obs_time_day', rawValue: 'null', value: null }
      ],
      otherDirectories: ['extra'],
      fileName: 'part-0.parquet'
    });
  });

  it.each([
    ['k=__HIVE_DEFAULT_PARTITION__/f', { name: 'k', rawValue: '__HIVE_DEFAULT_PARTITION__', value: null }],
    ['k=/f', { name: 'k', rawValue: '', value: '' }],
    ['k=a=b/f', { name: 'k', rawValue: 'a=b', value: 'a=b' }],
    ['col+0%2F%C3%A9=x/f', { name: 'col 0/é', rawValue: 'x', value: 'x' }]
  ])('should read %j', (relative, segment) => {
    expect(parseDataFilePath(relative).segments).toEqual([segment]);
  });

  it('should treat `=x` as a plain directory', () => {
    expect(parseDataFilePath('=x/f').otherDirectories).toEqual(['=x']);
  });
});

describe('partitionFromSegments', () => {
  it.each(GOLDEN.filter(c => c.transform !== 'void').map(c => [c.sourceType, c.transform, c.path, c]))(
    'should read %s %s back from pyiceberg path %s',
    (_type, _transform, relative, c) => {
      const golden = c as PathCase;
      const { spec, schema } = singleField(golden);
      const { segments } = parseDataFilePath(`${relative}/file.parquet`);
      const result = partitionFromSegments(spec, schema, segments);
      expect(result.missing).toEqual([]);
      expect(result.unparsable).toEqual([]);
      const expected = internalValue(golden.sourceType, golden.transform, golden.value);
      // pyiceberg writes a null and the string "null" alike: both read back as null.
      const comparable = golden.value === 'null' || golden.value === '__HIVE_DEFAULT_PARTITION__' ? null : expected;
      expect(valuesEqual(result.partition[1000], comparable)).toBe(true);
    }
  );

  it('should round-trip a multi-field tuple', () => {
    const partition = { 1000: 'a=b%c ☃', 1001: -719162, 1002: 7, 1003: 123456n };
    const { segments } = parseDataFilePath(`${partitionToPath(SPEC, SCHEMA, partition)}/f.parquet`);
    const result = partitionFromSegments(SPEC, SCHEMA, segments);
    for (const [id, value] of Object.entries(partition)) {
      expect(valuesEqual(result.partition[Number(id)], value)).toBe(true);
    }
  });

  it('should report missing, unparsable and extra segments', () => {
    const { segments } = parseDataFilePath('region=EU/obs_time_day=2024-02-30/id_bucket=x/other=1/f.parquet');
    const result = partitionFromSegments(SPEC, SCHEMA, segments);
    expect(result.partition).toEqual({ 1000: 'EU' });
    expect(result.missing.map(f => f.name)).toEqual(['price']);
    expect(result.unparsable.map(u => u.field.name)).toEqual(['obs_time_day', 'id_bucket']);
    expect(result.extra.map(s => s.name)).toEqual(['other']);
  });
});

describe('examplePartitionPath', () => {
  it('should show a typical directory for each transform', () => {
    expect(examplePartitionPath(SPEC, SCHEMA)).toBe('region=value/obs_time_day=2024-01-02/id_bucket=4/price=1.00/');
  });

  it('should show hour, month, year and truncate values', () => {
    const spec: PartitionSpec = {
      specId: 1,
      fields: [
        { sourceId: 2, fieldId: 1000, name: 'h', transform: 'hour' },
        { sourceId: 2, fieldId: 1001, name: 'm', transform: 'month' },
        { sourceId: 2, fieldId: 1002, name: 'y', transform: 'year' },
        { sourceId: 1, fieldId: 1003, name: 'r', transform: 'truncate[2]' },
        { sourceId: 99, fieldId: 1004, name: 'dropped', transform: 'identity' }
      ]
    };
    expect(examplePartitionPath(spec, SCHEMA)).toBe('h=2024-01-02-07/m=2024-01/y=2024/r=va/dropped=null/');
  });

  it('should be empty for an unpartitioned table', () => {
    expect(examplePartitionPath({ specId: 0, fields: [] }, SCHEMA)).toBe('');
  });
});
