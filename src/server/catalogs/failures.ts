/**
 * Turning any failure inside a catalog into a `CatalogError` whose message
 * names the catalog (and table) and has every secret scrubbed out.
 */
import { SecretScrubber } from '../config/secrets';
import { CatalogError, CatalogTimeoutError, NoSuchNamespaceError, NoSuchTableError } from './catalog';

export function tableName(namespace: string[], name: string): string {
  return [...namespace, name].join('.');
}

/**
 * `message` naming `table` exactly once: prefixed with `table: ` unless it already names it.
 * Every layer that adds the table to an error goes through here, so an error passed up
 * through several of them (storage → metadata → verdict → CLI line) never repeats the name.
 */
export function namingTable(table: string, message: string): string {
  return message.includes(table) ? message : `${table}: ${message}`;
}

/** `message` without a leading `table: `, for output that already shows the table just before it. */
export function withoutTablePrefix(table: string, message: string): string {
  return message.startsWith(`${table}: `) ? message.slice(table.length + 2) : message;
}

export class CatalogFailures {
  readonly scrubber: SecretScrubber;

  constructor(
    readonly catalog: string,
    properties: Readonly<Record<string, string>>
  ) {
    this.scrubber = new SecretScrubber(properties);
  }

  /** A new error about this catalog; `message` is scrubbed. */
  error(message: string, table?: string): CatalogError {
    return new CatalogError(this.scrubber.scrub(message), this.catalog, table);
  }

  /** The catalog says `table` does not exist; `message` is scrubbed. */
  noSuchTable(message: string, table: string): NoSuchTableError {
    return new NoSuchTableError(this.scrubber.scrub(message), this.catalog, table);
  }

  /** The catalog says the namespace does not exist; `message` is scrubbed. */
  noSuchNamespace(message: string): NoSuchNamespaceError {
    return new NoSuchNamespaceError(this.scrubber.scrub(message), this.catalog);
  }

  /** The catalog gave no answer in time; `message` is scrubbed. */
  timedOut(message: string, table?: string): CatalogTimeoutError {
    return new CatalogTimeoutError(this.scrubber.scrub(message), this.catalog, table);
  }

  /** Re-throwable form of `cause`: kept if already ours, otherwise wrapped with `context`. */
  wrap(cause: unknown, context: string, table?: string): CatalogError {
    if (cause instanceof CatalogError) {
      return cause;
    }
    const detail = cause instanceof Error ? cause.message : String(cause);
    return this.error(`${context}: ${detail}`, table);
  }

  /** Run `action`, converting whatever it throws. */
  async guard<T>(context: string, action: () => Promise<T>, table?: string): Promise<T> {
    try {
      return await action();
    } catch (cause) {
      throw this.wrap(cause, context, table);
    }
  }
}
