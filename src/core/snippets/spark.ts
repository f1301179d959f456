/**
 * Spark snippets: a SparkSession that knows the table's Iceberg catalog
 * (reusing the kernel's session when there is one), then the table.
 */
import { formatIdentifier } from '../iceberg/model';
import { exampleFilter } from './exampleFilter';
import { filterImports, sparkCondition } from './filterCode';
import type { BoundWhere } from './where';
import { alignPartitioning } from './partitioning';
import { importsOf, pyColumn, pyComment, pyLiteral, pyString, PyCode, sqlQualifiedName } from './emit';
import type { TableNames } from './names';
import { CatalogProfile, SnippetError, SnippetTable, SparkProfile } from './profile';
import { secretReference } from './secretRefs';
import { sparkStorageProperties } from './storage';

/** The Iceberg release whose runtime the default Maven coordinates name. */
export const DEFAULT_ICEBERG_VERSION = '1.10.0';
const SQLITE_JDBC = 'org.xerial:sqlite-jdbc:3.46.1.3';

/** Storage-partitioned join: Spark pairs the tables' partitions instead of shuffling them. */
export const STORAGE_PARTITIONED_JOIN_CONF: Record<string, string> = {
  'spark.sql.sources.v2.bucketing.enabled': 'true',
  'spark.sql.sources.v2.bucketing.pushPartValues.enabled': 'true',
  'spark.sql.sources.v2.bucketing.partiallyClusteredDistribution.enabled': 'true',
  'spark.sql.requireAllClusterKeysForCoPartition': 'false',
  'spark.sql.iceberg.planning.preserve-data-grouping': 'true'
};

/** `spark.sql.catalog.<name>…` entries for a catalog; secrets as `os.environ.get(...)`. */
export function sparkCatalogConf(catalog: CatalogProfile): Record<string, string | PyCode> {
  if (catalog.name.includes('.')) {
    // Spark reads `spark.sql.catalog.a.b` as property `b` of catalog `a`.
    throw new SnippetError(
      `Catalog '${catalog.name}' has a '.' in its name, which Spark's spark.sql.catalog.<name> settings cannot express; rename it in .pyiceberg.yaml to read it from Spark.`
    );
  }
  const prefix = `spark.sql.catalog.${catalog.name}`;
  const properties: Record<string, string | PyCode> = {};
  switch (catalog.kind) {
    case 'sql':
      properties.type = 'jdbc';
      properties.uri = catalog.uri ?? '';
      // V1 is the schema Spark writers use (it adds `iceberg_type`, which pyiceberg ignores).
      properties['jdbc.schema-version'] = 'V1';
      break;
    case 'rest':
      properties.type = 'rest';
      properties.uri = catalog.uri ?? '';
      break;
    case 'hadoop':
      properties.type = 'hadoop';
      break;
    case 'hive':
      // Iceberg's HiveCatalog takes the same comma-separated thrift:// failover list as pyiceberg.
      properties.type = 'hive';
      properties.uri = catalog.uri ?? '';
      break;
    case 'glue':
      // Its Glue client finds credentials as every AWS SDK does (AWS_* variables, profile, role): none are set here.
      properties['catalog-impl'] = 'org.apache.iceberg.aws.glue.GlueCatalog';
      break;
  }
  if (catalog.warehouse) {
    properties.warehouse = catalog.warehouse;
  }
  Object.assign(properties, catalog.properties ?? {});
  for (const [key, ref] of Object.entries(catalog.secrets ?? {})) {
    properties[key] = secretReference(ref);
  }
  Object.assign(properties, sparkStorageProperties(catalog.storage));
  const conf: Record<string, string | PyCode> = { [prefix]: 'org.apache.iceberg.spark.SparkCatalog' };
  for (const [key, value] of Object.entries(properties)) {
    conf[`${prefix}.${key}`] = value;
  }
  return conf;
}

/** `cat.ns.tbl` with backticks where Spark's parser needs them. */
export function sparkTableName(table: SnippetTable): string {
  return sqlQualifiedName([table.id.catalog, ...table.id.namespace, table.id.name]);
}

/**
 * `variable = spark.table("…")` for each table. Spark expands `${…}` in the
 * text it parses (`${env:HOME}` becomes a path), and a quoted identifier has
 * no escape for it, so names holding a `$` are parsed with substitution off.
 */
export function tableReads(reads: { variable: string; table: SnippetTable }[]): string[] {
  const lines = reads.map(({ variable, table }) => `${variable} = spark.table(${pyString(sparkTableName(table))})`);
  if (!reads.some(({ table }) => sparkTableName(table).includes('$'))) {
    return lines;
  }
  return [
    pyComment`A "$" in these names is data: Spark must not expand it as a \${variable}.`,
    'substitute = spark.conf.get("spark.sql.variable.substitute")',
    'spark.conf.set("spark.sql.variable.substitute", "false")',
    'try:',
    ...lines.map(line => `    ${line}`),
    'finally:',
    '    spark.conf.set("spark.sql.variable.substitute", substitute)'
  ];
}

function describeCatalog(catalog: CatalogProfile): string {
  const kind = { sql: 'SQL (JDBC) catalog', rest: 'REST catalog', hadoop: 'Hadoop catalog', hive: 'Hive Metastore catalog', glue: 'AWS Glue catalog' }[
    catalog.kind
  ];
  return `${kind} "${catalog.name}"${catalog.storage.kind === 's3' ? ' on S3' : ''}`;
}

function packagesExpression(catalogs: CatalogProfile[], profile: SparkProfile): string {
  if (profile.packages?.length) {
    return pyString(profile.packages.join(','));
  }
  const iceberg = profile.icebergVersion ?? DEFAULT_ICEBERG_VERSION;
  // The version is a value, so it is a literal of its own, never part of the f-string.
  const parts = [`f"org.apache.iceberg:iceberg-spark-runtime-{spark_minor}_{scala}:" + ${pyString(iceberg)}`];
  if (catalogs.some(c => c.storage.kind === 's3' || c.kind === 'glue')) {
    parts.push(pyString(`org.apache.iceberg:iceberg-aws-bundle:${iceberg}`));
  }
  if (catalogs.some(c => c.kind === 'sql' && (c.uri ?? '').startsWith('jdbc:sqlite:'))) {
    parts.push(pyString(SQLITE_JDBC));
  }
  if (catalogs.some(c => c.kind === 'sql' && (c.uri ?? '').startsWith('jdbc:postgresql:'))) {
    parts.push(pyString('org.postgresql:postgresql:42.7.14'));
  }
  return `",".join([${parts.join(', ')}])`;
}

/** Session code: binds `spark` and makes sure every given catalog is configured on it. */
export function sparkSessionCode(catalogs: CatalogProfile[], profile: SparkProfile = {}): string {
  const conf: Record<string, string | PyCode> = {};
  for (const catalog of catalogs) {
    Object.assign(conf, sparkCatalogConf(catalog));
  }
  const lines: string[] = [];
  if (!profile.remote && !profile.jars?.length && !profile.packages?.length) {
    lines.push('import pyspark');
  }
  lines.push('from pyspark.sql import SparkSession', ...importsOf(conf), '');
  lines.push(`catalog_conf = ${pyLiteral(conf)}`);
  lines.push('catalog_conf = {key: value for key, value in catalog_conf.items() if value is not None}');
  lines.push('', "# Reuse the kernel's session if it has one; only add what it lacks.");
  lines.push('spark = SparkSession.getActiveSession()');
  lines.push('if spark is None:');
  if (profile.remote) {
    // Connect refuses static settings (jars, extensions) from a client; catalog settings are session settings it accepts.
    lines.push(
      '    # The Spark Connect server brings the Iceberg runtime and SQL extensions; the catalog is set on this session below.',
      `    spark = SparkSession.builder.remote(${pyString(profile.remote)}).getOrCreate()`
    );
  } else {
    const builder: string[] = ['SparkSession.builder.appName("dual-layout")'];
    if (profile.master) {
      builder.push(`.master(${pyString(profile.master)})`);
    }
    if (profile.jars?.length) {
      builder.push(`.config("spark.jars", ${pyString(profile.jars.join(','))})`);
    } else {
      if (!profile.packages?.length) {
        lines.push("    # The Iceberg runtime built for this kernel's Spark and Scala versions.");
        lines.push('    spark_minor = ".".join(pyspark.__version__.split(".")[:2])');
        lines.push('    scala = "2.12" if pyspark.__version__.startswith("3.") else "2.13"');
      }
      // spark-submit prints Ivy's report before any setting (log4j included) applies, so the comment explains it.
      lines.push(
        '    # The first run downloads these packages once, into ~/.ivy2; starting a session prints',
        "    # Ivy's resolution report, which no Spark setting silences (it is written before they apply)."
      );
      builder.push(`.config("spark.jars.packages", ${packagesExpression(catalogs, profile)})`);
    }
    builder.push('.config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")');
    for (const [key, value] of Object.entries(profile.conf ?? {})) {
      builder.push(`.config(${pyString(key)}, ${pyString(value)})`);
    }
    builder.push('.config(map=catalog_conf)', '.getOrCreate()');
    lines.push('    spark = (', ...builder.map(b => `        ${b}`), '    )');
  }
  lines.push('for key, value in catalog_conf.items():');
  lines.push('    if spark.conf.get(key, None) is None:');
  lines.push('        spark.conf.set(key, value)');
  return lines.join('\n');
}

export function sparkReadSnippet(table: SnippetTable, variable: string, profile?: SparkProfile, where?: BoundWhere, columns?: string[]): string {
  const example = where ? null : exampleFilter(table);
  const rowsWhere = where ?? example;
  // Spark casts date and timestamp text itself; decimal literals are Python Decimals (the commented example's too).
  const decimal = rowsWhere ? filterImports(rowsWhere).filter(line => line === 'import decimal') : [];
  const lines = [
    pyComment`Spark: ${formatIdentifier(table.id)} through the Iceberg ${describeCatalog(table.catalog)}.
Secrets are read at run time (environment or the kernel's pyiceberg configuration), never written here.`,
    ...decimal,
    sparkSessionCode([table.catalog], profile),
    '',
    ...tableReads([{ variable, table }])
  ];
  if (example) {
    lines.push(pyComment`Example: only the rows where ${example.text}; Iceberg reads only the matching partitions.`);
    lines.push(pyComment`${variable} = ${variable}.where(${sparkCondition(example, variable)})`);
  }
  if (where) {
    lines.push(pyComment`Where ${where.text}: a Column condition, so Iceberg reads only the matching partitions.`);
    lines.push(`${variable} = ${variable}.where(${sparkCondition(where, variable)})`);
  }
  if (columns) {
    // After the filter, which may test a column not selected; Iceberg reads only the selected ones.
    lines.push(`${variable} = ${variable}.select(${columns.map(column => pyColumn(variable, column)).join(', ')})`);
  }
  return lines.join('\n');
}

export function sparkJoinSnippet(
  left: SnippetTable,
  right: SnippetTable,
  names: { left: TableNames; right: TableNames; joined: string },
  profile?: SparkProfile
): string {
  const alignment = alignPartitioning(left, right);
  const catalogs = [left.catalog, ...(right.catalog.name === left.catalog.name ? [] : [right.catalog])];
  const sameNames = alignment.leftKeys.every((k, i) => k === alignment.rightKeys[i]);
  const condition = sameNames
    ? pyLiteral(alignment.leftKeys)
    : alignment.leftKeys.map((k, i) => `(${pyColumn(names.left.frame, k)} == ${pyColumn(names.right.frame, alignment.rightKeys[i])})`).join(' & ');
  return [
    pyComment`Spark: ${formatIdentifier(left.id)} joined with ${formatIdentifier(right.id)} on their partition columns.
Both tables have the same partitioning, so with storage-partitioned join Spark pairs their
partitions and the physical plan has no Exchange (shuffle) before the join.
Broadcast joins are switched off so small demo tables show the partitioned plan; remove that line for real work.`,
    sparkSessionCode(catalogs, profile),
    `for key, value in ${pyLiteral(STORAGE_PARTITIONED_JOIN_CONF)}.items():`,
    '    spark.conf.set(key, value)',
    'spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")',
    '',
    ...tableReads([
      { variable: names.left.frame, table: left },
      { variable: names.right.frame, table: right }
    ]),
    `${names.joined} = ${names.left.frame}.join(${names.right.frame}, ${condition}, "inner")`,
    pyComment`${names.joined}.explain()  # no Exchange below the join`
  ].join('\n');
}
