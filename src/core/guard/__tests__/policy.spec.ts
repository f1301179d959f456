import { HOLE, normalisePath } from '../paths';
import { ANY, GuardPolicy } from '../policy';

const policy = new GuardPolicy(
  {
    protected: [
      { table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' },
      { table: 'lake.obs.stations', location: 's3a://lake/warehouse/obs/stations/' },
      { table: 'lake.a.b.deep', location: 'file:///data/lake/a/b/deep' }
    ],
    protectedPaths: ['s3://raw/instruments'],
    allowedPaths: ['s3://raw/instruments/tmp']
  },
  ['/home/me/curated']
);

describe('normalisePath', () => {
  it.each([
    ['s3a://lake//warehouse/obs/', 's3', ['lake', 'warehouse', 'obs']],
    ['s3n://lake/warehouse/../obs/./x', 's3', ['lake', 'obs', 'x']],
    ['file:///data/lake', '', ['data', 'lake']],
    ['file:/data/lake', '', ['data', 'lake']],
    ['/data/../../etc', '', ['etc']],
    ['S3://Lake/x', 's3', ['Lake', 'x']]
  ])('should normalise %s', (raw, scheme, segments) => {
    expect(normalisePath(raw)).toEqual({ scheme, segments });
  });

  it('should resolve relative paths only against a known directory', () => {
    expect(normalisePath('out/x.parquet')).toBeNull();
    expect(normalisePath('../lake/x', '/home/me/work')).toEqual({ scheme: '', segments: ['home', 'me', 'lake', 'x'] });
  });
});

describe('GuardPolicy', () => {
  describe('#matchPath', () => {
    it.each([
      ['s3://lake/warehouse/obs/observations/data/x.parquet', 'write', ['lake.obs.observations']],
      ['s3a://lake/warehouse/obs/observations', 'write', ['lake.obs.observations']],
      ['s3://lake/warehouse/obs/observations_v2/data', 'write', []],
      ['s3://lake/warehouse/obs/observations.bak', 'write', []],
      ['s3://lake/warehouse/obs', 'write', []],
      ['s3://lake/warehouse/obs', 'delete', ['lake.obs.observations', 'lake.obs.stations']],
      ['/data/lake/a/b/deep/data/f.parquet', 'write', ['lake.a.b.deep']],
      ['s3://raw/instruments/ctd/1.cnv', 'write', [null]],
      ['s3://raw/instruments/tmp/1.cnv', 'write', []],
      ['s3://raw', 'delete', [null]],
      ['/home/me/curated/x.csv', 'write', [null]],
      ['gs://lake/warehouse/obs/observations', 'write', []]
    ] as const)('should match %s (%s) to %j', (target, effect, tables) => {
      expect(policy.matchPath(target, effect).map(m => m.table)).toEqual(tables);
    });

    it.each([
      [`s3://lake/warehouse/obs/observations/data/run=${HOLE}`, ['lake.obs.observations']],
      [`s3://lake/warehouse/obs/${HOLE}`, ['lake.obs.observations', 'lake.obs.stations']],
      [`s3://lake/warehouse/obs/obs${HOLE}`, ['lake.obs.observations']],
      [`s3://lake/warehouse/obs/observations_${HOLE}`, []],
      [`s3://lake/${HOLE}`, []],
      [`s3://raw/instruments/tmp/${HOLE}`, []],
      [`${HOLE}/observations`, []]
    ])('should match the partly known target %s to %j', (target, tables) => {
      expect(policy.matchPath(target, 'write').map(m => m.table)).toEqual(tables);
    });
  });

  describe('#matchTable', () => {
    it.each([
      [['lake', 'obs', 'observations'], ['lake.obs.observations']],
      [['LAKE', 'Obs', 'Observations'], ['lake.obs.observations']],
      [[ANY, 'obs', 'stations'], ['lake.obs.stations']],
      [[ANY, ANY, 'deep'], ['lake.a.b.deep']],
      [['other', 'obs', 'stations'], []],
      [['lake', 'obs', 'observations_v2'], []]
    ])('should match %j to %j', (parts, tables) => {
      expect(policy.matchTable(parts).map(m => m.table)).toEqual(tables);
    });

    it('should match every table of a namespace', () => {
      expect(policy.matchTable(['lake', 'obs'], true).map(m => m.table)).toEqual(['lake.obs.observations', 'lake.obs.stations']);
    });
  });

  describe('#keywords', () => {
    it('should list buckets, table folders and identifier parts', () => {
      expect(policy.keywords).toEqual(expect.arrayContaining(['lake', 'observations', 'stations', 'obs', 'raw', 'instruments', 'curated']));
    });
  });
});
