/**
 * What the snippets need to know about a table's partitioning: which Hive
 * directory keys Dask must parse (and as which Arrow types), which columns two
 * tables can be joined on partition by partition, and the values a Hive path names.
 */
import type { IcebergType, NestedField, PartitionField, PartitionSpec, Schema } from '../iceberg/model';
import { formatIdentifier } from '../iceberg/model';
import { quotePlus, unquotePlus } from '../layout/hivePath';
import { pyString } from './emit';
import { SnippetError, SnippetTable } from './profile';

/** A partition field of the table's default spec, resolved against its current schema. */
export interface ResolvedPartitionField {
  field: PartitionField;
  /** The source column in the current schema. */
  source: NestedField;
}

/** A Hive directory key Dask turns into a column, with the pyarrow type of its values. */
export interface HiveColumn {
  /** The key as Dask reads it from directory names (`daskHiveKey`). */
  name: string;
  /** A pyarrow type expression, e.g. `pa.date32()`. */
  arrowType: string;
  transform: string;
}

export class IncompatiblePartitioningError extends SnippetError {
  constructor(message: string, table?: string) {
    super(message, table);
    this.name = 'IncompatiblePartitioningError';
  }
}

export function currentSchema(table: SnippetTable): Schema {
  const { schemas, currentSchemaId } = table.metadata;
  const schema = schemas.find(s => s.schemaId === currentSchemaId);
  if (!schema) {
    throw new SnippetError(`${formatIdentifier(table.id)}: current schema ${currentSchemaId} is missing from its metadata`, formatIdentifier(table.id));
  }
  return schema;
}

export function defaultSpec(table: SnippetTable): PartitionSpec {
  const { partitionSpecs, defaultSpecId } = table.metadata;
  const spec = partitionSpecs.find(s => s.specId === defaultSpecId);
  if (!spec) {
    throw new SnippetError(`${formatIdentifier(table.id)}: default partition spec ${defaultSpecId} is missing from its metadata`, formatIdentifier(table.id));
  }
  return spec;
}

/** The default spec's fields that partition anything (void fields dropped), with their source columns. */
export function resolvePartitionFields(table: SnippetTable): ResolvedPartitionField[] {
  const schema = currentSchema(table);
  const resolved: ResolvedPartitionField[] = [];
  for (const field of defaultSpec(table).fields) {
    if (field.transform === 'void') {
      continue;
    }
    const source = schema.fields.find(f => f.id === field.sourceId);
    if (!source) {
      throw new SnippetError(
        `${formatIdentifier(table.id)}: partition field '${field.name}' refers to column id ${field.sourceId}, which is not a top-level column of the current schema`,
        formatIdentifier(table.id)
      );
    }
    resolved.push({ field, source });
  }
  return resolved;
}

/** pyarrow type expression for an Iceberg primitive type (the type Iceberg readers return). */
export function arrowTypeOf(type: IcebergType): string {
  if (typeof type !== 'string') {
    if (type.type === 'list') {
      return `pa.list_(${arrowTypeOf(type.element)})`;
    }
    if (type.type === 'map') {
      return `pa.map_(${arrowTypeOf(type.key)}, ${arrowTypeOf(type.value)})`;
    }
    return `pa.struct([${type.fields.map(f => `(${pyString(f.name)}, ${arrowTypeOf(f.type)})`).join(', ')}])`;
  }
  const simple: Record<string, string> = {
    boolean: 'pa.bool_()',
    int: 'pa.int32()',
    long: 'pa.int64()',
    float: 'pa.float32()',
    double: 'pa.float64()',
    date: 'pa.date32()',
    time: 'pa.time64("us")',
    timestamp: 'pa.timestamp("us")',
    timestamptz: 'pa.timestamp("us", tz="UTC")',
    timestamp_ns: 'pa.timestamp("ns")',
    timestamptz_ns: 'pa.timestamp("ns", tz="UTC")',
    string: 'pa.string()',
    uuid: 'pa.binary(16)',
    binary: 'pa.binary()'
  };
  if (simple[type]) {
    return simple[type];
  }
  const fixed = /^fixed\[(\d+)\]$/.exec(type);
  if (fixed) {
    return `pa.binary(${fixed[1]})`;
  }
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    return `pa.decimal128(${decimal[1]}, ${decimal[2]})`;
  }
  return 'pa.string()';
}

/**
 * The Arrow type of a partition field's Hive directory value, which is the
 * Iceberg "human string" of the transformed value: `day` → `2024-01-02`
 * (a date), `year` → `2024`, `bucket[N]` → an int, `month` → `2024-01` and
 * `hour` → `2024-01-02-05` (kept as strings: pyarrow cannot parse them).
 */
function hiveValueType(field: PartitionField, source: NestedField): string {
  const transform = field.transform;
  if (transform === 'day') {
    return 'pa.date32()';
  }
  if (transform === 'year' || transform.startsWith('bucket[')) {
    return 'pa.int32()';
  }
  if (transform === 'month' || transform === 'hour') {
    return 'pa.string()';
  }
  const parsable = ['string', 'int', 'long', 'date', 'boolean', 'float', 'double'];
  return typeof source.type === 'string' && parsable.includes(source.type) ? arrowTypeOf(source.type) : 'pa.string()';
}

/**
 * The Hive keys Dask should turn into columns. Identity columns stored inside
 * the files are left out: the file holds the true value, and directory names
 * are encoded differently by different writers (pyarrow would decode
 * `a%2Fb+c` as `a/b+c`, and prune on it).
 */
export function hiveColumns(table: SnippetTable): HiveColumn[] {
  const inFiles = table.identityColumnsInFiles ?? true;
  return resolvePartitionFields(table)
    .filter(({ field }) => !(inFiles && field.transform === 'identity'))
    .map(({ field, source }) => ({ name: daskHiveKey(field.name), arrowType: hiveValueType(field, source), transform: field.transform }));
}

/**
 * The column name Dask gives a partition field's directories: writers
 * form-encode the key (`obs day` → `obs+day`) and pyarrow only
 * percent-decodes it, so a space comes back as `+`.
 */
export function daskHiveKey(fieldName: string): string {
  try {
    return decodeURIComponent(quotePlus(fieldName));
  } catch {
    return fieldName;
  }
}

export function describePartitioning(fields: ResolvedPartitionField[]): string {
  if (fields.length === 0) {
    return 'unpartitioned';
  }
  return fields.map(({ field, source }) => (field.transform === 'identity' ? source.name : `${field.transform}(${source.name})`)).join(', ');
}

/** Two tables whose partitions pair up one to one. */
export interface JoinAlignment {
  /** Join columns of the left and right table, pairwise. */
  leftKeys: string[];
  rightKeys: string[];
  /** Hive directory keys of each table's partition fields, pairwise. */
  leftPartitionKeys: string[];
  rightPartitionKeys: string[];
  /** Partition fields, pairwise, as `(transform, source type)`. */
  fields: { left: ResolvedPartitionField; right: ResolvedPartitionField }[];
}

/**
 * Pair the partition fields of two tables. They align when both default specs
 * have the same transforms, in the same order, on source columns of the same
 * type: then equal join keys always land in partitions with equal values.
 */
export function alignPartitioning(left: SnippetTable, right: SnippetTable): JoinAlignment {
  const leftFields = resolvePartitionFields(left);
  const rightFields = resolvePartitionFields(right);
  const leftName = formatIdentifier(left.id);
  const rightName = formatIdentifier(right.id);
  const explain = `${leftName} is partitioned by [${describePartitioning(leftFields)}] and ${rightName} by [${describePartitioning(rightFields)}]`;
  if (leftFields.length === 0 || rightFields.length === 0) {
    throw new IncompatiblePartitioningError(
      `Cannot join partition by partition: ${explain}; both tables need the same partitioning.`,
      leftFields.length === 0 ? leftName : rightName
    );
  }
  const compatible =
    leftFields.length === rightFields.length &&
    leftFields.every((l, i) => {
      const r = rightFields[i];
      return l.field.transform === r.field.transform && JSON.stringify(l.source.type) === JSON.stringify(r.source.type);
    });
  if (!compatible) {
    throw new IncompatiblePartitioningError(
      `Cannot join partition by partition: ${explain}; a partition-aligned join needs the same transforms, in the same order, on columns of the same types.`
    );
  }
  return {
    leftKeys: leftFields.map(f => f.source.name),
    rightKeys: rightFields.map(f => f.source.name),
    leftPartitionKeys: leftFields.map(f => f.field.name),
    rightPartitionKeys: rightFields.map(f => f.field.name),
    fields: leftFields.map((l, i) => ({ left: l, right: rightFields[i] }))
  };
}

/** Decoded `name=value` pairs of a Hive relative path (form encoding, as Iceberg writers produce). */
export function parseHivePath(path: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const segment of path.split('/')) {
    const eq = segment.indexOf('=');
    if (eq > 0) {
      values.set(unquotePlus(segment.slice(0, eq)), unquotePlus(segment.slice(eq + 1)));
    }
  }
  return values;
}
