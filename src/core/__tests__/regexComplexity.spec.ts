/**
 * No regular expression runs in more than linear time on hostile text (catalog,
 * table and column names, paths, file contents, notebook cells, HTTP input,
 * error messages). A backtracking pattern at 64 KB takes seconds (the slowest
 * fixed here, 7 s at 32 KB); a linear one milliseconds. Each time is the fastest
 * of three runs, and the bound of 500 ms separates the two even on a loaded machine.
 *
 * Two parts: the sites that were quadratic, through the functions that hold them,
 * on the inputs that made them so; and every regular expression literal in src/,
 * read from the sources, on inputs built from its own characters.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { beforeGlob, dirnameOf, parentOf } from '../guard/pathText';
import { replaceSpecifiers } from '../guard/percentFormat';
import { toPython } from '../guard/ipython';
import { parsePythonFloat } from '../iceberg/values';
import { oneLine } from '../../server/cli/command';
import { parseIni } from '../../server/aws/profile';
import { parseErrorBody } from '../../server/storage/s3/xml';

const BOUND_MS = 500;
const SIZES = [32 * 1024, 64 * 1024];

function millis(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The fastest of three runs: a pause of the loaded machine is not a slow pattern. */
function fastest(run: () => unknown): number {
  return Math.min(millis(run), millis(run), millis(run));
}

/** `prefix`, then `pump` repeated to about `size` characters, then `suffix`. */
function hostile(prefix: string, pump: string, suffix: string, size: number): string {
  return prefix + pump.repeat(Math.ceil(size / pump.length)) + suffix;
}

describe('the sites that backtracked', () => {
  const cases: Array<[string, (text: string) => unknown, string, string, string]> = [
    ['oneLine on spaces', oneLine, '', ' ', 'x'],
    ['oneLine on spaces around line breaks', oneLine, 'x', ' \n ', 'x'],
    ['a line magic test on a target and spaces', toPython, 'a', ' ', 'x'],
    ['an assigned magic with a carriage return', toPython, 'a', ' ', '= !ls\r x'],
    ['the folder before a glob', beforeGlob, '', '*', '\n'],
    ['dirname of a slash run', dirnameOf, '', '/', 'x/'],
    ['parent of a slash run', parentOf, '', '/', 'x//'],
    ['printf keys never closed', (text: string) => replaceSpecifiers(text, spec => spec), '', '%(', ''],
    ['printf keys closed once, without a conversion', (text: string) => replaceSpecifiers(text, spec => spec), '', '%(', ')x'],
    ['printf zero flags without a conversion', (text: string) => replaceSpecifiers(text, spec => spec), '%', '0', 'x'],
    ['a float of digits and a bad suffix', parsePythonFloat, '', '0', 'x'],
    ['an S3 body of unclosed elements', parseErrorBody, '', '<Code>', ''],
    ['an INI section of spaces', parseIni, '[', ' ', '!']
  ];
  it.each(cases)('%s', (_name, run, prefix, pump, suffix) => {
    const [at32, at64] = SIZES.map(size => {
      const text = hostile(prefix, pump, suffix, size);
      return fastest(() => run(text));
    });
    expect({ at32: at32 < BOUND_MS, at64: at64 < BOUND_MS }).toEqual({ at32: true, at64: true });
  });
});

interface Literal {
  where: string;
  regex: RegExp;
}

const SRC = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : sourceFiles(file);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

function regexLiterals(): Literal[] {
  return sourceFiles(SRC).flatMap(file => {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const found: Literal[] = [];
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const slash = text.lastIndexOf('/');
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ where: `${path.relative(SRC, file)}:${line} ${text}`, regex: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  });
}

/**
 * Super-linear patterns need a run their parts can share (spaces, slashes, `%(`)
 * after a prefix that starts a match and before a suffix that ends it in failure.
 * Runs of one or two of the pattern's own characters, and of the usual suspects,
 * cover the shapes of every pattern that backtracked here.
 */
interface Shape {
  prefix: string;
  pump: string;
  suffix: string;
}

function hostileShapes(regex: RegExp): Shape[] {
  const own = [
    ...new Set(
      regex.source
        .replace(/\\[dDwWsSbB]/g, '')
        .replace(/\\/g, '')
        .split('')
    )
  ];
  const chars = [...new Set([...own, ' ', '\t', '\n', 'a', '0', '/', '.', '_', '-', '='])];
  // Pairs of the first characters only: long alternations of words have hundreds.
  const leading = own.slice(0, 16);
  const pairs = leading.flatMap((a, i) => leading.slice(i + 1).map(b => a + b));
  const opening = own.find(c => !'^(?:'.includes(c)) ?? '';
  const shapes: Shape[] = [];
  for (const pump of [...chars, ...pairs]) {
    for (const prefix of ['', 'a', opening]) {
      for (const suffix of ['', '!', '\n', '\u0000', ...own.map(c => `x${c}`)]) {
        shapes.push({ prefix, pump, suffix });
      }
    }
  }
  return shapes;
}

function exercise(regex: RegExp, text: string): void {
  regex.lastIndex = 0;
  if (regex.global) {
    text.replace(regex, '');
  } else {
    regex.exec(text);
  }
}

describe('every regular expression literal in src/', () => {
  const literals = regexLiterals();

  it('finds the literals it times', () => {
    expect(literals.length).toBeGreaterThan(150);
    expect(literals.some(l => l.where.startsWith(path.join('core', 'guard', 'ipython.ts')))).toBe(true);
  });

  it.each(literals.map(l => [l.where, l.regex] as const))('%s', (_where, regex) => {
    // Screen short inputs for the slowest few, then time those at full size: the
    // full sweep at 64 KB would take minutes even for linear patterns.
    const at = (shape: Shape, size: number) => hostile(shape.prefix, shape.pump, shape.suffix, size);
    const screened = hostileShapes(regex)
      .map(shape => ({ shape, ms: millis(() => exercise(regex, at(shape, 2048))) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
    const slow = screened.map(({ shape }) => ({ ...shape, ms: fastest(() => exercise(regex, at(shape, SIZES[1]))) })).filter(s => s.ms >= BOUND_MS);
    expect(slow).toEqual([]);
  });
});
