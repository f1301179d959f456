import type { RepairAction } from '../../repair/actions';
import { repairScript, standaloneRepairScript } from '../../repair/script';
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
      const cell = "import os\nspark.sql(f\"CALL {os.environ['CAT']}.system.expire_snapshots('obs.observations', TIMESTAMP '2024-01-01')\")";
      expect(findingsOf(cell).map(f => [f.operation, f.table])).toEqual([['CALL {…}.system.expire_snapshots (maintenance)', 'lake.obs.observations']]);
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

    it('should follow a table through a class instance and a lambda, as helper functions pass it', () => {
      const cell = [
        'class Target:',
        '    def __init__(self, catalog, name):',
        '        self.catalog = catalog',
        '        self.name = name',
        '',
        'def with_settings(run):',
        '    return run()',
        '',
        'def rewrite(table, where):',
        "    statement = f\"CALL {table.catalog}.system.rewrite_data_files(table => '{table.name}', where => '{where}')\"",
        '    return with_settings(lambda: spark.sql(statement).collect())',
        '',
        'rewrite(Target("lake", "lake.obs.observations"), "k = 1")',
        'rewrite(Target(catalog="lake", name="lake.scratch.copy"), "k = 2")'
      ].join('\n');
      expect(findingsOf(cell).map(f => [f.line, f.operation, f.table])).toEqual([
        [13, 'CALL lake.system.rewrite_data_files (maintenance)', 'lake.obs.observations']
      ]);
    });

    it('should not report maintenance of another table, a procedure that only reads, or text that mentions CALL', () => {
      expect(findingsOf('spark.sql("CALL lake.system.rewrite_data_files(table => \'scratch.copy\')")')).toEqual([]);
      expect(findingsOf('spark.sql("CALL lake.system.ancestors_of(\'obs.observations\')")')).toEqual([]);
      expect(findingsOf('print("CALL lake.system.expire_snapshots(table => \'obs.observations\')")')).toEqual([]);
    });
  });

  describe('#analyzeCell on the repair scripts the plans print', () => {
    const table = { catalog: 'lake', namespace: ['obs'], name: 'observations' };
    const file = (name: string) => ({ path: `s3://lake/warehouse/obs/observations/data/k=1/${name}.parquet`, bytes: 100 });
    const actions: [RepairAction, string][] = [
      [{ kind: 'rewrite', where: 'k = 1', partitions: ['k=1'], files: [file('a')] }, 'CALL lake.system.rewrite_data_files (maintenance)'],
      [{ kind: 'expire', snapshotIds: [5n, 6n], files: [file('b')] }, 'CALL lake.system.expire_snapshots (maintenance)'],
      [{ kind: 'remove-files', files: [file('c')] }, 'Iceberg FileIO.deleteFile (maintenance)']
    ];

    it.each(actions.map(([action, operation]) => [action.kind, action, operation] as const))(
      'should flag the %s step as maintenance of its table',
      (_, action, operation) => {
        const input = { table, snapshot: 7n, steps: [{ title: 'Step', action }], dryRun: false };
        for (const script of [repairScript(input), standaloneRepairScript([input], [])]) {
          const findings = analyzer.analyzeCell(script, new GuardScope());
          expect(findings.error).toBeUndefined();
          expect(findings.findings.map(f => [f.operation, f.table, f.maintenance])).toEqual([[operation, 'lake.obs.observations', true]]);
        }
      }
    );
  });
});
