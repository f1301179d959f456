import { generateSnippet, SnippetError } from '..';
import { IncompatiblePartitioningError } from '../partitioning';
import { BY_REGION_AND_DAY, LOCAL_SQL, metadata, S3_REST, table } from './fixtures';

const SECRET_LOOKING = /(access-key-id|secret-access-key|credential)"\s*:\s*"/;

describe('generateSnippet', () => {
  describe('#dask read', () => {
    it('should read the data root without directory values for columns stored in the files', () => {
      const { code, variable } = generateSnippet({ engine: 'dask', variant: 'read', tables: [table('obs')] });
      expect(variable).toBe('obs');
      expect(code).toContain('obs = dd.read_parquet(\n    "file:///lake/warehouse/sci/obs/data",');
      expect(code).toContain('dataset={"partitioning": None},');
      expect(code).toContain('# region is stored inside the files');
      expect(code).toContain('Read-only');
      expect(code).not.toContain('storage_options');
      expect(code.trimEnd().endsWith('obs.head()')).toBe(true);
    });

    it('should give transform columns explicit Arrow types', () => {
      const { code } = generateSnippet({ engine: 'dask', variant: 'read', tables: [table('obs', { partition: BY_REGION_AND_DAY })] });
      expect(code).toContain('dataset={"partitioning": pa_ds.HivePartitioning(pa.schema([("obs_time_day", pa.date32())]), null_fallback="null")},');
      expect(code).toContain('import pyarrow.dataset as pa_ds');
    });

    it('should pass S3 settings but no credentials', () => {
      const { code } = generateSnippet({ engine: 'dask', variant: 'read', tables: [table('obs', { catalog: S3_REST, dataRoot: 's3a://bucket/obs/data' })] });
      expect(code).toContain('"endpoint_url": "http://127.0.0.1:9000"');
      expect(code).toContain('"addressing_style": "path"');
      expect(code).toContain('storage_options=storage_options,');
      expect(code).toContain('"s3://bucket/obs/data"');
      expect(code).not.toMatch(/"(key|secret|token)":/);
    });

    it("should connect to the admin's scheduler unless the kernel has a client", () => {
      const { code } = generateSnippet({ engine: 'dask', variant: 'read', tables: [table('obs')], profiles: { dask: { scheduler: 'tcp://10.0.0.1:8786' } } });
      expect(code).toContain('client = Client.current()');
      expect(code).toContain('client = Client("tcp://10.0.0.1:8786")');
    });
  });

  describe('#dask pinned', () => {
    it('should read the current snapshot through its metadata file', () => {
      const { code, variable } = generateSnippet({ engine: 'dask', variant: 'pinned', tables: [table('obs')] });
      expect(variable).toBe('obs');
      expect(code).toContain('StaticTable.from_metadata(\n    "file:///lake/warehouse/sci/obs/metadata/00002-abc.metadata.json",\n)');
      expect(code).toContain('obs_table.scan(snapshot_id=obs_table.metadata.current_snapshot_id)');
      expect(code).toContain('dd.from_map(read_obs_file, obs_files or [None], meta=read_obs_file(None))');
    });

    it('should pin a chosen snapshot', () => {
      const { code } = generateSnippet({ engine: 'dask', variant: 'pinned', tables: [table('obs')], snapshotId: 101n });
      expect(code).toContain('scan(snapshot_id=101)');
    });

    it('should keep every digit of a 64-bit snapshot id given as a string', () => {
      const big = table('obs', { metadata: metadata([{ id: 1, name: 'id', required: false, type: 'long' }], [], [1341315284369534572n, 2n]) });
      const { code } = generateSnippet({ engine: 'dask', variant: 'pinned', tables: [big], snapshotId: '1341315284369534572' });
      expect(code).toContain('scan(snapshot_id=1341315284369534572)');
    });

    it('should refuse a snapshot the metadata does not have', () => {
      expect(() => generateSnippet({ engine: 'dask', variant: 'pinned', tables: [table('obs')], snapshotId: 7n })).toThrow('lake.sci.obs has no snapshot 7');
    });

    it('should refuse a table without snapshots', () => {
      const empty = table('obs');
      empty.metadata.snapshots = [];
      empty.metadata.currentSnapshotId = undefined;
      expect(() => generateSnippet({ engine: 'dask', variant: 'pinned', tables: [empty] })).toThrow('has no snapshot yet');
    });
  });

  describe('#spark read', () => {
    it('should configure the JDBC catalog and reuse an active session', () => {
      const { code, variable } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs')] });
      expect(variable).toBe('obs');
      expect(code).toContain('"spark.sql.catalog.lake": "org.apache.iceberg.spark.SparkCatalog"');
      expect(code).toContain('"spark.sql.catalog.lake.uri": "jdbc:sqlite:/lake/catalog.db"');
      expect(code).toContain('"spark.sql.catalog.lake.jdbc.schema-version": "V1"');
      expect(code).toContain('spark = SparkSession.getActiveSession()');
      expect(code).toContain('f"org.apache.iceberg:iceberg-spark-runtime-{spark_minor}_{scala}:" + "1.10.0"');
      expect(code).toContain('"org.xerial:sqlite-jdbc:3.46.1.3"');
      expect(code).toContain('obs = spark.table("lake.sci.obs")');
      expect(code).toContain('# obs = obs.where((obs["region"] == "value"))');
    });

    it("should configure PostgreSQL's JDBC driver and read the password from the catalog's URI at run time", () => {
      const catalog = {
        name: 'pg',
        kind: 'sql' as const,
        uri: 'jdbc:postgresql://db:5432/lake?sslmode=require',
        properties: { 'jdbc.user': 'sci' },
        secrets: { 'jdbc.password': { catalog: 'pg', property: 'uri', uriPassword: true } },
        storage: { kind: 'local' as const }
      };
      const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs', { catalog })] });
      expect(code).toContain('"spark.sql.catalog.pg.uri": "jdbc:postgresql://db:5432/lake?sslmode=require"');
      expect(code).toContain('"spark.sql.catalog.pg.jdbc.user": "sci"');
      expect(code).toContain(
        '"spark.sql.catalog.pg.jdbc.password": urllib.parse.unquote(urllib.parse.urlsplit(Config().get_catalog_config("pg").get("uri")).password or "")'
      );
      expect(code).toContain('import urllib.parse');
      expect(code).toContain('"org.postgresql:postgresql:42.7.14"');
    });

    it('should reference REST and S3 secrets from the environment', () => {
      const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs', { catalog: S3_REST })] });
      expect(code).toContain('"spark.sql.catalog.rest.type": "rest"');
      expect(code).toContain('"spark.sql.catalog.rest.credential": os.environ.get("PYICEBERG_CATALOG__REST__CREDENTIAL")');
      expect(code).toContain('"spark.sql.catalog.rest.s3.access-key-id": os.environ.get("AWS_ACCESS_KEY_ID")');
      expect(code).toContain('"spark.sql.catalog.rest.io-impl": "org.apache.iceberg.aws.s3.S3FileIO"');
      expect(code).toContain('org.apache.iceberg:iceberg-aws-bundle:1.10.0');
      expect(code).not.toMatch(SECRET_LOOKING);
    });

    it('should say that the first run downloads the packages it names', () => {
      const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs')] });
      const comment = code.indexOf('    # The first run downloads these packages once, into ~/.ivy2;');
      expect(comment).toBeGreaterThan(-1);
      expect(code.indexOf('.config("spark.jars.packages"')).toBeGreaterThan(comment);
    });

    it("should use the admin's jars or Spark Connect instead of Maven coordinates", () => {
      const jars = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs')], profiles: { spark: { jars: ['/opt/a.jar', '/opt/b.jar'] } } });
      expect(jars.code).toContain('.config("spark.jars", "/opt/a.jar,/opt/b.jar")');
      expect(jars.code).not.toContain('spark.jars.packages');
      expect(jars.code).not.toContain('The first run downloads');
      const remote = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs')], profiles: { spark: { remote: 'sc://spark:15002' } } });
      expect(remote.code).toContain('SparkSession.builder.remote("sc://spark:15002").getOrCreate()');
    });

    it('should quote identifiers Spark cannot parse bare', () => {
      const { code, variable } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('my-table')] });
      expect(code).toContain('my_table = spark.table("lake.sci.`my-table`")');
      expect(variable).toBe('my_table');
    });
  });

  describe('#join', () => {
    const obs = table('obs', { partition: BY_REGION_AND_DAY });
    const events = table('events', { partition: BY_REGION_AND_DAY });

    it('should join in Spark with storage-partitioned join settings', () => {
      const { code, variable } = generateSnippet({ engine: 'spark', variant: 'join', tables: [obs, events] });
      expect(variable).toBe('obs_events');
      expect(code).toContain('"spark.sql.sources.v2.bucketing.enabled": "true"');
      expect(code).toContain('"spark.sql.iceberg.planning.preserve-data-grouping": "true"');
      expect(code).toContain('spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")');
      expect(code).toContain('obs_events = obs.join(events, ["region", "obs_time"], "inner")');
    });

    it('should join in Dask partition by partition', () => {
      const { code, variable } = generateSnippet({ engine: 'dask', variant: 'join', tables: [obs, events] });
      expect(variable).toBe('obs_events');
      expect(code).toContain('hive_partitions("file:///lake/warehouse/sci/obs/data", ["region", "obs_time_day"], {})');
      expect(code).toContain('left.merge(right, on=["region", "obs_time"], how="inner", suffixes=("", "_events"))');
      expect(code).toContain('obs_events = dd.from_map(join_partition, pairs)');
    });

    it('should name a self-join apart', () => {
      expect(generateSnippet({ engine: 'dask', variant: 'join', tables: [obs, obs] }).variable).toBe('obs_obs_2');
    });

    it('should refuse incompatible partitioning', () => {
      expect(() => generateSnippet({ engine: 'dask', variant: 'join', tables: [obs, table('stations')] })).toThrow(IncompatiblePartitioningError);
    });

    it('should need two tables', () => {
      expect(() => generateSnippet({ engine: 'spark', variant: 'join', tables: [obs] })).toThrow('needs two tables, got 1');
    });
  });

  describe('#errors', () => {
    it('should refuse a Spark pinned read', () => {
      expect(() => generateSnippet({ engine: 'spark', variant: 'pinned', tables: [table('obs')] })).toThrow(SnippetError);
    });

    it('should refuse unknown variants and engines', () => {
      expect(() => generateSnippet({ engine: 'dask', variant: 'stream' as never, tables: [table('obs')] })).toThrow("Unknown variant 'stream'");
      expect(() => generateSnippet({ engine: 'flink' as never, variant: 'read', tables: [table('obs')] })).toThrow("Unknown engine 'flink'");
    });

    it('should refuse two tables outside a join', () => {
      expect(() => generateSnippet({ engine: 'dask', variant: 'read', tables: [table('a'), table('b')] })).toThrow('use --variant join for two');
    });
  });
});

describe('generateSnippet with catalog-configured S3 keys', () => {
  const catalog = {
    ...S3_REST,
    storage: {
      ...S3_REST.storage,
      credentials: { accessKeyId: { catalog: 'rest', property: 's3.access-key-id' }, secretAccessKey: { catalog: 'rest', property: 's3.secret-access-key' } }
    }
  };

  it("should read the keys from the kernel's pyiceberg configuration in every engine", () => {
    for (const [engine, variant] of [
      ['spark', 'read'],
      ['dask', 'read'],
      ['dask', 'pinned']
    ] as const) {
      const { code } = generateSnippet({ engine, variant, tables: [table('obs', { catalog })] });
      expect(code).toContain('from pyiceberg.utils.config import Config');
      expect(code).toContain('Config().get_catalog_config("rest").get("s3.secret-access-key")');
    }
  });
});

describe('generateSnippet with hostile names', () => {
  // A table, a namespace and a partition value that try to end a string, a comment and a SQL identifier.
  const hostile = table('obs"\nimport os#', { examplePartitionPath: "region=x%22%29%0Aimport%20os%23%E2%80%A8'" });
  hostile.id.namespace = ['sci', 'a`b.c\u2028'];

  it('should keep every name inside its literal or comment in the Dask read', () => {
    expect(generateSnippet({ engine: 'dask', variant: 'read', tables: [hostile] }).code).toBe(
      [
        '# Dask: lake.sci.a`b.c\\u2028.obs"\\x0aimport os# read as Hive partitions under its data root.',
        "# Read-only: write through Iceberg (Spark or pyiceberg), never with Dask's to_parquet, or Iceberg will not see it.",
        'import dask.dataframe as dd',
        '',
        'obs_import_os = dd.read_parquet(',
        '    "file:///lake/warehouse/sci/obs\\"\\nimport os#/data",',
        '    # region is stored inside the files: read from there, not from directory names.',
        '    dataset={"partitioning": None},',
        "    # Example: only the rows where region = 'x\")\\x0aimport os#\\u2028'''; the filter editor or --where also skips the other partitions.",
        '    # filters=[("region", "==", "x\\")\\nimport os#\\u2028\'")],',
        ')',
        'obs_import_os.head()',
        ''
      ].join('\n')
    );
  });

  it('should quote Spark identifiers and literals inside one Python string', () => {
    const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [hostile] });
    expect(code).toContain('\nobs_import_os = spark.table("lake.sci.`a``b.c\\u2028`.`obs\\"\\nimport os#`")\n');
    expect(code).toContain('\n# obs_import_os = obs_import_os.where((obs_import_os["region"] == "x\\")\\nimport os#\\u2028\'"))\n');
  });

  it('should rename columns the files store under escaped names', () => {
    const spaced = table('obs', {
      fields: [
        { id: 1, name: 'id', required: false, type: 'long' },
        { id: 2, name: 'my region', required: false, type: 'string' }
      ]
    });
    const { code } = generateSnippet({ engine: 'dask', variant: 'read', tables: [spaced] });
    expect(code).toContain('# filters=[("my_x20region", "==", "value")],\n)\n');
    expect(code).toContain('obs = obs.rename(columns={\n    "my_x20region": "my region",\n})\n');
  });

  it("should parse a name holding a $ with Spark's variable substitution off", () => {
    const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs${env:HOME}')] });
    expect(code).toContain(
      [
        '# A "$" in these names is data: Spark must not expand it as a ${variable}.',
        'substitute = spark.conf.get("spark.sql.variable.substitute")',
        'spark.conf.set("spark.sql.variable.substitute", "false")',
        'try:',
        '    obs_env_home = spark.table("lake.sci.`obs${env:HOME}`")',
        'finally:',
        '    spark.conf.set("spark.sql.variable.substitute", substitute)'
      ].join('\n')
    );
  });

  it('should refuse a dotted catalog name for Spark rather than configure another catalog', () => {
    const dotted = table('obs', { catalog: { ...LOCAL_SQL, name: 'lake.uri' } });
    expect(() => generateSnippet({ engine: 'spark', variant: 'read', tables: [dotted] })).toThrow("Catalog 'lake.uri' has a '.' in its name");
  });

  it("should not let a table called hive rebind the join's hive_partitions helper", () => {
    const hive = table('hive', { partition: BY_REGION_AND_DAY });
    const { code } = generateSnippet({ engine: 'dask', variant: 'join', tables: [hive, table('events', { partition: BY_REGION_AND_DAY })] });
    expect(code).toContain('hive_df_fs, hive_df_partitions = hive_partitions(');
  });
});
