/**
 * One interface over every catalog kind (SQL, REST, Hadoop). A catalog only
 * answers "which tables exist" and "where is this table's current metadata";
 * reading metadata files is the job of `src/server/metadata`.
 */
import type { TableMetadata } from '../../core/iceberg/model';
import type { VendedCredentials } from './restCredentials';

export interface LoadedTable {
  namespace: string[];
  name: string;
  metadataLocation: string;
  /** REST catalogs return the metadata inline; others leave it to the metadata reader. */
  metadata?: TableMetadata;
  /**
   * The metadata JSON exactly as a REST catalog returned it inline (`metadata`
   * of LoadTableResult), for the metadata reader to parse instead of reading
   * `metadataLocation` again. Undefined for SQL and Hadoop catalogs.
   */
  metadataJson?: unknown;
  /** Storage properties the catalog vends for this table (REST `config`), merged over the catalog's. */
  storageProperties?: Record<string, string>;
  /**
   * What a REST catalog vended for the table (`config`, `storage-credentials`), read per file by
   * prefix (`restCredentials.ts`); contains secrets. Undefined for catalogs that vend nothing.
   */
  vendedCredentials?: VendedCredentials;
  /** New vended credentials for this table, before the old ones expire. */
  refreshCredentials?: () => Promise<VendedCredentials>;
}

export interface Catalog {
  readonly name: string;
  /** `sql`, `rest`, `hadoop`, `hive` or `glue`. */
  readonly type: string;
  /** Catalog properties after env overrides; contains secrets, never send it to a client. */
  readonly properties: Readonly<Record<string, string>>;
  listNamespaces(parent?: string[]): Promise<string[][]>;
  listTables(namespace: string[]): Promise<string[]>;
  loadTable(namespace: string[], name: string): Promise<LoadedTable>;
  /**
   * Where this catalog puts a listed table by its own rules, for the write guard to keep
   * protecting a table whose record cannot be loaded. Only what the catalog can vouch for
   * (its namespace's `location`, its warehouse conventions); empty when it knows nothing.
   */
  conventionalLocations?(namespace: string[], name: string): Promise<string[]>;
  close?(): Promise<void>;
}

/** A failure tied to one catalog (and maybe one table); its message never contains a secret. */
export class CatalogError extends Error {
  constructor(
    message: string,
    readonly catalog: string,
    readonly table?: string
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/**
 * The catalog answered, and its answer is that the thing asked for does not exist: kept apart
 * from a catalog that failed (as pyiceberg keeps `NoSuchTableError` apart from `ServerError`),
 * so callers can say "no such table" instead of "the catalog is broken".
 */
export class NoSuchTableError extends CatalogError {
  constructor(message: string, catalog: string, table: string) {
    super(message, catalog, table);
    this.name = 'NoSuchTableError';
  }
}

export class NoSuchNamespaceError extends CatalogError {
  constructor(message: string, catalog: string) {
    super(message, catalog);
    this.name = 'NoSuchNamespaceError';
  }
}

/** A name that is no configured catalog. */
export class NoSuchCatalogError extends CatalogError {
  constructor(message: string, catalog: string) {
    super(message, catalog);
    this.name = 'NoSuchCatalogError';
  }
}

/** The catalog did not answer in time. */
export class CatalogTimeoutError extends CatalogError {
  constructor(message: string, catalog: string, table?: string) {
    super(message, catalog, table);
    this.name = 'CatalogTimeoutError';
  }
}
