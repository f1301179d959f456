import { alignPartitioning, arrowTypeOf, hiveColumns, IncompatiblePartitioningError, parseHivePath } from '../partitioning';
import { BY_REGION_AND_DAY, table } from './fixtures';

describe('partitioning', () => {
  describe('#hiveColumns', () => {
    it('should leave identity columns stored in the files to the files', () => {
      expect(hiveColumns(table('obs'))).toEqual([]);
    });

    it('should type the Hive column a transform adds', () => {
      expect(hiveColumns(table('obs', { partition: BY_REGION_AND_DAY }))).toEqual([{ name: 'obs_time_day', arrowType: 'pa.date32()', transform: 'day' }]);
    });

    it.each([
      ['year', 'pa.int32()'],
      ['month', 'pa.string()'],
      ['hour', 'pa.string()'],
      ['bucket[16]', 'pa.int32()'],
      ['truncate[4]', 'pa.string()']
    ])('should read %s directory values as %s', (transform, arrowType) => {
      const partition = [{ sourceId: transform === 'truncate[4]' ? 2 : 3, fieldId: 1000, name: 'p', transform }];
      expect(hiveColumns(table('obs', { partition }))[0].arrowType).toBe(arrowType);
    });

    it('should type identity columns from directories when the files lack them', () => {
      expect(hiveColumns(table('obs', { identityColumnsInFiles: false }))).toEqual([{ name: 'region', arrowType: 'pa.string()', transform: 'identity' }]);
    });

    it('should name a transform column as Dask reads its form-encoded directories', () => {
      // pyiceberg writes `obs+day=2024-01-02`; pyarrow percent-decodes only, so the column is `obs+day`.
      const partition = [{ sourceId: 3, fieldId: 1000, name: 'obs day', transform: 'day' }];
      expect(hiveColumns(table('obs', { partition }))[0].name).toBe('obs+day');
    });

    it('should skip void fields', () => {
      expect(hiveColumns(table('obs', { partition: [{ sourceId: 3, fieldId: 1000, name: 'gone', transform: 'void' }] }))).toEqual([]);
    });
  });

  describe('#arrowTypeOf', () => {
    it.each([
      ['long', 'pa.int64()'],
      ['timestamptz', 'pa.timestamp("us", tz="UTC")'],
      ['decimal(10, 2)', 'pa.decimal128(10, 2)'],
      ['fixed[16]', 'pa.binary(16)']
    ])('should map %s to %s', (type, expected) => {
      expect(arrowTypeOf(type)).toBe(expected);
    });

    it('should map nested types', () => {
      expect(arrowTypeOf({ type: 'list', elementId: 5, element: 'int', elementRequired: false })).toBe('pa.list_(pa.int32())');
    });
  });

  describe('#alignPartitioning', () => {
    it('should pair identical partitionings on their source columns', () => {
      const alignment = alignPartitioning(table('obs', { partition: BY_REGION_AND_DAY }), table('events', { partition: BY_REGION_AND_DAY }));
      expect(alignment.leftKeys).toEqual(['region', 'obs_time']);
      expect(alignment.leftPartitionKeys).toEqual(['region', 'obs_time_day']);
    });

    it('should refuse different transforms, naming both tables and their partitioning', () => {
      const call = () => alignPartitioning(table('obs', { partition: BY_REGION_AND_DAY }), table('stations'));
      expect(call).toThrow(IncompatiblePartitioningError);
      expect(call).toThrow('lake.sci.obs is partitioned by [region, day(obs_time)] and lake.sci.stations by [region]');
    });

    it('should refuse an unpartitioned table', () => {
      expect(() => alignPartitioning(table('obs'), table('flat', { partition: [] }))).toThrow('lake.sci.flat by [unpartitioned]');
    });

    it('should refuse source columns of different types', () => {
      const partition = [{ sourceId: 1, fieldId: 1000, name: 'id', transform: 'identity' }];
      const other = [{ sourceId: 4, fieldId: 1000, name: 'value', transform: 'identity' }];
      expect(() => alignPartitioning(table('a', { partition }), table('b', { partition: other }))).toThrow(IncompatiblePartitioningError);
    });
  });

  describe('#parseHivePath', () => {
    it('should decode form-encoded names and values', () => {
      expect([...parseHivePath('region=a%2Fb+c/obs_time_day=2024-01-02/file.parquet')]).toEqual([
        ['region', 'a/b c'],
        ['obs_time_day', '2024-01-02']
      ]);
    });

    it('should keep every character of a value, a leading U+FEFF too', () => {
      expect(parseHivePath('region=%EF%BB%BF%0D+%2B').get('region')).toBe('\ufeff\r +');
    });
  });
});
