/**
 * Iceberg's Hadoop (file-system) catalog: under `warehouse`, namespaces are
 * directories and a table is a directory whose `metadata/` holds
 * `v<N>.metadata.json` files and a `version-hint.text` naming the current N.
 * The current version is found as `HadoopTableOperations` finds it: the
 * hint, or the highest `v<N>` listed when the hint is missing or unreadable,
 * then any newer `v<N+1>` a writer committed without updating the hint.
 */
import { joinUri, relativeUri } from '../../core/uri';
import type { Storage } from '../storage/storage';
import { Catalog, LoadedTable } from './catalog';
import { CatalogFailures, tableName } from './failures';

const METADATA_DIR = 'metadata';
const VERSION_HINT = 'version-hint.text';
/** `v12.metadata.json`, or with a compression codec, `v12.gz.metadata.json`. */
const VERSION_FILE = /^v(\d+)(\.[A-Za-z0-9]+)?\.metadata\.json$/;
/** Listing the whole warehouse is costly on object stores; one listing serves calls this close together. */
const SCAN_TTL_MS = 5000;

export type StorageResolver = (location: string, properties: Readonly<Record<string, string>>) => Storage;

interface TableDir {
  namespace: string[];
  name: string;
}

interface Scan {
  atMs: number;
  tables: TableDir[];
}

export class HadoopCatalog implements Catalog {
  readonly type = 'hadoop';
  private readonly failures: CatalogFailures;
  private readonly warehouse: string;
  private storageInstance: Storage | null = null;
  private scan: Promise<Scan> | null = null;

  constructor(
    readonly name: string,
    readonly properties: Readonly<Record<string, string>>,
    private readonly storageFor: StorageResolver
  ) {
    this.failures = new CatalogFailures(name, properties);
    if (!properties.warehouse) {
      throw this.failures.error(`Hadoop catalog '${name}' needs a 'warehouse' (a directory or s3:// URI)`);
    }
    this.warehouse = properties.warehouse;
  }

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    return this.failures.guard(`Hadoop catalog '${this.name}': cannot list namespaces`, async () => {
      const { tables } = await this.tables();
      const children = new Map<string, string[]>();
      for (const table of tables) {
        if (table.namespace.length > parent.length && startsWith(table.namespace, parent)) {
          const child = table.namespace.slice(0, parent.length + 1);
          children.set(child.join('/'), child);
        }
      }
      if (parent.length > 0 && children.size === 0 && !tables.some(t => startsWith(t.namespace, parent))) {
        throw this.failures.noSuchNamespace(`Namespace '${parent.join('.')}' does not exist in catalog '${this.name}'`);
      }
      return [...children.values()].sort((a, b) => a.join('.').localeCompare(b.join('.')));
    });
  }

  async listTables(namespace: string[]): Promise<string[]> {
    return this.failures.guard(`Hadoop catalog '${this.name}': cannot list tables of '${namespace.join('.')}'`, async () => {
      const { tables } = await this.tables();
      return tables
        .filter(table => table.namespace.length === namespace.length && startsWith(table.namespace, namespace))
        .map(table => table.name)
        .sort();
    });
  }

  async loadTable(namespace: string[], name: string): Promise<LoadedTable> {
    const table = tableName(namespace, name);
    return this.failures.guard(
      `Hadoop catalog '${this.name}': cannot load table '${table}'`,
      async () => {
        const metadataDir = joinUri(this.warehouse, ...namespace, name, METADATA_DIR);
        const metadataLocation = await this.currentMetadata(metadataDir, table);
        return { namespace, name, metadataLocation };
      },
      table
    );
  }

  /** A Hadoop table is the directory `<warehouse>/<ns>/<name>` by definition: that is how it was listed. */
  async conventionalLocations(namespace: string[], name: string): Promise<string[]> {
    return [joinUri(this.warehouse, ...namespace, name)];
  }

  private storage(): Storage {
    this.storageInstance = this.storageInstance ?? this.storageFor(this.warehouse, this.properties);
    return this.storageInstance;
  }

  private async tables(): Promise<Scan> {
    const previous = this.scan ? await this.scan.catch(() => null) : null;
    if (previous && Date.now() - previous.atMs <= SCAN_TTL_MS) {
      return previous;
    }
    if (!this.scan || previous) {
      this.scan = this.scanWarehouse();
    }
    return this.scan;
  }

  /** Every table directory: a directory whose `metadata/` child holds a version file or hint. */
  private async scanWarehouse(): Promise<Scan> {
    const found = new Map<string, TableDir>();
    // Hadoop's file system descends linked directories; so does its catalog's scan.
    for await (const object of this.storage().list(this.warehouse, { followDirectoryLinks: true })) {
      const relative = relativeUri(this.warehouse, object.path);
      if (!relative) {
        continue;
      }
      const segments = relative.split('/');
      const file = segments[segments.length - 1];
      if (segments.length < 3 || segments[segments.length - 2] !== METADATA_DIR) {
        continue;
      }
      if (file !== VERSION_HINT && !VERSION_FILE.test(file)) {
        continue;
      }
      const tablePath = segments.slice(0, -2);
      found.set(tablePath.join('/'), { namespace: tablePath.slice(0, -1), name: tablePath[tablePath.length - 1] });
    }
    // A directory inside a table (e.g. an old copy under data/) is not a second table.
    const keys = [...found.keys()];
    const tables = [...found.entries()].filter(([key]) => !keys.some(other => key !== other && key.startsWith(`${other}/`))).map(([, table]) => table);
    // Fresh from when the listing ended: a listing slower than the TTL must still serve the calls after it.
    return { atMs: Date.now(), tables };
  }

  private async currentMetadata(metadataDir: string, table: string): Promise<string> {
    let version = await this.readHint(joinUri(metadataDir, VERSION_HINT));
    let location = version === null ? null : await this.versionFile(metadataDir, version);
    if (location === null) {
      const listed = await this.listedVersions(metadataDir);
      if (listed.size === 0) {
        throw this.failures.noSuchTable(`Table '${table}' in catalog '${this.name}' has no v<N>.metadata.json under ${metadataDir}`, table);
      }
      version = Math.max(...listed.keys());
      location = listed.get(version) as string;
    }
    // A writer may have committed v<N+1> and died before updating the hint.
    for (;;) {
      const next = await this.versionFile(metadataDir, (version as number) + 1);
      if (next === null) {
        return location;
      }
      version = (version as number) + 1;
      location = next;
    }
  }

  private async readHint(hint: string): Promise<number | null> {
    const storage = this.storage();
    if (!(await storage.stat(hint))) {
      return null;
    }
    const text = Buffer.from(await storage.read(hint))
      .toString('utf-8')
      .trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  /** The existing metadata file of `version`, plain or compressed, or null. */
  private async versionFile(metadataDir: string, version: number): Promise<string | null> {
    for (const name of [`v${version}.metadata.json`, `v${version}.gz.metadata.json`]) {
      const candidate = joinUri(metadataDir, name);
      if (await this.storage().stat(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private async listedVersions(metadataDir: string): Promise<Map<number, string>> {
    const versions = new Map<number, string>();
    for await (const object of this.storage().list(metadataDir)) {
      const relative = relativeUri(metadataDir, object.path);
      const match = relative === null ? null : VERSION_FILE.exec(relative);
      if (match) {
        versions.set(Number(match[1]), joinUri(metadataDir, relative as string));
      }
    }
    return versions;
  }
}

function startsWith(namespace: string[], prefix: string[]): boolean {
  return prefix.every((part, i) => namespace[i] === part);
}
