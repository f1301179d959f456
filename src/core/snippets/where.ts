/**
 * `--where` predicates of filtered snippets: a small language on partition
 * source columns (`region = 'EU' AND night >= 20240101`), parsed here and
 * typed against the table's current schema. Comparisons (`=`, `!=`, `<`,
 * `<=`, `>`, `>=`), `IN (…)`, `IS NULL` and `IS NOT NULL`, joined by `AND`;
 * literals are quoted strings (`''` for a quote), numbers and `TRUE`/`FALSE`;
 * dates and timestamps are written as strings and checked against the
 * column's type. Columns are plain names or backquoted (`` `obs day` ``).
 *
 * Only partition source columns are allowed: a filter on them is what lets a
 * Dask read skip directories and Iceberg skip files. Anything else (OR, NOT,
 * functions, other columns) is refused with a message saying what is wrong,
 * so the snippet never silently reads more or fewer rows than asked.
 */
import type { IcebergType, NestedField, PartitionSpec, Schema } from '../iceberg/model';
import { formatIdentifier } from '../iceberg/model';
import { daysFromCivil, floorMod, formatDay, formatTimestamp, parseDay, parseTimestamp } from '../iceberg/temporal';
import { fromHumanString, parseTransform } from '../iceberg/transforms';
import { formatDecimal, formatPythonFloat, parseDecimal } from '../iceberg/values';
import { decimalParams } from '../iceberg/schema';
import { parseHivePath, resolvePartitionFields, ResolvedPartitionField } from './partitioning';
import { SnippetError, SnippetTable } from './profile';

const MICROS_PER_DAY = 86_400_000_000n;
const MICROS_PER_HOUR = 3_600_000_000n;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A literal as written: its kind and its text (strings unquoted). */
export interface WhereLiteral {
  kind: 'string' | 'number' | 'boolean';
  text: string;
}

export type WhereTerm =
  | { column: string; operator: ComparisonOperator; literal: WhereLiteral }
  | { column: string; operator: 'in'; literals: WhereLiteral[] }
  | { column: string; operator: 'is-null' | 'not-null' };

/** A predicate the snippet cannot use; the message says what is wrong and where. */
export class WhereError extends SnippetError {
  constructor(message: string, table?: string) {
    super(message, table);
    this.name = 'WhereError';
  }
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'quoted-name'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'symbol'; text: string; at: number };

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const SYMBOL = /^(?:<=|>=|!=|<>|=|<|>|\(|\)|,)/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const start = at;
    if (rest[0] === "'" || rest[0] === '`') {
      const quote = rest[0];
      let value = '';
      let i = 1;
      for (;;) {
        if (i >= rest.length) {
          throw new WhereError(`Unterminated ${quote === "'" ? 'string' : 'column name'} starting at character ${start + 1}.`);
        }
        if (rest[i] === quote) {
          if (rest[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          break;
        }
        value += rest[i];
        i += 1;
      }
      tokens.push({ kind: quote === "'" ? 'string' : 'quoted-name', text: value, at: start });
      at += i + 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: start });
      at += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at: start });
      at += word[0].length;
      continue;
    }
    const symbol = SYMBOL.exec(rest);
    if (symbol) {
      tokens.push({ kind: 'symbol', text: symbol[0], at: start });
      at += symbol[0].length;
      continue;
    }
    if (rest[0] === '"') {
      throw new WhereError(`Strings take single quotes ('EU'); names with special characters take backquotes: '"' at character ${start + 1}.`);
    }
    throw new WhereError(`Unexpected '${rest[0]}' at character ${start + 1}.`);
  }
  return tokens;
}

const UNSUPPORTED_WORDS: Record<string, string> = {
  OR: 'OR is not supported: only AND joins conditions (write IN (…) for several values of one column).',
  NOT: 'NOT is not supported: use !=, or IS NOT NULL (NOT IN and NOT LIKE are not available).',
  LIKE: 'LIKE is not supported: use =, IN (…) or a range (>=, <).',
  BETWEEN: 'BETWEEN is not supported: write a range as two conditions, e.g. x >= 1 AND x <= 5.'
};

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === word;
}

function describe(token: Token | undefined): string {
  if (!token) {
    return 'the end of the predicate';
  }
  const shown = token.kind === 'string' ? `'${token.text}'` : token.kind === 'quoted-name' ? `\`${token.text}\`` : token.text;
  return `${shown} at character ${token.at + 1}`;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): WhereTerm[] {
    if (this.tokens.length === 0) {
      throw new WhereError("The predicate is empty: write e.g. region = 'EU'.");
    }
    const terms = [this.term()];
    while (this.position < this.tokens.length) {
      const next = this.tokens[this.position];
      if (!isWord(next, 'AND')) {
        throw this.unexpected(next, 'AND');
      }
      this.position += 1;
      terms.push(this.term());
    }
    return terms;
  }

  private unexpected(token: Token | undefined, expected: string): WhereError {
    if (token?.kind === 'word' && UNSUPPORTED_WORDS[token.text.toUpperCase()]) {
      return new WhereError(UNSUPPORTED_WORDS[token.text.toUpperCase()]);
    }
    return new WhereError(`Expected ${expected}, found ${describe(token)}.`);
  }

  private take(): Token | undefined {
    return this.tokens[this.position++];
  }

  private term(): WhereTerm {
    const columnToken = this.take();
    if (columnToken?.kind === 'symbol' && columnToken.text === '(') {
      throw new WhereError(`Parentheses only enclose IN lists: found '(' at character ${columnToken.at + 1}.`);
    }
    const reserved = ['AND', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', ...Object.keys(UNSUPPORTED_WORDS)];
    if (!(columnToken?.kind === 'quoted-name' || (columnToken?.kind === 'word' && !reserved.includes(columnToken.text.toUpperCase())))) {
      throw this.unexpected(columnToken, 'a column name');
    }
    const column = columnToken.text;
    const operator = this.take();
    if (operator?.kind === 'symbol' && operator.text === '(') {
      throw new WhereError(`Functions are not supported: ${column}(…) at character ${columnToken.at + 1}; filter on the column itself.`);
    }
    if (isWord(operator, 'IS')) {
      const not = isWord(this.tokens[this.position], 'NOT');
      if (not) {
        this.position += 1;
      }
      const nullWord = this.take();
      if (!isWord(nullWord, 'NULL')) {
        throw new WhereError(`Expected NULL after IS${not ? ' NOT' : ''}, found ${describe(nullWord)}.`);
      }
      return { column, operator: not ? 'not-null' : 'is-null' };
    }
    if (isWord(operator, 'IN')) {
      const open = this.take();
      if (!(open?.kind === 'symbol' && open.text === '(')) {
        throw new WhereError(`Expected ( after IN, found ${describe(open)}.`);
      }
      const literals = [this.literal(column)];
      for (;;) {
        const separator = this.take();
        if (separator?.kind === 'symbol' && separator.text === ')') {
          break;
        }
        if (!(separator?.kind === 'symbol' && separator.text === ',')) {
          throw new WhereError(`Expected , or ) in the IN list of ${column}, found ${describe(separator)}.`);
        }
        literals.push(this.literal(column));
      }
      return { column, operator: 'in', literals };
    }
    if (operator?.kind !== 'symbol' || ['(', ')', ','].includes(operator.text)) {
      throw this.unexpected(operator, `an operator (=, !=, <, <=, >, >=, IN, IS NULL) after ${column}`);
    }
    const symbol = operator.text === '<>' ? '!=' : (operator.text as ComparisonOperator);
    const next = this.tokens[this.position];
    if (isWord(next, 'NULL')) {
      throw new WhereError(`${column} ${operator.text} NULL is never true: write ${column} IS ${symbol === '=' ? '' : 'NOT '}NULL.`);
    }
    return { column, operator: symbol, literal: this.literal(column) };
  }

  private literal(column: string): WhereLiteral {
    const token = this.take();
    if (token?.kind === 'string' || token?.kind === 'number') {
      return { kind: token.kind, text: token.text };
    }
    if (isWord(token, 'TRUE') || isWord(token, 'FALSE')) {
      return { kind: 'boolean', text: token!.text.toLowerCase() };
    }
    if (isWord(token, 'NULL')) {
      throw new WhereError(`NULL cannot be compared or listed: write ${column} IS NULL.`);
    }
    if (token?.kind === 'word' || token?.kind === 'quoted-name') {
      throw new WhereError(
        `Expected a value for ${column}, found ${describe(token)}: quote strings ('${token.text}'); columns cannot be compared with columns.`
      );
    }
    throw new WhereError(`Expected a value for ${column}, found ${describe(token)}.`);
  }
}

/** The terms of a predicate, all of which must hold; throws `WhereError` on anything outside the language. */
export function parseWhere(text: string): WhereTerm[] {
  return new Parser(tokenize(text)).parse();
}

/**
 * A literal converted to the column's type, in the internal representation
 * of model.ts (`long` as bigint, `date` as days, timestamps as microseconds,
 * decimals as unscaled bigint) plus its canonical text.
 */
export interface TypedValue {
  value: unknown;
  /** Canonical text: `2024-01-02`, `2024-01-02T00:00:00`, digits, `true`. */
  text: string;
}

export type BoundTerm =
  | { operator: ComparisonOperator; source: NestedField; values: [TypedValue] }
  | { operator: 'in'; source: NestedField; values: TypedValue[] }
  | { operator: 'is-null' | 'not-null'; source: NestedField; values: [] };

/** A predicate checked against a table: every term's column with the partition fields it is the source of. */
export interface BoundWhere {
  /** The predicate as the user wrote it (shown in the snippet's comment). */
  text: string;
  terms: BoundTerm[];
  /** Partition fields of the default spec whose source column the predicate names. */
  fields: ResolvedPartitionField[];
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n]
};

function typeName(type: IcebergType): string {
  return typeof type === 'string' ? type : type.type;
}

function convert(literal: WhereLiteral, source: NestedField): TypedValue {
  const type = source.type;
  const shown = literal.kind === 'string' ? `'${literal.text}'` : literal.text;
  const wrong = (expected: string) => new WhereError(`${source.name} is a ${typeName(type)} column: ${shown} is not ${expected}.`);
  switch (type) {
    case 'string':
      if (literal.kind !== 'string') {
        throw wrong(`a string (quote it: '${literal.text}')`);
      }
      return { value: literal.text, text: literal.text };
    case 'int':
    case 'long': {
      if (literal.kind !== 'number' || !/^-?\d+$/.test(literal.text)) {
        throw wrong('an integer');
      }
      const value = BigInt(literal.text);
      const [low, high] = INT_RANGE[type];
      if (value < low || value > high) {
        throw new WhereError(`${source.name} is a ${type} column: ${literal.text} is out of its range.`);
      }
      return { value: type === 'int' ? Number(value) : value, text: value.toString() };
    }
    case 'float':
    case 'double':
      if (literal.kind !== 'number') {
        throw wrong('a number');
      }
      return { value: Number(literal.text), text: literal.text };
    case 'boolean':
      if (literal.kind !== 'boolean') {
        throw wrong('TRUE or FALSE');
      }
      return { value: literal.text === 'true', text: literal.text };
    case 'date': {
      const days = literal.kind === 'string' ? parseDay(literal.text) : null;
      if (days === null) {
        throw wrong("a date (write it as a string: '2024-01-02')");
      }
      return { value: days, text: literal.text };
    }
    case 'timestamp':
    case 'timestamptz': {
      const text = literal.kind === 'string' && parseDay(literal.text) !== null ? `${literal.text}T00:00:00` : literal.text;
      const micros = literal.kind === 'string' ? parseTimestamp(text) : null;
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
      if (micros === null || (zoned && type === 'timestamp')) {
        throw wrong(
          type === 'timestamp'
            ? "a timestamp without time zone (write it as a string: '2024-01-02 06:00:00')"
            : "a timestamp (write it as a string: '2024-01-02 06:00:00+00:00'; no offset means UTC)"
        );
      }
      return { value: micros, text: text.replace(' ', 'T') };
    }
  }
  const decimal = decimalParams(type);
  if (decimal) {
    const unscaled = literal.kind === 'number' ? parseDecimal(literal.text, decimal.scale) : null;
    if (unscaled === null) {
      throw wrong(`a decimal with at most ${decimal.scale} digits after the point`);
    }
    return { value: unscaled, text: literal.text };
  }
  throw new WhereError(`${source.name} is a ${typeName(type)} column: --where supports string, number, boolean, date and timestamp columns.`);
}

/** The default spec's fields that partition anything, with their source columns, from a schema and spec. */
export function partitionSources(schema: Schema, spec: PartitionSpec): ResolvedPartitionField[] {
  return spec.fields.flatMap(field => {
    const source = schema.fields.find(f => f.id === field.sourceId);
    return field.transform === 'void' || !source ? [] : [{ field, source }];
  });
}

/**
 * Type a predicate against a table's partition fields: each column must be
 * the source column of one, each literal a value of its type. `tableName`
 * prefixes every message.
 */
export function bindWhereTo(tableName: string, partitionFields: ResolvedPartitionField[], text: string): BoundWhere {
  try {
    const terms = parseWhere(text);
    const sources = new Map(partitionFields.map(f => [f.source.name, f.source]));
    const bound = terms.map((term): BoundTerm => {
      const source = sources.get(term.column);
      if (!source) {
        const sameLetters = [...sources.keys()].find(s => s.toLowerCase() === term.column.toLowerCase());
        const known = [...sources.keys()].join(', ');
        throw new WhereError(
          sameLetters
            ? `Unknown column ${term.column}: did you mean ${sameLetters}? (names are case-sensitive)`
            : partitionFields.length === 0
              ? `${term.column}: the table is not partitioned, so a filter has no partition column to use.`
              : `${term.column} is not a partition source column; filters can use ${known}.`
        );
      }
      if ('literals' in term) {
        return { operator: 'in', source, values: term.literals.map(l => convert(l, source)) };
      }
      if ('literal' in term) {
        return { operator: term.operator, source, values: [convert(term.literal, source)] };
      }
      return { operator: term.operator, source, values: [] };
    });
    const used = new Set(bound.map(t => t.source.id));
    return { text, terms: bound, fields: partitionFields.filter(f => used.has(f.source.id)) };
  } catch (error) {
    if (error instanceof WhereError) {
      throw new WhereError(`Invalid filter on ${tableName}: ${error.message}`, tableName);
    }
    throw error;
  }
}

/** `bindWhereTo` for a snippet's table (its current schema and default spec). */
export function bindWhere(table: SnippetTable, text: string): BoundWhere {
  return bindWhereTo(formatIdentifier(table.id), resolvePartitionFields(table), text);
}

const PLAIN_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['AND', 'IN', 'IS', 'NOT', 'NULL', 'TRUE', 'FALSE', 'OR', 'LIKE', 'BETWEEN']);

/** A column as the predicate language writes it: bare when plain, else backquoted. */
export function whereColumn(name: string): string {
  return PLAIN_COLUMN.test(name) && !KEYWORDS.has(name.toUpperCase()) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** A string literal of the predicate language. */
export function whereString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The first code point after `text`'s last one (skipping surrogates), or `null` when there is none. */
function nextPrefix(text: string): string | null {
  const points = [...text];
  const last = points.pop()!.codePointAt(0)! + 1;
  return last > 0x10ffff ? null : [...points, String.fromCodePoint(last === 0xd800 ? 0xe000 : last)].join('');
}

/** The predicate text of an internal value of a source column's type, or `null` for a type filters cannot use. */
function literalText(type: IcebergType, value: unknown): string | null {
  switch (type) {
    case 'string':
      return whereString(value as string);
    case 'int':
    case 'long':
      return String(value);
    case 'float':
    case 'double':
      return Number.isFinite(value) ? formatPythonFloat(value as number) : null;
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'date':
      return whereString(formatDay(Number(value)));
    case 'timestamp':
    case 'timestamptz':
      // Without an offset: the filter reads a timestamptz literal as UTC.
      return whereString(formatTimestamp(value as bigint, false));
  }
  const decimal = decimalParams(type);
  return decimal ? formatDecimal(value as bigint, decimal.scale) : null;
}

/** `column >= low AND column < high` (`column >= low` without a high end), `null` for a type filters cannot use. */
function rangeWhere(column: string, type: IcebergType, low: unknown, high: unknown | null): string | null {
  const [from, to] = [literalText(type, low), high === null ? null : literalText(type, high)];
  return from === null ? null : to === null ? `${column} >= ${from}` : `${column} >= ${from} AND ${column} < ${to}`;
}

/** The source values a temporal partition value covers, as [first, first after] in the source's representation. */
function temporalRange(kind: 'year' | 'month' | 'day' | 'hour', type: IcebergType, partition: number): [unknown, unknown] {
  if (kind === 'hour') {
    return [BigInt(partition) * MICROS_PER_HOUR, BigInt(partition + 1) * MICROS_PER_HOUR];
  }
  const firstDay = (ordinal: number): number =>
    kind === 'day'
      ? ordinal
      : kind === 'month'
        ? daysFromCivil(1970 + Math.floor(ordinal / 12), floorMod(ordinal, 12) + 1, 1)
        : daysFromCivil(1970 + ordinal, 1, 1);
  const [start, end] = [firstDay(partition), firstDay(partition + 1)];
  return type === 'date' ? [start, end] : [BigInt(start) * MICROS_PER_DAY, BigInt(end) * MICROS_PER_DAY];
}

/** A predicate selecting exactly the rows of one partition field's directory value, or `null` when the filter language cannot say it. */
function partitionValueWhere({ field, source }: ResolvedPartitionField, text: string): string | null {
  const column = whereColumn(source.name);
  const transform = parseTransform(field.transform);
  const value = fromHumanString(transform, source.type, text);
  if (value === null) {
    return `${column} IS NULL`;
  }
  if (value === undefined) {
    return null;
  }
  switch (transform.kind) {
    case 'identity': {
      const literal = literalText(source.type, value);
      return literal === null ? null : `${column} = ${literal}`;
    }
    case 'year':
    case 'month':
    case 'day':
    case 'hour': {
      if (transform.kind === 'day' && source.type === 'date') {
        return `${column} = ${literalText(source.type, value)}`; // one day is one date
      }
      const [low, high] = temporalRange(transform.kind, source.type, Number(value));
      return rangeWhere(column, source.type, low, high);
    }
    case 'truncate':
      if (typeof value === 'string') {
        // A value shorter than the width is a whole value; a full-width one is a prefix.
        return [...value].length < transform.width ? `${column} = ${whereString(value)}` : rangeWhere(column, source.type, value, nextPrefix(value));
      }
      if (typeof value === 'bigint' || typeof value === 'number') {
        // Integers and decimals (unscaled) are floored to a multiple of the width: the directory holds [value, value + width).
        return rangeWhere(column, source.type, value, typeof value === 'bigint' ? value + BigInt(transform.width) : value + transform.width);
      }
  }
  return null;
}

/**
 * A predicate that selects one existing partition (from a Hive path such as
 * `region=EU/obs_time_month=2024-03`), on the first field whose value the
 * filter language can state (identity values, the range of a year, month,
 * day, hour or truncate value; not bucket numbers): what the filter editor
 * is prefilled with. `null` when no field has such a value there.
 */
export function exampleWhere(partitionFields: ResolvedPartitionField[], partitionPath: string): string | null {
  const values = parseHivePath(partitionPath);
  for (const resolved of partitionFields) {
    const value = values.get(resolved.field.name);
    const where = value === undefined ? null : partitionValueWhere(resolved, value);
    if (where !== null) {
      return where;
    }
  }
  return null;
}
