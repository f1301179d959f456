import fc from 'fast-check';
import { describeJsonSyntaxError, findJsonSyntaxProblem } from '../jsonSyntax';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonSyntax', () => {
  describe('#findJsonSyntaxProblem', () => {
    it.each([
      ['root:x:0:0:root:/root:/bin/bash\n', 'unexpected character where a value was expected', 0, 1, 1],
      ['{"a": 1,}', 'expected a double-quoted property name', 8, 1, 9],
      ['{"a": tru}', 'unexpected character where a value was expected', 6, 1, 7],
      ['', 'unexpected end of input where a value was expected', 0, 1, 1],
      ['{"a"', "expected ':' after a property name", 4, 1, 5],
      ['[1] x', 'unexpected data after the JSON value', 4, 1, 5],
      ['{\n  "a": "b\n"}', 'control character inside a string', 11, 2, 10],
      ['{"k": 1e}', 'a number without digits in its exponent', 8, 1, 9],
      ['{"k": "\\x"}', 'bad escape inside a string', 7, 1, 8],
      ['{"k": "\\u12g4"}', 'bad \\u escape inside a string', 7, 1, 8],
      ['["open', 'unterminated string', 1, 1, 2],
      ['[1, 2', "unexpected end of input where ',' or ']' was expected", 5, 1, 6],
      ['{"a": [1 2]}', "expected ',' or ']'", 9, 1, 10],
      ['-', 'a number without digits', 1, 1, 2],
      ['01', 'unexpected data after the JSON value', 1, 1, 2],
      ['\ufeff{}', 'unexpected character where a value was expected', 0, 1, 1]
    ])('should place the problem of %j', (text, problem, position, line, column) => {
      expect(findJsonSyntaxProblem(text)).toEqual({ problem, position, line, column });
      expect(parses(text)).toBe(false);
    });

    it('should accept valid JSON, nested however deep', () => {
      const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      expect(findJsonSyntaxProblem(deep)).toBeNull();
      expect(findJsonSyntaxProblem('{"a": [1, -2.5e+3, "x\\n\\u00e9", true, false, null, {}], "b": {"c": []}}')).toBeNull();
    });

    it('should agree with JSON.parse on whether a text is JSON', () => {
      const near = fc.oneof(
        fc.json(),
        fc
          .json()
          .chain(json =>
            fc
              .tuple(fc.nat(json.length), fc.nat(3), fc.constantFrom(...'{}[],:"\\ -.0e1tfnu\n\u0001'.split('')))
              .map(([at, cut, c]) => json.slice(0, at) + c + json.slice(at + cut))
          ),
        fc.string()
      );
      fc.assert(
        fc.property(near, text => {
          expect(findJsonSyntaxProblem(text) === null).toBe(parses(text));
        }),
        { numRuns: 3000 }
      );
    });
  });

  describe('#describeJsonSyntaxError', () => {
    it('should name the kind and the position and never repeat the text', () => {
      const message = describeJsonSyntaxError('root:x:0:0:root:/root:/bin/bash\n');
      expect(message).toBe('not valid JSON: unexpected character where a value was expected at line 1, column 1 (character 0)');
    });

    it('should never contain a fragment of the text it describes', () => {
      const secret = fc.stringMatching(/^[A-Za-z]{12,20}$/);
      fc.assert(
        fc.property(secret, fc.json(), (word, json) => {
          for (const text of [word, `{"${word}": ${word}}`, `${json}${word}`, `[${word}`]) {
            expect(describeJsonSyntaxError(text)).not.toContain(word.slice(0, 6));
          }
        })
      );
    });
  });
});
