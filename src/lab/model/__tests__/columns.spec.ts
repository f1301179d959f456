import { columnChoice, pickColumn } from '../columns';

const COLUMNS = ['event_id', 'region', 'night'];

describe('columnChoice', () => {
  it('should project onto the picked columns that the table still has, in its order', () => {
    expect(columnChoice(COLUMNS, new Set(['night', 'dropped', 'event_id']))).toEqual({
      columns: COLUMNS,
      chosen: ['event_id', 'night'],
      projection: ['event_id', 'night']
    });
  });

  it('should read every column when the pick holds all of them or none the table still has', () => {
    for (const picked of [undefined, new Set(COLUMNS), new Set(['dropped'])]) {
      expect(columnChoice(COLUMNS, picked)).toEqual({ columns: COLUMNS, chosen: COLUMNS, projection: undefined });
    }
  });
});

describe('pickColumn', () => {
  it('should check and uncheck one column, never the last checked one', () => {
    const one = columnChoice(COLUMNS, pickColumn(columnChoice(COLUMNS, undefined), 'region', false));
    expect(one.projection).toEqual(['event_id', 'night']);
    const last = columnChoice(COLUMNS, new Set(['night']));
    expect([...pickColumn(last, 'night', false)]).toEqual(['night']);
    expect(columnChoice(COLUMNS, pickColumn(last, 'region', true)).projection).toEqual(['region', 'night']);
  });
});
