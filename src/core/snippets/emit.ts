/**
 * The one place where data becomes source code. Catalog, namespace, table,
 * column and partition names, partition values, properties and paths reach a
 * snippet only through these functions, so no value, whatever characters it
 * holds, can end a string literal, a comment or a quoted SQL identifier, or
 * be pasted where Python expects a name. Values never become SQL text: Spark
 * conditions are Column expressions (`obs["region"] == "EU"`).
 */

const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type'
]);

/**
 * Words Spark refuses as bare identifiers: the reserved keywords of Spark
 * 3.5's `sql_keywords()` under `spark.sql.ansi.enforceReservedKeywords`, and
 * the join words that are never identifiers.
 */
const SPARK_RESERVED = new Set([
  'ALL',
  'AND',
  'ANTI',
  'ANY',
  'AS',
  'AUTHORIZATION',
  'BOTH',
  'CASE',
  'CAST',
  'CHECK',
  'COLLATE',
  'COLUMN',
  'CONSTRAINT',
  'CREATE',
  'CROSS',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'CURRENT_USER',
  'DISTINCT',
  'ELSE',
  'END',
  'ESCAPE',
  'EXCEPT',
  'FALSE',
  'FETCH',
  'FILTER',
  'FOR',
  'FOREIGN',
  'FROM',
  'FULL',
  'GRANT',
  'GROUP',
  'HAVING',
  'IN',
  'INNER',
  'INTERSECT',
  'INTO',
  'IS',
  'JOIN',
  'LATERAL',
  'LEADING',
  'LEFT',
  'MINUS',
  'NATURAL',
  'NULL',
  'OFFSET',
  'ON',
  'ONLY',
  'OR',
  'ORDER',
  'OUTER',
  'OVERLAPS',
  'PERCENTILE_CONT',
  'PERCENTILE_DISC',
  'PRIMARY',
  'REFERENCES',
  'RIGHT',
  'SELECT',
  'SEMI',
  'SESSION_USER',
  'SETMINUS',
  'SOME',
  'TABLE',
  'THEN',
  'TIME',
  'TO',
  'TRAILING',
  'UNION',
  'UNIQUE',
  'UNKNOWN',
  'USER',
  'USING',
  'WHEN',
  'WHERE',
  'WITH',
  'WITHIN'
]);

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** `\xXX`, `\uXXXX` or `\UXXXXXXXX`: spellings Python (and JSON, for the middle one) decode to the code point. */
function codePointEscape(code: number): string {
  if (code < 0x100) {
    return `\\x${hex(code, 2)}`;
  }
  return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A Python string literal that holds exactly `value`. Only printable ASCII is
 * written as itself: every line break Python, IPython or an editor knows
 * (`\r`, `\n`, `\x85`, `\u2028`, …), NUL, lone surrogates and all other
 * non-ASCII characters are escaped, so the literal survives any notebook
 * encoding and decodes back to the very same string.
 */
export function pyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch]) {
      out += SHORT_ESCAPES[ch];
    } else if (code >= 0x20 && code < 0x7f) {
      out += ch;
    } else {
      out += codePointEscape(code);
    }
  }
  return `${out}"`;
}

/** Characters a comment may show as themselves: readable text, never a line break, control or format character. */
const COMMENT_SAFE = /^[ \p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * Text that stays inside one comment line: line breaks of every kind
 * (`str.splitlines` ends IPython's lines at `\x0b`, `\x0c`, `\x1c`–`\x1e`,
 * `\x85`, `\u2028`, `\u2029`), NUL, bidirectional overrides and other
 * invisible characters are shown as escapes; letters stay readable.
 */
export function commentText(value: string): string {
  let out = '';
  for (const ch of value) {
    out += COMMENT_SAFE.test(ch) ? ch : codePointEscape(ch.codePointAt(0)!);
  }
  return out;
}

/**
 * Comment lines from a template: the template's own line breaks start new
 * `# ` lines, interpolated values go through `commentText` and so can never
 * end the comment.
 *
 *     pyComment`Spark: ${name} through the Iceberg catalog.\nSecrets are …`
 */
export function pyComment(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((all, literal, i) => all + literal + (i < values.length ? commentText(String(values[i])) : ''), '');
  return text
    .split('\n')
    .map(line => (line ? `# ${line}` : '#'))
    .join('\n');
}

/** What a generated variable must avoid: `reserved` names get a `_df` suffix, `taken` ones a number. */
export interface NameRules {
  reserved?: (candidate: string) => boolean;
  taken?: (candidate: string) => boolean;
}

/**
 * A readable Python variable name for a table or column name:
 * `Survey-Obs 2024` → `survey_obs_2024`. Always a plain ASCII identifier and
 * never a keyword.
 */
export function pythonIdentifier(name: string, rules: NameRules = {}): string {
  const reserved = rules.reserved ?? (() => false);
  const taken = rules.taken ?? (() => false);
  let base = name
    .normalize('NFKD')
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|(?<!_)_+$/g, '');
  if (!base) {
    base = 'table';
  }
  if (/^[0-9]/.test(base)) {
    base = `t_${base}`;
  }
  if (PYTHON_KEYWORDS.has(base) || reserved(base)) {
    base = `${base}_df`;
  }
  let candidate = base;
  for (let n = 2; reserved(candidate) || taken(candidate); n++) {
    candidate = `${base}_${n}`;
  }
  return candidate;
}

/** A column of a DataFrame bound to `frame` (a variable this module named), by subscript: `obs["my col"]`. */
export function pyColumn(frame: string, column: string): string {
  return `${frame}[${pyString(column)}]`;
}

/** Raw Python source to embed inside a `pyLiteral` structure, with the imports it needs. */
export class PyCode {
  constructor(
    readonly code: string,
    readonly imports: readonly string[] = []
  ) {}
}

/** A Python literal for a JSON-like value: strings, numbers, booleans, null, arrays, plain objects and `PyCode`. */
export function pyLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'string') {
    return pyString(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'number') {
    // `NaN` and `Infinity` are not Python literals (a bare `NaN` would be a name).
    return Number.isFinite(value) ? String(value) : `float(${pyString(String(value).replace('Infinity', 'inf'))})`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(v => pyLiteral(v, indent)).join(', ')}]`;
  }
  if (value instanceof PyCode) {
    return value.code;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    return '{}';
  }
  const inner = `${indent}    `;
  const lines = entries.map(([k, v]) => `${inner}${pyString(k)}: ${pyLiteral(v, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The import lines the `PyCode` inside a value needs, sorted and unique. */
export function importsOf(...values: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (value instanceof PyCode) {
      value.imports.forEach(line => found.add(line));
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  values.forEach(visit);
  return [...found].sort();
}

/**
 * A Spark SQL identifier: bare when Spark reads it bare, else backtick-quoted
 * with backticks doubled. Quoting cannot stop Spark's `${…}` substitution,
 * which runs on the text first: code that parses a name holding `$` turns it
 * off (`spark.ts`).
 */
export function sqlIdentifier(name: string): string {
  return PLAIN_NAME.test(name) && !SPARK_RESERVED.has(name.toUpperCase()) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** `catalog.namespace….table` as Spark parses a multipart identifier, every part quoted as needed. */
export function sqlQualifiedName(parts: readonly string[]): string {
  return parts.map(sqlIdentifier).join('.');
}
