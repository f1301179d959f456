/**
 * What a cell the analyzer skips (see relevance.ts) still gives later cells:
 * its imports, bound without parsing, and its functions, parsed only if called.
 */
import { parser } from '@lezer/python';
import type { GuardScope } from './scope';
import type { Value } from './values';

/** Bind what a skipped cell defines for later cells: its imports, and its functions without parsing them. */
export function skim(source: string, scope: GuardScope): void {
  const imports: string[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^(import|from)\s/.test(lines[i])) {
      let statement = lines[i];
      while ((/\\$/.test(statement) || count(statement, '(') > count(statement, ')')) && i + 1 < lines.length) {
        statement += `\n${lines[++i]}`;
      }
      imports.push(statement);
    }
  }
  imports.forEach(statement => bindImport(statement.replace(/[()\\\n]/g, ' '), scope));
  for (const match of source.matchAll(/^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)) {
    scope.vars.set(match[1], { kind: 'function', name: match[1], node: null, source, params: [] });
  }
}

/** `import a.b as c, d` / `from a.b import c as d, e`, bound without parsing. */
function bindImport(statement: string, scope: GuardScope): void {
  const from = /^from\s+([\w.]+)\s+import\s+(.*)$/.exec(statement.trim());
  const names = (from ? from[2] : statement.trim().replace(/^import\s+/, '')).split(',');
  for (const entry of names) {
    const [dotted, alias] = entry.trim().split(/(?<!\s)\s+as\s+/);
    if (!dotted || dotted === '*' || !/^[\w.]+$/.test(dotted)) {
      continue;
    }
    const qualified = from ? `${from[1].replace(/^\.+/, '')}.${dotted}` : dotted;
    const bound = alias?.trim() || (from ? dotted : dotted.split('.')[0]);
    scope.vars.set(bound, { kind: 'symbol', name: alias || from ? qualified : bound });
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Parse a skimmed cell when one of its functions is called. */
export function resolveLazyFunction(fn: Value & { kind: 'function' }): boolean {
  const top = parser.parse(fn.source).topNode;
  for (let child = top.firstChild; child; child = child.nextSibling) {
    const definition = child.name === 'DecoratedStatement' ? child.getChild('FunctionDefinition') : child;
    const name = definition?.name === 'FunctionDefinition' ? definition.getChild('VariableName') : null;
    if (definition && name && fn.source.slice(name.from, name.to) === fn.name) {
      fn.node = definition.getChild('Body');
      const params = definition.getChild('ParamList');
      for (let p = params?.firstChild ?? null; p; p = p.nextSibling) {
        if (p.name === 'VariableName' && p.prevSibling?.name !== 'AssignOp') {
          fn.params.push(fn.source.slice(p.from, p.to));
        }
      }
    }
  }
  return fn.node !== null;
}
