import { readArgs, readQuery } from '../readArgs';

describe('readArgs and readQuery', () => {
  it('should carry the filter and the chosen columns from the details view to the read commands', () => {
    const args = readArgs('demo.survey.observations', "  region = 'EU' ", ['region', 'night']);
    expect(args).toEqual({ table: 'demo.survey.observations', where: "region = 'EU'", columns: ['region', 'night'] });
    expect(readQuery(args)).toEqual({ where: "region = 'EU'", columns: ['region', 'night'] });
  });

  it('should leave out a blank filter and "every column"', () => {
    const args = readArgs('demo.survey.observations', ' ', undefined);
    expect(args).toEqual({ table: 'demo.survey.observations' });
    expect(readQuery(args)).toEqual({});
  });

  it('should read every column for args that are not a non-empty list of names', () => {
    for (const columns of [[], 'region,night', [1, 'night'], null]) {
      expect(readQuery({ table: 't', columns })).toEqual({});
    }
  });
});
