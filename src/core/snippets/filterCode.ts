/**
 * A bound `--where` predicate (where.ts) as each engine's code:
 *
 * - Dask's `filters=` rows filter, on the columns inside the files;
 * - the Hive directory tests that let the Dask read skip partitions: per
 *   partition field, a test of the parsed directory value computed from the
 *   predicate through the field's transform (identity values; the years,
 *   months, days, hours or truncated values a range covers, its strict bounds
 *   moved to the next value first; the buckets of the requested values; `None`
 *   for a null directory, `null` or `__HIVE_DEFAULT_PARTITION__`). A test may
 *   keep more directories than needed, never fewer: the rows filter makes the
 *   result exact;
 * - pyiceberg's `row_filter` for the snapshot-pinned read, as expression
 *   objects (never parsed text), so Iceberg plans only the matching files;
 * - a Spark Column condition (never SQL text, see emit.ts).
 */
import type { IcebergType, NestedField } from '../iceberg/model';
import { civilFromDays, daysFromCivil, floorDiv, floorMod } from '../iceberg/temporal';
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

/** The Python value of an internal value of `type`, as pandas/pyarrow compare it with the column's values. */
function pythonLiteral(type: IcebergType, value: unknown): string {
  switch (type) {
    case 'string':
      return pyString(value as string);
    case 'int':
    case 'long':
      return String(value);
    case 'float':
    case 'double':
      return formatPythonFloat(value as number);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'date':
      return pyDate(value as number);
    case 'timestamp':
    case 'timestamptz':
      return pyTimestamp(value as bigint, type === 'timestamptz');
  }
  const decimal = decimalParams(type);
  return `decimal.Decimal(${pyString(formatDecimal(value as bigint, decimal?.scale ?? 0))})`;
}

/** The Python value of a typed literal, as pandas/pyarrow compare it with the column's values. */
export function pyValue(type: IcebergType, typed: TypedValue): string {
  return pythonLiteral(type, typed.value);
}

/** The Python modules the literals of a predicate and the directory tests of the Dask read need. */
export function filterImports(where: BoundWhere): string[] {
  const imports = new Set<string>();
  for (const term of where.terms) {
    const type = term.source.type;
    if (term.values.length && (type === 'date' || type === 'timestamp' || type === 'timestamptz')) {
      imports.add('import datetime');
    }
    // Decimal directories are parsed with decimal.Decimal even for IS NULL.
    if (decimalParams(type)) {
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

/** How one partition field's directory values read back in Python, and how its partition values are written to compare with them. */
interface DirectoryDomain {
  /** A Python callable from the decoded directory text; it raises ValueError (or, for decimals, ArithmeticError) on other text. */
  parse: string;
  /** The Python literal of a partition value (the transform's result, in the internal representation). */
  literal: (partitionValue: unknown) => string;
}

/**
 * Every spelling real writers use parses to the value it stands for:
 * pyiceberg and Java write the same `2024`, `2024-03`, `2024-03-05`,
 * `2024-03-05-07` for year, month, day and hour, but spell numbers their own
 * way (`1e+20` / `1.0E20`, `0.10000000149011612` / `0.1` for a float), so
 * numbers are parsed, never compared as text.
 */
const VALUE_PARSERS: Record<string, string> = {
  string: 'str',
  int: 'int',
  long: 'int',
  boolean: '"true".__eq__',
  date: 'datetime.date.fromisoformat',
  timestamp: 'datetime.datetime.fromisoformat',
  timestamptz: 'datetime.datetime.fromisoformat',
  float: 'float',
  double: 'float'
};

function valueParser(type: IcebergType): string | null {
  return decimalParams(type) ? 'decimal.Decimal' : typeof type === 'string' ? (VALUE_PARSERS[type] ?? null) : null;
}

function pyMonth(months: number): string {
  return pyDate(daysFromCivil(1970 + Math.floor(months / 12), floorMod(months, 12) + 1, 1));
}

function pyHour(hours: number): string {
  const { year, month, day } = civilFromDays(Math.floor(hours / 24));
  return `datetime.datetime(${year}, ${month}, ${day}, ${floorMod(hours, 24)})`;
}

/** How a field's directory values are read back, or `null` when this field cannot prune. */
function directoryDomain(field: ResolvedPartitionField): DirectoryDomain | null {
  const transform = parseTransform(field.field.transform);
  const type = field.source.type;
  switch (transform.kind) {
    case 'year':
      return { parse: 'int', literal: years => String(1970 + Number(years)) };
    case 'month':
      return { parse: 'lambda raw: datetime.datetime.strptime(raw, "%Y-%m").date()', literal: months => pyMonth(Number(months)) };
    case 'day':
      return { parse: 'datetime.date.fromisoformat', literal: days => pyDate(Number(days)) };
    case 'hour':
      return { parse: 'lambda raw: datetime.datetime.strptime(raw, "%Y-%m-%d-%H")', literal: hours => pyHour(Number(hours)) };
    case 'bucket':
      return { parse: 'int', literal: String };
    case 'identity':
    case 'truncate': {
      const parse = valueParser(type);
      return parse ? { parse, literal: value => pythonLiteral(type, value) } : null;
    }
  }
  return null;
}

/** The next and the previous value of a discrete source type (`null` for strings, which have none). */
function step(value: unknown, by: 1 | -1): unknown {
  if (typeof value === 'bigint') {
    return value + BigInt(by);
  }
  return typeof value === 'number' ? value + by : null;
}

const FLOAT32 = new Float32Array(1);
const FLOAT32_BITS = new Int32Array(FLOAT32.buffer);

/** The float32 after `value` (a float32) towards +Infinity. */
function nextFloat32Up(value: number): number {
  if (value === 0) {
    return 2 ** -149;
  }
  FLOAT32[0] = value;
  FLOAT32_BITS[0] += value > 0 ? 1 : -1;
  return FLOAT32[0];
}

/**
 * The doubles a directory of a `float` column may spell the float32 nearest
 * `value` as: pyiceberg writes the float32 widened to a double
 * (`0.10000000149011612`), Java its shortest text (`0.1`), which parses to a
 * different double. Both lie within half a float32 step of the value, so the
 * test keeps that closed interval. `null` at and beyond float32's largest
 * value, where the interval has no finite bound.
 */
function float32Interval(value: number): { low: string; high: string } | null {
  const nearest = Math.fround(value);
  const below = -nextFloat32Up(-nearest);
  const above = nextFloat32Up(nearest);
  if (!Number.isFinite(below) || !Number.isFinite(above)) {
    return null;
  }
  return { low: formatPythonFloat((below + nearest) / 2), high: formatPythonFloat((nearest + above) / 2) };
}

/**
 * A `float` (float32) identity field: `=` and IN keep the directories within
 * half a float32 step of each value, ranges the directories beyond the bound
 * widened by that half step (whether an engine compares in float32 or in
 * doubles, a row that passes is kept). `!=` does not prune: a directory named
 * after the value may hold rows another engine tells apart from it.
 */
function float32Condition(term: BoundTerm): string | null {
  const intervals = term.values.map(typed => float32Interval(typed.value as number));
  if (term.operator === '!=' || intervals.some(interval => interval === null)) {
    return null;
  }
  const bounds = intervals as { low: string; high: string }[];
  if (term.operator === '=' || term.operator === 'in') {
    return `v is not None and (${bounds.map(({ low, high }) => `${low} <= v <= ${high}`).join(' or ')})`;
  }
  // An upper bound keeps up to the interval's high end, a lower bound from its low end; a NaN directory is kept, as for doubles.
  const upper = term.operator === '<' || term.operator === '<=';
  return `v is not None and (v != v or ${upper ? `v <= ${bounds[0].high}` : `v >= ${bounds[0].low}`})`;
}

/** The condition one term puts on a field's parsed directory value, or `null` when it cannot prune it. */
function termCondition(field: ResolvedPartitionField, domain: DirectoryDomain, term: BoundTerm): string | null {
  if (term.operator === 'is-null') {
    return 'v is None';
  }
  if (term.operator === 'not-null') {
    return 'v is not None';
  }
  const transform = parseTransform(field.field.transform);
  const sourceType = field.source.type;
  if (transform.kind === 'identity' && sourceType === 'float') {
    return float32Condition(term);
  }
  const partitionValue = (value: unknown): string => domain.literal(applyTransform(transform, sourceType, value));
  if (term.operator === 'in') {
    return `v in (${term.values.map(v => partitionValue(v.value)).join(', ')},)`;
  }
  const [{ value }] = term.values as [TypedValue];
  if (term.operator === '=') {
    return `v == ${partitionValue(value)}`;
  }
  if (transform.kind === 'bucket') {
    return null; // bucket order says nothing about value order
  }
  if (term.operator === '!=') {
    // Only identity values are excluded (and nulls, which != never keeps); a month holds other timestamps than the one named.
    return transform.kind === 'identity' ? `v is not None and v != ${partitionValue(value)}` : null;
  }
  if (transform.kind === 'identity') {
    // Engines order NaN differently (Spark puts it above every number): a NaN directory is kept, the rows filter decides.
    return sourceType === 'double'
      ? `v is not None and (v != v or v ${term.operator} ${partitionValue(value)})`
      : `v is not None and v ${term.operator} ${partitionValue(value)}`;
  }
  // year, month, day, hour and truncate keep the source order, and a directory holds a range of source values:
  // x > L holds for values from L's successor on, x < L up to its predecessor; the directory holding that value is kept.
  const strict = term.operator === '>' ? 1 : term.operator === '<' ? -1 : 0;
  const bound = strict === 0 ? value : (step(value, strict as 1 | -1) ?? value);
  return `v is not None and v ${term.operator[0]}= ${partitionValue(bound)}`;
}

/** Per partition field the predicate names, the test its directories must pass. */
export function directoryTests(where: BoundWhere): DirectoryTest[] {
  const tests: DirectoryTest[] = [];
  for (const field of where.fields) {
    const domain = directoryDomain(field);
    if (domain === null) {
      continue;
    }
    const conditions = where.terms
      .filter(term => term.source.id === field.source.id)
      .map(term => termCondition(field, domain, term))
      .filter((c): c is string => c !== null);
    if (conditions.length) {
      tests.push({ key: field.field.name, parse: domain.parse, condition: conditions.map(c => (conditions.length > 1 ? `(${c})` : c)).join(' and ') });
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
  const decimals = where.terms.some(term => term.values.length && decimalParams(term.source.type)) ? ['import decimal'] : [];
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
