import type { LoadedTable } from '../../catalogs/catalog';
import { catalogVouchedRoots, noRootsReason, readableRoots } from '../readableRoots';

function loaded(metadataLocation: string, metadataJson?: unknown): LoadedTable {
  return { namespace: ['ns'], name: 't', metadataLocation, metadataJson };
}

describe('readableRoots', () => {
  describe('#readableRoots', () => {
    it('should be the warehouse alone when one is configured, whatever the catalog answers', () => {
      const table = loaded('/elsewhere/t/metadata/v1.metadata.json', { location: '/elsewhere/t' });
      expect(readableRoots({ warehouse: 'file:///lake' }, table)).toEqual(['file:///lake']);
      expect(readableRoots({ warehouse: 's3://bucket/wh' }, table)).toEqual(['s3://bucket/wh']);
    });

    it('should fall back to what the catalog vouches for when the warehouse is a name', () => {
      expect(readableRoots({ warehouse: 'prod' }, loaded('/lake/ns/t/metadata/v1.metadata.json'))).toEqual(['/lake/ns/t']);
      expect(readableRoots({}, loaded('/etc/passwd'))).toEqual([]);
    });
  });

  describe('#catalogVouchedRoots', () => {
    it("should take a REST answer's inline location and placement properties", () => {
      const table = loaded('s3://b/t/meta/00001.metadata.json', {
        location: 's3://b/t',
        properties: { 'write.data.path': 's3://data/t', 'write.metadata.path': 's3://b/t/meta', other: 'x' }
      });
      expect(catalogVouchedRoots(table)).toEqual(['s3://b/t', 's3://data/t', 's3://b/t/meta']);
    });

    it("should take the table folder a record's metadata location names, and nothing else", () => {
      expect(catalogVouchedRoots(loaded('file:///lake/ns/t/metadata/00002-a.metadata.json'))).toEqual(['file:///lake/ns/t']);
      expect(catalogVouchedRoots(loaded('/etc/passwd'))).toEqual([]);
      expect(catalogVouchedRoots(loaded('file:///metadata/v1.metadata.json'))).toEqual([]);
    });
  });

  describe('#noRootsReason', () => {
    it('should name the metadata location and what to configure', () => {
      expect(noRootsReason('lab', loaded('/etc/passwd'))).toBe(
        "catalog 'lab' has no warehouse location and vouches for no folder of this table (its metadata location /etc/passwd is not <table>/metadata/<file>); set the catalog's 'warehouse' to read it"
      );
    });
  });
});
