/**
 * The one place that knows which catalog properties are secrets. Everything
 * that leaves the helper (API responses, CLI output, logs, error messages)
 * goes through `redactProperties` or a `SecretScrubber` built from the
 * catalog's properties.
 */

import { findUserinfo, replaceUserinfo } from './uriUserinfo';

export const REDACTED = '***';

/**
 * Words that make a property key secret wherever they appear as a key
 * segment, e.g. `credential`, `token`, `s3.secret-access-key`,
 * `s3.session-token`, `adls.sas-token.<account>`, `header.authorization`,
 * `auth.oauth2.client-secret`, `jdbc.password`, `gcs.oauth2.token`.
 */
const SECRET_WORDS = /(^|[.\-_])(credentials?|token|password|passwd|pwd|secret|authorization|cookie|sas|signature|private)([.\-_]|$)/;

/**
 * Keys ending in `key` are secret (`s3.access-key-id`, `adls.account-key`,
 * `header.x-api-key`): the identifier of an access key is kept out of
 * clients too, since it only has a use together with its secret.
 */
const KEY_SUFFIX = /(^|[.\-_])(access-key(-id)?|account-key|api-key|key)$/;

/** Boolean switches such as `token-refresh-enabled` name a secret but are not one. */
const SWITCH_SUFFIX = /[.\-_](enabled|disabled)$/;

/*
 * The patterns below run on text an attacker may control (server errors,
 * table names, property values), so each is linear: a start at a fixed
 * character, then literal alternatives. The value after a start is scanned
 * by `redactAfter`, not matched: a greedy class over megabytes of text fills
 * V8's backtracking stack ("Maximum call stack size exceeded"). Passwords in
 * URIs (`scheme://user:password@`) would need backtracking as a regular
 * expression, so `findUserinfo` scans for them instead.
 */
/** Secret-bearing query parameters inside URLs, e.g. presigned S3 URLs or `?password=`. */
const SECRET_QUERY = /[?&](?:password|token|access_token|x-amz-signature|x-amz-security-token|sig|signature|client_secret)=/gi;
const BEARER = /\bBearer/g;
const WHITE_SPACE = /\s/;
const QUERY_VALUE = (ch: string): boolean => ch !== '&' && ch !== '#' && !WHITE_SPACE.test(ch);
const BEARER_TOKEN = /[A-Za-z0-9\-._~+/=:]/;

/** The end of the run of characters from `from` that `accepts` takes. */
function runEnd(text: string, from: number, accepts: (ch: string) => boolean): number {
  let end = from;
  while (end < text.length && accepts(text[end])) {
    end++;
  }
  return end;
}

/**
 * `text` with the value after each match of `start` (global) replaced by REDACTED: optional
 * separator characters `gap` accepts (at least one when `gap` is given), then a non-empty run
 * that `value` accepts. Linear: each character is looked at a bounded number of times.
 */
function redactAfter(text: string, start: RegExp, value: (ch: string) => boolean, gap?: (ch: string) => boolean): string {
  let result = '';
  let copied = 0;
  start.lastIndex = 0;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const afterStart = match.index + match[0].length;
    const valueStart = gap ? runEnd(text, afterStart, gap) : afterStart;
    const valueEnd = runEnd(text, valueStart, value);
    if ((gap && valueStart === afterStart) || valueEnd === valueStart) {
      continue;
    }
    result += text.slice(copied, valueStart) + REDACTED;
    copied = valueEnd;
    start.lastIndex = valueEnd;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

/** Shortest value we scrub verbatim; shorter ones would mangle ordinary words. */
const MIN_SCRUB_LENGTH = 4;

export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (SWITCH_SUFFIX.test(lower)) {
    return false;
  }
  return SECRET_WORDS.test(lower) || KEY_SUFFIX.test(lower);
}

/** Hide the password part of `scheme://user:password@host` and secret query parameters. */
export function redactUri(value: string): string {
  return redactAfter(
    replaceUserinfo(value, match => `${match.prefix}${REDACTED}@`),
    SECRET_QUERY,
    QUERY_VALUE
  );
}

/** A copy of `properties` safe to show: secret values replaced, passwords in URIs hidden. */
export function redactProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    redacted[key] = isSecretKey(key) ? REDACTED : redactUri(value);
  }
  return redacted;
}

/** The secret strings hidden in `properties`: secret values, their parts, and URI passwords. */
export function secretValues(properties: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(properties)) {
    if (!value) {
      continue;
    }
    if (isSecretKey(key)) {
      found.add(value);
      // `credential: client-id:client-secret`: the secret half may appear alone.
      const colon = value.indexOf(':');
      if (colon !== -1) {
        found.add(value.slice(colon + 1));
      }
    }
    for (const { password } of findUserinfo(value)) {
      found.add(password);
      found.add(safeDecode(password));
    }
  }
  return [...found].filter(secret => secret.length >= MIN_SCRUB_LENGTH);
}

/**
 * Removes known secrets from arbitrary text (error messages from servers,
 * databases and the network stack), in plain, URL-encoded and base64 form
 * (HTTP basic auth), plus anything that looks like a bearer token or URI
 * password even when we did not know it.
 */
export class SecretScrubber {
  private readonly secrets: string[];

  constructor(...propertySets: Readonly<Record<string, string>>[]) {
    const all = new Set<string>();
    for (const properties of propertySets) {
      for (const secret of secretValues(properties)) {
        all.add(secret);
        all.add(encodeURIComponent(secret));
        all.add(Buffer.from(secret).toString('base64'));
      }
    }
    // Longest first, so a secret containing another is removed whole.
    this.secrets = [...all].filter(s => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** Also hide `secret` from now on (e.g. an OAuth token the catalog obtained). */
  add(secret: string): void {
    if (secret.length >= MIN_SCRUB_LENGTH && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  /**
   * Also hide the secrets of `properties` from now on, in every form the constructor knows:
   * credentials a catalog vends for a table (`s3.session-token`, …) arrive after it was built.
   */
  addProperties(properties: Readonly<Record<string, string>>): void {
    for (const secret of secretValues(properties)) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
        this.add(form);
      }
    }
  }

  scrub(text: string): string {
    let result = text;
    // One `split` per secret: V8's string search (Boyer-Moore) is linear in the text, and
    // secrets are a handful of configured values.
    for (const secret of this.secrets) {
      result = result.split(secret).join(REDACTED);
    }
    return redactAfter(
      redactUri(result),
      BEARER,
      ch => BEARER_TOKEN.test(ch),
      ch => WHITE_SPACE.test(ch)
    );
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
