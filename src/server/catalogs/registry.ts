/**
 * Catalog kinds by type name, and pyiceberg's rules for choosing one
 * (`pyiceberg/catalog/__init__.py`): an explicit `type` wins; otherwise the
 * `uri` scheme decides (`http…` → rest, `thrift…` → hive, `sqlite…`/`postgresql…` → sql).
 * `hadoop` is the helper's addition for the `version-hint.text` layout; as
 * it has no `uri`, it is only chosen explicitly.
 */
import type { Storage } from '../storage/storage';
import { Catalog, CatalogError } from './catalog';
import { HadoopCatalog } from './hadoop';
import { HiveCatalog } from './hive';
import { GlueCatalog } from './glue';
import { RestCatalog } from './rest';
import { SqlCatalog } from './sql';

/** What a catalog may need from its surroundings. */
export interface CatalogContext {
  /** Base for relative SQLite paths, as SQLAlchemy resolves them. */
  cwd: string;
  /** Storage for a location (path or URI), configured by the catalog's properties. */
  storageFor(location: string, properties: Readonly<Record<string, string>>): Storage;
  /** Per-request limit for network catalogs. */
  requestTimeoutMs?: number;
  /** The AWS variables a Glue catalog falls back to; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export type CatalogFactory = (name: string, properties: Readonly<Record<string, string>>, context: CatalogContext) => Catalog;

export const CATALOG_FACTORIES: Readonly<Record<string, CatalogFactory>> = {
  sql: (name, properties, context) => new SqlCatalog(name, properties, { cwd: context.cwd, timeoutMs: context.requestTimeoutMs }),
  rest: (name, properties, context) => new RestCatalog(name, properties, { timeoutMs: context.requestTimeoutMs }),
  hadoop: (name, properties, context) => new HadoopCatalog(name, properties, context.storageFor),
  hive: (name, properties, context) => new HiveCatalog(name, properties, { timeoutMs: context.requestTimeoutMs }),
  glue: (name, properties, context) => new GlueCatalog(name, properties, { env: context.env, timeoutMs: context.requestTimeoutMs })
};

/** The catalog type pyiceberg would pick; throws a `CatalogError` saying what to set otherwise. */
export function catalogType(name: string, properties: Readonly<Record<string, string>>): string {
  const explicit = properties.type;
  if (explicit) {
    const type = explicit.toLowerCase();
    if (!(type in CATALOG_FACTORIES)) {
      throw new CatalogError(
        `Catalog '${name}' has type '${explicit}', which dual-layout does not read; supported types: ${Object.keys(CATALOG_FACTORIES).join(', ')}`,
        name
      );
    }
    return type;
  }
  const uri = properties.uri;
  if (!uri) {
    throw new CatalogError(
      `Catalog '${name}' has neither 'type' nor 'uri'; set one in .pyiceberg.yaml or PYICEBERG_CATALOG__${name.toUpperCase().replace(/-/g, '_')}__URI`,
      name
    );
  }
  if (uri.startsWith('http')) {
    return 'rest';
  }
  if (uri.startsWith('thrift')) {
    return 'hive';
  }
  if (uri.startsWith('sqlite') || uri.startsWith('postgresql')) {
    return 'sql';
  }
  const scheme = uri.includes(':') ? `'${uri.slice(0, uri.indexOf(':'))}' ` : '';
  throw new CatalogError(`Cannot infer the type of catalog '${name}' from its ${scheme}uri; set 'type'`, name);
}

export function createCatalog(name: string, properties: Readonly<Record<string, string>>, context: CatalogContext): Catalog {
  return CATALOG_FACTORIES[catalogType(name, properties)](name, properties, context);
}
