import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { MetadataError } from '../errors';
import { parseTableMetadata } from '../tableMetadata';
import { FIXTURES, fixturePath, latestMetadataLocation } from './fixtureStorage';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

/** A format v1 file as the oldest writers wrote it: single schema and spec, no ids, inline manifests. */
const LEGACY_V1 = {
  'format-version': 1,
  location: 's3://bucket/warehouse/db/events',
  'last-updated-ms': 1700000000000,
  'last-column-id': 2,
  schema: {
    type: 'struct',
    fields: [
      { id: 1, name: 'id', required: true, type: 'long' },
      { id: 2, name: 'ts', required: false, type: 'timestamptz' }
    ]
  },
  'partition-spec': [
    { name: 'ts_day', transform: 'day', 'source-id': 2 },
    { name: 'id_bucket', transform: 'bucket[4]', 'source-id': 1 }
  ],
  properties: { owner: 'someone' },
  'current-snapshot-id': 7,
  snapshots: [{ 'snapshot-id': 7, 'timestamp-ms': 1700000000000, manifests: ['s3://bucket/m1.avro'] }],
  'some-future-field': { anything: [1, 2, 3] }
};

describe('parseTableMetadata', () => {
  describe('golden files', () => {
    it.each(['pyiceberg_v1', 'pyiceberg_v2', 'spark_v2_mor', 'spark_v3_dv'])('should read the latest metadata of %s', async table => {
      const location = await latestMetadataLocation(table);
      const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, table, 'expected.json'), 'utf8'));
      const metadata = parseTableMetadata(fs.readFileSync(fixturePath(location)), location);
      expect(metadata.formatVersion).toBe(expected.formatVersion ?? { spark_v2_mor: 2, spark_v3_dv: 3 }[table]);
      // Snapshot ids above 2^53 read as the nearest double, like every JSON number.
      expect(metadata.currentSnapshotId).toBe(BigInt(expected.currentSnapshotId));
      expect(metadata.refs.main.snapshotId).toBe(metadata.currentSnapshotId);
      expect(metadata.snapshots.every(s => typeof s.manifestList === 'string')).toBe(true);
      expect(metadata.location).toMatch(new RegExp(`/${table}$`));
      const spec = metadata.partitionSpecs.find(s => s.specId === metadata.defaultSpecId)!;
      expect(spec.fields.slice(0, 2).map(f => [f.name, f.transform, f.fieldId])).toEqual([
        ['region', 'identity', 1000],
        ['obs_time_day', 'day', 1001]
      ]);
      const schema = metadata.schemas.find(s => s.schemaId === metadata.currentSchemaId)!;
      expect(schema.fields.map(f => f.name)).toEqual(expect.arrayContaining(['id', 'region', 'obs_time']));
    });

    it('should read gzip-compressed metadata by its magic bytes', async () => {
      const location = await latestMetadataLocation('spark_v2_mor');
      expect(location).toMatch(/\.gz\.metadata\.json$/);
      const bytes = fs.readFileSync(fixturePath(location));
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      const plain = parseTableMetadata(zlib.gunzipSync(bytes), 'plain.metadata.json');
      expect(parseTableMetadata(bytes, 'renamed.metadata.json')).toEqual(plain);
    });

    it('should read format v3 row lineage fields', async () => {
      const location = await latestMetadataLocation('spark_v3_dv');
      const metadata = parseTableMetadata(fs.readFileSync(fixturePath(location)), location);
      expect(metadata.formatVersion).toBe(3);
      expect(metadata.snapshots.some(s => s.firstRowId !== undefined)).toBe(true);
    });
  });

  describe('format v1 without later fields', () => {
    const metadata = parseTableMetadata(encode(LEGACY_V1), 'v1.metadata.json');

    it('should take the single schema and spec', () => {
      expect(metadata.schemas).toEqual([
        {
          schemaId: 0,
          fields: [
            { id: 1, name: 'id', required: true, type: 'long' },
            { id: 2, name: 'ts', required: false, type: 'timestamptz' }
          ]
        }
      ]);
      expect(metadata.currentSchemaId).toBe(0);
      expect(metadata.defaultSpecId).toBe(0);
    });

    it('should number partition fields from 1000', () => {
      expect(metadata.partitionSpecs[0].fields.map(f => f.fieldId)).toEqual([1000, 1001]);
    });

    it('should keep inline manifests, default the sequence numbers and add the main branch', () => {
      expect(metadata.snapshots[0]).toEqual({
        snapshotId: 7n,
        sequenceNumber: 0,
        timestampMs: 1700000000000,
        manifests: ['s3://bucket/m1.avro'],
        summary: {}
      });
      expect(metadata.lastSequenceNumber).toBe(0);
      expect(metadata.refs).toEqual({ main: { snapshotId: 7n, type: 'branch' } });
      expect(metadata.tableUuid).toBe('');
      expect(metadata.sortOrders).toEqual([]);
    });
  });

  describe('nested types', () => {
    it('should read structs, lists and maps', () => {
      const v1 = {
        ...LEGACY_V1,
        schema: {
          type: 'struct',
          fields: [
            {
              id: 1,
              name: 'tags',
              required: false,
              type: { type: 'list', 'element-id': 2, element: 'string', 'element-required': true }
            },
            {
              id: 3,
              name: 'attrs',
              required: false,
              type: {
                type: 'map',
                'key-id': 4,
                key: 'string',
                'value-id': 5,
                value: { type: 'struct', fields: [{ id: 6, name: 'x', required: false, type: 'decimal(9, 2)' }] },
                'value-required': false
              }
            }
          ]
        }
      };
      const fields = parseTableMetadata(encode(v1), 'v1.json').schemas[0].fields;
      expect(fields[1].type).toEqual({
        type: 'map',
        keyId: 4,
        key: 'string',
        valueId: 5,
        value: { type: 'struct', fields: [{ id: 6, name: 'x', required: false, type: 'decimal(9, 2)' }] },
        valueRequired: false
      });
    });
  });

  describe('errors', () => {
    it.each([
      [
        'a JSON syntax error',
        Buffer.from('{"format-version": 2,'),
        /^bad\.json: not valid JSON: unexpected end of input where a property name was expected at line 1, column 22 \(character 21\)$/
      ],
      [
        'a file that is not JSON at all',
        Buffer.from('root:x:0:0:root:/root:/bin/bash\n'),
        /^bad\.json: not valid JSON: unexpected character where a value was expected at line 1, column 1 \(character 0\)$/
      ],
      ['gzip-compressed text that is not JSON', zlib.gzipSync('secret-token-1234'), /^bad\.json: not valid JSON: unexpected character/],
      [
        'an unknown type with a long value',
        encode({ ...LEGACY_V1, schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: true, type: { type: 'root:x:0:0:root:/root:/bin/bash' } }] } }),
        /is not a known type \(a string of 31 characters\)$/
      ],
      ['an unknown format version', encode({ ...LEGACY_V1, 'format-version': 4 }), /format-version is 4/],
      ['a missing location', encode({ ...LEGACY_V1, location: undefined }), /location is missing/],
      ['a non-object document', encode([1, 2]), /metadata is not a JSON object/],
      [
        'a snapshot without manifests',
        encode({ ...LEGACY_V1, snapshots: [{ 'snapshot-id': 1, 'timestamp-ms': 1 }] }),
        /snapshots\[0\]\.manifest-list is missing/
      ],
      ['a wrongly typed field', encode({ ...LEGACY_V1, 'last-updated-ms': 'yesterday' }), /last-updated-ms is not a number/],
      [
        'an unknown type',
        encode({ ...LEGACY_V1, schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: true, type: { type: 'set' } }] } }),
        /schema\.fields\[0\]\.type\.type is not a known type \("set"\)/
      ],
      ['corrupt gzip', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), /corrupt gzip-compressed metadata/]
    ])('should name the file and the problem for %s', (_what, bytes, message) => {
      let thrown: unknown;
      try {
        parseTableMetadata(bytes, 'bad.json');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(MetadataError);
      expect((thrown as MetadataError).file).toBe('bad.json');
      expect((thrown as MetadataError).message).toMatch(message);
      expect((thrown as MetadataError).message).not.toMatch(/root:|secret-token/);
    });
  });
});
