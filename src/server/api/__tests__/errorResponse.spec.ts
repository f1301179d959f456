import { CatalogError, CatalogTimeoutError, NoSuchCatalogError, NoSuchNamespaceError, NoSuchTableError } from '../../catalogs/catalog';
import { MetadataError } from '../../metadata/errors';
import { PreviewError } from '../../preview/arrowPreview';
import { StorageError } from '../../storage/storage';
import { TableReadError } from '../../tables/lakehouse';
import { parseTableName, TableNameError } from '../../tables/tableName';
import { HttpError } from '../router';
import { errorResponse } from '../server';

const keep = (message: string): string => message;

describe('errorResponse', () => {
  it.each([
    ['an unknown catalog', new NoSuchCatalogError("Unknown catalog 'x'", 'x'), 404],
    ['an unknown namespace', new NoSuchNamespaceError("Namespace 'n' does not exist", 'lab'), 404],
    ['an unknown table', new NoSuchTableError("Table 'n.t' does not exist", 'lab', 'n.t'), 404],
    ['a name of no configured catalog', new TableNameError("names catalog 'x'", 'unknown-catalog'), 404],
    ['a malformed table id', new TableNameError("'a..b' is not a table name"), 400],
    ['an unknown preview column', new PreviewError("No column 'nope'"), 400],
    ['a bad parameter', new HttpError(400, 'Expected a whole number'), 400],
    ['a catalog that failed', new CatalogError('REST catalog said HTTP 500', 'lab', 'n.t'), 502],
    ['a catalog that did not answer in time', new CatalogTimeoutError('no answer within 1 s', 'lab'), 504],
    ['a table file that could not be read', new TableReadError('lab.n.t: refused', 'lab', 'lab.n.t'), 502],
    ['an object store failure', new StorageError('S3 GetObject failed', 's3://b/k'), 502],
    ['a metadata file that cannot be decoded', new MetadataError('truncated', 's3://b/m.avro'), 502],
    ['anything else', new TypeError('x is undefined'), 500]
  ])('should answer %s with %i', (_, error, status) => {
    expect(errorResponse(error, keep).status).toBe(status);
  });

  it('should name the catalog and table of a catalog failure, and the table of an unreadable file', () => {
    expect(errorResponse(new NoSuchTableError('gone', 'lab', 'n.t'), keep).body).toEqual({
      error: { message: 'gone', catalog: 'lab', table: 'n.t' }
    });
    expect(errorResponse(new TableReadError('lab.n.t: refused', 'lab', 'lab.n.t'), keep).body).toEqual({
      error: { message: 'lab.n.t: refused', catalog: 'lab', table: 'lab.n.t' }
    });
  });
});

describe('parseTableName with a single catalog', () => {
  it('should read ns.table as a table of the only catalog', () => {
    expect(parseTableName('survey.obs', ['lab'])).toEqual({ catalog: 'lab', namespace: ['survey'], name: 'obs' });
  });

  it('should still say a longer name starts with no configured catalog', () => {
    expect(() => parseTableName('nocat.survey.obs', ['lab'])).toThrow("names catalog 'nocat', which is not configured");
  });

  it('should ask for the catalog when several are configured', () => {
    expect(() => parseTableName('survey.obs', ['lab', 'remote'])).toThrow('expected catalog.namespace.table');
  });
});
