import type { NestedField, PartitionField } from '../../iceberg/model';
import { generateSnippet } from '..';
import { exampleFilter } from '../exampleFilter';
import type { SnippetTable } from '../profile';
import { pythonShape } from './pythonTree';
import { BY_REGION_AND_DAY, table } from './fixtures';

const FIELDS: NestedField[] = [
  { id: 1, name: 'id', required: false, type: 'long' },
  { id: 2, name: 'region', required: false, type: 'string' },
  { id: 3, name: 'obs_time', required: false, type: 'timestamp' },
  { id: 4, name: 'obs_date', required: false, type: 'date' },
  { id: 5, name: 'amount', required: false, type: 'decimal(10, 2)' }
];
const field = (sourceId: number, name: string, transform: string): PartitionField => ({ sourceId, fieldId: 1000 + sourceId, name, transform });
const BY_MONTH = [field(3, 'obs_time_month', 'month')];

/** The example's commented code line, uncommented (the comment line before it says what it selects). */
function uncommentedExample(code: string, start: string): string {
  const lines = code.split('\n');
  const at = lines.findIndex(line => line.trimStart().startsWith(`# ${start}`));
  expect(lines[at - 1]).toMatch(/^ *# Example: only the rows where /);
  return lines[at].replace('# ', '');
}

/** The line of the read filtered by `where` that starts with `start`. */
function filteredLine(request: Parameters<typeof generateSnippet>[0], where: string, start: string): string {
  return generateSnippet({ ...request, where })
    .code.split('\n')
    .find(line => line.trimStart().startsWith(start))!;
}

describe('exampleFilter', () => {
  it.each([
    ['an identity partition', table('obs', { fields: FIELDS, examplePartitionPath: 'region=O%27Hare+%24%7Benv%3AHOME%7D' }), "region = 'O''Hare ${env:HOME}'"],
    [
      'a month partition',
      table('obs', { fields: FIELDS, partition: BY_MONTH, examplePartitionPath: 'obs_time_month=1969-12' }),
      "obs_time >= '1969-12-01T00:00:00' AND obs_time < '1970-01-01T00:00:00'"
    ],
    [
      'a decimal partition',
      table('obs', { fields: FIELDS, partition: [field(5, 'amount', 'identity')], examplePartitionPath: 'amount=12.5' }),
      'amount = 12.50'
    ],
    [
      'a null partition',
      table('obs', { fields: FIELDS, partition: [field(4, 'obs_date', 'identity')], examplePartitionPath: 'obs_date=null' }),
      'obs_date IS NULL'
    ]
  ])('should comment out exactly the lines --where uses for %s', (_, snippetTable: SnippetTable, where) => {
    expect(exampleFilter(snippetTable)?.text).toBe(where);
    for (const [engine, start] of [
      ['dask', 'filters='],
      ['spark', 'obs = obs.where(']
    ] as const) {
      const request = { engine, variant: 'read' as const, tables: [snippetTable] };
      const { code } = generateSnippet(request);
      expect(uncommentedExample(code, start)).toBe(filteredLine(request, where, start));
      // Uncommented, it runs as it stands: every module its literals name is imported.
      const shape = pythonShape(code.replace(`# ${start}`, start));
      expect(shape.errors).toBe(0);
      for (const module of ['datetime', 'decimal']) {
        if (shape.names.includes(module)) {
          expect(code).toContain(`\nimport ${module}\n`);
        }
      }
    }
  });

  it('should filter a month partition on its source column, as the rows filter of --where does', () => {
    const { code } = generateSnippet({
      engine: 'dask',
      variant: 'read',
      tables: [table('obs', { fields: FIELDS, partition: BY_MONTH, examplePartitionPath: 'obs_time_month=2024-03' })]
    });
    expect(code).toContain(
      '    # filters=[("obs_time", ">=", datetime.datetime(2024, 3, 1, 0, 0, 0, 0)), ("obs_time", "<", datetime.datetime(2024, 4, 1, 0, 0, 0, 0))],\n'
    );
    expect(code.startsWith('# Dask: lake.sci.obs read as Hive partitions under its data root.\n# Read-only')).toBe(true);
    expect(code).toContain('\nimport datetime\nimport dask.dataframe as dd\n');
  });

  it('should keep a value Spark would expand in SQL inside a Column condition', () => {
    const { code } = generateSnippet({ engine: 'spark', variant: 'read', tables: [table('obs', { examplePartitionPath: 'region=%24%7Benv%3AHOME%7D' })] });
    expect(code).toContain('\n# obs = obs.where((obs["region"] == "${env:HOME}"))\n');
  });

  it('should write an integer value in canonical digits', () => {
    const partition = [field(1, 'id', 'identity')];
    expect(exampleFilter(table('obs', { partition, examplePartitionPath: 'id=007' }))?.text).toBe('id = 7');
    expect(generateSnippet({ engine: 'dask', variant: 'read', tables: [table('obs', { partition, examplePartitionPath: 'id=007' })] }).code).toContain(
      '    # filters=[("id", "==", 7)],\n'
    );
  });

  it('should filter on the directory key when the files lack the identity column', () => {
    const partition = [field(2, 'where', 'identity')];
    const { code } = generateSnippet({
      engine: 'dask',
      variant: 'read',
      tables: [table('obs', { partition, identityColumnsInFiles: false, examplePartitionPath: 'where=EU' })]
    });
    expect(code).toContain('    # filters=[("where", "==", "EU")],\n');
  });

  it('should fall back to the typical value of each type when no partition is known or its value cannot be stated', () => {
    expect(exampleFilter(table('obs'))?.text).toBe("region = 'value'");
    expect(exampleFilter(table('obs', { partition: BY_MONTH, fields: FIELDS }))?.text).toBe(
      "obs_time >= '2024-01-01T00:00:00' AND obs_time < '2024-02-01T00:00:00'"
    );
    // A day directory naming no date: the typical day of the field instead.
    expect(exampleFilter(table('obs', { partition: [BY_REGION_AND_DAY[1]], examplePartitionPath: 'obs_time_day=2024-02-31' }))?.text).toBe(
      "obs_time >= '2024-01-02T00:00:00' AND obs_time < '2024-01-03T00:00:00'"
    );
  });

  it('should take the first field a filter can state, past bucket numbers', () => {
    const partition = [field(1, 'id_bucket', 'bucket[8]'), field(2, 'region', 'identity')];
    expect(exampleFilter(table('obs', { partition, examplePartitionPath: 'id_bucket=3/region=EU' }))?.text).toBe("region = 'EU'");
  });

  it('should show no example when no field can be stated', () => {
    const bucketed = table('obs', { partition: [field(1, 'id_bucket', 'bucket[8]')] });
    expect(exampleFilter(bucketed)).toBeNull();
    for (const engine of ['dask', 'spark'] as const) {
      expect(generateSnippet({ engine, variant: 'read', tables: [bucketed] }).code).not.toContain('Example');
    }
  });
});
