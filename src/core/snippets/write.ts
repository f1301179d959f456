/**
 * The layout-safe Spark write: the read snippet's session, the table properties that keep
 * Dask's Hive view valid, and `commit_keeping_layout(write)`, which runs a write and then removes
 * exactly the files its commit replaced (`src/core/repair/layoutCommit.ts`). Examples of an append
 * and a MERGE follow, switched off so that running the cell never writes rows.
 */
import { formatIdentifier } from '../iceberg/model';
import { TABLE_HELPERS } from '../repair/helpers';
import { LAYOUT_COMMIT_HELPERS } from '../repair/layoutCommit';
import { currentSchema, resolvePartitionFields } from './partitioning';
import { pyComment, pyString, sqlIdentifier, sqlQualifiedName } from './emit';
import type { SnippetTable, SparkProfile } from './profile';
import { sparkSessionCode, sparkTableName, tableReads } from './spark';

/**
 * The columns a MERGE example matches rows on: the schema's identifier fields when it has them,
 * else its first column; then the identity partition columns, so Spark rewrites only the
 * partitions the source rows fall in.
 */
function mergeKeys(table: SnippetTable): string[] {
  const schema = currentSchema(table);
  const byId = new Map(schema.fields.map(field => [field.id, field.name]));
  const identifiers = (schema.identifierFieldIds ?? []).map(id => byId.get(id)).filter((name): name is string => name !== undefined);
  const keys = identifiers.length ? identifiers : schema.fields.slice(0, 1).map(field => field.name);
  for (const { field, source } of resolvePartitionFields(table)) {
    if (field.transform === 'identity' && !keys.includes(source.name)) {
      keys.push(source.name);
    }
  }
  return keys;
}

function mergeStatement(table: SnippetTable, source: string): string {
  const on = mergeKeys(table)
    .map(key => `target.${sqlIdentifier(key)} = source.${sqlIdentifier(key)}`)
    .join(' AND ');
  return `MERGE INTO ${sparkTableName(table)} AS target USING ${sqlIdentifier(source)} AS source ON ${on} WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *`;
}

export function sparkWriteSnippet(table: SnippetTable, variable: string, profile?: SparkProfile): string {
  const name = formatIdentifier(table.id);
  const updates = `${variable}_updates`;
  return [
    pyComment`Spark: writing to ${name} so that Dask's Hive view of ${table.dataRoot} keeps returning Iceberg's rows.
Every write goes through commit_keeping_layout(...): after the commit it expires exactly the snapshots
that still list the files the commit replaced, so Iceberg deletes those files. Time travel to those
snapshots is lost. Files a branch or tag still reads are kept and named: Dask reads them until that ref is gone.`,
    sparkSessionCode([table.catalog], profile),
    '',
    TABLE_HELPERS,
    '',
    LAYOUT_COMMIT_HELPERS,
    '',
    '',
    'WRITE_TABLE = _DlTable(',
    `    catalog=${pyString(sqlIdentifier(table.id.catalog))},`,
    `    name=${pyString(sqlQualifiedName([table.id.catalog, ...table.id.namespace, table.id.name]))},`,
    '    snapshot=None,',
    ')',
    pyComment`Copy-on-write deletes, updates and merges (no delete files Dask cannot apply), no object-storage
layout, hash distribution by partition. They change no rows and apply to every writer of the table.`,
    '_dl_keep_layout_properties(WRITE_TABLE)',
    '',
    '',
    'def commit_keeping_layout(write):',
    '    """Run write(), a function that commits to WRITE_TABLE, then remove what its commit replaced.',
    '    Inside write(), Spark SQL reads "$" and backslashes as data (no variable substitution)."""',
    '    return _dl_commit_keeping_layout(WRITE_TABLE, write)',
    '',
    '',
    ...tableReads([{ variable, table }]),
    '',
    pyComment`Examples: they write to the table, so they run only once you set RUN_EXAMPLES = True and put your own
rows in place of the stand-ins (three rows of the table itself). Keep the partition columns in the
MERGE's ON condition: Spark then rewrites only the partitions the source rows fall in.`,
    'RUN_EXAMPLES = False',
    'if RUN_EXAMPLES:',
    `    new_rows = spark.createDataFrame(${variable}.limit(3).collect(), ${variable}.schema)`,
    `    commit_keeping_layout(lambda: new_rows.writeTo(${pyString(sparkTableName(table))}).append())`,
    `    new_rows.createOrReplaceTempView(${pyString(updates)})`,
    `    commit_keeping_layout(lambda: spark.sql(${pyString(mergeStatement(table, updates))}))`
  ].join('\n');
}
