/**
 * A custom AWS endpoint (`s3.endpoint`, `glue.endpoint`, AWS_ENDPOINT_URL…)
 * as a URL: http or https, `https://` when no scheme is given, as botocore
 * reads it, and never with credentials in it (they would end up in logs).
 */

/** `text` as an endpoint URL; `fail(message)` is thrown otherwise, naming `property` but no credential. */
export function parseEndpoint(text: string, property: string, keyProperty: string, fail: (message: string) => Error): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw fail(`${property} is not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`${property} must be http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Refused without echoing the URL.
    throw fail(`${property} must not contain credentials; use ${keyProperty}`);
  }
  return url;
}
