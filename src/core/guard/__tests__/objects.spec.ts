import { GuardAnalyzer, GuardPolicy, GuardScope } from '../index';

const analyzer = new GuardAnalyzer(
  new GuardPolicy({
    protected: [{ table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' }],
    protectedPaths: [],
    allowedPaths: []
  })
);

function findings(cell: string) {
  return analyzer.analyzeCell(cell, new GuardScope()).findings.map(f => [f.line, f.operation, f.target]);
}

describe('GuardAnalyzer', () => {
  describe('#analyzeCell on library objects held in names', () => {
    it('should report a method writing to a table `__init__` bound on self once, fully resolved', () => {
      const cell = [
        'from pyiceberg.catalog import load_catalog',
        'class Job:',
        '    def __init__(self):',
        '        self.catalog = load_catalog("lake")',
        '    def run(self, batch):',
        '        self.catalog.load_table("obs.observations").append(batch)'
      ].join('\n');
      expect(findings(cell)).toEqual([[6, 'table.append', 'lake.obs.observations']]);
    });

    it('should read a pyarrow or fsspec file system’s bucket/key paths in its store', () => {
      const cell = [
        'import pyarrow.fs as pafs, fsspec',
        's3 = pafs.S3FileSystem()',
        'local = fsspec.filesystem("file")',
        's3.delete_dir("lake/warehouse/obs/observations/data")',
        'local.rm("lake/warehouse/obs/observations/data")'
      ].join('\n');
      expect(findings(cell)).toEqual([[4, 'delete_dir', 's3://lake/warehouse/obs/observations/data']]);
    });

    it('should know the FileInfo paths listed under a FileSelector are below its folder', () => {
      const cell = [
        'from pyarrow import fs',
        's3 = fs.S3FileSystem()',
        'for info in s3.get_file_info(fs.FileSelector("lake/warehouse/obs/observations/data", recursive=True)):',
        '    s3.delete_file(info.path)'
      ].join('\n');
      expect(findings(cell)).toEqual([[4, 'delete_file', 's3://lake/warehouse/obs/observations/data/{…}']]);
    });

    it('should count deltalake’s vacuum as a delete only with dry_run=False, and Spark’s always', () => {
      const cell = [
        'from deltalake import DeltaTable',
        'from delta.tables import DeltaTable as SparkDeltaTable',
        'dt = DeltaTable("s3://lake/warehouse/obs/observations")',
        'dt.vacuum()',
        'dt.vacuum(dry_run=False)',
        'SparkDeltaTable.forPath(spark, "s3://lake/warehouse/obs/observations").vacuum()'
      ].join('\n');
      expect(findings(cell)).toEqual([
        [5, 'DeltaTable.vacuum', 's3://lake/warehouse/obs/observations'],
        [6, 'DeltaTable.vacuum', 's3://lake/warehouse/obs/observations']
      ]);
    });
  });
});
