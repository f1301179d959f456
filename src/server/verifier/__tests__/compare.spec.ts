import type { FindingKind } from '../../../core/api/wire';
import { compareViews } from '../compare';
import type { FileFooter } from '../footers';
import { buildViews } from '../views';
import { entry, footer, ROOT, STANDARD_COLUMNS, table } from './tables';
import type { ManifestEntry, TableMetadata } from '../../../core/iceberg/model';

const DAY_2024_01_02 = 19724;

function check(metadata: TableMetadata, live: ManifestEntry[], files: string[], footers: FileFooter[] = []) {
  const listing = files.map(path => ({ path, size: 100 }));
  const views = buildViews({ metadata, snapshotId: 8n, dataRoot: ROOT, live, listing });
  const byPath = new Map(footers.map(f => [f.path, f]));
  return compareViews(metadata, views, byPath);
}

function kinds(result: { findings: { kind: FindingKind }[] }): FindingKind[] {
  return [...new Set(result.findings.map(f => f.kind))].sort();
}

describe('compareViews', () => {
  describe('#status', () => {
    it('should call a table consistent when both views hold the same files', () => {
      const a = `${ROOT}/region=EU/a.parquet`;
      const result = check(table('region'), [entry(`file://${a}`, 'region', { 1000: 'EU' })], [a], [footer(a, STANDARD_COLUMNS)]);
      expect(result).toEqual({ status: 'consistent', findings: [] });
    });

    it('should keep extra-column findings informational', () => {
      const a = `${ROOT}/obs_time_day=2024-01-02/a.parquet`;
      const result = check(table('day'), [entry(a, 'day', { 1001: DAY_2024_01_02 })], [a], [footer(a, STANDARD_COLUMNS)]);
      expect(result.status).toBe('consistent');
      expect(kinds(result)).toEqual(['extra-column']);
    });

    it('should call an unpartitioned table without hive directories not-dual-layout', () => {
      const a = `${ROOT}/a.parquet`;
      const result = check(table('unpartitioned'), [entry(a, 'unpartitioned', {})], [a, `${ROOT}/old.parquet`]);
      expect(result.status).toBe('not-dual-layout');
      expect(kinds(result)).toEqual(['stale-file']);
    });

    it('should call an object-storage table not-dual-layout', () => {
      const result = check(table('region', { 'write.object-storage.enabled': 'true' }), [entry('/lake/obs/data/0101/1001/region=EU/a.parquet', 'region', { 1000: 'EU' })], []);
      expect(result.status).toBe('not-dual-layout');
    });
  });

  describe('#files', () => {
    it('should report leftovers Dask reads, including underscore and dot paths', () => {
      const live = `${ROOT}/region=EU/a.parquet`;
      const leftovers = [`${ROOT}/region=EU/old.parquet`, `${ROOT}/region=EU/_tmp/x.parquet`, `${ROOT}/region=EU/.y.parquet`];
      const result = check(table('region'), [entry(live, 'region', { 1000: 'EU' })], [live, ...leftovers, `${ROOT}/region=EU/.a.parquet.crc`], [footer(live, STANDARD_COLUMNS)]);
      expect(result.status).toBe('drift');
      expect(result.findings.filter(f => f.kind === 'stale-file').map(f => f.path).sort()).toEqual([...leftovers].sort());
    });

    it('should report live files outside the data root or missing from storage', () => {
      const inside = `${ROOT}/region=EU/a.parquet`;
      const result = check(
        table('region'),
        [entry(inside, 'region', { 1000: 'EU' }), entry('/elsewhere/b.parquet', 'region', { 1000: 'EU' }), entry(`${ROOT}/region=EU/gone.parquet`, 'region', { 1000: 'EU' })],
        [inside],
        [footer(inside, STANDARD_COLUMNS)]
      );
      const unlisted = result.findings.filter(f => f.kind === 'unlisted-file');
      expect(unlisted.map(f => f.path).sort()).toEqual(['/elsewhere/b.parquet', `${ROOT}/region=EU/gone.parquet`]);
      expect(unlisted.find(f => f.path === '/elsewhere/b.parquet')!.detail).toContain('outside the data root');
    });

    it('should report delete files and say when Dask reads one as data', () => {
      const data = `${ROOT}/region=EU/a.parquet`;
      const deletes = `${ROOT}/region=EU/a-deletes.parquet`;
      const result = check(
        table('region'),
        [entry(data, 'region', { 1000: 'EU' }), entry(deletes, 'region', { 1000: 'EU' }, { content: 'position-deletes' })],
        [data, deletes],
        [footer(data, STANDARD_COLUMNS)]
      );
      expect(result.findings).toEqual([expect.objectContaining({ kind: 'delete-file', path: deletes, detail: expect.stringContaining('reads it as data') })]);
    });

    it('should treat a _metadata summary at the root as a drift', () => {
      const a = `${ROOT}/region=EU/a.parquet`;
      const result = check(table('region'), [entry(a, 'region', { 1000: 'EU' })], [a, `${ROOT}/_metadata`], [footer(a, STANDARD_COLUMNS)]);
      expect(result.findings.map(f => f.path)).toContain(`${ROOT}/_metadata`);
    });
  });

  describe('#partitions', () => {
    it('should accept pyiceberg and Java escaping and null directories', () => {
      const files = [`${ROOT}/region=a+b%2Fc/1.parquet`, `${ROOT}/region=null/2.parquet`, `${ROOT}/region=p%2Bq/3.parquet`];
      const live = [entry(files[0], 'region', { 1000: 'a b/c' }), entry(files[1], 'region', { 1000: null }), entry(files[2], 'region', { 1000: 'p+q' })];
      const result = check(table('region'), live, files, [footer(files[0], STANDARD_COLUMNS)]);
      expect(result).toEqual({ status: 'consistent', findings: [] });
    });

    it('should report a file whose directory disagrees with its partition tuple', () => {
      const a = `${ROOT}/region=US/a.parquet`;
      const result = check(table('region'), [entry(a, 'region', { 1000: 'EU' })], [a], [footer(a, STANDARD_COLUMNS)]);
      expect(result.findings).toEqual([expect.objectContaining({ kind: 'partition-mismatch', path: a, detail: expect.stringContaining('region=EU') })]);
    });

    it('should compare transformed values after decoding them', () => {
      const a = `${ROOT}/obs_time_day=2024-01-03/a.parquet`;
      const result = check(table('day'), [entry(a, 'day', { 1001: DAY_2024_01_02 })], [a], [footer(a, STANDARD_COLUMNS)]);
      expect(kinds(result)).toEqual(['extra-column', 'partition-mismatch']);
    });

    it('should say Dask refuses a tree mixing stored and directory-only partition columns', () => {
      const a = `${ROOT}/region=EU/obs_time_day=2024-01-02/a.parquet`;
      const result = check(table('regionDay'), [entry(a, 'regionDay', { 1000: 'EU', 1001: DAY_2024_01_02 })], [a], [footer(a, STANDARD_COLUMNS)]);
      expect(result.status).toBe('drift');
      expect(result.findings[0].detail).toContain('refuses');
    });

    it('should say Dask cannot merge a directory type with the stored type', () => {
      const a = `${ROOT}/id=1/a.parquet`;
      const metadata = table('region');
      metadata.partitionSpecs.push({ specId: 9, fields: [{ sourceId: 1, fieldId: 1000, name: 'id', transform: 'identity' }] });
      metadata.defaultSpecId = 9;
      const live = [{ ...entry(a, 'region', { 1000: 1n }), dataFile: { ...entry(a, 'region', {}).dataFile, specId: 9, partition: { 1000: 1n } } }];
      const result = check(metadata, live, [a], [footer(a, STANDARD_COLUMNS)]);
      expect(result.findings).toEqual([expect.objectContaining({ kind: 'schema-drift', detail: expect.stringContaining('int32') })]);
    });

    it('should report live files under two partition layouts', () => {
      const a = `${ROOT}/obs_time_day=2024-01-02/a.parquet`;
      const b = `${ROOT}/b.parquet`;
      const result = check(table('day'), [entry(a, 'day', { 1001: DAY_2024_01_02 }), entry(b, 'unpartitioned', {})], [a, b], [footer(a, STANDARD_COLUMNS)]);
      expect(kinds(result)).toEqual(['extra-column', 'spec-evolution']);
    });
  });

  describe('#schema', () => {
    const a = `${ROOT}/obs_time_day=2024-01-02/a.parquet`;
    const b = `${ROOT}/obs_time_day=2024-01-02/b.parquet`;
    const live = [entry(a, 'day', { 1001: DAY_2024_01_02 }), { ...entry(b, 'day', { 1001: DAY_2024_01_02 }), snapshotId: 7n }];

    it('should report a column stored under its old name', () => {
      const old = footer(a, [['id', 1, 'int64'], ['place', 2, 'string'], ['obs_time', 3, 'timestamp']]);
      const result = check(table('day'), live, [a, b], [old, footer(b, STANDARD_COLUMNS)]);
      const details = result.findings.filter(f => f.kind === 'schema-drift').map(f => f.detail);
      expect(details.some(d => d.includes('stored as place'))).toBe(true);
      expect(details.some(d => d.includes('no column region'))).toBe(true);
    });

    it('should report a dropped and re-added column', () => {
      const old = footer(b, [['id', 1, 'int64'], ['region', 17, 'string'], ['obs_time', 3, 'timestamp']]);
      const result = check(table('day'), live, [a, b], [footer(a, STANDARD_COLUMNS), old]);
      expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'schema-drift', path: b, detail: expect.stringContaining('re-added') }));
    });

    it('should report a promoted type', () => {
      const old = footer(b, [['id', 1, 'int32'], ['region', 2, 'string'], ['obs_time', 3, 'timestamp']]);
      const result = check(table('day'), live, [a, b], [footer(a, STANDARD_COLUMNS), old]);
      expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'schema-drift', path: b, detail: expect.stringContaining('type promotion') }));
    });
  });
});
