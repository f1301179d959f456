import { parseErrorBody, parseListPage } from '../xml';

describe('xml', () => {
  describe('#parseListPage', () => {
    it('should decode url-encoded keys, entities, prefixes and the continuation token', () => {
      const page = parseListPage(`<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>wh%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <Contents><Key>wh/region%3DSouth+America/a%2Bb.parquet</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified><Size>123</Size></Contents>
  <Contents><Key>wh/x%26y%C3%BC.parquet</Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>wh/k%3D1/</Prefix></CommonPrefixes>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&amp;</NextContinuationToken>
</ListBucketResult>`);
      expect(page).toEqual({
        objects: [
          { key: 'wh/region=South America/a+b.parquet', size: 123, modifiedMs: Date.UTC(2024, 0, 2, 3, 4, 5) },
          { key: 'wh/x&yü.parquet', size: 0 }
        ],
        commonPrefixes: ['wh/k=1/'],
        nextContinuationToken: '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&'
      });
    });

    it('should read plain keys with XML entities when not url-encoded, and stop when not truncated', () => {
      const page = parseListPage(
        '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a &amp; b &#x263A;+</Key><Size>1</Size></Contents></ListBucketResult>'
      );
      expect(page).toEqual({ objects: [{ key: 'a & b ☺+', size: 1 }], commonPrefixes: [] });
    });
  });

  describe('#parseErrorBody', () => {
    it('should keep code and message only, never the string to sign or the key id', () => {
      const body = parseErrorBody(`<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>
<AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 ...</StringToSign><SignatureProvided>abc</SignatureProvided></Error>`);
      expect(body).toEqual({ code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match' });
    });
  });
});
