/**
 * The Hive Metastore catalog, read as pyiceberg's `HiveCatalog` and Iceberg's
 * Java `HiveCatalog` (Spark's `type=hive`) write it: databases are the only
 * (one-level) namespaces, a table is Iceberg when its `table_type` parameter
 * is `ICEBERG` (any case; other Hive tables are skipped), and its current
 * metadata file is its `metadata_location` parameter.
 *
 * `uri` is one or more comma-separated `thrift://host:port` addresses; they are
 * tried in order until one accepts the connection (pyiceberg's failover list).
 * The metastore is spoken to over plain TBinaryProtocol/TBufferedTransport
 * (`hiveThrift.ts`); a Kerberos (SASL) metastore is refused with a clear error.
 * Each call gives up after the helper's request timeout, or after
 * `dual-layout.timeout-ms` if the catalog sets that property. Read-only.
 */
import { joinUri } from '../../core/uri';
import { Catalog, LoadedTable } from './catalog';
import { CatalogFailures, tableName } from './failures';
import { MetastoreClient, MetastoreException, MetastoreTransportError } from './hiveThrift';
import { isIcebergTable, METADATA_LOCATION } from './icebergTableParameters';
import { DEFAULT_TIMEOUT_MS } from './rest';

/** Tables asked for per `get_table_objects_by_name`: keeps one reply small on a database of thousands. */
const TABLES_PER_REQUEST = 100;
/** Settings that mean the metastore wants SASL (Kerberos), which a plain Thrift connection cannot do. */
const SASL_SETTINGS = ['hive.kerberos-authentication', 'hive.metastore.sasl.enabled'];

export interface HiveCatalogOptions {
  timeoutMs?: number;
}

interface MetastoreAddress {
  uri: string;
  host: string;
  port: number;
}

export class HiveCatalog implements Catalog {
  readonly type = 'hive';
  private readonly failures: CatalogFailures;
  private readonly addresses: MetastoreAddress[];
  private readonly timeoutMs: number;
  private connection: Promise<MetastoreClient> | null = null;

  constructor(
    readonly name: string,
    readonly properties: Readonly<Record<string, string>>,
    options: HiveCatalogOptions = {}
  ) {
    this.failures = new CatalogFailures(name, properties);
    const sasl = SASL_SETTINGS.find(key => (properties[key] ?? '').toLowerCase() === 'true');
    if (sasl) {
      throw this.failures.error(
        `Hive catalog '${name}' sets '${sasl}: true': Kerberos (SASL) metastores are not supported; dual-layout reads metastores that accept plain Thrift connections`
      );
    }
    if (!properties.uri) {
      throw this.failures.error(`Hive catalog '${name}' needs a 'uri', e.g. thrift://metastore:9083`);
    }
    this.addresses = properties.uri.split(',').map(uri => this.parseAddress(uri.trim()));
    const timeout = Number(properties['dual-layout.timeout-ms'] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
  }

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    if (parent.length > 0) {
      // Hive databases do not nest; pyiceberg answers the same.
      return [];
    }
    const databases = await this.ask('list databases', client => client.getAllDatabases());
    return databases.sort().map(database => [database]);
  }

  async listTables(namespace: string[]): Promise<string[]> {
    const database = this.database(namespace);
    const action = `list tables of '${database}'`;
    const names = await this.ask(action, client => client.getAllTables(database));
    const iceberg: string[] = [];
    for (let start = 0; start < names.length; start += TABLES_PER_REQUEST) {
      const tables = await this.ask(action, client => client.getTableObjectsByName(database, names.slice(start, start + TABLES_PER_REQUEST)));
      iceberg.push(...tables.filter(t => isIcebergTable(t.parameters)).map(table => table.name));
    }
    return iceberg.sort();
  }

  async loadTable(namespace: string[], name: string): Promise<LoadedTable> {
    const table = tableName(namespace, name);
    const database = this.database(namespace);
    const hiveTable = await this.ask(`load table '${table}'`, client => client.getTable(database, name), table);
    if (!isIcebergTable(hiveTable.parameters)) {
      throw this.failures.error(
        `Hive catalog '${this.name}': table '${table}' is not an Iceberg table (table_type '${hiveTable.parameters.table_type ?? ''}', Hive type '${hiveTable.tableType ?? ''}')`,
        table
      );
    }
    const metadataLocation = hiveTable.parameters[METADATA_LOCATION];
    if (!metadataLocation) {
      throw this.failures.error(`Hive catalog '${this.name}': table '${table}' has no '${METADATA_LOCATION}' parameter`, table);
    }
    return { namespace, name, metadataLocation };
  }

  /**
   * Where Hive puts a table: `<database locationUri>/<name>`; for a database without one,
   * pyiceberg's rule `<warehouse>/<database>.db/<name>`.
   */
  async conventionalLocations(namespace: string[], name: string): Promise<string[]> {
    if (namespace.length !== 1) {
      return [];
    }
    // Asked only after loading the table failed: the metastore may be failing too.
    const database = await this.ask('load database', client => client.getDatabase(namespace[0])).catch(() => undefined);
    if (database?.locationUri) {
      return [joinUri(database.locationUri, name)];
    }
    const warehouse = this.properties.warehouse;
    return database && warehouse ? [joinUri(warehouse, `${namespace[0]}.db`, name)] : [];
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    (await connection?.catch(() => null))?.close();
  }

  private database(namespace: string[]): string {
    if (namespace.length !== 1) {
      throw this.failures.noSuchNamespace(`Hive catalog '${this.name}' has no namespace '${namespace.join('.')}': Hive databases are one level`);
    }
    return namespace[0];
  }

  private parseAddress(uri: string): MetastoreAddress {
    const match = /^thrift:\/\/(\[[^\]]+\]|[^/:]+):(\d+)\/?$/i.exec(uri);
    if (!match) {
      throw this.failures.error(`Hive catalog '${this.name}': '${uri}' is not a metastore address; expected thrift://host:port`);
    }
    return { uri, host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) };
  }

  /** Run `call` on the open connection; a declared metastore exception or a broken connection becomes a `CatalogError`. */
  private async ask<T>(action: string, call: (client: MetastoreClient) => Promise<T>, table?: string): Promise<T> {
    const client = await this.client();
    try {
      return await call(client);
    } catch (error) {
      if (error instanceof MetastoreTransportError) {
        // The next request opens a new connection (possibly to the next address).
        this.dropConnection(client);
        const message = `Hive catalog '${this.name}' could not ${action}: ${error.message}`;
        throw error.timedOut ? this.failures.timedOut(message, table) : this.failures.error(message, table);
      }
      if (error instanceof MetastoreException) {
        const message = `Hive catalog '${this.name}' could not ${action}: ${error.kind}: ${error.message}`;
        if (error.kind === 'NoSuchObjectException' || error.kind === 'UnknownDBException') {
          throw table !== undefined ? this.failures.noSuchTable(message, table) : this.failures.noSuchNamespace(message);
        }
        throw this.failures.error(message, table);
      }
      throw this.failures.wrap(error, `Hive catalog '${this.name}' could not ${action}`, table);
    }
  }

  private client(): Promise<MetastoreClient> {
    if (!this.connection) {
      this.connection = this.connect();
      // A failed connection is retried on the next call rather than cached.
      this.connection.catch(() => {
        this.connection = null;
      });
    }
    return this.connection;
  }

  private dropConnection(client: MetastoreClient): void {
    client.close();
    this.connection = null;
  }

  /** The first address that accepts a connection; the error lists why each one did not. */
  private async connect(): Promise<MetastoreClient> {
    const reasons: string[] = [];
    let timedOut = false;
    for (const address of this.addresses) {
      try {
        return await MetastoreClient.connect(address.host, address.port, this.timeoutMs);
      } catch (error) {
        timedOut ||= error instanceof MetastoreTransportError && error.timedOut;
        reasons.push(`${address.uri}: ${(error as Error).message}`);
      }
    }
    const message = `Hive catalog '${this.name}' could not reach its metastore (${reasons.join('; ')})`;
    throw timedOut && reasons.length === 1 ? this.failures.timedOut(message) : this.failures.error(message);
  }
}
