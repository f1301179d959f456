/**
 * Most notebook cells cannot write to a protected target, and parsing is the
 * analyzer's main cost. A cell is analysed only if it mentions a word from the
 * policy (a bucket, folder, catalog, namespace or table name), a name bound to
 * such a value earlier, or something that carries meaning to later cells
 * (imports, definitions, library objects). Skipping a cell can only leave a
 * later target less resolved, which the policy then matches by its known prefix.
 */
import type { GuardScope } from './scope';
import type { Value } from './values';

const ALWAYS = /%run\b|\.(py|ipynb)\b|\.write|writeTo|\bBucket\b|\bObject\(|load_table|load_catalog|Catalog\(|FileSystem|filesystem\(|boto3|\bUSE\b|setCurrent/;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

export function isRelevant(source: string, keywords: readonly string[], scope: GuardScope): boolean {
  if (ALWAYS.test(source)) {
    return true;
  }
  if (mentionsKeyword(source, keywords)) {
    return true;
  }
  if (scope.relevantNames.size > 0) {
    for (const name of source.match(IDENTIFIER) ?? []) {
      if (scope.relevantNames.has(name)) {
        return true;
      }
    }
  }
  return false;
}

/** Long names match anywhere; short ones (`obs`, `lake`) only as whole words, or every cell would match. */
function mentionsKeyword(text: string, keywords: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return keywords.some(keyword => {
    let at = lower.indexOf(keyword);
    if (keyword.length >= 5) {
      return at !== -1;
    }
    for (; at !== -1; at = lower.indexOf(keyword, at + 1)) {
      const before = lower.charCodeAt(at - 1);
      const after = lower.charCodeAt(at + keyword.length);
      if (!isWordChar(before) && !isWordChar(after)) {
        return true;
      }
    }
    return false;
  });
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/** Whether a bound value could lead to a protected target. */
function mentions(value: Value, keywords: readonly string[], depth = 0): boolean {
  switch (value.kind) {
    case 'str':
    case 'path':
      return mentionsKeyword(value.text, keywords);
    case 'object':
    case 'function':
      return true;
    case 'list':
      return depth < 3 && [...value.items, ...(value.element ? [value.element] : [])].some(v => mentions(v, keywords, depth + 1));
    case 'dict':
      return depth < 3 && [...value.entries.values()].some(v => mentions(v, keywords, depth + 1));
    case 'bound':
      return mentions(value.self, keywords, depth + 1);
    default:
      return false;
  }
}

/** Record which names now hold values that matter, after a cell was analysed. */
export function updateRelevantNames(scope: GuardScope, keywords: readonly string[]): void {
  scope.relevantNames = new Set([...scope.vars].filter(([, value]) => mentions(value, keywords)).map(([name]) => name));
}
