/**
 * The scans that replaced backtracking patterns answer exactly as those patterns
 * did: each is checked against the pattern it replaced on short random strings
 * drawn from the characters that pattern cares about.
 */
import fc from 'fast-check';
import { beforeGlob, dirnameOf, parentOf } from '../guard/pathText';
import { replaceSpecifiers } from '../guard/percentFormat';
import { assignedMagic, isLineMagic } from '../guard/ipython';
import { oneLine } from '../../server/cli/command';
import { parseIni } from '../../server/aws/profile';
import { parseErrorBody } from '../../server/storage/s3/xml';

const RUNS = { numRuns: 5000 };

function textOver(alphabet: string[], maxLength = 24): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { maxLength }).map(chars => chars.join(''));
}

const WHITE_SPACE = [' ', '\t', '\n', '\r', '\u2028', '\u00a0', '\ufeff', 'a', 'b'];
const PATH = ['/', 'a', 'b', '.', '*', '?', '[', '\n', '\r', '\u2028', '\u2029'];
const MAGIC_LINE = ['a', 'B', '_', '1', ',', ' ', '\t', '=', '!', '%', 'x', '\r', '\u2028', '\u00a0'];
const PRINTF = ['%', '(', ')', 'a', '-', '#', '0', '5', ' ', '+', '.', 's', 'd', 'f', '%'];

describe('linear rewrites of backtracking patterns', () => {
  it('oneLine turns each white-space run holding a line break into one space', () => {
    fc.assert(
      fc.property(textOver(WHITE_SPACE), text => {
        expect(oneLine(text)).toBe(text.replace(/\s*[\r\n]+\s*/g, ' '));
      }),
      RUNS
    );
  });

  it('dirnameOf, parentOf and beforeGlob cut where the patterns did', () => {
    fc.assert(
      fc.property(textOver(PATH), text => {
        expect(dirnameOf(text)).toBe(text.replace(/\/+[^/]*$/, ''));
        expect(parentOf(text)).toBe(text.replace(/\/+[^/]*\/?$/, ''));
        expect(beforeGlob(text)).toBe(text.replace(/[*?[].*$/, ''));
      }),
      RUNS
    );
  });

  it('isLineMagic and assignedMagic read a line as the patterns did', () => {
    fc.assert(
      fc.property(textOver(MAGIC_LINE), fc.constantFrom('', ' ', '\t '), (text, indent) => {
        const line = indent + text;
        expect(isLineMagic(line)).toBe(/^\s*([A-Za-z_][\w, ]*?\s*=\s*)?[!%]/.test(line));
        const old = /^([A-Za-z_][\w, ]*?)\s*=\s*([!%].*)$/.exec(text);
        const assigned = assignedMagic(text);
        const whole = assigned && !/[\n\r\u2028\u2029]/.test(assigned.command) ? assigned : null;
        expect(whole).toEqual(old ? { targets: old[1], command: old[2] } : null);
      }),
      RUNS
    );
  });

  it('replaceSpecifiers replaces the specifiers the pattern matched', () => {
    fc.assert(
      fc.property(textOver(PRINTF), text => {
        const mark = (spec: string) => `<${spec}>`;
        expect(replaceSpecifiers(text, mark)).toBe(text.replace(/%(\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifg%]/g, mark));
      }),
      RUNS
    );
  });

  // Patterns kept, made unambiguous: old and new compared as written at their sites.
  it('a decimal number is recognised as before', () => {
    fc.assert(
      fc.property(textOver(['0', '7', '.', 'e', '+', '-', 'x']), text => {
        expect(/^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$/.test(text)).toBe(/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text));
      }),
      RUNS
    );
  });

  it('slash runs and ` as ` separators are cut as before', () => {
    fc.assert(
      fc.property(textOver(['/', 'a', ' ']), text => {
        expect(text.replace(/(?<!\/)\/+$/, '')).toBe(text.replace(/\/+$/, ''));
        expect(text.replace(/^\/+|(?<!\/)\/+$/g, '')).toBe(text.replace(/^\/+|\/+$/g, ''));
      }),
      RUNS
    );
    fc.assert(
      fc.property(textOver(['a', 's', ' ', '\t', '\n', '.']), text => {
        expect(text.trim().split(/(?<!\s)\s+as\s+/)).toEqual(text.trim().split(/\s+as\s+/));
      }),
      RUNS
    );
  });

  it('an INI section is named as the pattern named it', () => {
    fc.assert(
      fc.property(textOver(['[', ']', ' ', '\t', 'a', 'b', '\u2028']), inner => {
        const line = `[${inner}`;
        const old = /^\[\s*(.+?)\s*\]$/.exec(line.trim());
        // A name of white space alone named no profile anyone could select.
        fc.pre(!old || old[1].trim() !== '');
        expect(Object.keys(parseIni(`${line}\nregion = x\n`))).toEqual(old ? [old[1]] : []);
      }),
      RUNS
    );
  });

  it('an S3 error element is read as the pattern read it', () => {
    fc.assert(
      fc.property(textOver(['<Code>', '</Code>', '<Message>', '</Message>', 'a', '<', '>', '/'], 12), xml => {
        const first = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
        expect(parseErrorBody(xml)).toEqual({ code: first('Code'), message: first('Message') });
      }),
      RUNS
    );
  });

  it('trailing underscores and base64 padding are cut as before', () => {
    fc.assert(
      fc.property(textOver(['_', 'a', '=']), text => {
        expect(text.replace(/^_+|(?<!_)_+$/g, '')).toBe(text.replace(/^_+|_+$/g, ''));
        expect(text.replace(/(?<!=)=+$/, '')).toBe(text.replace(/=+$/, ''));
      }),
      RUNS
    );
  });

  it('keeps the ordinary cases', () => {
    expect(oneLine('boom\n    at x (a.js:1)\r\n  at y')).toBe('boom at x (a.js:1) at y');
    expect(parentOf('s3://lake/obs/')).toBe('s3://lake');
    expect(dirnameOf('s3://lake/obs/part-0.parquet')).toBe('s3://lake/obs');
    expect(beforeGlob('s3://lake/obs/*.parquet')).toBe('s3://lake/obs/');
    expect(assignedMagic('files, n = !ls -l')).toEqual({ targets: 'files, n', command: '!ls -l' });
    expect(replaceSpecifiers('%(base)s/%s/%05.1f%%', spec => `[${spec}]`)).toBe('[%(base)s]/[%s]/[%05.1f][%%]');
  });
});
