/**
 * The one way every part of the helper (API, CLI commands, verifier,
 * snippets) opens a table: catalog → current metadata location → metadata
 * (cached by location, so an unchanged table is read once) → storage
 * confined to the roots of `readableRoots.ts`, decided before any read.
 */
import { formatIdentifier, type TableIdentifier, type TableMetadata } from '../../core/iceberg/model';
import { CatalogRegistry } from '../catalogs/catalogRegistry';
import type { Catalog, LoadedTable } from '../catalogs/catalog';
import { CatalogError } from '../catalogs/catalog';
import { AdminSettings, adminSettingsFromEnv } from '../config/adminSettings';
import { SecretScrubber } from '../config/secrets';
import { LruByteCache } from '../metadata/cache';
import { loadTableMetadata } from '../metadata/reader';
import { credentialFor, VendedStorage, type VendedCredentials } from '../catalogs/restCredentials';
import { resolveStorage, StorageRouter } from '../storage/registry';
import type { Storage } from '../storage/storage';
import { dataRootOf } from '../../core/iceberg/dataRoot';
import { noRootsReason, readableRoots } from './readableRoots';
import { parseTableName } from './tableName';
import { namingTable } from '../catalogs/failures';

const METADATA_CACHE_BYTES = 128 * 1024 * 1024;

export interface LakehouseOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  requestTimeoutMs?: number;
}

export interface OpenTable extends TableIdentifier {
  /** `catalog.ns.table` */
  id: string;
  catalogType: string;
  metadataLocation: string;
  metadata: TableMetadata;
  /** Where Dask reads. */
  dataRoot: string;
  /** Reads the table's files; refuses anything outside the table's readable roots (readableRoots.ts). */
  storage: Storage;
  /** Catalog properties with the table's vended storage properties over them; contains secrets. */
  properties: Readonly<Record<string, string>>;
  /** The keys of what a REST catalog vended for the table's data root (never their values). */
  vendedKeys?: string[];
}

/**
 * The catalog answered for the table, but its metadata could not be read (no readable roots, a
 * missing or corrupt file): `record` is the catalog's own word, which the write guard still uses
 * (without the vended storage properties, which may hold credentials).
 */
export class TableMetadataError extends CatalogError {
  readonly record: Pick<LoadedTable, 'metadataLocation' | 'metadataJson'>;

  constructor(message: string, catalog: string, table: string, loaded: LoadedTable) {
    super(message, catalog, table);
    this.name = 'TableMetadataError';
    this.record = { metadataLocation: loaded.metadataLocation, metadataJson: loaded.metadataJson };
  }
}

/**
 * A file of an opened table (manifest list, manifest, data file) could not be read or was refused
 * by confinement: an upstream failure of that table, named with its catalog.
 */
export class TableReadError extends Error {
  constructor(
    message: string,
    readonly catalog: string,
    readonly table: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'TableReadError';
  }
}

export class Lakehouse {
  private readonly metadataCache = new LruByteCache<TableMetadata>(METADATA_CACHE_BYTES);
  /** Knows the secrets of every configured catalog, built or not; made once, used on every error. */
  private readonly scrubber: SecretScrubber;

  private constructor(
    readonly catalogs: CatalogRegistry,
    readonly settings: AdminSettings,
    private readonly env: NodeJS.ProcessEnv
  ) {
    this.scrubber = new SecretScrubber(...Object.values(catalogs.config.catalogs));
  }

  static load(options: LakehouseOptions): Lakehouse {
    const settings = adminSettingsFromEnv(options.env);
    const catalogs = CatalogRegistry.load({
      env: options.env,
      cwd: options.cwd,
      settings,
      context: {
        requestTimeoutMs: options.requestTimeoutMs,
        env: options.env,
        storageFor: (location, properties) => resolveStorage(location, properties, { roots: [location], env: options.env })
      }
    });
    return new Lakehouse(catalogs, settings, options.env);
  }

  /** Removes every configured secret from a message. */
  redact = (message: string): string => this.scrubber.scrub(message);

  parseName(text: string, defaultCatalog?: string): TableIdentifier {
    return parseTableName(text, this.catalogs.names(), defaultCatalog);
  }

  async open(name: TableIdentifier | string, defaultCatalog?: string): Promise<OpenTable> {
    const parsed = typeof name === 'string' ? this.parseName(name, defaultCatalog) : name;
    const id = formatIdentifier(parsed);
    const catalog = this.catalogs.get(parsed.catalog);
    const loaded = await catalog.loadTable(parsed.namespace, parsed.name);
    const properties = { ...catalog.properties, ...(loaded.storageProperties ?? {}) };
    // Decided from configuration and the catalog's answer before any byte is read; the metadata
    // file's own `location` and paths never widen them (readableRoots.ts).
    const roots = readableRoots(catalog.properties, loaded);
    if (roots.length === 0) {
      throw new TableMetadataError(this.redact(namingTable(id, noRootsReason(catalog.name, loaded))), catalog.name, id, loaded);
    }
    const storage = this.storageFor(catalog, loaded, id, roots);
    const metadata = await this.metadataFor(catalog, loaded, storage, id);
    return {
      ...parsed,
      id,
      catalogType: this.catalogs.list().find(entry => entry.name === parsed.catalog)?.type ?? 'unknown',
      metadataLocation: loaded.metadataLocation,
      metadata,
      dataRoot: dataRootOf(metadata),
      storage,
      properties,
      ...(loaded.vendedCredentials ? { vendedKeys: vendedKeysFor(loaded.vendedCredentials, dataRootOf(metadata)) } : {})
    };
  }

  /** Reads with the catalog's properties, or per file with the credentials the catalog vended for it. */
  private storageFor(catalog: Catalog, loaded: LoadedTable, id: string, roots: string[]): Storage {
    const { vendedCredentials, refreshCredentials } = loaded;
    if (!vendedCredentials || !refreshCredentials) {
      return new StorageRouter({ properties: { ...catalog.properties, ...(loaded.storageProperties ?? {}) }, roots, env: this.env });
    }
    return new VendedStorage({
      catalog: catalog.name,
      table: id,
      properties: { ...catalog.properties, ...vendedCredentials.config },
      credentials: vendedCredentials,
      refresh: refreshCredentials,
      scrubber: this.scrubber,
      roots,
      env: this.env
    });
  }

  async dispose(): Promise<void> {
    await this.catalogs.close();
  }

  private async metadataFor(catalog: Catalog, loaded: LoadedTable, storage: Storage, id: string): Promise<TableMetadata> {
    if (loaded.metadata) {
      return loaded.metadata;
    }
    const location = loaded.metadataLocation;
    // Per catalog: a file one catalog may read is not thereby readable through another's roots.
    const key = `${catalog.name}\u0000${location}`;
    const cached = this.metadataCache.get(key);
    if (cached) {
      return cached;
    }
    try {
      const { metadata, size } = await loadTableMetadata(storage, location);
      this.metadataCache.set(key, metadata, size * 4);
      return metadata;
    } catch (error) {
      throw new TableMetadataError(this.redact(namingTable(id, (error as Error).message)), catalog.name, id, loaded);
    }
  }
}

/** The keys vended for files under `location`: the table's config and the credential of the longest prefix. */
function vendedKeysFor(credentials: VendedCredentials, location: string): string[] {
  return [...new Set([...Object.keys(credentials.config), ...Object.keys(credentialFor(credentials.storageCredentials, location)?.config ?? {})])];
}
