import { folderOfFile, tableLocationOfMetadataFile } from '../metadataLocation';

describe('tableLocationOfMetadataFile', () => {
  it.each([
    ['file:///lake/wh/sci/obs/metadata/00002-abc.metadata.json', 'file:///lake/wh/sci/obs'],
    ['/lake/wh/sci/obs/metadata/v3.metadata.json', '/lake/wh/sci/obs'],
    ['s3://bucket/wh/obs/metadata/v1.gz.metadata.json', 's3://bucket/wh/obs'],
    ['s3://bucket/metadata/v1.metadata.json', 's3://bucket']
  ])('should take the parent of the metadata folder of %s', (metadata, location) => {
    expect(tableLocationOfMetadataFile(metadata)).toBe(location);
  });

  it.each([['s3://bucket/custom-meta/v1.metadata.json'], ['file:///metadata/v1.metadata.json'], ['/metadata/v1.metadata.json'], ['v1.metadata.json']])(
    'should not guess a location from %s',
    metadata => {
      expect(tableLocationOfMetadataFile(metadata)).toBeNull();
    }
  );
});

describe('folderOfFile', () => {
  it('should drop the last segment', () => {
    expect(folderOfFile('s3://bucket/meta/v1.metadata.json')).toBe('s3://bucket/meta');
    expect(folderOfFile('/lake/t/v1.metadata.json')).toBe('/lake/t');
  });
});
