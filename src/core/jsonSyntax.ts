/**
 * Where and why a text is not JSON, without quoting any of it.
 *
 * Parsers' own messages repeat the input (V8: `Unexpected token 'r',
 * "root:x:0:0"... is not valid JSON`), and the input may be a file the
 * reader was never meant to show: a catalog row pointing at `/etc/passwd`
 * must not turn an error message into a copy of it. So after `JSON.parse`
 * fails, this scanner finds the first offending character itself and names
 * the kind of problem and its position only. It is iterative (deep nesting
 * cannot overflow the stack) and linear in the text's length.
 */

export interface JsonSyntaxProblem {
  /** What is wrong, in words that never include the text. */
  problem: string;
  /** Index of the offending character (UTF-16 code units, as JavaScript counts). */
  position: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['true', 'false', 'null'];

class SyntaxFound {
  constructor(
    readonly problem: string,
    readonly position: number
  ) {}
}

/** The first syntax problem of `text`, or null when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  try {
    new JsonScanner(text).document();
    return null;
  } catch (found) {
    if (!(found instanceof SyntaxFound)) {
      throw found;
    }
    return { problem: found.problem, position: found.position, ...lineAndColumn(text, found.position) };
  }
}

/**
 * One line for an error message about `text`, which failed to parse:
 * `not valid JSON: unexpected character at line 1, column 1 (character 0)`.
 */
export function describeJsonSyntaxError(text: string): string {
  const found = findJsonSyntaxProblem(text);
  if (found === null) {
    // JSON.parse refused something this scanner accepts (a limit of the engine): say so without content.
    return 'not valid JSON';
  }
  return `not valid JSON: ${found.problem} at line ${found.line}, column ${found.column} (character ${found.position})`;
}

class JsonScanner {
  private i = 0;
  /** The open containers, innermost last. */
  private readonly open: ('{' | '[')[] = [];

  constructor(private readonly text: string) {}

  document(): void {
    for (;;) {
      if (this.value()) {
        continue; // a container opened: its first element comes next
      }
      if (!this.closeAndSeparate()) {
        this.skipWhitespace();
        if (this.i < this.text.length) {
          this.fail('unexpected data after the JSON value');
        }
        return;
      }
    }
  }

  /**
   * One value. Returns true when it opened a non-empty container, whose first
   * element the caller scans next (a loop, not recursion, so depth is free).
   */
  private value(): boolean {
    this.skipWhitespace();
    const c = this.text[this.i];
    if (c === undefined) {
      this.fail('unexpected end of input where a value was expected');
    }
    if (c === '{' || c === '[') {
      this.i++;
      this.skipWhitespace();
      const close = c === '{' ? '}' : ']';
      if (this.text[this.i] === close) {
        this.i++;
        return false;
      }
      this.open.push(c);
      if (c === '{') {
        this.key();
      }
      return true;
    }
    if (c === '"') {
      this.string();
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      this.number();
    } else {
      const literal = LITERALS.find(word => this.text.startsWith(word, this.i));
      if (!literal) {
        this.fail('unexpected character where a value was expected');
      }
      this.i += literal.length;
    }
    return false;
  }

  /**
   * After a value: close finished containers, then step over a separator.
   * Returns false when the top-level value is complete.
   */
  private closeAndSeparate(): boolean {
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) {
        return false;
      }
      this.skipWhitespace();
      const c = this.text[this.i];
      const close = top === '{' ? '}' : ']';
      if (c === close) {
        this.i++;
        this.open.pop();
        continue;
      }
      if (c === ',') {
        this.i++;
        if (top === '{') {
          this.key();
        }
        return true;
      }
      this.fail(c === undefined ? `unexpected end of input where ',' or '${close}' was expected` : `expected ',' or '${close}'`);
    }
  }

  private key(): void {
    this.skipWhitespace();
    if (this.text[this.i] !== '"') {
      this.fail(this.i >= this.text.length ? 'unexpected end of input where a property name was expected' : 'expected a double-quoted property name');
    }
    this.string();
    this.skipWhitespace();
    if (this.text[this.i] !== ':') {
      this.fail("expected ':' after a property name");
    }
    this.i++;
  }

  private string(): void {
    const start = this.i;
    this.i++;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code)) {
        this.fail('unterminated string', start);
      }
      if (code === 0x22) {
        this.i++;
        return;
      }
      if (code < 0x20) {
        this.fail('control character inside a string');
      }
      if (code === 0x5c) {
        const escape = this.text[this.i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            this.fail('bad \\u escape inside a string');
          }
          this.i += 6;
          continue;
        }
        if (escape === undefined || !ESCAPES.has(escape)) {
          this.fail('bad escape inside a string');
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  private number(): void {
    if (this.text[this.i] === '-') {
      this.i++;
    }
    if (this.text[this.i] === '0') {
      this.i++;
    } else if (!this.digits()) {
      this.fail('a number without digits');
    }
    if (this.text[this.i] === '.') {
      this.i++;
      if (!this.digits()) {
        this.fail('a number without digits after its decimal point');
      }
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') {
        this.i++;
      }
      if (!this.digits()) {
        this.fail('a number without digits in its exponent');
      }
    }
  }

  /** Skips digits; whether there was at least one. */
  private digits(): boolean {
    const start = this.i;
    while (this.text[this.i] >= '0' && this.text[this.i] <= '9') {
      this.i++;
    }
    return this.i > start;
  }

  private skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.i])) {
      this.i++;
    }
  }

  private fail(problem: string, position = this.i): never {
    throw new SyntaxFound(problem, position);
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}
