import type { Finding, PartitionStats, TableDetails, Verdict } from '../../../core/api/wire';
import { orderBars, partitionOverview, type IPartitionBar } from '../partitions';

const ROOT = 'file:///lake/survey/observations/data';

function details(partitions: PartitionStats[], dataRoot = ROOT): TableDetails {
  return { dataRoot, partitions } as TableDetails;
}

function stats(path: string, fileCount: number, recordCount: number, totalBytes: number): PartitionStats {
  return { path, fileCount, recordCount, totalBytes };
}

function verdict(findings: Finding[], extra: Partial<Verdict> = {}): Verdict {
  return { table: 'demo.survey.observations', status: 'drift', snapshot: 1n, layout: null, findings, ...extra };
}

function finding(kind: Finding['kind'], path: string, changesRows = true, extra: Partial<Finding> = {}): Finding {
  return { kind, path, detail: `${kind} ${path}`, changesRows, ...extra };
}

function flags(bars: IPartitionBar[]): Record<string, [number, string[]]> {
  return Object.fromEntries(bars.map(bar => [bar.path, [bar.flaggedFiles, bar.flaggedKinds]]));
}

const HIVE = [stats('region=EU/night=1', 2, 100, 2000), stats('region=EU/night=2', 1, 40, 900), stats('region=US/night=1', 3, 300, 5000)];

describe('partitionOverview', () => {
  it('should count nothing flagged before a check', () => {
    const overview = partitionOverview(details(HIVE), null);
    expect(overview.bars.map(b => [b.path, b.live, b.flaggedFiles])).toEqual([
      ['region=EU/night=1', true, 0],
      ['region=EU/night=2', true, 0],
      ['region=US/night=1', true, 0]
    ]);
    expect(overview.flaggedPartitions).toBe(0);
    expect(overview.max).toEqual({ records: 300, bytes: 5000, files: 3 });
  });

  it('should flag the partition whose directories hold a row-changing finding, and ignore layout notes', () => {
    const overview = partitionOverview(
      details(HIVE),
      verdict([
        finding('stale-file', `${ROOT}/region=EU/night=2/00000-old.parquet`),
        finding('stale-file', `${ROOT}/region=EU/night=2/00001-old.parquet`),
        finding('partition-mismatch', `${ROOT}/region=EU/night=2/00001-old.parquet`),
        finding('extra-column', `${ROOT}/night=`, false)
      ])
    );
    expect(flags(overview.bars)).toEqual({
      'region=EU/night=1': [0, []],
      'region=EU/night=2': [2, ['partition-mismatch', 'stale-file']],
      'region=US/night=1': [0, []]
    });
    expect(overview.flaggedPartitions).toBe(1);
    expect(overview.wholeTree).toEqual([]);
  });

  it('should add a bar for a directory Dask reads that holds no live file', () => {
    const overview = partitionOverview(details(HIVE), verdict([finding('stale-file', `${ROOT}/region=XX/night=9/gone.parquet`)]));
    const added = overview.bars[overview.bars.length - 1];
    expect(added).toEqual({
      path: 'region=XX/night=9',
      fileCount: 0,
      recordCount: 0,
      totalBytes: 0,
      live: false,
      flaggedFiles: 1,
      flaggedKinds: ['stale-file']
    });
    expect(overview.bars).toHaveLength(4);
  });

  it('should flag the data file a deletion vector deletes from, not the Puffin file Dask never reads', () => {
    const dataFile = `${ROOT}/region=US/night=1/00002-data.parquet`;
    const overview = partitionOverview(
      details(HIVE),
      verdict(
        [
          finding('delete-file', `${ROOT}/00007-deletes.puffin`, true, { referencedDataFile: dataFile, deletedRows: 3 }),
          finding('delete-file', `${ROOT}/region=EU/night=1/00003-deletes.parquet`, true, {
            referencedDataFile: `${ROOT}/region=EU/night=1/00001-data.parquet`,
            deletedRows: 2
          })
        ],
        { deletes: { affectedDataFiles: [dataFile, `${ROOT}/region=EU/night=1/00001-data.parquet`], deletedRows: 5 } }
      )
    );
    // The position-delete Parquet file sits in the tree and Dask reads it as data: it counts too.
    expect(flags(overview.bars)).toEqual({
      'region=EU/night=1': [2, ['delete-file']],
      'region=EU/night=2': [0, []],
      'region=US/night=1': [1, ['delete-file']]
    });
    expect(overview.bars.every(bar => bar.live)).toBe(true);
  });

  it('should place files under hashed object-storage prefixes by their k=v directories', () => {
    const root = 's3://lake/legacy/data';
    const overview = partitionOverview(
      details([stats('station=a%2Fb', 1, 10, 100), stats('station=c', 1, 10, 100)], root),
      verdict([finding('stale-file', `${root}/0110/1010/0011/10110001/station=a%2Fb/00000.parquet`)])
    );
    expect(flags(overview.bars)).toEqual({ 'station=a%2Fb': [1, ['stale-file']], 'station=c': [0, []] });
  });

  it('should flag a live partition for an unlisted file outside the root, and count the rest as outside', () => {
    const overview = partitionOverview(
      details(HIVE),
      verdict([
        finding('unlisted-file', 'file:///elsewhere/region=EU/night=1/added.parquet'),
        finding('unlisted-file', 'file:///elsewhere/region=ZZ/night=1/added.parquet'),
        finding('unlisted-file', '/elsewhere/loose.parquet')
      ])
    );
    expect(flags(overview.bars)['region=EU/night=1']).toEqual([1, ['unlisted-file']]);
    expect(overview.bars).toHaveLength(3);
    expect(overview.flaggedOutside).toBe(2);
  });

  it('should compare locations after normalisation (plain paths against file: URIs, trailing slashes)', () => {
    const overview = partitionOverview(
      details(HIVE, 'file:/lake/survey/observations/data/'),
      verdict([finding('stale-file', '/lake/survey/observations/data/region=US/night=1/x.parquet')])
    );
    expect(flags(overview.bars)['region=US/night=1']).toEqual([1, ['stale-file']]);
  });

  it('should report findings about the data root itself as concerning the whole tree', () => {
    const root = finding('schema-drift', ROOT);
    const overview = partitionOverview(details(HIVE), verdict([root, finding('schema-drift', `${ROOT}/`)]));
    expect(overview.wholeTree).toHaveLength(2);
    expect(overview.flaggedPartitions).toBe(0);
  });

  it('should read a finding that names a partition directory as that partition', () => {
    const overview = partitionOverview(details(HIVE), verdict([finding('spec-evolution', `${ROOT}/region=EU/night=2`)]));
    expect(flags(overview.bars)['region=EU/night=2']).toEqual([1, ['spec-evolution']]);
  });

  it('should give an unpartitioned table one bar, the data root, that files directly in it flag', () => {
    const overview = partitionOverview(details([stats('', 4, 1000, 8000)]), verdict([finding('stale-file', `${ROOT}/00000-old.parquet`)]));
    expect(flags(overview.bars)).toEqual({ '': [1, ['stale-file']] });
  });

  it('should treat findings without changesRows (older verdicts) as row-changing unless informational', () => {
    const old = (kind: Finding['kind'], path: string) => ({ kind, path, detail: '' }) as Finding;
    const overview = partitionOverview(
      details(HIVE),
      verdict([old('stale-file', `${ROOT}/region=EU/night=1/a.parquet`), old('extra-column', `${ROOT}/region=US/night=1/b.parquet`)])
    );
    expect(overview.bars.map(bar => bar.flaggedFiles)).toEqual([1, 0, 0]);
  });
});

describe('orderBars', () => {
  const bars = partitionOverview(
    details([stats('night=10', 1, 5, 10), stats('night=2', 2, 50, 5), stats('night=1', 3, 20, 20)], ROOT),
    verdict([finding('stale-file', `${ROOT}/night=10/x.parquet`)])
  ).bars;

  it('should sort partition paths with numbers in numeric order', () => {
    expect(orderBars(bars, 'path', 'records').map(b => b.path)).toEqual(['night=1', 'night=2', 'night=10']);
  });

  it('should put the partitions with flagged files first, the rest in path order', () => {
    expect(orderBars(bars, 'flagged', 'records').map(b => b.path)).toEqual(['night=10', 'night=1', 'night=2']);
  });

  it('should put the largest partition first by the metric the bars show', () => {
    expect(orderBars(bars, 'largest', 'records').map(b => b.path)).toEqual(['night=2', 'night=1', 'night=10']);
    expect(orderBars(bars, 'largest', 'bytes').map(b => b.path)).toEqual(['night=1', 'night=10', 'night=2']);
    expect(orderBars(bars, 'largest', 'files').map(b => b.path)).toEqual(['night=1', 'night=2', 'night=10']);
  });

  // Linear work finishes in well under a second; anything quadratic in partitions × findings takes minutes.
  it('should stay fast with thousands of partitions and findings', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => stats(`region=R${i % 50}/night=${i}`, 1, i, i * 10));
    const findings = Array.from({ length: 50_000 }, (_, i) => finding('stale-file', `${ROOT}/region=R${i % 50}/night=${i % 20_000}/old-${i}.parquet`));
    const started = performance.now();
    const overview = partitionOverview(details(many), verdict(findings));
    orderBars(overview.bars, 'flagged', 'records');
    expect(overview.flaggedPartitions).toBe(20_000);
    expect(overview.bars.reduce((n, bar) => n + bar.flaggedFiles, 0)).toBe(50_000);
    expect(performance.now() - started).toBeLessThan(6000);
  });
});
