/** Hostile text for property tests of generated code: names, paths and predicates that try to escape. */
import fc from 'fast-check';

/** Characters that end literals, comments, lines or identifiers somewhere: Python, IPython, editors, Spark SQL. */
export const HOSTILE_PARTS = [
  '\n',
  '\r',
  '\u2028',
  '\x85',
  '\0',
  '"',
  "'",
  '"""',
  '\\',
  '\\n',
  '#',
  '${x}',
  '{x}',
  '`',
  '.',
  ' ',
  '\ud800',
  '\u202e',
  '😀',
  'é',
  '); import os; (',
  "' OR 1=1 --",
  ';',
  'target',
  'source'
];

export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 5 })
  .map(parts => parts.join(''));
