/** Python string literals as the analyzer reads them. */

/** Decode a Python string literal (with prefix and quotes). Bytes are treated as text. */
export function decodeString(literal: string): string {
  const open = literal.search(/["']/);
  if (open === -1) {
    return literal;
  }
  const quote = literal.startsWith(literal[open].repeat(3), open) ? 3 : 1;
  const body = literal.slice(open + quote, Math.max(open + quote, literal.length - quote));
  return decodeBody(body, /r/i.test(literal.slice(0, open)));
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

export function decodeBody(body: string, raw: boolean): string {
  return raw ? body : body.replace(/\\(.|\n)/g, (whole, c: string) => ESCAPES[c] ?? whole);
}
