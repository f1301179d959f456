/**
 * Classifies SQL text (Spark SQL, and the common DuckDB/Databricks forms) into
 * `USE` statements and writes, with the line each statement starts on. Reads
 * (`SELECT`, `DESCRIBE`, `SHOW`, `EXPLAIN`, metadata tables) yield nothing.
 */
import { HOLE } from './paths';
import { procedureOperation, procedureShape } from './procedures';

export interface SqlWrite {
  operation: string;
  /** Raw identifier parts as written, e.g. `['lake', 'obs', 'observations']`. */
  table?: string[];
  /** With `table`: the identifier names a namespace (DROP NAMESPACE … CASCADE). */
  namespace?: boolean;
  /** The catalog a `CALL cat.system.proc(...)` runs in. */
  catalog?: string;
  /** The write is the table's maintenance (compaction, snapshot expiry, orphan removal). */
  maintenance?: boolean;
  path?: string;
  delete: boolean;
}

export interface SqlStatement {
  /** 0-based line within the text. */
  line: number;
  use?: { kind: 'any' | 'catalog' | 'namespace'; parts: string[] };
  writes: SqlWrite[];
}

interface Token {
  kind: 'word' | 'ident' | 'string' | 'punct';
  text: string;
  line: number;
}

const WORD = /[A-Za-z0-9_$\uFFFF]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      line += text.slice(i, stop).split('\n').length - 1;
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && c !== '`' && j + 1 < text.length) {
          j++;
        }
        value += text[j++];
      }
      tokens.push({ kind: c === '`' ? 'ident' : 'string', text: value, line });
      line += value.split('\n').length - 1;
      i = j + 1;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < text.length && WORD.test(text[j])) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), line });
      i = j;
    } else if (c === '=' && text[i + 1] === '>') {
      tokens.push({ kind: 'punct', text: '=>', line });
      i += 2;
    } else {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    }
  }
  return tokens;
}

class Statement {
  constructor(private tokens: Token[]) {}
  at = 0;

  peek(offset = 0): string {
    const token = this.tokens[this.at + offset];
    return token && token.kind === 'word' ? token.text.toUpperCase() : (token?.text ?? '');
  }

  accept(...words: string[]): boolean {
    if (words.includes(this.peek())) {
      this.at++;
      return true;
    }
    return false;
  }

  /** An identifier `a.b.c` (backticks and double quotes allowed). */
  identifier(): string[] | null {
    const parts: string[] = [];
    for (;;) {
      const token = this.tokens[this.at];
      if (!token || token.kind === 'punct') {
        break;
      }
      parts.push(token.text);
      this.at++;
      if (this.tokens[this.at]?.text !== '.') {
        break;
      }
      this.at++;
    }
    return parts.length ? parts : null;
  }

  stringLiteral(): string | null {
    const token = this.tokens[this.at];
    if (token?.kind === 'string') {
      this.at++;
      return token.text;
    }
    return null;
  }

  find(word: string): number {
    return this.tokens.findIndex((t, i) => i >= this.at && t.kind === 'word' && t.text.toUpperCase() === word);
  }

  get rest(): Token[] {
    return this.tokens.slice(this.at);
  }
}

function tableWrite(operation: string, parts: string[] | null, del = false): SqlWrite[] {
  if (!parts) {
    return [];
  }
  const pathPart = parts.find(p => p.includes('/'));
  return [pathPart ? { operation, path: pathPart, delete: del } : { operation, table: parts, delete: del }];
}

/** Skip `WITH name AS (...), ...` to the statement the CTEs feed. */
function skipCommonTableExpressions(s: Statement): void {
  let depth = 0;
  for (const token of s.rest) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && token.kind === 'word' && /^(INSERT|MERGE|UPDATE|DELETE|SELECT)$/i.test(token.text)) {
      return;
    }
    s.at++;
  }
}

function classify(s: Statement): Pick<SqlStatement, 'use' | 'writes'> {
  if (s.accept('WITH')) {
    skipCommonTableExpressions(s);
  }
  const verb = s.peek();
  s.at++;
  switch (verb) {
    case 'USE': {
      const kind = s.accept('CATALOG') ? 'catalog' : s.accept('NAMESPACE', 'DATABASE', 'SCHEMA') ? 'namespace' : 'any';
      const parts = s.identifier();
      return { use: parts ? { kind, parts } : undefined, writes: [] };
    }
    case 'INSERT': {
      const overwrite = s.peek() === 'OVERWRITE';
      s.accept('INTO', 'OVERWRITE');
      if (s.accept('LOCAL') || s.peek() === 'DIRECTORY') {
        s.accept('DIRECTORY');
        const path = s.stringLiteral();
        return { writes: path ? [{ operation: 'INSERT OVERWRITE DIRECTORY', path, delete: true }] : [] };
      }
      s.accept('TABLE');
      return { writes: tableWrite(overwrite ? 'INSERT OVERWRITE' : 'INSERT INTO', s.identifier()) };
    }
    case 'MERGE':
      s.accept('INTO');
      return { writes: tableWrite('MERGE INTO', s.identifier()) };
    case 'UPDATE':
      return { writes: tableWrite('UPDATE', s.identifier()) };
    case 'DELETE':
      s.accept('FROM');
      return { writes: tableWrite('DELETE FROM', s.identifier()) };
    case 'TRUNCATE':
      s.accept('TABLE');
      return { writes: tableWrite('TRUNCATE TABLE', s.identifier(), true) };
    case 'ALTER':
      return s.accept('TABLE') ? { writes: tableWrite('ALTER TABLE', s.identifier()) } : { writes: [] };
    case 'DROP': {
      if (s.accept('TABLE')) {
        if (s.accept('IF')) {
          s.accept('EXISTS');
        }
        return { writes: tableWrite('DROP TABLE', s.identifier(), true) };
      }
      if (s.accept('NAMESPACE', 'DATABASE', 'SCHEMA')) {
        if (s.accept('IF')) {
          s.accept('EXISTS');
        }
        const parts = s.identifier();
        return { writes: parts ? [{ operation: 'DROP NAMESPACE', table: parts, namespace: true, delete: true }] : [] };
      }
      return { writes: [] };
    }
    case 'REPLACE':
    case 'CREATE':
      return classifyCreate(s, verb === 'REPLACE');
    case 'CALL':
      return { writes: classifyCall(s) };
    case 'COPY': {
      if (s.accept('INTO')) {
        return { writes: tableWrite('COPY INTO', s.identifier()) };
      }
      const to = s.find('TO');
      s.at = to === -1 ? s.at : to + 1;
      const path = to === -1 ? null : s.stringLiteral();
      return { writes: path ? [{ operation: 'COPY TO', path, delete: false }] : [] };
    }
    case 'OPTIMIZE':
    case 'VACUUM':
      s.accept('TABLE');
      return { writes: tableWrite(verb, s.identifier()) };
    case 'LOAD': {
      const into = s.find('TABLE');
      s.at = into === -1 ? s.at : into + 1;
      return { writes: into === -1 ? [] : tableWrite('LOAD DATA', s.identifier()) };
    }
    case 'MSCK':
      s.accept('REPAIR');
      s.accept('TABLE');
      return { writes: tableWrite('MSCK REPAIR TABLE', s.identifier()) };
    default:
      return { writes: [] };
  }
}

function classifyCreate(s: Statement, replace: boolean): Pick<SqlStatement, 'writes'> {
  if (s.accept('OR')) {
    replace = s.accept('REPLACE');
  }
  while (s.accept('EXTERNAL', 'TEMPORARY', 'TEMP', 'GLOBAL', 'UNMANAGED')) {
    // Modifiers before TABLE.
  }
  if (!s.accept('TABLE')) {
    return { writes: [] };
  }
  if (s.accept('IF') && s.accept('NOT')) {
    s.accept('EXISTS');
  }
  const parts = s.identifier();
  const writes = replace ? tableWrite('CREATE OR REPLACE TABLE', parts, true) : [];
  const location = s.find('LOCATION');
  if (location !== -1) {
    s.at = location + 1;
    const path = s.stringLiteral();
    if (path) {
      writes.push({ operation: 'CREATE TABLE LOCATION', path, delete: replace });
    }
  }
  return { writes };
}

/**
 * `CALL cat.system.proc(table => 'ns.tbl', ...)` or `CALL cat.system.proc('ns.tbl', ...)`: the
 * table argument by name, or at the procedure's position for it.
 */
function classifyCall(s: Statement): SqlWrite[] {
  const procedure = s.identifier();
  if (!procedure) {
    return [];
  }
  const shape = procedureShape(procedure[procedure.length - 1]);
  if (shape === 'reads') {
    return [];
  }
  const args = callArguments(s.rest);
  const named = args.find(arg => arg.name?.toLowerCase() === 'table');
  const positional = args.filter(arg => arg.name === undefined);
  const value = named ? named.value : shape ? positional[shape.position]?.value : args.find(arg => arg.value?.kind === 'string')?.value;
  if (!value || value.kind !== 'string') {
    return [];
  }
  return [
    {
      operation: procedureOperation(procedure.join('.'), shape),
      table: value.text.split('.'),
      catalog: procedure.length >= 3 ? procedure[0] : undefined,
      delete: shape?.deletes ?? false,
      ...(shape?.maintenance ? { maintenance: true } : {})
    }
  ];
}

/** The arguments between a call's parentheses: `name => value` or a bare value, each by its first token. */
function callArguments(tokens: Token[]): { name?: string; value?: Token }[] {
  if (tokens[0]?.text !== '(') {
    return [];
  }
  const args: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(1)) {
    if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) depth++;
    if (token.kind === 'punct' && (token.text === ')' || token.text === ']')) {
      if (depth === 0) break;
      depth--;
    }
    if (depth === 0 && token.kind === 'punct' && token.text === ',') {
      args.push([]);
    } else {
      args[args.length - 1].push(token);
    }
  }
  return args
    .filter(arg => arg.length > 0)
    .map(arg => (arg[1]?.text === '=>' && arg[0].kind !== 'string' ? { name: arg[0].text, value: arg[2] } : { value: arg[0] }));
}

function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      statements.push([]);
    } else {
      statements[statements.length - 1].push(token);
    }
  }
  return statements.filter(s => s.length > 0);
}

export function classifySql(text: string): SqlStatement[] {
  return splitStatements(tokenize(text)).map(tokens => ({ line: tokens[0].line, ...classify(new Statement(tokens)) }));
}

/** Whether an identifier part is only partly known. */
export function hasHole(part: string): boolean {
  return part.includes(HOLE);
}
