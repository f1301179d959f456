/**
 * Reading generated code back, for the injection tests: the syntax tree
 * `@lezer/python` builds, the values of its string literals (decoded as
 * Python decodes them, independently of the emitter), and Spark SQL tokens.
 */
import { parser } from '@lezer/python';

/** Python's decoding of a string literal's source text (`"a\\n"` → `a` + newline). */
export function decodePythonString(literal: string): string {
  const match = /^([rRbBuU]*)('''|"""|'|")/.exec(literal);
  if (!match) {
    throw new Error(`not a string literal: ${literal}`);
  }
  const [, prefix, quote] = match;
  const body = literal.slice(prefix.length + quote.length, literal.length - quote.length);
  if (/r/i.test(prefix)) {
    return body;
  }
  const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const next = body[++i];
    const width = { x: 2, u: 4, U: 8 }[next as 'x' | 'u' | 'U'];
    if (width) {
      const digits = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
        throw new Error(`bad \\${next} escape in ${literal}`);
      }
      out += String.fromCodePoint(parseInt(digits, 16));
      i += width;
    } else if (next in simple) {
      out += simple[next];
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else {
      out += `\\${next}`;
    }
  }
  return out;
}

/** A parsed snippet: the node types in pre-order (literals and comments as leaves), and the leaves' text. */
export interface PythonShape {
  nodes: string[];
  errors: number;
  /** Source text of every `String` node, in order. */
  strings: string[];
  /** Source text of every `FormatString` node (only the snippets' fixed code writes f-strings). */
  formatStrings: string[];
  comments: string[];
  /** Every `VariableName` that names something (not a keyword argument, not a module path in an import). */
  names: string[];
}

const LEAVES = new Set(['String', 'FormatString', 'Comment']);

export function pythonShape(code: string): PythonShape {
  const shape: PythonShape = { nodes: [], errors: 0, strings: [], formatStrings: [], comments: [], names: [] };
  const tree = parser.parse(code);
  let importDepth = 0;
  tree.iterate({
    enter(node) {
      shape.nodes.push(node.name);
      if (node.type.isError) {
        shape.errors++;
      }
      const text = code.slice(node.from, node.to);
      if (node.name === 'String') {
        shape.strings.push(text);
      } else if (node.name === 'FormatString') {
        shape.formatStrings.push(text);
      } else if (node.name === 'Comment') {
        shape.comments.push(text);
      } else if (node.name === 'ImportStatement') {
        importDepth++;
      } else if (node.name === 'VariableName' && importDepth === 0) {
        const isKeywordArgument = node.node.parent?.name === 'ArgList' && node.node.nextSibling?.name === 'AssignOp';
        if (!isKeywordArgument) {
          shape.names.push(text);
        }
      }
      return !LEAVES.has(node.name);
    },
    leave(node) {
      if (node.name === 'ImportStatement') {
        importDepth--;
      }
    }
  });
  return shape;
}

export type SqlToken = { kind: 'identifier' | 'string' | 'other'; value: string };

/**
 * Spark SQL tokens as Spark's lexer reads them: backquoted identifiers with
 * doubled backticks, bare identifiers, and backslash-escaped string literals.
 */
export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const pattern = /\s+|`((?:[^`]|``)*)`|([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\[\s\S])*)'|([^\s`'A-Za-z_]+)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < sql.length && (match = pattern.exec(sql))) {
    const [, quoted, bare, literal, other] = match;
    if (quoted !== undefined) {
      tokens.push({ kind: 'identifier', value: quoted.replace(/``/g, '`') });
    } else if (bare !== undefined) {
      tokens.push({ kind: 'identifier', value: bare });
    } else if (literal !== undefined) {
      tokens.push({ kind: 'string', value: literal.replace(/\\([\s\S])/g, '$1') });
    } else if (other !== undefined) {
      tokens.push({ kind: 'other', value: other });
    }
  }
  if (pattern.lastIndex !== sql.length) {
    throw new Error(`cannot tokenize Spark SQL: ${sql}`);
  }
  return tokens;
}
