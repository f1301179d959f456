import { escapesTop, isUnder, joinUri, normalizePath, normalizeUri, parseUri, relativeUri, uriScheme, uriSegments } from '../uri';

describe('uri', () => {
  describe('#uriScheme', () => {
    it.each([
      ['/tmp/x', 'file'],
      ['file:///tmp/x', 'file'],
      ['s3://b/k', 's3'],
      ['S3A://b/k', 's3'],
      ['s3n://b/k', 's3'],
      ['gs://b/k', 'gs'],
      ['abfss://c@acct.dfs.core.windows.net/x', 'abfss'],
      ['relative/path', 'file']
    ])('should give the scheme of %s as %s', (uri, scheme) => {
      expect(uriScheme(uri)).toBe(scheme);
    });
  });

  describe('#normalizeUri', () => {
    it.each([
      ['file:///tmp/wh/t', '/tmp/wh/t'],
      ['file:/tmp/wh/t', '/tmp/wh/t'],
      ['file://localhost/tmp/wh/t', '/tmp/wh/t'],
      ['/tmp//wh///t/', '/tmp/wh/t'],
      ['/tmp/wh/./t/../u', '/tmp/wh/u'],
      ['/..', '/'],
      ['s3a://bucket/wh//t/', 's3://bucket/wh/t'],
      ['s3n://bucket/', 's3://bucket'],
      ['s3://bucket', 's3://bucket'],
      ['S3://bucket/a/../b', 's3://bucket/b'],
      ['/tmp/region=a%2Fb', '/tmp/region=a%2Fb'],
      ['/tmp/%2e%2e/x', '/tmp/%2e%2e/x']
    ])('should normalise %s to %s', (uri, expected) => {
      expect(normalizeUri(uri)).toBe(expected);
    });
  });

  describe('#parseUri', () => {
    it('should split bucket and key', () => {
      expect(parseUri('s3a://my-bucket/wh/db/t')).toEqual({ scheme: 's3', authority: 'my-bucket', path: '/wh/db/t' });
    });

    it('should keep a relative local path relative', () => {
      expect(parseUri('a/../../b').path).toBe('../b');
    });
  });

  describe('#joinUri', () => {
    it('should join with single slashes', () => {
      expect(joinUri('s3://b/wh/', '/db.db/', 't')).toBe('s3://b/wh/db.db/t');
      expect(joinUri('file:///wh', 'data', 'x.parquet')).toBe('/wh/data/x.parquet');
    });
  });

  describe('#relativeUri', () => {
    it.each([
      ['/wh/t/data', '/wh/t/data/region=EU/f.parquet', 'region=EU/f.parquet'],
      ['file:///wh/t/data', '/wh/t/data/f.parquet', 'f.parquet'],
      ['s3://b/wh', 's3a://b/wh/x', 'x'],
      ['/wh/t/data', '/wh/t/data', ''],
      ['/', '/x/y', 'x/y'],
      ['/wh/t/data', '/wh/t/data2/f.parquet', null],
      ['/wh/t/data', '/wh/t/data/../other/f.parquet', null],
      ['s3://b/wh', 's3://c/wh/x', null],
      ['s3://b/wh', '/wh/x', null]
    ])('should give the path of %s relative to %s', (root, uri, expected) => {
      expect(relativeUri(root, uri)).toBe(expected);
      expect(isUnder(root, uri)).toBe(expected !== null);
    });
  });

  describe('#uriSegments', () => {
    it('should list segments without empties', () => {
      expect(uriSegments('s3://b//x/y/')).toEqual(['x', 'y']);
    });
  });

  describe('#normalizePath', () => {
    it('should keep leading .. of a relative path', () => {
      expect(normalizePath('../../x')).toBe('../../x');
      expect(normalizePath('a/..')).toBe('.');
    });
  });

  describe('#escapesTop', () => {
    it.each([
      ['a/../..', true],
      ['../x', true],
      ['a/b/../c', false],
      ['./a/.', false]
    ])('should tell whether %s climbs above its start', (path, expected) => {
      expect(escapesTop(path)).toBe(expected);
    });
  });
});
