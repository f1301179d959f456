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
        condition: '(v is not None and v >= datetime.date(2024, 1, 3)) and (v is not None and v <= datetime.date(2024, 1, 5))'
      },
      { key: 'night', parse: 'int', condition: 'v is None' },
      { key: 'station_bucket', parse: 'int', condition: `v in (${bucket(3n)}, ${bucket(4n)},)` },
      { key: 'good', parse: '"true".__eq__', condition: 'v == True' }
    ]);
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
