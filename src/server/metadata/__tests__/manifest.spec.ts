import * as fs from 'fs';
import type { ManifestFile } from '../../../core/iceberg/model';
import { MetadataError } from '../errors';
import { readManifest } from '../manifest';
import { readManifestList } from '../manifestList';
import { parseTableMetadata } from '../tableMetadata';
import { writeContainer } from './avroWriter';
import { fixturePath, latestMetadataLocation } from './fixtureStorage';

const optional = (type: unknown) => ['null', type];

/** A manifest entry schema whose names and field order differ from every real writer's. */
function renamedEntrySchema(options: { withFilePath?: boolean } = {}) {
  const dataFileFields = [
    { name: 'stats_we_skip', type: { type: 'map', values: 'long' }, 'field-id': 108 },
    { name: 'how_many', type: 'long', 'field-id': 103 },
    ...(options.withFilePath === false ? [] : [{ name: 'where', type: 'string', 'field-id': 100 }]),
    { name: 'kind', type: 'int', 'field-id': 134 },
    { name: 'fmt', type: 'string', 'field-id': 101 },
    {
      name: 'part',
      'field-id': 102,
      type: {
        type: 'record',
        name: 'p102',
        fields: [
          { name: 'big', type: optional('long'), 'field-id': 1001 },
          { name: 'price', type: optional({ type: 'fixed', name: 'dec', size: 5, logicalType: 'decimal', precision: 9, scale: 2 }), 'field-id': 1002 },
          { name: 'uid', type: optional({ type: 'fixed', name: 'uuid_fixed', size: 16, logicalType: 'uuid' }), 'field-id': 1003 },
          { name: 'raw', type: optional('bytes'), 'field-id': 1004 },
          { name: 'day', type: optional({ type: 'int', logicalType: 'date' }), 'field-id': 1005 },
          { name: 'ok', type: optional('boolean'), 'field-id': 1006 }
        ]
      }
    },
    { name: 'bytes_on_disk', type: 'long', 'field-id': 104 },
    { name: 'eq', type: optional({ type: 'array', items: 'int', 'element-id': 136 }), 'field-id': 135 },
    { name: 'dv_target', type: optional('string'), 'field-id': 143 },
    { name: 'dv_offset', type: optional('long'), 'field-id': 144 },
    { name: 'dv_size', type: optional('long'), 'field-id': 145 }
  ];
  return {
    type: 'record',
    name: 'entry',
    fields: [
      { name: 'file', type: { type: 'record', name: 'df', fields: dataFileFields }, 'field-id': 2 },
      { name: 'seq', type: optional('long'), 'field-id': 3 },
      { name: 'st', type: 'int', 'field-id': 0 },
      { name: 'snap', type: optional('long'), 'field-id': 1 },
      { name: 'file_seq', type: optional('long'), 'field-id': 4 }
    ]
  };
}

function dataFile(where: string, overrides: Record<string, unknown> = {}) {
  return {
    stats_we_skip: { a: 1, b: 2 },
    how_many: 10,
    where,
    kind: 0,
    fmt: 'parquet',
    part: { big: null, price: null, uid: null, raw: null, day: null, ok: null },
    bytes_on_disk: 1234,
    eq: null,
    dv_target: null,
    dv_offset: null,
    dv_size: null,
    ...overrides
  };
}

const MANIFEST: ManifestFile = {
  manifestPath: 'mem://m.avro',
  manifestLength: 1,
  partitionSpecId: 3,
  content: 'data',
  sequenceNumber: 9,
  minSequenceNumber: 9,
  addedSnapshotId: 42n
};

describe('readManifest', () => {
  describe('by field id', () => {
    const partition = {
      big: 9007199254740993n,
      price: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xfb]),
      uid: Buffer.from('f79c3e09677c4bbda4793f349cb785e7', 'hex'),
      raw: Buffer.from([0, 1, 2]),
      day: -1,
      ok: true
    };
    const schema = renamedEntrySchema();

    it('should decode renamed and reordered fields and skip unknown ones', () => {
      const file = writeContainer(schema, [{ file: dataFile('s3://b/t/data/a.parquet'), seq: 5, st: 1, snap: 7, file_seq: 6 }]);
      const [entry] = readManifest(file, 'm.avro', MANIFEST);
      expect(entry).toEqual({
        status: 'added',
        snapshotId: 7n,
        sequenceNumber: 5,
        fileSequenceNumber: 6,
        dataFile: {
          content: 'data',
          filePath: 's3://b/t/data/a.parquet',
          fileFormat: 'PARQUET',
          specId: 3,
          partition: { 1001: null, 1002: null, 1003: null, 1004: null, 1005: null, 1006: null },
          recordCount: 10,
          fileSizeInBytes: 1234
        }
      });
    });

    it('should decode partition values into their internal representation', () => {
      const withLongAsInt = writeContainer(schema, [{ file: dataFile('a', { part: { ...partition, big: 7 } }), seq: 1, st: 1, snap: 1, file_seq: 1 }]);
      const [entry] = readManifest(withLongAsInt, 'm.avro', MANIFEST);
      expect(entry.dataFile.partition).toEqual({
        1001: 7n,
        1002: -5n,
        1003: 'f79c3e09-677c-4bbd-a479-3f349cb785e7',
        1004: Uint8Array.of(0, 1, 2),
        1005: -1,
        1006: true
      });
    });

    it('should read longs beyond 2^53 exactly in partitions', () => {
      const file = writeContainer(schema, [{ file: dataFile('a', { part: { ...partition, big: 2 ** 52 } }), seq: 1, st: 1, snap: 1, file_seq: 1 }]);
      // avsc's writer refuses unsafe longs: patch the varint of 2^52 (zig-zag 2^53) into 2^53 + 1 (zig-zag 2^54 + 2).
      const before = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
      const after = Buffer.from([0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
      const at = file.indexOf(before);
      expect(at).toBeGreaterThan(0);
      after.copy(file, at);
      expect(readManifest(file, 'm.avro', MANIFEST)[0].dataFile.partition[1001]).toBe(9007199254740993n);
    });

    it('should read a named type defined again for each partition field of that type, as pyiceberg writes it', () => {
      const decimal = { type: 'fixed', name: 'decimal_10_2', size: 5, logicalType: 'decimal', precision: 10, scale: 2 };
      const withPartition = (second: unknown) => {
        const entry = renamedEntrySchema();
        const file = entry.fields[0].type as { fields: { name: string; type: unknown }[] };
        file.fields.find(f => f.name === 'part')!.type = {
          type: 'record',
          name: 'r102',
          fields: [
            { name: 'a', type: optional(decimal), 'field-id': 1000 },
            { name: 'b', type: optional(second), 'field-id': 1001 }
          ]
        };
        return entry;
      };
      const part = { a: Buffer.from([0, 0, 0, 0, 0x96]), b: Buffer.from([0, 0, 0, 0, 0xe1]) };
      const file = writeContainer(withPartition('decimal_10_2'), [{ file: dataFile('a', { part }), seq: 1, st: 1, snap: 1, file_seq: 1 }], {
        statedSchema: withPartition(decimal)
      });
      expect(readManifest(file, 'm.avro', MANIFEST)[0].dataFile.partition).toEqual({ 1000: 150n, 1001: 225n });
    });

    it('should refuse two different types under one name', () => {
      const decimal = { type: 'fixed', name: 'decimal_10_2', size: 5, logicalType: 'decimal', precision: 10, scale: 2 };
      const schema = renamedEntrySchema();
      const part = (schema.fields[0].type as { fields: { name: string; type: { fields: { type: unknown }[] } }[] }).fields.find(f => f.name === 'part')!;
      part.type.fields[0].type = optional(decimal);
      part.type.fields[1].type = optional({ ...decimal, size: 9 });
      const file = writeContainer(renamedEntrySchema(), [], { statedSchema: schema });
      expect(() => readManifest(file, 'm.avro', MANIFEST)).toThrow('m.avro: unusable Avro schema (duplicate type name)');
    });

    it('should name a missing required field by id', () => {
      const file = writeContainer(renamedEntrySchema({ withFilePath: false }), []);
      expect(() => readManifest(file, 'm.avro', MANIFEST)).toThrow(new MetadataError('data_file lacks required field id 100 (file_path)', 'm.avro'));
    });
  });

  describe('inheritance from the manifest list', () => {
    const schema = renamedEntrySchema();
    const entries = (status: number, snap: number | null, seq: number | null) =>
      writeContainer(schema, [{ file: dataFile('a'), seq, st: status, snap, file_seq: seq }]);

    it('should give added entries the manifest snapshot id and sequence number', () => {
      const [entry] = readManifest(entries(1, null, null), 'm.avro', MANIFEST);
      expect([entry.snapshotId, entry.sequenceNumber, entry.fileSequenceNumber]).toEqual([42n, 9, 9]);
    });

    it('should keep values the entry states', () => {
      const [entry] = readManifest(entries(0, 5, 4), 'm.avro', MANIFEST);
      expect([entry.status, entry.snapshotId, entry.sequenceNumber, entry.fileSequenceNumber]).toEqual(['existing', 5n, 4, 4]);
    });

    it('should refuse an existing entry without a sequence number in a v2 manifest', () => {
      expect(() => readManifest(entries(0, 5, null), 'm.avro', MANIFEST)).toThrow(/no sequence number to inherit/);
    });

    it('should default sequence numbers to 0 in v1 manifests', () => {
      const [entry] = readManifest(entries(0, 5, null), 'm.avro', { ...MANIFEST, sequenceNumber: 0 });
      expect([entry.sequenceNumber, entry.fileSequenceNumber]).toEqual([0, 0]);
    });

    it('should skip deleted entries when asked', () => {
      const file = writeContainer(schema, [
        { file: dataFile('gone'), seq: 1, st: 2, snap: 1, file_seq: 1 },
        { file: dataFile('kept'), seq: 1, st: 0, snap: 1, file_seq: 1 }
      ]);
      expect(readManifest(file, 'm.avro', MANIFEST).map(e => e.status)).toEqual(['deleted', 'existing']);
      expect(readManifest(file, 'm.avro', MANIFEST, { liveOnly: true }).map(e => e.dataFile.filePath)).toEqual(['kept']);
    });
  });

  describe('delete files', () => {
    it('should read equality ids and deletion vector fields', () => {
      const file = writeContainer(renamedEntrySchema(), [
        { file: dataFile('eq.parquet', { kind: 2, eq: [1, 2] }), seq: 1, st: 1, snap: 1, file_seq: 1 },
        {
          file: dataFile('dv.puffin', { kind: 1, fmt: 'puffin', dv_target: 'data.parquet', dv_offset: 4, dv_size: 42 }),
          seq: 1,
          st: 1,
          snap: 1,
          file_seq: 1
        }
      ]);
      const [equality, vector] = readManifest(file, 'm.avro', { ...MANIFEST, content: 'deletes' });
      expect(equality.dataFile).toMatchObject({ content: 'equality-deletes', equalityIds: [1, 2] });
      expect(vector.dataFile).toMatchObject({
        content: 'position-deletes',
        fileFormat: 'PUFFIN',
        referencedDataFile: 'data.parquet',
        contentOffset: 4,
        contentSizeInBytes: 42
      });
    });

    it('should refuse an unknown content type', () => {
      const file = writeContainer(renamedEntrySchema(), [{ file: dataFile('x', { kind: 7 }), seq: 1, st: 1, snap: 1, file_seq: 1 }]);
      expect(() => readManifest(file, 'm.avro', MANIFEST)).toThrow(/invalid content type/);
    });
  });

  describe('codecs', () => {
    const records = Array.from({ length: 250 }, (_, i) => ({
      file: dataFile(`s3://bucket/table/data/part-${i}.parquet`),
      seq: i,
      st: 1,
      snap: 1,
      file_seq: i
    }));
    const paths = records.map(r => r.file.where);

    it.each(['null', 'deflate', 'snappy'])('should read %s blocks', codec => {
      const file = writeContainer(renamedEntrySchema(), records, { codec, blockSize: 64 });
      expect(readManifest(file, 'm.avro', MANIFEST).map(e => e.dataFile.filePath)).toEqual(paths);
    });

    it('should name an unsupported codec', () => {
      const file = writeContainer(renamedEntrySchema(), records.slice(0, 1), { codec: 'null' });
      const patched = Buffer.from(file.toString('latin1').replace('\x08null', '\x08zstd'), 'latin1');
      expect(() => readManifest(patched, 'm.avro', MANIFEST)).toThrow(/unsupported Avro codec "zstd"/);
    });

    it('should describe a broken avro.schema by position, never by its text', () => {
      const file = writeContainer(renamedEntrySchema(), records.slice(0, 1), { codec: 'null' });
      const text = file.toString('latin1');
      expect(text).toContain('{"type"');
      const patched = Buffer.from(text.replace('{"type"', 'secret!'), 'latin1');
      let message = '';
      try {
        readManifest(patched, 'm.avro', MANIFEST);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe('m.avro: avro.schema is not valid JSON: unexpected character where a value was expected at line 1, column 1 (character 0)');
    });

    it('should not repeat a long codec name', () => {
      const file = writeContainer(renamedEntrySchema(), records.slice(0, 1), { codec: 'x/'.repeat(30) });
      expect(() => readManifest(file, 'm.avro', MANIFEST)).toThrow(/^m\.avro: unsupported Avro codec a string of 60 characters$/);
    });

    it('should name a truncated file', () => {
      const file = writeContainer(renamedEntrySchema(), records, { codec: 'deflate', blockSize: 64 });
      expect(() => readManifest(file.subarray(0, file.length - 100), 'm.avro', MANIFEST)).toThrow(/m\.avro: Avro block 3 claims .* beyond the end of the file/);
    });
  });
});

describe('golden manifests', () => {
  async function manifestsOf(table: string) {
    const location = await latestMetadataLocation(table);
    const metadata = parseTableMetadata(fs.readFileSync(fixturePath(location)), location);
    const current = metadata.snapshots.find(s => s.snapshotId === metadata.currentSnapshotId)!;
    return readManifestList(fs.readFileSync(fixturePath(current.manifestList!)), current.manifestList!);
  }

  it('should read a pyiceberg v1 manifest list as data manifests with sequence number 0', async () => {
    const manifests = await manifestsOf('pyiceberg_v1');
    expect(manifests.length).toBeGreaterThan(0);
    for (const manifest of manifests) {
      expect(manifest).toMatchObject({ content: 'data', sequenceNumber: 0, minSequenceNumber: 0, partitionSpecId: 0 });
    }
  });

  it('should read the history of a copy-on-write delete: deleted and existing entries', async () => {
    const statuses = new Set<string>();
    for (const table of ['pyiceberg_v1', 'pyiceberg_v2']) {
      const location = await latestMetadataLocation(table);
      const metadata = parseTableMetadata(fs.readFileSync(fixturePath(location)), location);
      for (const snapshot of metadata.snapshots) {
        const list = readManifestList(fs.readFileSync(fixturePath(snapshot.manifestList!)), snapshot.manifestList!);
        for (const manifest of list) {
          const entries = readManifest(fs.readFileSync(fixturePath(manifest.manifestPath)), manifest.manifestPath, manifest);
          entries.forEach(e => statuses.add(`${table}:${e.status}`));
        }
      }
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['pyiceberg_v1:added', 'pyiceberg_v1:deleted', 'pyiceberg_v2:added', 'pyiceberg_v2:deleted']));
  });

  it('should read Spark v3 deletion vectors with their referenced data files', async () => {
    const manifests = await manifestsOf('spark_v3_dv');
    const deletes = manifests.filter(m => m.content === 'deletes');
    expect(deletes.length).toBeGreaterThan(0);
    for (const manifest of deletes) {
      for (const entry of readManifest(fs.readFileSync(fixturePath(manifest.manifestPath)), manifest.manifestPath, manifest)) {
        expect(entry.dataFile).toMatchObject({
          content: 'position-deletes',
          fileFormat: 'PUFFIN',
          referencedDataFile: expect.stringMatching(/\.parquet$/),
          contentOffset: expect.any(Number),
          contentSizeInBytes: expect.any(Number)
        });
      }
    }
  });
});
