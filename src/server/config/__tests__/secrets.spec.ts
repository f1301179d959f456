import { isSecretKey, REDACTED, redactProperties, redactUri, SecretScrubber, secretValues } from '../secrets';

describe('isSecretKey', () => {
  it.each([
    'credential',
    'token',
    's3.secret-access-key',
    's3.session-token',
    's3.access-key-id',
    'adls.account-key',
    'adls.sas-token.myaccount',
    'gcs.oauth2.token',
    'header.Authorization',
    'header.x-api-key',
    'auth.oauth2.client-secret',
    'jdbc.password',
    'client.secret',
    'ssl.client.key'
  ])('should treat %s as a secret', key => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['uri', 'warehouse', 's3.endpoint', 's3.region', 'type', 'prefix', 'scope', 'token-refresh-enabled', 'rest.sigv4-enabled', 'header.x-tenant'])(
    'should not treat %s as a secret',
    key => {
      expect(isSecretKey(key)).toBe(false);
    }
  );
});

describe('redactProperties', () => {
  it('should hide secret values and URI passwords and keep the rest', () => {
    const redacted = redactProperties({
      uri: 'postgresql://scientist:hunter22@db:5432/iceberg',
      warehouse: 's3://lake/wh',
      credential: 'client:s3cr3t',
      's3.secret-access-key': 'AKIASECRET'
    });
    expect(redacted).toEqual({
      uri: `postgresql://scientist:${REDACTED}@db:5432/iceberg`,
      warehouse: 's3://lake/wh',
      credential: REDACTED,
      's3.secret-access-key': REDACTED
    });
  });
});

describe('redactUri', () => {
  it('should hide secret query parameters of presigned URLs', () => {
    expect(redactUri('https://b.s3/k?X-Amz-Signature=abcd1234&x=1')).toBe(`https://b.s3/k?X-Amz-Signature=${REDACTED}&x=1`);
  });
});

describe('secretValues', () => {
  it('should include the secret half of a client credential and decoded URI passwords', () => {
    expect(secretValues({ credential: 'my-client:top-secret', uri: 'postgresql://u:p%40ssword@h/db' }).sort()).toEqual(
      ['my-client:top-secret', 'top-secret', 'p%40ssword', 'p@ssword'].sort()
    );
  });
});

describe('SecretScrubber', () => {
  describe('#scrub', () => {
    const scrubber = new SecretScrubber({ credential: 'my-client:top-secret', token: 'tok-123456' });

    it('should remove known secrets in plain, URL-encoded and base64 form', () => {
      const basic = Buffer.from('top-secret').toString('base64');
      const message = `failed: client_secret=top-secret, ${encodeURIComponent('my-client:top-secret')}, Basic ${basic}, tok-123456`;
      const scrubbed = scrubber.scrub(message);
      expect(scrubbed).not.toContain('top-secret');
      expect(scrubbed).not.toContain(basic);
      expect(scrubbed).not.toContain('tok-123456');
      expect(scrubbed).toContain('failed: client_secret=***');
    });

    it('should remove unknown bearer tokens and URI passwords', () => {
      expect(scrubber.scrub('sent Authorization: Bearer eyJhbGciOi.x.y to http://a:b4d@h/')).toBe(
        `sent Authorization: Bearer ${REDACTED} to http://a:${REDACTED}@h/`
      );
    });

    it('should remove secrets added later', () => {
      const later = new SecretScrubber({});
      later.add('vended-token-xyz');
      expect(later.scrub('token vended-token-xyz expired')).toBe(`token ${REDACTED} expired`);
    });

    it('should leave messages without secrets unchanged', () => {
      expect(scrubber.scrub("Table 'sci.obs' does not exist")).toBe("Table 'sci.obs' does not exist");
    });
  });
});
