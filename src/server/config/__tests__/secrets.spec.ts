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

describe('linear-time scrubbing', () => {
  /** Milliseconds `run` takes. */
  function millis(run: () => unknown): number {
    const started = performance.now();
    run();
    return performance.now() - started;
  }

  // Inputs that made the old URI pattern backtrack from every start position.
  const hostile = (size: number): Record<string, string> => ({
    letters: 'a'.repeat(size),
    'password without @': `a://b:${'c'.repeat(size)}`,
    'colons after the scheme': `a://${':'.repeat(size)}`,
    'scheme separators': 'a://'.repeat(size / 4),
    'bearer spaces': `Bearer${' '.repeat(size)}!`,
    'query names': '?password='.repeat(size / 10)
  });

  it.each(Object.entries(hostile(256 * 1024)))('should scrub 256 KB of %s well under a second', (_name, text) => {
    const scrubber = new SecretScrubber({ uri: text, token: `${text}-tail` });
    expect(millis(() => scrubber.scrub(text))).toBeLessThan(250);
    expect(millis(() => redactProperties({ uri: text }))).toBeLessThan(250);
  });

  it.each(Object.entries(hostile(4 * 1024 * 1024)))('should scrub 4 MB of %s in linear time', (_name, text) => {
    const scrubber = new SecretScrubber({ token: 'tok-123456' });
    expect(millis(() => scrubber.scrub(text))).toBeLessThan(2000);
  });

  it('should find exactly the URI passwords the regular expression finds', () => {
    const pattern = /([a-z][a-z0-9+.-]*:\/\/)([^/?#@:\s]*):([^/?#@\s]+)@/gi;
    const alphabet = ['a', 'B', '1', '+', ':', '/', '@', '?', '#', ' ', '\u2028', 'x://', 'u:p@'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const expected = text.replace(pattern, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
      expect(redactUri(text)).toBe(expected);
    }
  });
});
