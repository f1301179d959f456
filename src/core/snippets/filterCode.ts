/**
 * A bound `--where` predicate (where.ts) as each engine's code:
 *
 * - Dask's `filters=` rows filter, on the columns inside the files;
 * - the Hive directory tests that let the Dask read skip partitions: per
 *   partition field, a test of the decoded directory value computed from the
 *   predicate through the field's transform (identity values, the days a
 *   timestamp range covers, the buckets of the requested values; `None` for a
 *   null directory, `null` or `__HIVE_DEFAULT_PARTITION__`). A test may keep
 *   more directories than needed, never fewer: the rows filter makes the
 *   result exact;
 * - pyiceberg's `row_filter` for the snapshot-pinned read, as expression
 *   objects (never parsed text), so Iceberg plans only the matching files;
 * - a Spark Column condition (never SQL text, see emit.ts).
 */
import type { IcebergType, NestedField } from '../iceberg/model';
import { civilFromDays, floorDiv } from '../iceberg/temporal';
import { applyTransform, parseTransform } from '../iceberg/transforms';
import { formatDecimal, formatPythonFloat } from '../iceberg/values';
import { decimalParams } from '../iceberg/schema';
import { pyColumn, pyString } from './emit';
import { fileColumnName } from './fileColumns';
import { daskHiveKey, ResolvedPartitionField } from './partitioning';
import type { SnippetTable } from './profile';
import type { BoundTerm, BoundWhere, TypedValue } from './where';

const MICROS_PER_DAY = 86_400_000_000n;

function pyDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `datetime.date(${year}, ${month}, ${day})`;
}

function pyTimestamp(micros: bigint, withZone: boolean): string {
  const days = floorDiv(micros, MICROS_PER_DAY);
  const { year, month, day } = civilFromDays(Number(days));
  const ofDay = micros - days * MICROS_PER_DAY;
  const seconds = ofDay / 1_000_000n;
  const parts = [year, month, day, seconds / 3600n, (seconds / 60n) % 60n, seconds % 60n, ofDay % 1_000_000n];
  return `datetime.datetime(${parts.join(', ')}${withZone ? ', tzinfo=datetime.timezone.utc' : ''})`;
}

/** The Python value of a typed literal, as pandas/pyarrow compare it with the column's values. */
export function pyValue(type: IcebergType, typed: TypedValue): string {
  switch (type) {
    case 'string':
      return pyString(typed.value as string);
    case 'int':
    case 'long':
      return String(typed.value);
    case 'float':
    case 'double':
      return formatPythonFloat(typed.value as number);
    case 'boolean':
      return typed.value ? 'True' : 'False';
    case 'date':
      return pyDate(typed.value as number);
    case 'timestamp':
    case 'timestamptz':
      return pyTimestamp(typed.value as bigint, type === 'timestamptz');
  }
  const decimal = decimalParams(type);
  return `decimal.Decimal(${pyString(formatDecimal(typed.value as bigint, decimal?.scale ?? 0))})`;
}

/** The Python modules the literals of a predicate need. */
export function filterImports(where: BoundWhere): string[] {
  const imports = new Set<string>();
  for (const term of where.terms) {
    const type = term.source.type;
    if (term.values.length && (type === 'date' || type === 'timestamp' || type === 'timestamptz')) {
      imports.add('import datetime');
    }
    if (term.values.length && decimalParams(type)) {
      imports.add('import decimal');
    }
  }
  return [...imports];
}

const DASK_OPERATORS: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** The name Dask gives the term's column: inside the files, or the directory key when the files lack it. */
function daskColumn(table: SnippetTable, where: BoundWhere, source: NestedField): string {
  const identity = where.fields.find(f => f.source.id === source.id && f.field.transform === 'identity');
  return identity && !(table.identityColumnsInFiles ?? true) ? daskHiveKey(identity.field.name) : fileColumnName(source.name);
}

/** `filters=` for `dd.read_parquet`: one tuple per term, all of which hold (Dask filters rows with them). */
export function daskRowFilters(table: SnippetTable, where: BoundWhere): string {
  const tuples = where.terms.map(term => {
    const column = pyString(daskColumn(table, where, term.source));
    const type = term.source.type;
    switch (term.operator) {
      case 'is-null':
        return `(${column}, "is", None)`;
      case 'not-null':
        return `(${column}, "is not", None)`;
      case 'in':
        return `(${column}, "in", [${term.values.map(v => pyValue(type, v)).join(', ')}])`;
      case '!=':
        // Dask keeps null rows for "!="; Iceberg (like SQL) does not.
        return `(${column}, "!=", ${pyValue(type, term.values[0])}), (${column}, "is not", None)`;
      default:
        return `(${column}, "${DASK_OPERATORS[term.operator]}", ${pyValue(type, term.values[0])})`;
    }
  });
  return `[${tuples.join(', ')}]`;
}

/** A test on one partition field's directory values: how to parse them and the condition on `v`. */
export interface DirectoryTest {
  /** The partition field's name, as the directory key decodes to. */
  key: string;
  /** A Python callable turning the decoded directory value into a comparable value. */
  parse: string;
  /** A Python condition on `v` (the parsed value, `None` for a null partition). */
  condition: string;
}

/** How a transform's directory values are read back, or `null` when this field cannot prune. */
function directoryParser(field: ResolvedPartitionField): string | null {
  const transform = parseTransform(field.field.transform);
  if (transform.kind === 'day') {
    return 'datetime.date.fromisoformat';
  }
  if (transform.kind === 'bucket') {
    return 'int';
  }
  if (transform.kind !== 'identity') {
    return null;
  }
  // Float and decimal directory values are spelt differently by different writers: those fields do not prune.
  const parsers: Record<string, string> = {
    string: 'str',
    int: 'int',
    long: 'int',
    boolean: '"true".__eq__',
    date: 'datetime.date.fromisoformat',
    timestamp: 'datetime.datetime.fromisoformat',
    timestamptz: 'datetime.datetime.fromisoformat'
  };
  return typeof field.source.type === 'string' ? (parsers[field.source.type] ?? null) : null;
}

/** The condition one term puts on a field's parsed directory value, or `null` when it cannot prune it. */
function termCondition(field: ResolvedPartitionField, term: BoundTerm): string | null {
  if (term.operator === 'is-null') {
    return 'v is None';
  }
  if (term.operator === 'not-null') {
    return 'v is not None';
  }
  const transform = parseTransform(field.field.transform);
  const sourceType = field.source.type;
  const partitionValue = (typed: TypedValue): string => {
    const value = applyTransform(transform, sourceType, typed.value);
    if (transform.kind === 'day') {
      return pyDate(value as number);
    }
    return transform.kind === 'bucket' ? String(value) : pyValue(sourceType, typed);
  };
  if (term.operator === 'in') {
    return `v in (${term.values.map(partitionValue).join(', ')},)`;
  }
  const [bound] = term.values as [TypedValue];
  const literal = partitionValue(bound);
  if (term.operator === '=') {
    return `v == ${literal}`;
  }
  if (transform.kind === 'bucket') {
    return null; // bucket order says nothing about value order
  }
  if (term.operator === '!=') {
    // Only identity values are excluded (and nulls, which != never keeps); a day holds other timestamps than the one named.
    return transform.kind === 'identity' ? `v is not None and v != ${literal}` : null;
  }
  // A day directory holds a whole day: a bound inside it keeps the day.
  const operator = transform.kind === 'day' ? term.operator.replace(/^([<>])$/, '$1=') : term.operator;
  return `v is not None and v ${operator} ${literal}`;
}

/** Per partition field the predicate names, the test its directories must pass. */
export function directoryTests(where: BoundWhere): DirectoryTest[] {
  const tests: DirectoryTest[] = [];
  for (const field of where.fields) {
    const parse = directoryParser(field);
    if (parse === null) {
      continue;
    }
    const conditions = where.terms
      .filter(term => term.source.id === field.source.id)
      .map(term => termCondition(field, term))
      .filter((c): c is string => c !== null);
    if (conditions.length) {
      tests.push({ key: field.field.name, parse, condition: conditions.map(c => (conditions.length > 1 ? `(${c})` : c)).join(' and ') });
    }
  }
  return tests;
}

const PYICEBERG_EXPRESSIONS: Record<string, string> = {
  '=': 'EqualTo',
  '!=': 'NotEqualTo',
  '<': 'LessThan',
  '<=': 'LessThanOrEqual',
  '>': 'GreaterThan',
  '>=': 'GreaterThanOrEqual',
  in: 'In',
  'is-null': 'IsNull',
  'not-null': 'NotNull'
};

/** A literal as pyiceberg binds it to the column's type: dates and timestamps as ISO text. */
function pyicebergValue(type: IcebergType, typed: TypedValue): string {
  if (type === 'date') {
    return pyString(typed.text);
  }
  if (type === 'timestamp' || type === 'timestamptz') {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(typed.text);
    return pyString(type === 'timestamptz' && !zoned ? `${typed.text}+00:00` : typed.text);
  }
  return pyValue(type, typed);
}

/** pyiceberg's `row_filter` for the predicate, and the expression classes to import. */
export function pyicebergRowFilter(where: BoundWhere): { expression: string; imports: string[] } {
  const used = new Set<string>();
  const terms = where.terms.map(term => {
    const name = PYICEBERG_EXPRESSIONS[term.operator];
    used.add(name);
    const column = pyString(term.source.name);
    const type = term.source.type;
    if (term.operator === 'in') {
      return `${name}(${column}, (${term.values.map(v => pyicebergValue(type, v)).join(', ')},))`;
    }
    return term.values.length ? `${name}(${column}, ${pyicebergValue(type, term.values[0])})` : `${name}(${column})`;
  });
  if (terms.length > 1) {
    used.add('And');
  }
  const expression = terms.length > 1 ? `And(${terms.join(', ')})` : terms[0];
  const decimals = filterImports(where).filter(line => line === 'import decimal');
  return { expression, imports: [...decimals, `from pyiceberg.expressions import ${[...used].sort().join(', ')}`] };
}

/** A literal Spark compares with the column: dates and timestamps as text Spark casts to the column's type. */
function sparkValue(type: IcebergType, typed: TypedValue): string {
  if (type === 'date' || type === 'timestamp') {
    return pyString(typed.text.replace('T', ' '));
  }
  if (type === 'timestamptz') {
    return pyString(pyicebergValue(type, typed).slice(1, -1).replace('T', ' '));
  }
  return pyValue(type, typed);
}

const SPARK_OPERATORS: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** The predicate as a Spark Column condition on the DataFrame bound to `frame`. */
export function sparkCondition(where: BoundWhere, frame: string): string {
  const parts = where.terms.map(term => {
    const column = pyColumn(frame, term.source.name);
    const type = term.source.type;
    switch (term.operator) {
      case 'is-null':
        return `${column}.isNull()`;
      case 'not-null':
        return `${column}.isNotNull()`;
      case 'in':
        return `${column}.isin([${term.values.map(v => sparkValue(type, v)).join(', ')}])`;
      default:
        return `(${column} ${SPARK_OPERATORS[term.operator]} ${sparkValue(type, term.values[0])})`;
    }
  });
  return parts.length === 1 ? parts[0] : parts.map(p => (p.startsWith('(') ? p : `(${p})`)).join(' & ');
}
