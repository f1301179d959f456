import { CatalogError, CatalogTimeoutError, NoSuchCatalogError, NoSuchTableError } from '../../catalogs/catalog';
import { MetadataError } from '../../metadata/errors';
import { TableReadError } from '../../tables/lakehouse';
import { TableNameError } from '../../tables/tableName';
import { errorResponse } from '../../api/server';
import { errorBody, UsageError } from '../command';

describe('errorBody', () => {
  it.each([
    ['an unknown catalog', new NoSuchCatalogError("Unknown catalog 'x'", 'x'), { message: "Unknown catalog 'x'", catalog: 'x' }],
    [
      'an unknown table',
      new NoSuchTableError("Table 'n.t' does not exist", 'lab', 'n.t'),
      { message: "Table 'n.t' does not exist", catalog: 'lab', table: 'n.t' }
    ],
    ['a malformed table name', new TableNameError("'a..b' is not a table name"), { message: "'a..b' is not a table name" }],
    ['a catalog that failed', new CatalogError('REST catalog said HTTP 500', 'lab'), { message: 'REST catalog said HTTP 500', catalog: 'lab' }],
    [
      'a catalog that did not answer in time',
      new CatalogTimeoutError('no answer within 1 s', 'lab', 'n.t'),
      { message: 'no answer within 1 s', catalog: 'lab', table: 'n.t' }
    ],
    [
      'a table file that could not be read',
      new TableReadError('lab.n.t: refused', 'lab', 'lab.n.t'),
      { message: 'lab.n.t: refused', catalog: 'lab', table: 'lab.n.t' }
    ],
    ['a metadata file that cannot be decoded', new MetadataError('truncated', 'm.avro'), { message: 'm.avro: truncated' }],
    ['a usage mistake', new UsageError('unknown option --x'), { message: 'unknown option --x' }],
    ['anything else', new TypeError('x is undefined'), { message: 'x is undefined' }]
  ])('should print %s as the API answers it', (_, error, expected) => {
    expect(errorBody(error)).toEqual({ error: expected });
    expect(errorBody(error)).toEqual(errorResponse(error, message => message).body);
  });
});
