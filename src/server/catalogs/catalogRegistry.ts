/**
 * Every configured catalog, built once from `.pyiceberg.yaml` + environment
 * and the admin's list of catalogs to show. A catalog that cannot be built
 * (unknown type, missing uri, unsupported database) keeps its error and the
 * others work; so does a malformed configuration file (`configError`).
 */
import type { CatalogSummary } from '../../core/api/wire';
import type { AdminSettings } from '../config/adminSettings';
import { ConfigSources, loadPyicebergConfig, PyicebergConfig } from '../config/pyicebergConfig';
import { SecretScrubber } from '../config/secrets';
import { Catalog, CatalogError, NoSuchCatalogError } from './catalog';
import { CatalogContext, catalogType, createCatalog } from './registry';

export interface CatalogEntry {
  name: string;
  /** The type pyiceberg would pick, or `unknown` when it cannot tell. */
  type: string;
  catalog: Catalog | null;
  error: CatalogError | null;
}

export interface CatalogRegistryOptions extends ConfigSources {
  context: Omit<CatalogContext, 'cwd'>;
  /** Admin settings; only `catalogs` (names to show, empty = all) is used here. */
  settings?: Pick<AdminSettings, 'catalogs'>;
}

export class CatalogRegistry {
  private readonly entries: Map<string, CatalogEntry>;

  constructor(
    readonly config: PyicebergConfig,
    entries: CatalogEntry[]
  ) {
    this.entries = new Map(entries.map(entry => [entry.name, entry]));
  }

  /** Read the configuration and build every catalog the admin lets users see. */
  static load(options: CatalogRegistryOptions): CatalogRegistry {
    const config = loadPyicebergConfig(options);
    const shown = options.settings?.catalogs ?? [];
    const context: CatalogContext = { ...options.context, cwd: options.cwd };
    const entries = Object.entries(config.catalogs)
      .filter(([name]) => shown.length === 0 || shown.includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, properties]) => buildEntry(name, properties, context));
    return new CatalogRegistry(config, entries);
  }

  /** The configuration file's problem, if any, as one line naming the file and line. */
  get configError(): string | null {
    return this.config.error?.message ?? null;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  list(): CatalogEntry[] {
    return [...this.entries.values()];
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The working catalog `name`; throws its `CatalogError` when it is unknown or failed to build. */
  get(name: string): Catalog {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) {
      throw new NoSuchCatalogError(this.unknownCatalogMessage(name), name);
    }
    if (!entry.catalog) {
      throw entry.error as CatalogError;
    }
    return entry.catalog;
  }

  summaries(): CatalogSummary[] {
    return this.list().map(entry => ({
      name: entry.name,
      type: entry.type,
      ...(entry.error ? { error: entry.error.message } : {})
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map(entry => entry.catalog?.close?.()));
  }

  private unknownCatalogMessage(name: string): string {
    const known = this.names();
    if (known.length > 0) {
      return `Unknown catalog '${name}'; configured catalogs: ${known.join(', ')}`;
    }
    const where = this.config.file ? `in ${this.config.file}` : 'in any .pyiceberg.yaml (PYICEBERG_HOME, home directory, working directory)';
    return `Unknown catalog '${name}': no catalogs are configured ${where}`;
  }
}

function buildEntry(name: string, properties: Record<string, string>, context: CatalogContext): CatalogEntry {
  let type = properties.type?.toLowerCase() || 'unknown';
  try {
    type = catalogType(name, properties);
    return { name, type, catalog: createCatalog(name, properties, context), error: null };
  } catch (e) {
    const error = e instanceof CatalogError ? e : new CatalogError(new SecretScrubber(properties).scrub(`Catalog '${name}': ${(e as Error).message}`), name);
    return { name, type, catalog: null, error };
  }
}
