import { resolveS3Config, S3ConfigError, secretsOf } from '../config';

describe('resolveS3Config', () => {
  it('should default to AWS in us-east-1, virtual-hosted and anonymous', () => {
    const config = resolveS3Config({}, {});
    expect(config).toEqual(expect.objectContaining({ endpoint: undefined, region: 'us-east-1', credentials: undefined, pathStyle: false }));
  });

  it('should prefer s3.* over client.* over the environment', () => {
    const env = { AWS_REGION: 'env-region', AWS_ACCESS_KEY_ID: 'env-key', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    expect(resolveS3Config({ 's3.region': 's3-region', 'client.region': 'client-region' }, env).region).toBe('s3-region');
    expect(resolveS3Config({ 'client.region': 'client-region' }, env).region).toBe('client-region');
    expect(resolveS3Config({}, env).region).toBe('env-region');
    expect(resolveS3Config({}, { AWS_DEFAULT_REGION: 'default-region' }).region).toBe('default-region');
    expect(resolveS3Config({}, env).credentials).toEqual({ accessKeyId: 'env-key', secretAccessKey: 'env-secret' });
    expect(
      resolveS3Config({ 'client.access-key-id': 'client-key', 'client.secret-access-key': 'client-secret', 'client.session-token': 't' }, env).credentials
    ).toEqual({ accessKeyId: 'client-key', secretAccessKey: 'client-secret', sessionToken: 't' });
  });

  it('should never mix a key id from one source with a secret from another', () => {
    const env = { AWS_SECRET_ACCESS_KEY: 'env-secret' };
    expect(() => resolveS3Config({ 's3.access-key-id': 'prop-key' }, env)).toThrow(S3ConfigError);
    expect(() => resolveS3Config({ 's3.access-key-id': 'prop-key' }, env)).toThrow(/without its secret access key/);
  });

  it('should sign nothing when s3.anonymous is set', () => {
    const env = { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' };
    expect(resolveS3Config({ 's3.anonymous': 'true' }, env).credentials).toBeUndefined();
  });

  it('should take the endpoint from properties, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://generic:1', AWS_ENDPOINT_URL_S3: 'http://s3-specific:2' };
    expect(resolveS3Config({ 's3.endpoint': 'http://prop:3' }, env).endpoint?.host).toBe('prop:3');
    expect(resolveS3Config({}, env).endpoint?.host).toBe('s3-specific:2');
    expect(resolveS3Config({}, { AWS_ENDPOINT_URL: 'http://generic:1' }).endpoint?.host).toBe('generic:1');
    expect(resolveS3Config({ 's3.endpoint': 'minio.local:9000' }, {}).endpoint?.href).toBe('https://minio.local:9000/');
  });

  it.each([
    [{ 's3.endpoint': 'http://minio:9000' }, true],
    [{ 's3.endpoint': 'http://minio:9000', 's3.force-virtual-addressing': 'true' }, false],
    [{ 's3.endpoint': 'http://minio:9000', 's3.path-style-access': 'false' }, false],
    [{ 's3.path-style-access': 'true' }, true],
    [{ 's3.path-style-access': 'true', 's3.force-virtual-addressing': 'true' }, true],
    [{}, false]
  ])('should choose path-style addressing for %j: %s', (properties, pathStyle) => {
    expect(resolveS3Config(properties, {}).pathStyle).toBe(pathStyle);
  });

  it('should refuse an endpoint with credentials without repeating them', () => {
    let error: unknown;
    try {
      resolveS3Config({ 's3.endpoint': 'http://user:hunter2@minio:9000' }, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3ConfigError);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('should refuse a non-HTTP endpoint and a bad timeout', () => {
    expect(() => resolveS3Config({ 's3.endpoint': 'ftp://x' }, {})).toThrow(/http or https/);
    expect(() => resolveS3Config({ 's3.request-timeout': 'soon' }, {})).toThrow(/s3.request-timeout/);
    expect(resolveS3Config({ 's3.request-timeout': '2.5' }, {}).requestTimeoutMs).toBe(2500);
  });

  describe('#secretsOf', () => {
    it('should list the values an error must never show', () => {
      const config = resolveS3Config({ 's3.access-key-id': 'k', 's3.secret-access-key': 's', 's3.session-token': 't' }, {});
      expect(secretsOf(config).sort()).toEqual(['k', 's', 't']);
    });
  });
});
