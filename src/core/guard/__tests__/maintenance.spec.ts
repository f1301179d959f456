import { GuardAnalyzer, GuardPolicy, GuardScope } from '../index';

const analyzer = new GuardAnalyzer(
  new GuardPolicy({
    protected: [{ table: 'lake.obs.observations', location: 's3://lake/warehouse/obs/observations' }],
    protectedPaths: [],
    allowedPaths: []
  })
);

const findingsOf = (cell: string) => analyzer.analyzeCell(cell, new GuardScope()).findings;

describe('GuardAnalyzer', () => {
  describe('#analyzeCell on maintenance of a protected table', () => {
    it('should name a CALL built from constants as maintenance of the table', () => {
      const cell = [
        'CATALOG = "lake"',
        'TABLE = "obs.observations"',
        `spark.sql(f"CALL {CATALOG}.system.rewrite_data_files(table => '{TABLE}', where => \\"k = 1\\")")`
      ].join('\n');
      expect(findingsOf(cell)).toEqual([
        {
          line: 3,
          operation: 'CALL lake.system.rewrite_data_files (maintenance)',
          target: 'lake.obs.observations',
          table: 'lake.obs.observations',
          maintenance: true
        }
      ]);
    });

    it('should take a catalog known only at run time for any catalog', () => {
      const cell = 'import os\nspark.sql(f"CALL {os.environ[\'CAT\']}.system.expire_snapshots(\'obs.observations\', TIMESTAMP \'2024-01-01\')")';
      expect(findingsOf(cell).map(f => [f.operation, f.table])).toEqual([
        ['CALL {…}.system.expire_snapshots (maintenance)', 'lake.obs.observations']
      ]);
    });

    it('should report a file removed through the table’s FileIO, as the repair script does', () => {
      const cell = [
        'jvm = spark._jvm',
        'io = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "lake.obs.observations").io()',
        'for path in ["s3://lake/warehouse/obs/observations/data/k=1/old.parquet"]:',
        '    io.deleteFile(path)'
      ].join('\n');
      expect(findingsOf(cell)).toEqual([
        {
          line: 4,
          operation: 'Iceberg FileIO.deleteFile (maintenance)',
          target: 'lake.obs.observations',
          table: 'lake.obs.observations',
          maintenance: true
        }
      ]);
    });

    it('should report a Java API change when it commits, and a property change as a plain write', () => {
      const cell = [
        't = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "lake.obs.observations")',
        't.expireSnapshots().expireSnapshotId(1).commit()',
        't.updateProperties().set("write.delete.mode", "copy-on-write").commit()',
        't.updateProperties().set("a", "b")'
      ].join('\n');
      expect(findingsOf(cell).map(f => [f.line, f.operation, f.maintenance ?? false])).toEqual([
        [2, 'Iceberg Table.expireSnapshots().commit (maintenance)', true],
        [3, 'Iceberg Table.updateProperties().commit', false]
      ]);
    });

    it('should not report maintenance of another table, a procedure that only reads, or text that mentions CALL', () => {
      expect(findingsOf("spark.sql(\"CALL lake.system.rewrite_data_files(table => 'scratch.copy')\")")).toEqual([]);
      expect(findingsOf("spark.sql(\"CALL lake.system.ancestors_of('obs.observations')\")")).toEqual([]);
      expect(findingsOf("print(\"CALL lake.system.expire_snapshots(table => 'obs.observations')\")")).toEqual([]);
    });
  });
});
