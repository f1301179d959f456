/**
 * The AWS Glue Data Catalog as pyiceberg's and Iceberg's Glue catalogs use
 * it: a database is a namespace (one level; Glue has no nesting), an Iceberg
 * table is a Glue table whose `Parameters.table_type` is `ICEBERG` (any case)
 * and whose `Parameters.metadata_location` names its current metadata file.
 * Other Glue tables (Hive, Delta, views) are not listed, as pyiceberg skips
 * them; an Iceberg table without `metadata_location` is listed and fails
 * alone, naming itself. Connection settings and credentials: `glueClient.ts`.
 */
import { joinUri } from '../../core/uri';
import type { Environment } from '../aws/credentials';
import { Catalog, CatalogError, LoadedTable } from './catalog';
import { CatalogFailures, tableName } from './failures';
import { GlueClient, GlueConfigError, GlueRequestError, GlueSettings, isObject, resolveGlueSettings } from './glueClient';
import { isIcebergTable, METADATA_LOCATION, TABLE_TYPE } from './icebergTableParameters';

export const DEFAULT_TIMEOUT_MS = 15000;

export interface GlueCatalogOptions {
  /** The AWS variables credentials, region and endpoint fall back to; defaults to `process.env`. */
  env?: Environment;
  /** Where `~/.aws` is looked for. */
  home?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class GlueCatalog implements Catalog {
  readonly type = 'glue';
  private readonly failures: CatalogFailures;
  private readonly client: GlueClient;

  constructor(
    readonly name: string,
    readonly properties: Readonly<Record<string, string>>,
    options: GlueCatalogOptions = {}
  ) {
    this.failures = new CatalogFailures(name, properties);
    let settings: GlueSettings;
    try {
      settings = resolveGlueSettings(properties, options.env ?? process.env, options.home);
    } catch (error) {
      if (error instanceof GlueConfigError) {
        throw this.failures.error(`Glue catalog '${name}': ${error.message}`);
      }
      throw error;
    }
    // Keys from the environment or a profile are secrets too, though no property holds them.
    for (const secret of [settings.credentials.secretAccessKey, settings.credentials.sessionToken, settings.credentials.accessKeyId]) {
      if (secret) {
        this.failures.scrubber.add(secret);
      }
    }
    const timeout = Number(properties['dual-layout.timeout-ms'] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.client = new GlueClient(settings, Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS, options.fetch);
  }

  async listNamespaces(parent: string[] = []): Promise<string[][]> {
    if (parent.length > 0) {
      return []; // Glue databases have no children
    }
    return this.guard('list databases', async () => {
      const databases = await this.client.paged('GetDatabases', {}, 'DatabaseList');
      return databases
        .map(database => database.Name)
        .filter((name): name is string => typeof name === 'string')
        .sort()
        .map(name => [name]);
    });
  }

  async listTables(namespace: string[]): Promise<string[]> {
    const database = this.databaseName(namespace);
    return this.guard(`list the tables of '${database}'`, async () => {
      const tables = await this.client.paged('GetTables', { DatabaseName: database }, 'TableList');
      return tables
        .filter(table => isIcebergTable(parameters(table)))
        .map(table => table.Name)
        .filter((name): name is string => typeof name === 'string')
        .sort();
    });
  }

  async loadTable(namespace: string[], name: string): Promise<LoadedTable> {
    const table = tableName(namespace, name);
    const database = this.databaseName(namespace, table);
    return this.guard(
      `load table '${table}'`,
      async () => {
        const glueTable = await this.getTable(database, name, table);
        if (!isIcebergTable(parameters(glueTable))) {
          const kind = parameters(glueTable)[TABLE_TYPE];
          throw this.failures.noSuchTable(
            `Glue table '${table}' in catalog '${this.name}' is not an Iceberg table (table_type ${kind ? `'${kind}'` : 'unset'})`,
            table
          );
        }
        const metadataLocation = parameters(glueTable)[METADATA_LOCATION];
        if (typeof metadataLocation !== 'string' || metadataLocation === '') {
          throw this.failures.error(
            `Glue table '${table}' in catalog '${this.name}' is marked Iceberg but has no '${METADATA_LOCATION}' parameter, so its metadata cannot be found; ` +
              'register it again with an Iceberg writer (pyiceberg register_table, Spark CALL system.register_table)',
            table
          );
        }
        return { namespace, name, metadataLocation };
      },
      table
    );
  }

  /**
   * Where Glue says the table lives (its `StorageDescriptor.Location`, which Iceberg's and
   * pyiceberg's writers set to the table location), else where those writers put a new table of
   * the database: `<Database.LocationUri>/<table>`, or `<warehouse>/<database>.db/<table>`.
   */
  async conventionalLocations(namespace: string[], name: string): Promise<string[]> {
    const table = tableName(namespace, name);
    const database = this.databaseName(namespace, table);
    return this.guard(
      `find the location of '${table}'`,
      async () => {
        const locations = new Set<string>();
        const glueTable = await this.getTable(database, name, table).catch(() => null);
        const descriptor = glueTable && isObject(glueTable.StorageDescriptor) ? glueTable.StorageDescriptor : {};
        if (typeof descriptor.Location === 'string' && descriptor.Location !== '') {
          locations.add(descriptor.Location);
        }
        const answer = await this.client.call('GetDatabase', { Name: database });
        const locationUri = isObject(answer.Database) ? answer.Database.LocationUri : undefined;
        if (typeof locationUri === 'string' && locationUri !== '') {
          locations.add(joinUri(locationUri, name));
        } else if (this.properties.warehouse) {
          locations.add(joinUri(this.properties.warehouse, `${database}.db`, name));
        }
        return [...locations];
      },
      table
    );
  }

  private async getTable(database: string, name: string, table: string): Promise<Record<string, unknown>> {
    let answer: Record<string, unknown>;
    try {
      answer = await this.client.call('GetTable', { DatabaseName: database, Name: name });
    } catch (error) {
      if (error instanceof GlueRequestError && error.code === 'EntityNotFoundException') {
        throw this.failures.noSuchTable(`Table '${table}' does not exist in Glue catalog '${this.name}'`, table);
      }
      throw error;
    }
    if (!isObject(answer.Table)) {
      throw this.failures.error(`Glue GetTable of '${table}' in catalog '${this.name}' answered without a Table`, table);
    }
    return answer.Table;
  }

  private databaseName(namespace: string[], table?: string): string {
    if (namespace.length !== 1) {
      const what = namespace.length === 0 ? 'an empty namespace' : `namespace '${namespace.join('.')}'`;
      throw this.failures.noSuchNamespace(
        `Glue catalog '${this.name}' has one level of databases; ${what}${table ? ` (table '${table}')` : ''} is none of them`
      );
    }
    return namespace[0];
  }

  /** Run `action`; Glue's refusals become this catalog's errors, with what to check. */
  private async guard<T>(action: string, run: () => Promise<T>, table?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CatalogError) {
        throw error;
      }
      if (error instanceof GlueRequestError && error.code === 'timeout') {
        throw this.failures.timedOut(`Glue catalog '${this.name}' could not ${action}: ${error.message}`, table);
      }
      if (error instanceof GlueRequestError && error.code === 'EntityNotFoundException' && !table) {
        throw this.failures.noSuchNamespace(`Glue catalog '${this.name}' could not ${action}: ${error.message}`);
      }
      const hint = GlueClient.isCredentialError(error)
        ? ' (check glue.access-key-id and glue.secret-access-key, client.*, or the AWS_* variables and profile; and that they may read this Data Catalog)'
        : '';
      throw this.failures.error(`Glue catalog '${this.name}' could not ${action}: ${(error as Error).message}${hint}`, table);
    }
  }
}

function parameters(table: Record<string, unknown>): Record<string, unknown> {
  return isObject(table.Parameters) ? table.Parameters : {};
}
