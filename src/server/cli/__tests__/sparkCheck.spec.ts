import type { TableMetadata } from '../../../core/iceberg/model';
import { table } from '../../verifier/__tests__/tables';
import { hadoopSpelling, manifestEntry, rootSpelling, SparkCheckError } from '../sparkCheck';
import type { SparkEntryLine } from '../sparkCheckProgram';

/** The verifier's test table with one more spec over more types: identity on a timestamp, a decimal and bytes, bucket and month. */
function wideTable(): TableMetadata {
  const base = table('regionDay');
  return {
    ...base,
    schemas: [
      {
        ...base.schemas[0],
        fields: [
          ...base.schemas[0].fields,
          { id: 4, name: 'amount', required: false, type: 'decimal(10, 2)' },
          { id: 5, name: 'payload', required: false, type: 'binary' }
        ]
      }
    ],
    partitionSpecs: [
      ...base.partitionSpecs,
      {
        specId: 9,
        fields: [
          { sourceId: 3, fieldId: 1010, name: 'obs_time', transform: 'identity' },
          { sourceId: 1, fieldId: 1011, name: 'id_bucket', transform: 'bucket[4]' },
          { sourceId: 3, fieldId: 1012, name: 'obs_time_month', transform: 'month' },
          { sourceId: 4, fieldId: 1013, name: 'amount', transform: 'identity' },
          { sourceId: 5, fieldId: 1014, name: 'payload', transform: 'identity' }
        ]
      }
    ]
  };
}

function line(specId: number, partition: Record<string, string | null>): SparkEntryLine {
  return {
    status: 1,
    snapshot_id: '8',
    sequence_number: '2',
    file_sequence_number: '2',
    content: 0,
    file_path: '/lake/obs/data/f.parquet',
    file_format: 'PARQUET',
    spec_id: specId,
    record_count: '3',
    file_size_in_bytes: '1234',
    sort_order_id: 0,
    partition
  };
}

describe('manifestEntry', () => {
  it('should build the entry the manifest decoder builds, partition values in their internal form', () => {
    const entry = manifestEntry(table('regionDay'), line(3, { region: 'a b/c', obs_time_day: '2024-01-02' }));
    expect(entry).toEqual({
      status: 'added',
      snapshotId: 8n,
      sequenceNumber: 2,
      fileSequenceNumber: 2,
      dataFile: {
        content: 'data',
        filePath: '/lake/obs/data/f.parquet',
        fileFormat: 'parquet',
        specId: 3,
        partition: { 1000: 'a b/c', 1001: 19724 },
        recordCount: 3,
        fileSizeInBytes: 1234,
        sortOrderId: 0
      }
    });
  });

  it('should read timestamps as epoch microseconds and other values as Iceberg human strings', () => {
    const entry = manifestEntry(
      wideTable(),
      line(9, { obs_time: '1704103200000000', id_bucket: '3', obs_time_month: '648', amount: '12.34', payload: 'AQI=' })
    );
    const { 1014: payload, ...rest } = entry.dataFile.partition as Record<number, unknown>;
    expect(rest).toEqual({ 1010: 1704103200000000n, 1011: 3, 1012: 648, 1013: 1234n });
    expect(Array.from(payload as Uint8Array)).toEqual([1, 2]);
  });

  it('should keep null partition values and carry a delete file’s references', () => {
    const deletes = {
      ...line(3, { region: null, obs_time_day: null }),
      content: 1,
      referenced_data_file: '/lake/obs/data/a.parquet',
      content_offset: '4',
      content_size_in_bytes: '40'
    };
    const entry = manifestEntry(table('regionDay'), deletes);
    expect(entry.dataFile).toMatchObject({
      content: 'position-deletes',
      partition: { 1000: null, 1001: null },
      referencedDataFile: '/lake/obs/data/a.parquet',
      contentOffset: 4,
      contentSizeInBytes: 40
    });
  });

  it('should name the file when Spark returns what the spec cannot hold', () => {
    expect(() => manifestEntry(table('regionDay'), line(3, { region: 'EU', obs_time_day: 'yesterday' }))).toThrow(
      new SparkCheckError("/lake/obs/data/f.parquet: partition value 'yesterday' of obs_time_day is not a date")
    );
    expect(() => manifestEntry(table('regionDay'), line(42, {}))).toThrow('/lake/obs/data/f.parquet: partition spec 42 is not in the table');
    expect(() => manifestEntry(table('regionDay'), { ...line(3, {}), status: 2 })).toThrow('unexpected entry status 2');
  });
});

describe('rootSpelling', () => {
  it('should give paths Spark listed the data root’s spelling', () => {
    expect(rootSpelling('file:/lake/obs/data/region=EU/a.parquet', '/lake/obs/data')).toBe('/lake/obs/data/region=EU/a.parquet');
    expect(rootSpelling('file:/lake/obs/data/a.parquet', 'file:///lake/obs/data')).toBe('file:///lake/obs/data/a.parquet');
    expect(rootSpelling('s3a://bucket/t/data/a b.parquet', 's3://bucket/t/data')).toBe('s3://bucket/t/data/a b.parquet');
    expect(rootSpelling('file:/elsewhere/a.parquet', '/lake/obs/data')).toBe('file:/elsewhere/a.parquet');
  });
});

describe('hadoopSpelling', () => {
  it('should list S3 roots through Hadoop’s S3A scheme and leave other roots alone', () => {
    expect(hadoopSpelling('s3://bucket/t/data')).toBe('s3a://bucket/t/data');
    expect(hadoopSpelling('S3N://bucket/t/data')).toBe('s3a://bucket/t/data');
    expect(hadoopSpelling('s3a://bucket/t/data')).toBe('s3a://bucket/t/data');
    expect(hadoopSpelling('/lake/s3://data')).toBe('/lake/s3://data');
  });
});
