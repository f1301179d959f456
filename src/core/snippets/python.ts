/**
 * Rendering values as Python source. Everything a snippet embeds (paths,
 * identifiers, configuration values) goes through here, so a hostile table or
 * namespace name can never break out of a string literal.
 */

const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type'
]);

/** Names the snippets themselves bind or import; a table variable must not shadow them. */
const SNIPPET_NAMES = new Set([
  'os', 'spark', 'SparkSession', 'dd', 'pa', 'pa_ds', 'pd', 'pq', 'fsspec', 'datetime', 'Client', 'client',
  'StaticTable', 'ArrowScan', 'unquote_plus', 'catalog_conf', 'storage_options', 'print', 'list', 'dict', 'str',
  'len', 'id', 'input', 'object', 'filter', 'map', 'max', 'min', 'sum', 'set', 'type'
]);

/** A Python string literal (double-quoted, escaped) for any JavaScript string. */
export function pyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f || (code >= 0x2028 && code <= 0x2029)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** A Python literal for a JSON-like value: strings, numbers, booleans, null, arrays and plain objects. */
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
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
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

/** Raw Python source to embed inside a `pyLiteral` structure, with the imports it needs. */
export class PyCode {
  constructor(
    readonly code: string,
    readonly imports: readonly string[] = []
  ) {}
}

/**
 * Where the kernel finds a secret at run time: an environment variable, or a
 * property of a catalog in the kernel's own `.pyiceberg.yaml` (read through
 * pyiceberg, which also applies its `PYICEBERG_CATALOG__…` variables).
 */
export type SecretRef = { env: string } | { catalog: string; property: string };

/** Python that reads the secret at run time; the value itself is never in the snippet. */
export function secretReference(ref: SecretRef): PyCode {
  if ('env' in ref) {
    return new PyCode(`os.environ.get(${pyString(ref.env)})`, ['import os']);
  }
  return new PyCode(`Config().get_catalog_config(${pyString(ref.catalog)}).get(${pyString(ref.property)})`, [
    'from pyiceberg.utils.config import Config'
  ]);
}

/** `os.environ.get("NAME")`. */
export function envReference(variable: string): PyCode {
  return secretReference({ env: variable });
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
 * A readable Python identifier for a table name: `Survey-Obs 2024` →
 * `survey_obs_2024`. Never a keyword, never a name the snippet uses itself,
 * never one in `taken`.
 */
export function pythonIdentifier(name: string, taken: ReadonlySet<string> = new Set()): string {
  let base = name
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!base) {
    base = 'table';
  }
  if (/^[0-9]/.test(base)) {
    base = `t_${base}`;
  }
  if (PYTHON_KEYWORDS.has(base) || SNIPPET_NAMES.has(base)) {
    base = `${base}_df`;
  }
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) {
    candidate = `${base}_${n}`;
  }
  return candidate;
}

/** Prefix every non-empty line with `# `. */
export function pyComment(text: string): string {
  return text
    .split('\n')
    .map(line => (line ? `# ${line}` : '#'))
    .join('\n');
}
