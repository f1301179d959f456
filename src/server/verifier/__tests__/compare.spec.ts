import type { Finding, LayoutKind, VerdictStatus } from '../../../core/api/wire';
import type { ManifestEntry, TableMetadata } from '../../../core/iceberg/model';
import { DirectoryGrouping } from '../../storage/storage';
import type { FileFooter } from '../footers';
import { LiveFiles } from '../liveFiles';
import { TablePlan } from '../units';
import { entry, footer, ROOT, SPECS, STANDARD_COLUMNS, table } from './tables';

const DAY_2024_01_02 = 19724;

function check(metadata: TableMetadata, live: ManifestEntry[], files: string[], footers: FileFooter[] = []) {
  const listing = new DirectoryGrouping();
  files.forEach(path => listing.add(path));
  const plan = new TablePlan({ metadata, snapshotId: 8n, dataRoot: ROOT, live: LiveFiles.fromEntries(live), listing: listing.done() });
  const byPath = new Map(footers.map(f => [f.path, f]));
  return plan.compare(byPath);
}

function rowChanging(findings: Finding[]): string[] {
  return [...new Set(findings.filter(f => f.changesRows).map(f => f.kind))].sort();
}

const at = (relative: string) => `${ROOT}/${relative}`;
const EU = at('region=EU/a.parquet');
const US = at('region=US/b.parquet');
const DAY = at('obs_time_day=2024-01-02/a.parquet');
const WITHOUT_REGION: [string, number, string][] = [
  ['id', 1, 'int64'],
  ['obs_time', 3, 'timestamp']
];

interface Case {
  name: string;
  metadata: TableMetadata;
  live: ManifestEntry[];
  files: string[];
  footers: FileFooter[];
  status: VerdictStatus;
  layout: LayoutKind;
  pruning: 'safe' | 'unsafe';
  /** Kinds of the findings that change rows. */
  changing: string[];
}

function withSpec(metadata: TableMetadata, spec: { specId: number; fields: (typeof SPECS)['region']['fields'] }): TableMetadata {
  return { ...metadata, partitionSpecs: [...metadata.partitionSpecs, spec] };
}

/** The `region` table after adding a string column `kind` and an identity partition on it (spec 7). */
function withKindPartition(): TableMetadata {
  const metadata = withSpec(table('region'), {
    specId: 7,
    fields: [...SPECS.region.fields, { sourceId: 5, fieldId: 1002, name: 'kind', transform: 'identity' }]
  });
  metadata.defaultSpecId = 7;
  metadata.schemas = [{ ...metadata.schemas[0], fields: [...metadata.schemas[0].fields, { id: 5, name: 'kind', required: false, type: 'string' }] }];
  return metadata;
}

const CASES: Case[] = [
  {
    name: 'identity partitions whose directories match',
    metadata: table('region'),
    live: [entry(`file://${EU}`, 'region', { 1000: 'EU' }), entry(US, 'region', { 1000: 'US' })],
    files: [EU, US],
    footers: [footer(EU, STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'transform partitions: directory columns are extra, not drift',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 })],
    files: [DAY],
    footers: [footer(DAY, STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'a stored identity value under the wrong directory: filters prune it away',
    metadata: table('region'),
    live: [entry(US, 'region', { 1000: 'EU' })],
    files: [US],
    footers: [footer(US, STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive',
    pruning: 'unsafe',
    changing: ['partition-mismatch']
  },
  {
    name: 'a wrong transform directory: Dask filters the stored source column',
    metadata: table('day'),
    live: [entry(at('obs_time_day=2024-01-03/a.parquet'), 'day', { 1001: DAY_2024_01_02 })],
    files: [at('obs_time_day=2024-01-03/a.parquet')],
    footers: [footer(at('obs_time_day=2024-01-03/a.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'unsafe',
    changing: []
  },
  {
    name: 'a space encoded as + and a null directory: Dask filters miss them',
    metadata: table('region'),
    live: [entry(at('region=a+b%2Fc/1.parquet'), 'region', { 1000: 'a b/c' }), entry(at('region=null/2.parquet'), 'region', { 1000: null })],
    files: [at('region=a+b%2Fc/1.parquet'), at('region=null/2.parquet')],
    footers: [footer(at('region=a+b%2Fc/1.parquet'), STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['partition-mismatch']
  },
  {
    name: 'a percent-encoded plus sign Dask decodes like Iceberg',
    metadata: table('region'),
    live: [entry(at('region=p%2Bq/3.parquet'), 'region', { 1000: 'p+q' })],
    files: [at('region=p%2Bq/3.parquet')],
    footers: [footer(at('region=p%2Bq/3.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'identity keys stored next to transform keys: Dask refuses the tree',
    metadata: table('regionDay'),
    live: [entry(at('region=EU/obs_time_day=2024-01-02/a.parquet'), 'regionDay', { 1000: 'EU', 1001: DAY_2024_01_02 })],
    files: [at('region=EU/obs_time_day=2024-01-02/a.parquet')],
    footers: [footer(at('region=EU/obs_time_day=2024-01-02/a.parquet'), STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'an identity field added (all keys stored): mixed depths, same rows',
    metadata: withKindPartition(),
    live: [
      entry(EU, 'region', { 1000: 'EU' }),
      entry(at('region=EU/kind=x/c.parquet'), 'region', { 1000: 'EU' }, { specId: 7, partition: { 1000: 'EU', 1002: 'x' } })
    ],
    files: [EU, at('region=EU/kind=x/c.parquet')],
    footers: [footer(EU, [...STANDARD_COLUMNS, ['kind', 5, 'string']]), footer(at('region=EU/kind=x/c.parquet'), [...STANDARD_COLUMNS, ['kind', 5, 'string']])],
    status: 'consistent',
    layout: 'hive-mixed',
    pruning: 'unsafe',
    changing: []
  },
  {
    name: 'a dropped identity field: new files at the root, keys stored',
    metadata: table('unpartitioned'),
    live: [entry(EU, 'region', { 1000: 'EU' }), entry(at('b.parquet'), 'unpartitioned', {})],
    files: [EU, at('b.parquet')],
    footers: [footer(EU, STANDARD_COLUMNS), footer(at('b.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive-mixed',
    pruning: 'unsafe',
    changing: []
  },
  {
    name: 'identity values kept only in the directories (imported files): Dask reads them there',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' })],
    files: [EU],
    footers: [footer(EU, WITHOUT_REGION)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'identity values kept only in directories Dask decodes differently (+)',
    metadata: table('region'),
    live: [entry(at('region=a+b/1.parquet'), 'region', { 1000: 'a b' })],
    files: [at('region=a+b/1.parquet')],
    footers: [footer(at('region=a+b/1.parquet'), WITHOUT_REGION)],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'a field dropped from a v1 spec: its void field still writes region=null directories',
    metadata: withSpec(table('region'), { specId: 5, fields: [{ sourceId: 2, fieldId: 1000, name: 'region', transform: 'void' }] }),
    live: [entry(EU, 'region', { 1000: 'EU' }), entry(at('region=null/c.parquet'), 'region', {}, { specId: 5, partition: { 1000: null } })],
    files: [EU, at('region=null/c.parquet')],
    footers: [footer(EU, STANDARD_COLUMNS), footer(at('region=null/c.parquet'), STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive-mixed',
    pruning: 'unsafe',
    changing: ['partition-mismatch']
  },
  {
    name: 'transform keys not stored and files at the root: KeyError',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 }), entry(at('b.parquet'), 'unpartitioned', {})],
    files: [DAY, at('b.parquet')],
    footers: [footer(DAY, STANDARD_COLUMNS), footer(at('b.parquet'), STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive-mixed',
    pruning: 'unsafe',
    changing: ['spec-evolution']
  },
  {
    name: 'object-storage hashed directories with stored keys',
    metadata: table('region', { 'write.object-storage.enabled': 'true' }),
    live: [entry(at('0101/0110/1001/10110010/region=EU/a.parquet'), 'region', { 1000: 'EU' })],
    files: [at('0101/0110/1001/10110010/region=EU/a.parquet')],
    footers: [footer(at('0101/0110/1001/10110010/region=EU/a.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'object-storage',
    pruning: 'unsafe',
    changing: []
  },
  {
    name: 'an unpartitioned table with a leftover',
    metadata: table('unpartitioned'),
    live: [entry(at('a.parquet'), 'unpartitioned', {})],
    files: [at('a.parquet'), at('old.parquet')],
    footers: [footer(at('a.parquet'), STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'unpartitioned',
    pruning: 'safe',
    changing: ['stale-file']
  },
  {
    name: 'a partitioned table whose files have no k=v levels',
    metadata: table('region'),
    live: [entry(at('a.parquet'), 'region', { 1000: 'EU' })],
    files: [at('a.parquet')],
    footers: [footer(at('a.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'flat',
    pruning: 'unsafe',
    changing: []
  },
  {
    name: 'a later file lacking a column of the first (keys stored): the plain read raises',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' }), { ...entry(US, 'region', { 1000: 'US' }), snapshotId: 7n }],
    files: [EU, US],
    footers: [footer(EU, [...STANDARD_COLUMNS, ['value', 4, 'double']]), footer(US, STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'a later file lacking a dropped column (transform keys): read as null, no difference',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 }), { ...entry(at('obs_time_day=2024-01-02/b.parquet'), 'day', { 1001: DAY_2024_01_02 }), snapshotId: 7n }],
    files: [DAY, at('obs_time_day=2024-01-02/b.parquet')],
    footers: [footer(DAY, [...STANDARD_COLUMNS, ['value', 4, 'double']]), footer(at('obs_time_day=2024-01-02/b.parquet'), STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'a later file with extra columns: harmless',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' }), { ...entry(US, 'region', { 1000: 'US' }), snapshotId: 7n }],
    files: [EU, US],
    footers: [footer(EU, STANDARD_COLUMNS), footer(US, [...STANDARD_COLUMNS, ['value', 4, 'double']])],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'a renamed column in an old file',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 }), { ...entry(at('obs_time_day=2024-01-02/b.parquet'), 'day', { 1001: DAY_2024_01_02 }), snapshotId: 7n }],
    files: [DAY, at('obs_time_day=2024-01-02/b.parquet')],
    footers: [
      footer(DAY, STANDARD_COLUMNS),
      footer(at('obs_time_day=2024-01-02/b.parquet'), [
        ['id', 1, 'int64'],
        ['place', 2, 'string'],
        ['obs_time', 3, 'timestamp']
      ])
    ],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'a dropped and re-added column: Dask reads the old values',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 }), { ...entry(at('obs_time_day=2024-01-02/b.parquet'), 'day', { 1001: DAY_2024_01_02 }), snapshotId: 7n }],
    files: [DAY, at('obs_time_day=2024-01-02/b.parquet')],
    footers: [
      footer(DAY, STANDARD_COLUMNS),
      footer(at('obs_time_day=2024-01-02/b.parquet'), [
        ['id', 1, 'int64'],
        ['region', 17, 'string'],
        ['obs_time', 3, 'timestamp']
      ])
    ],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'int promoted to long, first file int32, partitioned: filtered reads keep int32',
    metadata: table('day'),
    live: [entry(DAY, 'day', { 1001: DAY_2024_01_02 }), { ...entry(at('obs_time_day=2024-01-02/b.parquet'), 'day', { 1001: DAY_2024_01_02 }), snapshotId: 7n }],
    files: [DAY, at('obs_time_day=2024-01-02/b.parquet')],
    footers: [
      footer(DAY, [
        ['id', 1, 'int32'],
        ['region', 2, 'string'],
        ['obs_time', 3, 'timestamp']
      ]),
      footer(at('obs_time_day=2024-01-02/b.parquet'), STANDARD_COLUMNS)
    ],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'int promoted to long, first file int64: Dask casts to int64',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' }), { ...entry(US, 'region', { 1000: 'US' }), snapshotId: 7n }],
    files: [EU, US],
    footers: [
      footer(EU, STANDARD_COLUMNS),
      footer(US, [
        ['id', 1, 'int32'],
        ['region', 2, 'string'],
        ['obs_time', 3, 'timestamp']
      ])
    ],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'int promoted to long in an unpartitioned table, first int32: the plain read widens',
    metadata: table('unpartitioned'),
    live: [entry(at('a.parquet'), 'unpartitioned', {}), { ...entry(at('b.parquet'), 'unpartitioned', {}), snapshotId: 7n }],
    files: [at('a.parquet'), at('b.parquet')],
    footers: [
      footer(at('a.parquet'), [
        ['id', 1, 'int32'],
        ['region', 2, 'string'],
        ['obs_time', 3, 'timestamp']
      ]),
      footer(at('b.parquet'), STANDARD_COLUMNS)
    ],
    status: 'consistent',
    layout: 'unpartitioned',
    pruning: 'safe',
    changing: []
  },
  {
    name: 'the first file lacks a column of the table',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' })],
    files: [EU],
    footers: [
      footer(EU, [
        ['id', 1, 'int64'],
        ['region', 2, 'string']
      ])
    ],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'a live file outside the data root',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' }), entry('/elsewhere/b.parquet', 'region', { 1000: 'EU' })],
    files: [EU],
    footers: [footer(EU, STANDARD_COLUMNS)],
    status: 'drift',
    layout: 'hive',
    pruning: 'unsafe',
    changing: ['unlisted-file']
  },
  {
    name: 'a table without files: Dask raises on an empty tree',
    metadata: table('region'),
    live: [],
    files: [],
    footers: [],
    status: 'drift',
    layout: 'hive',
    pruning: 'safe',
    changing: ['schema-drift']
  },
  {
    name: 'an empty live file missing from storage changes no rows',
    metadata: table('region'),
    live: [entry(EU, 'region', { 1000: 'EU' }), entry(at('region=EU/gone.parquet'), 'region', { 1000: 'EU' }, { recordCount: 0 })],
    files: [EU],
    footers: [footer(EU, STANDARD_COLUMNS)],
    status: 'consistent',
    layout: 'hive',
    pruning: 'safe',
    changing: []
  }
];

describe('TablePlan#compare', () => {
  describe('#status and #layout', () => {
    it.each(CASES.map(c => [c.name, c] as const))('should judge %s', (_name, c) => {
      const result = check(c.metadata, c.live, c.files, c.footers);
      expect({ status: result.status, layout: result.layout.kind, pruning: result.layout.pruning, changing: rowChanging(result.findings) }).toEqual({
        status: c.status,
        layout: c.layout,
        pruning: c.pruning,
        changing: c.changing
      });
      expect(result.layout.explanation).not.toBe('');
    });

    it.each(CASES.map(c => [c.name, c] as const))('should give every finding of %s a cause', (_name, c) => {
      const result = check(c.metadata, c.live, c.files, c.footers);
      expect(result.findings.filter(f => f.cause === undefined)).toEqual([]);
    });

    /** The causes of the row-changing findings, which the repair planner's remedies are chosen by. */
    const ROW_CAUSES: Record<string, string[]> = {
      'a stored identity value under the wrong directory: filters prune it away': ['misplaced-file'],
      'a space encoded as + and a null directory: Dask filters miss them': ['unreadable-partition-value'],
      'identity keys stored next to transform keys: Dask refuses the tree': ['mixed-identity-transform'],
      'identity values kept only in directories Dask decodes differently (+)': ['unstored-partition-column'],
      'a field dropped from a v1 spec: its void field still writes region=null directories': ['void-partition-directory'],
      'transform keys not stored and files at the root: KeyError': ['older-spec-file'],
      'an unpartitioned table with a leftover': ['leftover'],
      'a later file lacking a column of the first (keys stored): the plain read raises': ['older-schema-file'],
      'a renamed column in an old file': ['older-schema-file'],
      'a dropped and re-added column: Dask reads the old values': ['older-schema-file'],
      'int promoted to long, first file int32, partitioned: filtered reads keep int32': ['older-schema-file'],
      'the first file lacks a column of the table': ['older-schema-file'],
      'a live file outside the data root': ['outside-root'],
      'a table without files: Dask raises on an empty tree': ['empty-tree']
    };

    it.each(CASES.map(c => [c.name, c] as const))('should name the causes of the row changes of %s', (name, c) => {
      const result = check(c.metadata, c.live, c.files, c.footers);
      expect([...new Set(result.findings.filter(f => f.changesRows).map(f => f.cause))].sort()).toEqual(ROW_CAUSES[name] ?? []);
    });
  });

  describe('#findings', () => {
    it('should list row-changing findings before layout notes', () => {
      const result = check(
        table('day'),
        [entry(DAY, 'day', { 1001: DAY_2024_01_02 })],
        [DAY, at('obs_time_day=2024-01-02/old.parquet')],
        [footer(DAY, STANDARD_COLUMNS)]
      );
      expect(result.findings.map(f => [f.kind, f.changesRows])).toEqual([
        ['stale-file', true],
        ['extra-column', false]
      ]);
    });

    it('should report leftovers Dask reads, including underscore and dot paths', () => {
      const leftovers = [at('region=EU/old.parquet'), at('region=EU/_tmp/x.parquet'), at('region=EU/.y.parquet')];
      const result = check(
        table('region'),
        [entry(EU, 'region', { 1000: 'EU' })],
        [EU, ...leftovers, at('region=EU/.a.parquet.crc')],
        [footer(EU, STANDARD_COLUMNS)]
      );
      expect(
        result.findings
          .filter(f => f.kind === 'stale-file')
          .map(f => f.path)
          .sort()
      ).toEqual([...leftovers].sort());
    });

    it('should treat a _metadata summary at the root as a row change', () => {
      const result = check(table('region'), [entry(EU, 'region', { 1000: 'EU' })], [EU, at('_metadata')], [footer(EU, STANDARD_COLUMNS)]);
      expect(result.findings).toContainEqual(expect.objectContaining({ path: at('_metadata'), changesRows: true }));
    });

    it('should say why a live file is unlisted', () => {
      const result = check(
        table('region'),
        [entry(EU, 'region', { 1000: 'EU' }), entry('/elsewhere/b.parquet', 'region', { 1000: 'EU' })],
        [EU],
        [footer(EU, STANDARD_COLUMNS)]
      );
      expect(result.findings.find(f => f.kind === 'unlisted-file')!.detail).toContain('outside the data root');
    });
  });

  describe('#deletes', () => {
    const puffin = at('region=EU/dv.puffin');
    const dv = (referenced: string, offset: number, rows: number, sequenceNumber = 2) => ({
      ...entry(
        puffin,
        'region',
        { 1000: 'EU' },
        { content: 'position-deletes', fileFormat: 'PUFFIN', referencedDataFile: referenced, contentOffset: offset, recordCount: rows }
      ),
      sequenceNumber
    });

    it('should make one finding per deletion vector of a shared Puffin file and sum them', () => {
      const result = check(
        table('region'),
        [entry(EU, 'region', { 1000: 'EU' }), entry(US, 'region', { 1000: 'US' }), dv(EU, 4, 2), dv(US, 60, 1)],
        [EU, US],
        [footer(EU, STANDARD_COLUMNS)]
      );
      expect(result.findings.filter(f => f.kind === 'delete-file').map(f => [f.referencedDataFile, f.deletedRows, f.changesRows])).toEqual([
        [EU, 2, true],
        [US, 1, true]
      ]);
      expect(result.deletes).toEqual({ affectedDataFiles: [EU, US].sort(), deletedRows: 3 });
      expect(result.status).toBe('drift');
    });

    it('should keep a dangling deletion vector from changing rows', () => {
      const result = check(
        table('region'),
        [entry(EU, 'region', { 1000: 'EU' }), dv(at('region=EU/compacted-away.parquet'), 4, 2)],
        [EU],
        [footer(EU, STANDARD_COLUMNS)]
      );
      expect(result.findings).toEqual([
        expect.objectContaining({ kind: 'delete-file', changesRows: false, detail: expect.stringContaining('deletes nothing') })
      ]);
      expect(result.deletes).toBeUndefined();
      expect(result.status).toBe('consistent');
    });

    it.each([
      ['a position delete of the same partition and a later sequence number', 'position-deletes', 'EU', 2, true],
      ['a position delete of another partition', 'position-deletes', 'US', 2, false],
      ['a position delete older than the data', 'position-deletes', 'EU', 0, false],
      ['an equality delete of the same sequence number', 'equality-deletes', 'EU', 1, false],
      ['an equality delete of a later sequence number', 'equality-deletes', 'EU', 2, true]
    ] as const)('should apply %s by Iceberg sequence rules', (_name, content, region, sequenceNumber, applies) => {
      const deletes = { ...entry('/lake/obs/deletes/d.parquet', 'region', { 1000: region }, { content, recordCount: 1 }), sequenceNumber };
      const result = check(table('region'), [entry(EU, 'region', { 1000: 'EU' }), deletes], [EU], [footer(EU, STANDARD_COLUMNS)]);
      expect(result.findings.find(f => f.kind === 'delete-file')!.changesRows).toBe(applies);
    });

    it('should say when Dask reads a delete file in the tree as data', () => {
      const deletes = at('region=EU/a-deletes.parquet');
      const result = check(
        table('region'),
        [entry(EU, 'region', { 1000: 'EU' }), entry(deletes, 'region', { 1000: 'EU' }, { content: 'position-deletes' })],
        [EU, deletes],
        [footer(EU, STANDARD_COLUMNS)]
      );
      expect(result.findings).toContainEqual(
        expect.objectContaining({ kind: 'delete-file', path: deletes, changesRows: true, detail: expect.stringContaining('reads it as data') })
      );
    });
  });

  describe('#columns', () => {
    it('should report the column list Dask cannot merge with a directory type', () => {
      const a = at('id=1/a.parquet');
      const metadata = withSpec(table('region'), { specId: 9, fields: [{ sourceId: 1, fieldId: 1000, name: 'id', transform: 'identity' }] });
      metadata.defaultSpecId = 9;
      const live = [entry(a, 'region', {}, { specId: 9, partition: { 1000: 1n } })];
      const result = check(metadata, live, [a], [footer(a, WITHOUT_REGION.concat([['region', 2, 'string']]))]);
      expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'schema-drift', changesRows: true, detail: expect.stringContaining('int32') }));
    });
  });
});
