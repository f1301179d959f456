import type { NestedField, PartitionField } from '../../iceberg/model';
import { applyTransform, parseTransform } from '../../iceberg/transforms';
import { generateSnippet } from '..';
import { daskRowFilters, directoryTests, pyicebergRowFilter, sparkCondition } from '../filterCode';
import { SNIPPET_NAMES } from '../names';
import { bindWhere, exampleWhere, parseWhere, partitionSources, WhereError } from '../where';
import { pythonShape } from './pythonTree';
import { BY_REGION_AND_DAY, table } from './fixtures';

const FIELDS: NestedField[] = [
  { id: 1, name: 'id', required: false, type: 'long' },
  { id: 2, name: 'region', required: false, type: 'string' },
  { id: 3, name: 'obs_time', required: false, type: 'timestamp' },
  { id: 4, name: 'night', required: false, type: 'int' },
  { id: 5, name: 'station', required: false, type: 'long' },
  { id: 6, name: 'obs_date', required: false, type: 'date' },
  { id: 7, name: 'good', required: false, type: 'boolean' },
  { id: 8, name: 'value', required: false, type: 'double' },
  { id: 9, name: 'obs day', required: false, type: 'string' }
];
const PARTITION: PartitionField[] = [
  { sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' },
  { sourceId: 3, fieldId: 1001, name: 'obs_time_day', transform: 'day' },
  { sourceId: 4, fieldId: 1002, name: 'night', transform: 'identity' },
  { sourceId: 5, fieldId: 1003, name: 'station_bucket', transform: 'bucket[8]' },
  { sourceId: 6, fieldId: 1004, name: 'obs_date', transform: 'identity' },
  { sourceId: 7, fieldId: 1005, name: 'good', transform: 'identity' },
  { sourceId: 9, fieldId: 1006, name: 'obs day', transform: 'identity' }
];
const obs = table('obs', { fields: FIELDS, partition: PARTITION });

function bindError(text: string): string {
  try {
    bindWhere(obs, text);
  } catch (error) {
    expect(error).toBeInstanceOf(WhereError);
    return (error as Error).message;
  }
  throw new Error(`'${text}' was accepted`);
}

describe('parseWhere', () => {
  it('should parse comparisons, IN lists and null tests joined by AND, keywords in any case', () => {
    expect(parseWhere("region = 'EU' and night >= 20240101 AND station IN (1, 2) And obs_date is not null AND `obs day` IS NULL")).toEqual([
      { column: 'region', operator: '=', literal: { kind: 'string', text: 'EU' } },
      { column: 'night', operator: '>=', literal: { kind: 'number', text: '20240101' } },
      {
        column: 'station',
        operator: 'in',
        literals: [
          { kind: 'number', text: '1' },
          { kind: 'number', text: '2' }
        ]
      },
      { column: 'obs_date', operator: 'not-null' },
      { column: 'obs day', operator: 'is-null' }
    ]);
  });

  it("should read '' as a quote inside a string, <> as != and TRUE/FALSE as booleans", () => {
    expect(parseWhere("region <> 'it''s' AND good = TRUE")).toEqual([
      { column: 'region', operator: '!=', literal: { kind: 'string', text: "it's" } },
      { column: 'good', operator: '=', literal: { kind: 'boolean', text: 'true' } }
    ]);
  });

  it.each([
    ['', "The predicate is empty: write e.g. region = 'EU'."],
    ["region = 'EU' OR region = 'US'", 'OR is not supported: only AND joins conditions (write IN (…) for several values of one column).'],
    ["NOT region = 'EU'", 'NOT is not supported: use !=, or IS NOT NULL (NOT IN and NOT LIKE are not available).'],
    ["region LIKE 'E%'", 'LIKE is not supported: use =, IN (…) or a range (>=, <).'],
    ['night BETWEEN 1 AND 2', 'BETWEEN is not supported: write a range as two conditions, e.g. x >= 1 AND x <= 5.'],
    ["region = 'EU", 'Unterminated string starting at character 10.'],
    ['region = "EU"', `Strings take single quotes ('EU'); names with special characters take backquotes: '"' at character 10.`],
    ['region = NULL', 'region = NULL is never true: write region IS NULL.'],
    ['region != NULL', 'region != NULL is never true: write region IS NOT NULL.'],
    ['region IN (NULL)', 'NULL cannot be compared or listed: write region IS NULL.'],
    ['region = EU', "Expected a value for region, found EU at character 10: quote strings ('EU'); columns cannot be compared with columns."],
    ["region = 'EU' night = 1", 'Expected AND, found night at character 15.'],
    ["(region = 'EU')", "Parentheses only enclose IN lists: found '(' at character 1."],
    ["lower(region) = 'eu'", 'Functions are not supported: lower(…) at character 1; filter on the column itself.'],
    ['region IS 1', 'Expected NULL after IS, found 1 at character 11.'],
    ["region IN 'EU'", "Expected ( after IN, found 'EU' at character 11."],
    ["region IN ('EU' 'US')", "Expected , or ) in the IN list of region, found 'US' at character 17."],
    ["region = 'EU' AND", 'Expected a column name, found the end of the predicate.'],
    ['region', 'Expected an operator (=, !=, <, <=, >, >=, IN, IS NULL) after region, found the end of the predicate.'],
    ['night ; 1', "Unexpected ';' at character 7."]
  ])('should refuse %j with a message saying what is wrong', (text, message) => {
    expect(() => parseWhere(text)).toThrow(new WhereError(message));
  });
});

describe('bindWhere', () => {
  it('should type each literal by its column: integers, dates and timestamps as internal values', () => {
    const bound = bindWhere(obs, "night >= 20240101 AND obs_date = '2024-01-02' AND obs_time < '2024-01-03 06:30:00' AND station IN (7)");
    expect(bound.terms.map(t => [t.source.name, t.operator, t.values.map(v => v.value)])).toEqual([
      ['night', '>=', [20240101]],
      ['obs_date', '=', [19724]],
      ['obs_time', '<', [1_704_263_400_000_000n]],
      ['station', 'in', [7n]]
    ]);
    expect(bound.fields.map(f => f.field.name)).toEqual(['obs_time_day', 'night', 'station_bucket', 'obs_date']);
  });

  it('should read a date alone as midnight for a timestamp column', () => {
    expect(bindWhere(obs, "obs_time >= '2024-01-03'").terms[0].values[0]).toEqual({ value: 1_704_240_000_000_000n, text: '2024-01-03T00:00:00' });
  });

  it.each([
    [
      'value = 1.5',
      'Invalid filter on lake.sci.obs: value is not a partition source column; filters can use region, obs_time, night, station, obs_date, good, obs day.'
    ],
    ["Region = 'EU'", 'Invalid filter on lake.sci.obs: Unknown column Region: did you mean region? (names are case-sensitive)'],
    ['region = 1', "Invalid filter on lake.sci.obs: region is a string column: 1 is not a string (quote it: '1')."],
    ["night = '1'", "Invalid filter on lake.sci.obs: night is a int column: '1' is not an integer."],
    ['night = 1.5', 'Invalid filter on lake.sci.obs: night is a int column: 1.5 is not an integer.'],
    ['night = 2147483648', 'Invalid filter on lake.sci.obs: night is a int column: 2147483648 is out of its range.'],
    ["obs_date = '2024-02-30'", "Invalid filter on lake.sci.obs: obs_date is a date column: '2024-02-30' is not a date (write it as a string: '2024-01-02')."],
    ['obs_date = 20240102', "Invalid filter on lake.sci.obs: obs_date is a date column: 20240102 is not a date (write it as a string: '2024-01-02')."],
    [
      "obs_time = '2024-01-02T00:00:00Z'",
      "Invalid filter on lake.sci.obs: obs_time is a timestamp column: '2024-01-02T00:00:00Z' is not a timestamp without time zone (write it as a string: '2024-01-02 06:00:00')."
    ],
    ["good = 'yes'", "Invalid filter on lake.sci.obs: good is a boolean column: 'yes' is not TRUE or FALSE."],
    [
      "region = 'EU' OR night = 1",
      'Invalid filter on lake.sci.obs: OR is not supported: only AND joins conditions (write IN (…) for several values of one column).'
    ]
  ])('should refuse %j naming the table, the column and the problem', (text, message) => {
    expect(bindError(text)).toBe(message);
  });

  it('should say when the table has no partition column at all', () => {
    const flat = table('flat', { fields: FIELDS, partition: [] });
    expect(() => bindWhere(flat, "region = 'EU'")).toThrow(
      'Invalid filter on lake.sci.flat: region: the table is not partitioned, so a filter has no partition column to use.'
    );
  });
});

describe('exampleWhere', () => {
  const fields = partitionSources(obs.metadata.schemas[0], obs.metadata.partitionSpecs[0]);

  it('should select the partition of an existing Hive path on its first identity field, decoded and quoted', () => {
    expect(exampleWhere(fields, 'region=it%27s+a%2Fb/obs_time_day=2024-01-02')).toBe("region = 'it''s a/b'");
    expect(exampleWhere(fields, 'night=007')).toBe('night = 7');
    expect(exampleWhere(fields, 'obs+day=x')).toBe("`obs day` = 'x'");
    expect(exampleWhere(fields, 'region=null')).toBe('region IS NULL');
  });

  it('should cover a whole day for a day field, and give up on bucket values', () => {
    expect(exampleWhere(fields, 'obs_time_day=2024-01-31/station_bucket=3')).toBe("obs_time >= '2024-01-31T00:00:00' AND obs_time < '2024-02-01T00:00:00'");
    expect(exampleWhere(fields, 'station_bucket=3')).toBeNull();
  });

  it('should write predicates that bind to the same table', () => {
    for (const path of ['region=it%27s+a%2Fb', 'obs_time_day=2024-01-31', 'obs+day=x', 'good=true']) {
      expect(() => bindWhere(obs, exampleWhere(fields, path)!)).not.toThrow();
    }
  });
});

describe('filter code', () => {
  it('should filter Dask rows on the columns inside the files, nulls with "is"', () => {
    const bound = bindWhere(obs, "region IN ('EU', 'a b') AND obs_time >= '2024-01-03 06:00:00' AND obs_date IS NULL AND good != FALSE");
    expect(daskRowFilters(obs, bound)).toBe(
      '[("region", "in", ["EU", "a b"]), ("obs_time", ">=", datetime.datetime(2024, 1, 3, 6, 0, 0, 0)), ("obs_date", "is", None), ("good", "!=", False), ("good", "is not", None)]'
    );
  });

  it('should filter on the directory key when the files lack the identity column', () => {
    const hiveOnly = table('obs', { fields: FIELDS, partition: PARTITION, identityColumnsInFiles: false });
    expect(daskRowFilters(hiveOnly, bindWhere(hiveOnly, "`obs day` = 'x'"))).toBe('[("obs+day", "==", "x")]');
  });

  it('should turn the predicate into directory tests through each transform', () => {
    const bound = bindWhere(
      obs,
      "region != 'EU' AND obs_time > '2024-01-03 06:00:00' AND obs_time < '2024-01-05' AND night IS NULL AND station IN (3, 4) AND good = TRUE"
    );
    const bucket = (value: bigint) => applyTransform(parseTransform('bucket[8]'), 'long', value);
    expect(directoryTests(bound)).toEqual([
      { key: 'region', parse: 'str', condition: 'v is not None and v != "EU"' },
      {
        key: 'obs_time_day',
        parse: 'datetime.date.fromisoformat',
        condition: '(v is not None and v >= datetime.date(2024, 1, 3)) and (v is not None and v <= datetime.date(2024, 1, 4))'
      },
      { key: 'night', parse: 'int', condition: 'v is None' },
      { key: 'station_bucket', parse: 'int', condition: `v in (${bucket(3n)}, ${bucket(4n)},)` },
      { key: 'good', parse: '"true".__eq__', condition: 'v == True' }
    ]);
  });

  it('should keep a bound inside a day, and end a range before the day that starts at its strict bound', () => {
    const [test] = directoryTests(bindWhere(obs, "obs_time > '2024-01-03 23:59:59.999999' AND obs_time < '2024-01-05 00:00:00.000001'"));
    expect(test.condition).toBe('(v is not None and v >= datetime.date(2024, 1, 4)) and (v is not None and v <= datetime.date(2024, 1, 5))');
  });

  it('should leave a field unpruned where its transform keeps no order (bucket ranges, day !=)', () => {
    expect(directoryTests(bindWhere(obs, "station > 3 AND obs_time != '2024-01-03 06:00:00'"))).toEqual([]);
  });

  it('should pass the predicate to pyiceberg as expression objects, dates and timestamps as ISO text', () => {
    const bound = bindWhere(obs, "region = 'EU' AND obs_time >= '2024-01-03' AND night IN (1, 2) AND obs_date IS NOT NULL");
    expect(pyicebergRowFilter(bound)).toEqual({
      expression: 'And(EqualTo("region", "EU"), GreaterThanOrEqual("obs_time", "2024-01-03T00:00:00"), In("night", (1, 2,)), NotNull("obs_date"))',
      imports: ['from pyiceberg.expressions import And, EqualTo, GreaterThanOrEqual, In, NotNull']
    });
  });

  it('should give Spark a Column condition, never SQL text', () => {
    const bound = bindWhere(obs, "region = '${x}' AND obs_time < '2024-01-03' AND night IN (1) AND good IS NULL");
    expect(sparkCondition(bound, 'obs')).toBe(
      '(obs["region"] == "${x}") & (obs["obs_time"] < "2024-01-03 00:00:00") & (obs["night"].isin([1])) & (obs["good"].isNull())'
    );
  });
});

const EVERY_TRANSFORM_FIELDS: NestedField[] = [
  { id: 1, name: 'ts', required: false, type: 'timestamp' },
  { id: 2, name: 'tz', required: false, type: 'timestamptz' },
  { id: 3, name: 'd', required: false, type: 'date' },
  { id: 4, name: 's', required: false, type: 'string' },
  { id: 5, name: 'i', required: false, type: 'int' },
  { id: 6, name: 'l', required: false, type: 'long' },
  { id: 7, name: 'dec', required: false, type: 'decimal(10, 2)' },
  { id: 8, name: 'f', required: false, type: 'float' },
  { id: 9, name: 'db', required: false, type: 'double' },
  { id: 10, name: 'amount', required: false, type: 'decimal(10, 2)' },
  { id: 11, name: 'day_of', required: false, type: 'date' }
];
const EVERY_TRANSFORM: PartitionField[] = [
  { sourceId: 1, fieldId: 1000, name: 'ts_year', transform: 'year' },
  { sourceId: 2, fieldId: 1001, name: 'tz_hour', transform: 'hour' },
  { sourceId: 3, fieldId: 1002, name: 'd_month', transform: 'month' },
  { sourceId: 4, fieldId: 1003, name: 's_trunc', transform: 'truncate[2]' },
  { sourceId: 5, fieldId: 1004, name: 'i_trunc', transform: 'truncate[10]' },
  { sourceId: 6, fieldId: 1005, name: 'l_trunc', transform: 'truncate[100]' },
  { sourceId: 7, fieldId: 1006, name: 'dec_trunc', transform: 'truncate[50]' },
  { sourceId: 8, fieldId: 1007, name: 'f', transform: 'identity' },
  { sourceId: 9, fieldId: 1008, name: 'db', transform: 'identity' },
  { sourceId: 10, fieldId: 1009, name: 'amount', transform: 'identity' },
  { sourceId: 11, fieldId: 1010, name: 'day_of', transform: 'day' }
];
const everything = table('everything', { fields: EVERY_TRANSFORM_FIELDS, partition: EVERY_TRANSFORM });

function testsOf(predicate: string): Record<string, string> {
  return Object.fromEntries(directoryTests(bindWhere(everything, predicate)).map(t => [t.key, `${t.parse} | ${t.condition}`]));
}

describe('directory tests for every transform', () => {
  it('should parse year, month and hour directories as pyiceberg and Java spell them, bounds through the transform', () => {
    expect(
      testsOf("ts >= '1969-12-31 23:00:00' AND ts < '2025-01-01' AND tz = '2024-03-05 07:59:59+01:00' AND d > '2024-02-29' AND d <= '2024-04-01'")
    ).toEqual({
      ts_year: 'int | (v is not None and v >= 1969) and (v is not None and v <= 2024)',
      tz_hour: 'lambda raw: datetime.datetime.strptime(raw, "%Y-%m-%d-%H") | v == datetime.datetime(2024, 3, 5, 6)',
      d_month:
        'lambda raw: datetime.datetime.strptime(raw, "%Y-%m").date() | (v is not None and v >= datetime.date(2024, 3, 1)) and (v is not None and v <= datetime.date(2024, 4, 1))'
    });
  });

  it('should map IN through the transform and keep = and IN for nulls apart', () => {
    expect(testsOf("tz IN ('1969-12-31 23:30:00', '2024-03-05 07:00:00') AND d IS NULL AND day_of IS NOT NULL")).toEqual({
      tz_hour: 'lambda raw: datetime.datetime.strptime(raw, "%Y-%m-%d-%H") | v in (datetime.datetime(1969, 12, 31, 23), datetime.datetime(2024, 3, 5, 7),)',
      d_month: 'lambda raw: datetime.datetime.strptime(raw, "%Y-%m").date() | v is None',
      day_of: 'datetime.date.fromisoformat | v is not None'
    });
  });

  it('should truncate strings to a prefix and integers and decimals down to a multiple of the width, negatives too', () => {
    expect(testsOf("s = 'abc' AND i >= -7 AND i < 30 AND l > -101 AND dec <= 1.49 AND dec > -0.01")).toEqual({
      s_trunc: 'str | v == "ab"',
      i_trunc: 'int | (v is not None and v >= -10) and (v is not None and v <= 20)',
      l_trunc: 'int | v is not None and v >= -100',
      dec_trunc: 'decimal.Decimal | (v is not None and v <= decimal.Decimal("1.00")) and (v is not None and v >= decimal.Decimal("0.00"))'
    });
    expect(testsOf("s > 'abc' AND s < 'b'")).toEqual({ s_trunc: 'str | (v is not None and v >= "ab") and (v is not None and v <= "b")' });
  });

  it('should exclude values with != only on identity fields', () => {
    expect(testsOf("amount != 12.50 AND db != 0.0 AND i != 3 AND ts != '2024-01-01'")).toEqual({
      amount: 'decimal.Decimal | v is not None and v != decimal.Decimal("12.50")',
      db: 'float | v is not None and v != 0.0'
    });
  });

  it('should compare doubles and decimals as numbers, keeping NaN directories for double ranges', () => {
    expect(testsOf('db IN (1e20, -0.0) AND amount >= 12.5 AND amount < 100')).toEqual({
      db: 'float | v in (1e+20, -0.0,)',
      amount: 'decimal.Decimal | (v is not None and v >= decimal.Decimal("12.50")) and (v is not None and v < decimal.Decimal("100.00"))'
    });
    expect(testsOf('db > 2.5')).toEqual({ db: 'float | v is not None and (v != v or v > 2.5)' });
  });

  it('should keep every float directory within half a float32 step of the value, so both spellings of 0.1 pass', () => {
    const { f } = testsOf('f = 0.1');
    expect(f).toBe('float | v is not None and (0.09999999776482582 <= v <= 0.10000000521540642)');
    const [low, high] = [0.09999999776482582, 0.10000000521540642];
    for (const spelling of [0.1, Math.fround(0.1)]) {
      expect(low <= spelling && spelling <= high).toBe(true);
    }
    expect(testsOf('f >= 2.5 AND f < 0.1')).toEqual({
      f: 'float | (v is not None and (v != v or v >= 2.4999998807907104)) and (v is not None and (v != v or v <= 0.10000000521540642))'
    });
    expect(testsOf('f IN (0.0, 1e39)')).toEqual({});
    expect(testsOf('f != 2.5')).toEqual({});
    expect(testsOf('f = 0')).toEqual({ f: 'float | v is not None and (-7.006492321624085e-46 <= v <= 7.006492321624085e-46)' });
  });
});

describe('exampleWhere for every transform', () => {
  const fields = partitionSources(everything.metadata.schemas[0], everything.metadata.partitionSpecs[0]);

  it.each([
    ['d_month=2024-03', "d >= '2024-03-01' AND d < '2024-04-01'"],
    ['d_month=1969-12', "d >= '1969-12-01' AND d < '1970-01-01'"],
    ['ts_year=2024', "ts >= '2024-01-01T00:00:00' AND ts < '2025-01-01T00:00:00'"],
    ['tz_hour=1969-12-31-23', "tz >= '1969-12-31T23:00:00' AND tz < '1970-01-01T00:00:00'"],
    ['day_of=2024-02-29', "day_of = '2024-02-29'"],
    ['s_trunc=ab', "s >= 'ab' AND s < 'ac'"],
    ['s_trunc=a', "s = 'a'"],
    ['s_trunc=%C3%BC%2F', "s >= 'ü/' AND s < 'ü0'"],
    ['i_trunc=-10', 'i >= -10 AND i < 0'],
    ['l_trunc=100', 'l >= 100 AND l < 200'],
    ['dec_trunc=-0.50', 'dec >= -0.50 AND dec < 0.00'],
    ['f=0.10000000149011612', 'f = 0.10000000149011612'],
    ['db=1.0E20', 'db = 1e+20'],
    ['db=-0.0', 'db = -0.0'],
    ['amount=12.5', 'amount = 12.50'],
    ['d_month=null', 'd IS NULL'],
    ['db=__HIVE_DEFAULT_PARTITION__', 'db IS NULL']
  ])('should select the rows of %s', (path, where) => {
    expect(exampleWhere(fields, path)).toBe(where);
    expect(() => bindWhere(everything, where)).not.toThrow();
  });

  it('should go on to the next field past a value it cannot state (NaN, a malformed month)', () => {
    expect(exampleWhere(fields, 'd_month=2024-13/f=NaN/db=2.5')).toBe('db = 2.5');
  });
});

describe('generateSnippet with where', () => {
  const observations = table('observations', { partition: BY_REGION_AND_DAY });
  const request = { engine: 'dask' as const, variant: 'read' as const, tables: [observations] };

  it('should select partitions when the cell runs and filter the rows of the selected files', () => {
    const { code, variable } = generateSnippet({ ...request, where: "region = 'EU' AND obs_time >= '2024-01-03'" });
    expect(variable).toBe('observations');
    expect(code).toContain('    "region": (str, lambda v: v == "EU"),');
    expect(code).toContain('    "obs_time_day": (datetime.date.fromisoformat, lambda v: v is not None and v >= datetime.date(2024, 1, 3)),');
    expect(code).toContain(
      'observations_fs, observations_root, observations_files = selected_files("file:///lake/warehouse/sci/observations/data", partition_tests, {})'
    );
    expect(code).toContain(
      '    filters=[("region", "==", "EU"), ("obs_time", ">=", datetime.datetime(2024, 1, 3, 0, 0, 0, 0, tzinfo=datetime.timezone.utc))],'
    );
    expect(code).toContain('"partition_base_dir": observations_root}');
    expect(code).not.toContain('example partition filter');
  });

  it('should scan the pinned snapshot with the row filter', () => {
    const { code } = generateSnippet({ ...request, variant: 'pinned', where: "region = 'EU'" });
    expect(code).toContain('    row_filter=EqualTo("region", "EU"),');
    expect(code).toContain('from pyiceberg.expressions import EqualTo');
  });

  it('should filter the Spark read with a Column condition', () => {
    const { code } = generateSnippet({ ...request, engine: 'spark', where: "region IN ('EU', 'US')" });
    expect(code).toContain('observations = observations.where(observations["region"].isin(["EU", "US"]))');
  });

  it('should use only names SNIPPET_NAMES lists besides the table variable and its companions', () => {
    for (const variant of ['read', 'pinned'] as const) {
      for (const engine of variant === 'read' ? (['dask', 'spark'] as const) : (['dask'] as const)) {
        const { code } = generateSnippet({ ...request, engine, variant, where: "region IN ('EU') AND obs_time < '2024-01-03' AND region IS NOT NULL" });
        expect(
          pythonShape(code).names.filter(name => !name.startsWith('observations') && !name.endsWith('_observations_file') && !SNIPPET_NAMES.has(name))
        ).toEqual([]);
      }
    }
  });

  it('should import decimal for decimal directories, and write valid Python with the known names for every transform', () => {
    const { code } = generateSnippet({ engine: 'dask', variant: 'read', tables: [everything], where: 'dec IS NULL' });
    expect(code).toContain('import decimal');
    expect(code).toContain('    "dec_trunc": (decimal.Decimal, lambda v: v is None),');
    const all = generateSnippet({
      engine: 'dask',
      variant: 'read',
      tables: [everything],
      where:
        "ts < '2024-01-01' AND tz >= '2024-03-05' AND d IN ('2024-03-01') AND s > 'a' AND i <= 5 AND l = 3 AND dec >= 1 AND f < 2 AND db != 1 AND amount = 2"
    }).code;
    const shape = pythonShape(all);
    expect(shape.errors).toBe(0);
    expect(shape.names.filter(name => !name.startsWith('everything') && !SNIPPET_NAMES.has(name))).toEqual([]);
  });

  it('should refuse a filter on the join and write variants', () => {
    const other = table('other', { partition: BY_REGION_AND_DAY });
    expect(() => generateSnippet({ ...request, variant: 'join', tables: [observations, other], where: "region = 'EU'" })).toThrow(
      new WhereError('A filter goes with the read and pinned variants, not join.')
    );
    expect(() => generateSnippet({ ...request, engine: 'spark', variant: 'write', where: "region = 'EU'" })).toThrow(
      'A filter goes with the read and pinned variants, not write.'
    );
  });
});
