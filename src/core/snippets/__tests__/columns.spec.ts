import { ColumnsError, generateSnippet, parseColumnList } from '..';
import { table } from './fixtures';

const OBS = table('obs');

function code(variant: 'read' | 'pinned', engine: 'dask' | 'spark', columns: string[], where?: string): string {
  return generateSnippet({ engine, variant, tables: [OBS], columns, where }).code;
}

describe('parseColumnList', () => {
  it('should split on commas and drop the blanks around names', () => {
    expect(parseColumnList('value, id,region')).toEqual(['value', 'id', 'region']);
  });

  it('should refuse an empty name', () => {
    expect(() => parseColumnList('id,,value')).toThrow(new ColumnsError("A column list names columns separated by commas, with none empty: 'id,,value'."));
    expect(() => parseColumnList('')).toThrow(ColumnsError);
  });
});

describe('snippets with columns', () => {
  it('should pass selected_fields to the pinned scan, in the table order, next to the row filter', () => {
    const pinned = code('pinned', 'dask', ['value', 'id', 'value'], "region = 'EU'");
    expect(pinned).toContain('    row_filter=EqualTo("region", "EU"),\n    selected_fields=("id", "value",),\n)');
  });

  it('should pass selected_fields without a filter too', () => {
    expect(code('pinned', 'dask', ['obs_time'])).toContain(
      'obs_scan = obs_table.scan(\n    snapshot_id=obs_table.metadata.current_snapshot_id,\n    selected_fields=("obs_time",),\n)'
    );
  });

  it('should pass columns= to the Dask read under the names the files store, keeping the directory selection', () => {
    const renamed = table('odd', {
      fields: [
        { id: 1, name: 'my col', required: false, type: 'long' },
        { id: 2, name: 'region', required: false, type: 'string' }
      ]
    });
    const read = generateSnippet({ engine: 'dask', variant: 'read', tables: [renamed], columns: ['my col'], where: "region = 'EU'" }).code;
    expect(read).toContain('    columns=["my_x20col"],  # only these columns are read from the files\n');
    expect(read).toContain('selected_files(');
    expect(read).toContain('odd = odd.rename(columns={\n    "my_x20col": "my col",\n})');
  });

  it('should select the columns in Spark after the filter', () => {
    const spark = code('read', 'spark', ['region', 'id'], "region = 'EU'");
    expect(spark).toMatch(/obs = obs\.where\(.*\)\nobs = obs\.select\(obs\["id"\], obs\["region"\]\)\n/);
  });

  it('should name the table and its columns for an unknown column', () => {
    expect(() => code('pinned', 'dask', ['id', 'nope'])).toThrow(
      new ColumnsError("lake.sci.obs has no column 'nope'; its columns are id, region, obs_time, value.")
    );
  });

  it('should refuse columns for a join or a write', () => {
    expect(() => generateSnippet({ engine: 'dask', variant: 'join', tables: [OBS, table('other')], columns: ['id'] })).toThrow(
      new ColumnsError('A column list goes with the read and pinned variants, not join.')
    );
    expect(() => generateSnippet({ engine: 'spark', variant: 'write', tables: [OBS], columns: ['id'] })).toThrow(ColumnsError);
  });

  it('should refuse an empty list', () => {
    expect(() => code('read', 'dask', [])).toThrow(new ColumnsError('A column list for lake.sci.obs needs at least one column.'));
  });
});
