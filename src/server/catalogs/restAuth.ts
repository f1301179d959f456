/**
 * Authorization for REST catalogs, as pyiceberg's legacy OAuth2 manager
 * does it: a fixed bearer `token`, or a `credential` (`client-id:secret`, or
 * a bare secret) exchanged for a token with the client-credentials grant at
 * `oauth2-server-uri` (default `<uri>/v1/oauth/tokens`), with `scope`
 * (default `catalog`), `audience` and `resource`.
 */

export const DEFAULT_SCOPE = 'catalog';

export interface TokenRequest {
  url: string;
  body: URLSearchParams;
}

/** Where and what to post for a client-credentials token; null when the catalog has no `credential`. */
export function tokenRequest(properties: Readonly<Record<string, string>>, baseUri: string): TokenRequest | null {
  const credential = properties.credential;
  if (!credential) {
    return null;
  }
  const colon = credential.indexOf(':');
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (colon === -1) {
    body.set('client_secret', credential);
  } else {
    body.set('client_id', credential.slice(0, colon));
    body.set('client_secret', credential.slice(colon + 1));
  }
  body.set('scope', properties.scope || DEFAULT_SCOPE);
  for (const optional of ['audience', 'resource']) {
    if (properties[optional]) {
      body.set(optional, properties[optional]);
    }
  }
  const url = properties['oauth2-server-uri'] || `${baseUri.replace(/\/$/, '')}/v1/oauth/tokens`;
  return { url, body };
}

/** Request headers from `header.<Name>` properties. */
export function headerProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith('header.')) {
      headers[key.slice('header.'.length)] = value;
    }
  }
  return headers;
}
