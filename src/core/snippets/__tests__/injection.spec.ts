/**
 * Property tests: no name, value, property or path can change what a snippet
 * does. Each run builds a request from hostile strings and the same request
 * from benign placeholders (equal strings map to equal placeholders), then
 * requires the two snippets to have the very same syntax tree, string
 * literals that decode to exactly the hostile values (through Spark SQL
 * quoting where the literal holds SQL), and the same names bound, one to one.
 */
import fc from 'fast-check';
import { generateSnippet, SnippetError, SnippetRequest, SnippetTable } from '..';
import type { NestedField, PartitionField } from '../../iceberg/model';
import { fileColumnName } from '../fileColumns';
import { joinNames, SNIPPET_NAMES, tableVariables } from '../names';
import { daskHiveKey } from '../partitioning';
import type { CatalogProfile, EngineProfiles } from '../profile';
import type { SecretRef } from '../secretRefs';
import { metadata } from './fixtures';
import { decodePythonString, pythonShape, sqlTokens } from './pythonTree';

const NUM_RUNS = 300;

/** Characters that end literals, comments, lines or identifiers somewhere: Python, IPython, editors, SQL. */
const HOSTILE_PARTS = [
  '\r',
  '\n',
  '\r\n',
  '\u2028',
  '\u2029',
  '\x85',
  '\x0b',
  '\x0c',
  '\x1c',
  '\x1d',
  '\x1e',
  '\0',
  '\x7f',
  '\t',
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\\n',
  '\\x',
  '\\u',
  '\\N{',
  '#',
  '# ',
  '${x}',
  '{x}',
  '{{',
  '}',
  '`',
  '``',
  '.',
  '..',
  ' ',
  '\ud800',
  '\udfff',
  '\u202e',
  '\ufeff',
  '\u00a0',
  '😀',
  'é',
  'Ω',
  'null',
  'select',
  'import os',
  '__import__("os")',
  '); import os; (',
  '!rm -rf ~',
  '%%bash',
  "' OR 1=1 --",
  "\\'",
  ';',
  '=',
  '/',
  '%2F',
  '+',
  'hive',
  'spark',
  'obs'
];

const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 6 })
  .map(parts => parts.join(''));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A value that went through UTF-8 (a Parquet string, a file name): no lone surrogates. */
const wellFormed = hostile.map(value => value.replace(LONE_SURROGATE, '\ufffd')).filter(value => value !== 'null');

interface CatalogSpec {
  name: string;
  kind: 'sql' | 'rest' | 'hadoop';
  uri: string;
  warehouse: string | null;
  properties: Record<string, string>;
  secrets: Record<string, { env: string } | { catalog: string; property: string }>;
  s3: { endpoint: string; region: string; credentials: boolean } | null;
}

interface TableSpec {
  catalog: CatalogSpec;
  namespace: string[];
  name: string;
  columns: { key: string; time: string; value: string };
  fields: { key: string; day: string };
  keyValue: string;
  dayValue: string;
  root: string;
  metadataFile: string;
  identityColumnsInFiles: boolean;
}

interface RequestSpec {
  left: TableSpec;
  right: TableSpec;
  profiles: EngineProfiles;
}

const secretRef: fc.Arbitrary<SecretRef> = fc.oneof(fc.record({ env: hostile }), fc.record({ catalog: hostile, property: hostile }));

const catalogSpec: fc.Arbitrary<CatalogSpec> = fc.record({
  name: hostile,
  kind: fc.constantFrom('sql' as const, 'rest' as const, 'hadoop' as const),
  uri: hostile,
  warehouse: fc.option(hostile),
  properties: fc.dictionary(hostile, hostile, { maxKeys: 2 }),
  secrets: fc.dictionary(hostile, secretRef, { maxKeys: 2 }),
  s3: fc.option(fc.record({ endpoint: hostile, region: hostile, credentials: fc.boolean() }))
});

function tableSpec(catalog: fc.Arbitrary<CatalogSpec>): fc.Arbitrary<TableSpec> {
  return fc.record({
    catalog,
    namespace: fc.array(hostile, { minLength: 1, maxLength: 3 }),
    name: hostile,
    columns: fc.record({ key: hostile, time: hostile, value: hostile }),
    fields: fc.record({ key: wellFormed, day: wellFormed }),
    keyValue: wellFormed,
    dayValue: fc.oneof(fc.constant('2024-02-29'), wellFormed),
    root: hostile,
    metadataFile: hostile,
    identityColumnsInFiles: fc.constantFrom(true, true, true, false)
  });
}

const profiles: fc.Arbitrary<EngineProfiles> = fc.record({
  spark: fc.oneof(
    fc.record({
      master: fc.option(hostile, { nil: undefined }),
      icebergVersion: fc.option(hostile, { nil: undefined }),
      conf: fc.option(fc.dictionary(hostile, hostile, { maxKeys: 2 }), { nil: undefined })
    }),
    fc.record({ jars: fc.array(hostile, { minLength: 1, maxLength: 2 }) }),
    fc.record({ packages: fc.array(hostile, { minLength: 1, maxLength: 2 }) }),
    fc.record({ remote: hostile })
  ),
  dask: fc.oneof(
    fc.constant({}),
    fc.record({ scheduler: hostile }),
    fc.record({ gateway: fc.record({ address: hostile, cluster: fc.option(hostile, { nil: undefined }) }) })
  )
});

const requestSpec: fc.Arbitrary<RequestSpec> = fc
  .tuple(catalogSpec, catalogSpec, fc.boolean(), profiles)
  .chain(([leftCatalog, rightCatalog, sameCatalog, engineProfiles]) =>
    fc.record({
      left: tableSpec(fc.constant(leftCatalog)),
      right: tableSpec(fc.constant(sameCatalog ? leftCatalog : rightCatalog)),
      profiles: fc.constant(engineProfiles)
    })
  );

/** Hive path segments as Iceberg writers escape them (`parseHivePath` decodes them back). */
function hiveSegment(name: string, value: string): string {
  return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

function catalogProfile(spec: CatalogSpec): CatalogProfile {
  const uri = spec.kind === 'sql' ? `jdbc:sqlite:${spec.uri}` : spec.kind === 'rest' ? `http://${spec.uri}` : undefined;
  return {
    name: spec.name,
    kind: spec.kind,
    uri,
    ...(spec.warehouse === null ? {} : { warehouse: `s3://${spec.warehouse}` }),
    properties: spec.properties,
    secrets: spec.secrets,
    storage: spec.s3
      ? {
          kind: 's3',
          endpoint: spec.s3.endpoint,
          region: spec.s3.region,
          pathStyleAccess: true,
          ...(spec.s3.credentials
            ? { credentials: { accessKeyId: { env: spec.s3.region }, secretAccessKey: { catalog: spec.name, property: spec.s3.endpoint } } }
            : {})
        }
      : { kind: 'local' }
  };
}

function snippetTable(spec: TableSpec): SnippetTable {
  const fields: NestedField[] = [
    { id: 1, name: spec.columns.key, required: false, type: 'string' },
    { id: 2, name: spec.columns.time, required: false, type: 'timestamptz' },
    { id: 3, name: spec.columns.value, required: false, type: 'double' }
  ];
  const partition: PartitionField[] = [
    { sourceId: 1, fieldId: 1000, name: spec.fields.key, transform: 'identity' },
    { sourceId: 2, fieldId: 1001, name: spec.fields.day, transform: 'day' }
  ];
  const scheme = spec.catalog.s3 ? 's3a://bucket/' : 'file:///lake/';
  return {
    id: { catalog: spec.catalog.name, namespace: spec.namespace, name: spec.name },
    metadata: metadata(fields, partition),
    metadataLocation: `${scheme}${spec.root}/metadata/${spec.metadataFile}`,
    dataRoot: `${scheme}${spec.root}/data`,
    catalog: catalogProfile(spec.catalog),
    identityColumnsInFiles: spec.identityColumnsInFiles,
    examplePartitionPath: `${hiveSegment(spec.fields.key, spec.keyValue)}/${hiveSegment(spec.fields.day, spec.dayValue)}`
  };
}

/** Fields whose keys are data too (catalog properties, secrets, Spark settings). */
const DICTIONARIES = new Set(['properties', 'secrets', 'conf']);
/** Fields that choose a structure rather than hold data. */
const STRUCTURAL = new Set(['kind', 'identityColumnsInFiles', 'credentials']);

/** The same structure with every hostile string replaced by a placeholder; equal strings share one. */
function benign<T>(value: T, placeholders: Map<string, string>): T {
  const placeholder = (text: string) => {
    if (text === '2024-02-29') {
      return text;
    }
    if (!placeholders.has(text)) {
      // Kept as a column name inside files exactly when the hostile text is (see fileColumns), and
      // holding a `$` (which Spark would expand in a name it parses) exactly when the hostile text does.
      const n = placeholders.size;
      placeholders.set(text, text.includes('$') ? `zq-$${n}-zq` : fileColumnName(text) === text ? `zq${n}zq` : `zq-${n}-zq`);
    }
    return placeholders.get(text)!;
  };
  const map = (item: unknown, mapKeys: boolean): unknown => {
    if (typeof item === 'string') {
      return placeholder(item);
    }
    if (Array.isArray(item)) {
      return item.map(element => map(element, false));
    }
    if (item && typeof item === 'object') {
      return Object.fromEntries(
        Object.entries(item).map(([key, field]) => [
          mapKeys ? placeholder(key) : key,
          STRUCTURAL.has(key) && !mapKeys ? field : map(field, DICTIONARIES.has(key) && !mapKeys)
        ])
      );
    }
    return item;
  };
  return map(value, false) as T;
}

/**
 * The hostile text a benign one stands for, also in its escaped spelling inside data files;
 * `spelling` turns each value into the form it takes in the literal (e.g. a Dask Hive key).
 */
function substitute(text: string, hostileOf: Map<string, string>, spelling: (value: string) => string = value => value): string {
  return text.replace(/zq(?:-|_x2D)?(?:\$|_x24)?\d+(?:-|_x2D)?zq/g, token => {
    const escaped = /_x2D/.exec(token) ? [...hostileOf].find(([placeholder]) => fileColumnName(placeholder) === token) : undefined;
    return escaped ? fileColumnName(escaped[1]) : spelling(hostileOf.get(token) ?? token);
  });
}

function sameSqlMeaning(benignSql: string, hostileSql: string, hostileOf: Map<string, string>): boolean {
  let benignTokens;
  let hostileTokens;
  try {
    benignTokens = sqlTokens(benignSql);
    hostileTokens = sqlTokens(hostileSql);
  } catch {
    return false;
  }
  return (
    benignTokens.length === hostileTokens.length &&
    benignTokens.every((token, i) => {
      const other = hostileTokens[i];
      return token.kind === other.kind && (token.kind === 'other' ? token.value === other.value : substitute(token.value, hostileOf) === other.value);
    })
  );
}

/** Commented-out example code, which a user uncomments: it must be as safe as the code around it. */
const EXAMPLE_COMMENT = /^# (filters=|\w+ = \w+\.where\()/;

/** `variables`: the benign table variables with their hostile counterparts (the join binds the frames only inside code). */
function expectSameProgram(benignCode: string, hostileCode: string, hostileOf: Map<string, string>, variables: Map<string, string>): void {
  const expected = pythonShape(benignCode);
  const actual = pythonShape(hostileCode);
  expect(expected.errors).toBe(0);
  expect(actual.errors).toBe(0);
  expect(actual.nodes).toEqual(expected.nodes);
  expect(actual.formatStrings).toEqual(expected.formatStrings);
  // One to one: a hostile table name never makes two of the snippet's names one.
  const renamed = new Map<string, string>(variables);
  const original = new Map<string, string>([...variables].map(([name, other]) => [other, name]));
  expected.names.forEach((name, i) => {
    expect(renamed.get(name) ?? actual.names[i]).toBe(actual.names[i]);
    expect(original.get(actual.names[i]) ?? name).toBe(name);
    renamed.set(name, actual.names[i]);
    original.set(actual.names[i], name);
  });
  // A literal may also hold a variable's name (the join's column suffix): compare it under the renaming.
  const tableNames = [...renamed.keys()].filter(name => name.includes('zq')).sort((x, y) => y.length - x.length);
  const asNamed = (text: string) => (tableNames.length ? text.replace(new RegExp(tableNames.join('|'), 'g'), name => renamed.get(name)!) : text);
  actual.strings.forEach((literal, i) => {
    const value = decodePythonString(literal);
    const intended = decodePythonString(expected.strings[i]);
    const spellings = [substitute(intended, hostileOf), substitute(intended, hostileOf, daskHiveKey), asNamed(intended)];
    if (!spellings.includes(value) && !sameSqlMeaning(intended, value, hostileOf)) {
      throw new Error(`string literal ${literal} decodes to ${JSON.stringify(value)}, meant ${JSON.stringify(substitute(intended, hostileOf))}`);
    }
  });
  actual.comments.forEach((comment, i) => {
    if (EXAMPLE_COMMENT.test(expected.comments[i])) {
      expectSameProgram(expected.comments[i].slice(2), comment.slice(2), hostileOf, variables);
    }
  });
}

/** Lines end only at `\n`; nothing invisible or unencodable anywhere. */
function expectPlainLines(code: string): void {
  // eslint-disable-next-line no-control-regex -- matches control characters on purpose
  expect(code).not.toMatch(/[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
  expect(code.match(LONE_SURROGATE)).toBeNull();
}

type Case = Pick<SnippetRequest, 'engine' | 'variant'>;

/** The frames a join binds, benign → hostile. */
function frameNames(twin: RequestSpec, spec: RequestSpec, { variant }: Case): Map<string, string> {
  if (variant !== 'join') {
    return new Map();
  }
  const names = (request: RequestSpec) => {
    const { left, right } = joinNames(snippetTable(request.left), snippetTable(request.right));
    return [left.frame, right.frame];
  };
  const hostileFrames = names(spec);
  return new Map(names(twin).map((frame, i) => [frame, hostileFrames[i]]));
}
const CASES: Case[] = [
  { engine: 'dask', variant: 'read' },
  { engine: 'dask', variant: 'pinned' },
  { engine: 'dask', variant: 'join' },
  { engine: 'spark', variant: 'read' },
  { engine: 'spark', variant: 'join' }
];

function request(spec: RequestSpec, { engine, variant }: Case): SnippetRequest {
  const tables = variant === 'join' ? [snippetTable(spec.left), snippetTable(spec.right)] : [snippetTable(spec.left)];
  return { engine, variant, tables, profiles: spec.profiles };
}

function generated(req: SnippetRequest): { code: string; variable: string } | SnippetError {
  try {
    return generateSnippet(req);
  } catch (error) {
    if (error instanceof SnippetError) {
      return error;
    }
    throw error;
  }
}

describe('generated code', () => {
  describe.each(CASES)('$engine $variant', snippetCase => {
    it('should do what it does for benign names, whatever the names, values, properties and paths hold', () => {
      fc.assert(
        fc.property(requestSpec, spec => {
          const placeholders = new Map<string, string>();
          const twin = benign(spec, placeholders);
          const hostileOf = new Map([...placeholders].map(([value, token]) => [token, value]));
          const hostileResult = generated(request(spec, snippetCase));
          const benignResult = generated(request(twin, snippetCase));
          const catalogs = snippetCase.variant === 'join' ? [spec.left.catalog, spec.right.catalog] : [spec.left.catalog];
          if (snippetCase.engine === 'spark' && catalogs.some(c => c.name.includes('.'))) {
            // Spark's spark.sql.catalog.<name>.<key> settings cannot express a dotted catalog name: refused, not guessed.
            expect(hostileResult).toBeInstanceOf(SnippetError);
            return;
          }
          if (benignResult instanceof SnippetError) {
            // The Dask join needs partition columns in the files, whatever the names.
            expect(hostileResult).toBeInstanceOf(SnippetError);
            expect((hostileResult as SnippetError).message).toBe(substitute(benignResult.message, hostileOf));
            return;
          }
          if (hostileResult instanceof SnippetError) {
            throw hostileResult;
          }
          expectPlainLines(hostileResult.code);
          expectSameProgram(benignResult.code, hostileResult.code, hostileOf, frameNames(twin, spec, snippetCase));
        }),
        { numRuns: NUM_RUNS }
      );
    });
  });

  it('should use no name of its own that SNIPPET_NAMES does not list, so no table variable can shadow one', () => {
    // Placeholder names (`zq0zq`) make every table-derived name recognisable.
    for (const sample of fc.sample(requestSpec, { numRuns: 50, seed: 7 })) {
      const twin = benign(sample, new Map());
      for (const snippetCase of CASES) {
        const result = generated(request(twin, snippetCase));
        if (result instanceof SnippetError) {
          continue;
        }
        const unlisted = pythonShape(result.code).names.filter(name => !name.includes('zq') && !SNIPPET_NAMES.has(name));
        expect(unlisted).toEqual([]);
      }
    }
  });

  it("should keep every companion of a table variable clear of the snippets' names", () => {
    for (const name of SNIPPET_NAMES) {
      const names = tableVariables([
        { ...snippetTable(benign(fc.sample(requestSpec, { numRuns: 1, seed: 1 })[0], new Map()).left), id: { catalog: 'c', namespace: ['n'], name } }
      ])[0];
      expect(Object.values(names).filter(companion => SNIPPET_NAMES.has(companion))).toEqual([]);
    }
    expect(
      tableVariables([
        { ...snippetTable(benign(fc.sample(requestSpec, { numRuns: 1, seed: 1 })[0], new Map()).left), id: { catalog: 'c', namespace: ['n'], name: 'hive' } }
      ])[0].partitions
    ).toBe('hive_df_partitions');
  });
});
