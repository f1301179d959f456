/**
 * Python's printf-style `text % args` on strings the analyzer knows. A scan,
 * because the pattern it replaces (`%(\([^)]*\))?…`) searched for the closing
 * parenthesis again from every `%(`, quadratic on hostile notebook text.
 */

/**
 * Flags, width, precision and conversion after `%` or `%(key)`. Flags and width
 * overlap only on `0`, which the width here cannot start with, so the engine
 * never tries more than one split of a run of zeros.
 */
const CONVERSION = /[-#0 +]*(?:[1-9]\d*)?(?:\.\d+)?[sdrifg%]/y;

/** Where the conversion after `at` ends, or -1 if there is none. */
function conversionEnd(text: string, at: number): number {
  CONVERSION.lastIndex = at;
  return CONVERSION.test(text) ? CONVERSION.lastIndex : -1;
}

/** `text` with each specifier (`%s`, `%(name)05.2f`, `%%`…) replaced by what `replace` returns for it. */
export function replaceSpecifiers(text: string, replace: (specifier: string) => string): string {
  let result = '';
  let copied = 0;
  // The first `)` at or after a position, found once per `)`: every `%(` before it shares it.
  let close = -1;
  let at = text.indexOf('%');
  while (at !== -1) {
    let end: number;
    if (text[at + 1] === '(') {
      if (close !== Infinity && close < at + 1) {
        const found = text.indexOf(')', at + 1);
        close = found === -1 ? Infinity : found;
      }
      end = close === Infinity ? -1 : conversionEnd(text, close + 1);
    } else {
      end = conversionEnd(text, at + 1);
    }
    if (end === -1) {
      at = text.indexOf('%', at + 1);
      continue;
    }
    result += text.slice(copied, at) + replace(text.slice(at, end));
    copied = end;
    at = text.indexOf('%', end);
  }
  return result + text.slice(copied);
}
