import { SnippetError } from '../../../core/snippets';
import { metadata } from '../../../core/snippets/__tests__/fixtures';
import type { OpenTable } from '../../tables/lakehouse';
import { engineProfiles, tableSnippet } from '../tableSnippet';

const CONTEXT = { cwd: '/home/me', env: {}, settings: { sparkProfile: {}, daskProfile: {} } };

function openTable(properties: Record<string, string>): OpenTable {
  return {
    id: 'lake.sci.obs',
    catalog: 'lake',
    namespace: ['sci'],
    name: 'obs',
    catalogType: 'sql',
    metadataLocation: 's3://bucket/sci/obs/metadata/00001.metadata.json',
    metadata: metadata([{ id: 1, name: 'region', required: false, type: 'string' }], [{ sourceId: 1, fieldId: 1000, name: 'region', transform: 'identity' }]),
    dataRoot: 's3://bucket/sci/obs/data',
    storage: null as never,
    properties
  };
}

describe('tableSnippet', () => {
  describe('#tableSnippet', () => {
    it('should never put a configured secret into the code', () => {
      const properties = {
        uri: 'postgresql://sci:pg-pass-1234@db/iceberg',
        's3.endpoint': 'http://127.0.0.1:9000',
        's3.access-key-id': 'AKIA-KEY-5678',
        's3.secret-access-key': 'very-secret-9012'
      };
      for (const [engine, variant] of [
        ['spark', 'read'],
        ['dask', 'read'],
        ['dask', 'pinned']
      ] as const) {
        const { code } = tableSnippet([openTable(properties)], { engine, variant }, CONTEXT);
        expect(code).not.toMatch(/pg-pass-1234|AKIA-KEY-5678|very-secret-9012/);
      }
    });

    it('should use an existing partition for the example filter', () => {
      const { code } = tableSnippet([openTable({ uri: 'sqlite:///c.db' })], { engine: 'dask', variant: 'read', examplePartitionPaths: ['region=EU'] }, CONTEXT);
      expect(code).toContain('# filters=[("region", "==", "EU")]');
    });

    it('should name the table when its catalog cannot be described', () => {
      expect(() => tableSnippet([openTable({ uri: 'sqlite://' })], { engine: 'spark', variant: 'read' }, CONTEXT)).toThrow(
        'lake.sci.obs: an in-memory SQLite catalog cannot be shared with a notebook'
      );
    });
  });

  describe('#engineProfiles', () => {
    it("should read the admin's cluster settings", () => {
      const profiles = engineProfiles({ sparkProfile: { remote: 'sc://spark:15002', jars: ['/a.jar'] }, daskProfile: { gateway: 'https://gw' } });
      expect(profiles.spark).toMatchObject({ remote: 'sc://spark:15002', jars: ['/a.jar'] });
      expect(profiles.dask).toEqual({ scheduler: undefined, gateway: { address: 'https://gw' } });
    });

    it("should reject malformed settings with the setting's name", () => {
      expect(() => engineProfiles({ sparkProfile: { jars: '/a.jar' }, daskProfile: {} })).toThrow(
        new SnippetError('The admin setting sparkProfile.jars must be a list of strings')
      );
      expect(() => engineProfiles({ sparkProfile: {}, daskProfile: { gateway: { cluster: 'x' } } })).toThrow('daskProfile.gateway needs an address');
    });
  });
});
