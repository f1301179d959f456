import { canonicalQuery, EMPTY_PAYLOAD_SHA256, signedHeaders, uriEncode } from '../sigv4';

// The "GET Bucket (List Objects)" example of the Amazon S3 API reference,
// "Signature Calculations for the Authorization Header".
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
};

describe('sigv4', () => {
  describe('#signedHeaders', () => {
    it('should reproduce the signature of the AWS documentation example', () => {
      const headers = signedHeaders(
        {
          method: 'GET',
          host: 'examplebucket.s3.amazonaws.com',
          path: '/',
          query: [
            ['prefix', 'J'],
            ['max-keys', '2']
          ]
        },
        EXAMPLE_CREDENTIALS,
        'us-east-1',
        new Date('2013-05-24T00:00:00Z')
      );
      expect(headers).toEqual({
        'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256,
        'x-amz-date': '20130524T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
          'SignedHeaders=host;x-amz-content-sha256;x-amz-date, ' +
          'Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'
      });
    });

    it('should sign and send a session token', () => {
      const headers = signedHeaders({ method: 'HEAD', host: 'h', path: '/k', query: [] }, { ...EXAMPLE_CREDENTIALS, sessionToken: 'token' }, 'eu-west-1');
      expect(headers['x-amz-security-token']).toBe('token');
      expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token');
      expect(headers.authorization).toContain('/eu-west-1/s3/aws4_request');
    });
  });

  describe('#uriEncode', () => {
    it.each([
      ['a b+c', false, 'a%20b%2Bc'],
      ["!'()*~._-", false, '%21%27%28%29%2A~._-'],
      ['k=v/x%2Fy', true, 'k%3Dv/x%252Fy'],
      ['k=v/x', false, 'k%3Dv%2Fx'],
      ['日本', false, '%E6%97%A5%E6%9C%AC']
    ])('should encode %s (keep slash: %s) as %s', (value, keepSlash, expected) => {
      expect(uriEncode(value, keepSlash)).toBe(expected);
    });
  });

  describe('#canonicalQuery', () => {
    it('should sort by encoded name and encode values, empty ones included', () => {
      expect(
        canonicalQuery([
          ['prefix', 'a b/'],
          ['list-type', '2'],
          ['continuation-token', '1/x+y='],
          ['delimiter', '']
        ])
      ).toBe('continuation-token=1%2Fx%2By%3D&delimiter=&list-type=2&prefix=a%20b%2F');
    });
  });
});
