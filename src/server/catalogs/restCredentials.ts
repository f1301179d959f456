/**
 * Storage credentials a REST catalog vends for one table (the load-table
 * `config` and `storage-credentials`, asked for with
 * `X-Iceberg-Access-Delegation: vended-credentials`), and the storage that
 * reads the table's files with them.
 *
 * Each file is read with the storage credential whose `prefix` is the
 * longest prefix of the file's location (the REST spec's rule); a file no
 * prefix covers is read with the load-table `config`, as pyiceberg does, and
 * if that read fails the error says which prefixes the catalog vended for.
 * A credential whose expiry (`s3.session-token-expires-at-ms`,
 * `expiration-time`, …) is near is refreshed before use through the
 * catalog's `refresh` (the REST `GET …/credentials` endpoint, or a reload of
 * the table); while the refresh fails the old one is used until it expires,
 * then reads stop with a message naming the catalog and table. Vended
 * values are secrets: the caller's scrubber learns them, and no error here
 * carries one.
 */
import { SecretScrubber } from '../config/secrets';
import type { Environment, Properties } from '../storage/s3/config';
import { StorageRouter } from '../storage/registry';
import { ByteRange, ListOptions, ObjectInfo, Storage, StorageError } from '../storage/storage';

export interface StorageCredential {
  prefix: string;
  config: Record<string, string>;
}

/** What a REST catalog vended for a table: the load-table `config` and its `storage-credentials`. */
export interface VendedCredentials {
  config: Record<string, string>;
  storageCredentials: StorageCredential[];
}

/** Properties that carry a vended credential's expiry, in epoch milliseconds. */
const EXPIRY_PROPERTIES = ['s3.session-token-expires-at-ms', 'expiration-time', 'gcs.oauth2.token-expires-at', 'adls.sas-token-expires-at-ms'];

/**
 * Refresh this long before expiry (Iceberg's Java client uses 5 minutes), or, for credentials
 * that live shorter than twice that, when half their remaining life is gone.
 */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** After a failed refresh, credentials still valid are used this long before the next attempt. */
export const REFRESH_RETRY_MS = 10 * 1000;

/** The credential whose prefix is the longest prefix of `location`; null when none covers it. */
export function credentialFor(credentials: readonly StorageCredential[], location: string): StorageCredential | null {
  let best: StorageCredential | null = null;
  for (const credential of credentials) {
    if (location.startsWith(credential.prefix) && (!best || credential.prefix.length > best.prefix.length)) {
      best = credential;
    }
  }
  return best;
}

/** The earliest expiry `config` states (epoch ms), or undefined when it states none. */
export function expiresAtMs(config: Readonly<Record<string, string>>): number | undefined {
  let earliest: number | undefined;
  for (const [key, value] of Object.entries(config)) {
    const isExpiry = EXPIRY_PROPERTIES.some(name => key === name || key.startsWith(`${name}.`));
    const ms = Number(value);
    if (isExpiry && value !== '' && Number.isFinite(ms) && (earliest === undefined || ms < earliest)) {
      earliest = ms;
    }
  }
  return earliest;
}

/**
 * When a credential expiring at `expiresAt`, received at `receivedAt`, should be refreshed:
 * `REFRESH_MARGIN_MS` before expiry, or halfway through its life when that is shorter.
 */
export function refreshDueAtMs(expiresAt: number, receivedAt: number): number {
  const halfLife = Math.max(0, expiresAt - receivedAt) / 2;
  return expiresAt - Math.min(REFRESH_MARGIN_MS, halfLife);
}

export interface VendedStorageOptions {
  catalog: string;
  table: string;
  /** The catalog's properties with the load-table `config` over them; contains secrets. */
  properties: Properties;
  credentials: VendedCredentials;
  /** New credentials for the table from the catalog. */
  refresh: () => Promise<VendedCredentials>;
  /** Learns every vended secret, so no message the helper sends can carry one. */
  scrubber: SecretScrubber;
  roots?: readonly string[];
  env?: Environment;
  /** Clock, epoch ms; `Date.now` unless a test sets one. */
  now?: () => number;
}

/** Where a credential came from: a prefix of `storage-credentials`, or the table's `config`. */
interface Grant {
  prefix: string | null;
  storage: StorageRouter;
  expiresAt?: number;
  refreshAt?: number;
}

/** A table's storage that reads each file with the credential vended for its location. */
export class VendedStorage implements Storage {
  private grants: Grant[] = [];
  private fallback!: Grant;
  private refreshing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: VendedStorageOptions) {
    this.now = options.now ?? Date.now;
    this.install(options.credentials);
  }

  async *list(prefix: string, options?: ListOptions): AsyncGenerator<ObjectInfo> {
    const grant = await this.grantFor(prefix);
    try {
      yield* grant.storage.list(prefix, options);
    } catch (error) {
      throw this.explain(error, grant, prefix);
    }
  }

  async read(path: string, range?: ByteRange): Promise<Uint8Array> {
    const grant = await this.grantFor(path);
    return grant.storage.read(path, range).catch(error => Promise.reject(this.explain(error, grant, path)));
  }

  async stat(path: string): Promise<ObjectInfo | null> {
    const grant = await this.grantFor(path);
    return grant.storage.stat(path).catch(error => Promise.reject(this.explain(error, grant, path)));
  }

  /** The prefixes the catalog vended credentials for, longest first. */
  get prefixes(): string[] {
    return this.grants.map(grant => grant.prefix ?? '').sort((a, b) => b.length - a.length);
  }

  private install(credentials: VendedCredentials): void {
    const receivedAt = this.now();
    const grant = (prefix: string | null, config: Record<string, string>): Grant => {
      this.options.scrubber.addProperties(config);
      const expiresAt = expiresAtMs(config);
      return {
        prefix,
        storage: new StorageRouter({ properties: { ...this.options.properties, ...config }, roots: this.options.roots, env: this.options.env }),
        expiresAt,
        refreshAt: expiresAt === undefined ? undefined : refreshDueAtMs(expiresAt, receivedAt)
      };
    };
    this.fallback = grant(null, credentials.config);
    this.grants = credentials.storageCredentials.map(credential => grant(credential.prefix, credential.config));
  }

  private async grantFor(location: string): Promise<Grant> {
    let grant = this.choose(location);
    if (grant.refreshAt !== undefined && this.now() >= grant.refreshAt) {
      const failure = await this.refreshOnce();
      grant = this.choose(location);
      if (grant.expiresAt !== undefined && this.now() >= grant.expiresAt) {
        throw new StorageError(
          `${this.where()}: the storage credentials the catalog vended for ${location} expired at ` +
            `${new Date(grant.expiresAt).toISOString()} and could not be refreshed` +
            (failure ? `: ${this.options.scrubber.scrub(failure)}` : ' (the catalog vended expired ones again)'),
          location,
          'forbidden'
        );
      }
    }
    return grant;
  }

  private choose(location: string): Grant {
    let best: Grant | null = null;
    for (const grant of this.grants) {
      if (location.startsWith(grant.prefix ?? '') && (!best || (grant.prefix ?? '').length > (best.prefix ?? '').length)) {
        best = grant;
      }
    }
    return best ?? this.fallback;
  }

  /** One refresh at a time; resolves to the failure's message, or null when new credentials came. */
  private async refreshOnce(): Promise<string | null> {
    if (!this.refreshing) {
      this.refreshing = this.options
        .refresh()
        .then(credentials => this.install(credentials))
        .finally(() => {
          this.refreshing = null;
        });
    }
    try {
      await this.refreshing;
      return null;
    } catch (error) {
      const retryAt = this.now() + REFRESH_RETRY_MS;
      for (const grant of [...this.grants, this.fallback]) {
        if (grant.expiresAt !== undefined) {
          grant.refreshAt = Math.min(grant.expiresAt, Math.max(grant.refreshAt ?? 0, retryAt));
        }
      }
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** A failed read of a file no vended prefix covers says so: the usual cause of a 403 here. */
  private explain(error: unknown, grant: Grant, location: string): unknown {
    if (grant.prefix !== null || this.grants.length === 0 || !(error instanceof Error)) {
      return error;
    }
    const message =
      `${this.where()}: ${location} is not under any prefix the catalog vended storage credentials for ` +
      `(${this.prefixes.join(', ')}), so it was read with the table's config and failed: ${error.message}`;
    return new StorageError(this.options.scrubber.scrub(message), location, error instanceof StorageError ? error.reason : 'io');
  }

  private where(): string {
    return `REST catalog '${this.options.catalog}', table '${this.options.table}'`;
  }
}
