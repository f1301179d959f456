/**
 * The SQL catalog shared by pyiceberg's `SqlCatalog` and Iceberg's
 * `JdbcCatalog` (Spark): rows of `iceberg_tables` and
 * `iceberg_namespace_properties`, scoped by `catalog_name`, with namespaces
 * stored as dot-joined strings. Read-only: the helper never creates the
 * tables or changes a row. The rules are written once over `SqlDatabase`:
 * an SQLite file (`sqliteSnapshot.ts`) or a PostgreSQL server
 * (`postgresDatabase.ts`), chosen by the `uri`'s dialect.
 */
import { joinUri } from '../../core/uri';
import { Catalog, LoadedTable } from './catalog';
import { CatalogFailures, tableName } from './failures';
import { PostgresDatabase } from './postgresDatabase';
import { Row, sql, SqlDatabase, SqlStatement, SqlTimeoutError } from './sqlDatabase';
import { SqliteSnapshot } from './sqliteSnapshot';
import { parseSqlUri } from './sqlUri';

const TABLES = 'iceberg_tables';
const NAMESPACE_PROPERTIES = 'iceberg_namespace_properties';
/** Spark's V1 schema marks views in `iceberg_type`; rows without it (pyiceberg's, Spark's V0) are tables. */
const TYPE_COLUMN = 'iceberg_type';

export interface SqlCatalogOptions {
  cwd: string;
  /** Per-query limit for database servers. */
  timeoutMs?: number;
  /** The helper's environment (`PGPASSWORD`, `PGUSER`). */
  env?: NodeJS.ProcessEnv;
}

export class SqlCatalog implements Catalog {
  readonly type = 'sql';
  private readonly database: SqlDatabase;
  private readonly failures: CatalogFailures;

  constructor(
    readonly name: string,
    readonly properties: Readonly<Record<string, string>>,
    options: SqlCatalogOptions
  ) {
    this.failures = new CatalogFailures(name, properties);
    const uri = properties.uri;
    if (!uri) {
      throw this.failures.error(`SQL catalog '${name}' needs a 'uri', e.g. sqlite:////path/catalog.db or postgresql+psycopg2://user@host:5432/database`);
    }
    let parsed;
    try {
      parsed = parseSqlUri(uri, options.cwd);
    } catch (e) {
      throw this.failures.wrap(e, `SQL catalog '${name}'`);
    }
    if (parsed.dialect === 'postgresql') {
      const postgres = new PostgresDatabase(parsed, { timeoutMs: options.timeoutMs, env: options.env });
      if (postgres.password) {
        this.failures.scrubber.add(postgres.password);
      }
      this.database = postgres;
    } else {
      this.database = new SqliteSnapshot(parsed.file);
    }
  }

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    return this.guard(`SQL catalog '${this.name}': cannot list namespaces`, async () => {
      if (parent.length > 0) {
        await this.requireNamespace(parent);
      }
      const children = new Map<string, string[]>();
      for (const namespace of await this.allNamespaces()) {
        if (namespace.length > parent.length && parent.every((part, i) => namespace[i] === part)) {
          const child = namespace.slice(0, parent.length + 1);
          children.set(child.join('.'), child);
        }
      }
      return [...children.values()].sort(compareNames);
    });
  }

  async listTables(namespace: string[]): Promise<string[]> {
    return this.guard(`SQL catalog '${this.name}': cannot list tables of '${namespace.join('.')}'`, async () => {
      await this.requireNamespace(namespace);
      const rows = await this.tableRows(sql`table_namespace = ${namespace.join('.')}`);
      return rows.map(row => String(row.table_name)).sort();
    });
  }

  async loadTable(namespace: string[], name: string): Promise<LoadedTable> {
    const table = tableName(namespace, name);
    return this.guard(
      `SQL catalog '${this.name}': cannot load table '${table}'`,
      async () => {
        const rows = await this.tableRows(sql`table_namespace = ${namespace.join('.')} AND table_name = ${name}`);
        if (rows.length === 0) {
          throw this.failures.noSuchTable(`Table '${table}' does not exist in catalog '${this.name}'`, table);
        }
        const metadataLocation = rows[0].metadata_location;
        if (typeof metadataLocation !== 'string' || metadataLocation === '') {
          throw this.failures.error(`Table '${table}' in catalog '${this.name}' has no metadata_location`, table);
        }
        return { namespace, name, metadataLocation };
      },
      table
    );
  }

  /**
   * Every place this catalog's writers may have put the table: pyiceberg uses the namespace's
   * `location` property + `/<name>` when set, else `<warehouse>/<ns.sub>/<name>`; Iceberg's
   * JdbcCatalog (Spark) ignores the namespace's location and uses `<warehouse>/<ns>/<sub>/<name>`.
   */
  async conventionalLocations(namespace: string[], name: string): Promise<string[]> {
    const rows = await this.guard(`SQL catalog '${this.name}': cannot read the location of namespace '${namespace.join('.')}'`, async () =>
      (await this.database.hasTable(NAMESPACE_PROPERTIES))
        ? this.database.query(
            sql`SELECT property_value FROM iceberg_namespace_properties WHERE catalog_name = ${this.name} AND namespace = ${namespace.join('.')} AND property_key = 'location'`
          )
        : []
    );
    const namespaceLocation = rows.length > 0 ? String(rows[0].property_value ?? '') : '';
    const warehouse = this.properties.warehouse;
    const locations = [
      ...(namespaceLocation ? [joinUri(namespaceLocation, name)] : []),
      ...(warehouse ? [joinUri(warehouse, namespace.join('.'), name), joinUri(warehouse, ...namespace, name)] : [])
    ];
    return [...new Set(locations)];
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  /** `failures.guard`, with the database's timeout reported as the catalog's. */
  private async guard<T>(context: string, action: () => Promise<T>, table?: string): Promise<T> {
    return this.failures.guard(
      context,
      async () => {
        try {
          return await action();
        } catch (e) {
          throw e instanceof SqlTimeoutError ? this.failures.timedOut(`${context}: ${e.message}`, table) : e;
        }
      },
      table
    );
  }

  private async tableRows(where: SqlStatement): Promise<Row[]> {
    if (!(await this.database.hasTable(TABLES))) {
      return [];
    }
    const typeFilter = (await this.database.hasColumn(TABLES, TYPE_COLUMN)) ? sql` AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)` : sql``;
    return this.database.query(
      sql`SELECT table_namespace, table_name, metadata_location FROM iceberg_tables WHERE catalog_name = ${this.name} AND ${where}${typeFilter}`
    );
  }

  private async allNamespaces(): Promise<string[][]> {
    const names = new Set<string>();
    for (const table of [TABLES, NAMESPACE_PROPERTIES]) {
      if (!(await this.database.hasTable(table))) {
        continue;
      }
      const rows = await this.database.query(
        table === TABLES
          ? sql`SELECT DISTINCT table_namespace AS namespace FROM iceberg_tables WHERE catalog_name = ${this.name}`
          : sql`SELECT DISTINCT namespace FROM iceberg_namespace_properties WHERE catalog_name = ${this.name}`
      );
      for (const row of rows) {
        if (typeof row.namespace === 'string' && row.namespace !== '') {
          names.add(row.namespace);
        }
      }
    }
    return [...names].map(name => name.split('.'));
  }

  /** A namespace exists when it, or a namespace below it, has a table or properties (as in pyiceberg). */
  private async requireNamespace(namespace: string[]): Promise<void> {
    const exists = (await this.allNamespaces()).some(candidate => candidate.length >= namespace.length && namespace.every((part, i) => candidate[i] === part));
    if (!exists) {
      throw this.failures.noSuchNamespace(`Namespace '${namespace.join('.')}' does not exist in catalog '${this.name}'`);
    }
  }
}

function compareNames(a: string[], b: string[]): number {
  return a.join('.').localeCompare(b.join('.'));
}
