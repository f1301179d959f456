/**
 * Everything the helper's routes share: the lakehouse (catalogs, cached
 * metadata), a table index per catalog for paging and search, the metadata
 * cache for manifests, and running checks with their cached verdicts.
 * Built once per helper process from `.pyiceberg.yaml` and admin settings;
 * `reload` rebuilds it when an admin changed the configuration.
 */
import type { Verdict } from '../../core/api/wire';
import { MetadataCache } from '../metadata/reader';
import { planFiles, type FilePlan, type PlanFilesOptions } from '../metadata/planFiles';
import { MetadataError } from '../metadata/errors';
import { StorageError } from '../storage/storage';
import { Lakehouse, TableReadError, type OpenTable } from '../tables/lakehouse';
import { verifyOpenTable } from '../tables/verifyOpenTable';
import { CheckManager } from './checks';
import { TableIndex } from '../tables/tableIndex';
import { publishedVerdict } from '../verdictStore/entry';
import { VerdictStoreReader } from '../verdictStore/reader';
import { namingTable } from '../catalogs/failures';

export interface ContextOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The helper's log (stderr, which Jupyter Server shows); warnings about the verdict store go here. */
  log?: (line: string) => void;
}

/** How long a catalog's table list is trusted before it is walked again. */
const TABLE_INDEX_TTL_MS = 30_000;

export class HelperContext {
  readonly checks: CheckManager;
  readonly metadataCache = new MetadataCache();
  private lakehouseInstance: Lakehouse;
  private indexes = new Map<string, TableIndex>();
  private verdictStore: VerdictStoreReader | null;

  private constructor(readonly options: ContextOptions) {
    this.lakehouseInstance = Lakehouse.load(options);
    this.verdictStore = this.openVerdictStore();
    this.checks = new CheckManager((table, run) => this.verify(table, run));
  }

  static async create(options: ContextOptions): Promise<HelperContext> {
    return new HelperContext(options);
  }

  get lakehouse(): Lakehouse {
    return this.lakehouseInstance;
  }

  redact = (message: string): string => this.lakehouseInstance.redact(message);

  /** Re-read `.pyiceberg.yaml` and forget cached table lists. */
  async reload(): Promise<void> {
    const previous = this.lakehouseInstance;
    this.lakehouseInstance = Lakehouse.load(this.options);
    this.verdictStore = this.openVerdictStore();
    this.indexes = new Map();
    await previous.dispose();
  }

  tableIndex(catalog: string): TableIndex {
    let index = this.indexes.get(catalog);
    if (!index) {
      index = new TableIndex(this.lakehouse.catalogs.get(catalog), { ttlMs: TABLE_INDEX_TTL_MS });
      this.indexes.set(catalog, index);
    }
    return index;
  }

  /** A malformed id or unknown catalog throws `TableNameError` (400 / 404 in `server.ts`). */
  openTable(id: string): Promise<OpenTable> {
    return this.lakehouse.open(id);
  }

  /** The table's live files; a manifest that cannot be read (or is refused) is a `TableReadError` naming the table. */
  async plan(table: OpenTable, options: Omit<PlanFilesOptions, 'cache'> = {}): Promise<FilePlan> {
    try {
      return await planFiles(table.storage, table.metadata, { ...options, cache: this.metadataCache });
    } catch (error) {
      if (error instanceof MetadataError || error instanceof StorageError) {
        throw new TableReadError(this.redact(namingTable(table.id, error.message)), table.catalog, table.id, { cause: error });
      }
      throw error;
    }
  }

  /** The verdict for the table's current metadata this helper computed, else one published for it, if any. */
  async cachedVerdict(id: string): Promise<Verdict | null> {
    const table = await this.openTable(id);
    return this.checks.verdict(table.id, table.metadataLocation) ?? (await this.publishedVerdict(table));
  }

  /** The admin's published verdict for exactly the table's current metadata file, if the store has one. */
  private async publishedVerdict(table: OpenTable): Promise<Verdict | null> {
    const entry = await this.verdictStore?.find(table.metadataLocation);
    return entry ? publishedVerdict(entry, table.id) : null;
  }

  private openVerdictStore(): VerdictStoreReader | null {
    const location = this.lakehouseInstance.settings.verdictStore;
    const log = this.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    if (!location) {
      return null;
    }
    try {
      return new VerdictStoreReader(location, { env: this.options.env, cwd: this.options.cwd, warn: log });
    } catch (error) {
      // A misconfigured store must not take the helper down: every table is then checked here.
      log(`dual-layout: verdict store not used: ${this.redact((error as Error).message)}`);
      return null;
    }
  }

  async dispose(): Promise<void> {
    this.checks.cancelAll();
    await this.lakehouse.dispose();
  }

  private async verify(id: string, run: { signal: AbortSignal; onProgress: (done: number, total: number) => void }): Promise<Verdict> {
    const table = await this.openTable(id);
    // A verdict published for this very metadata file stands for a check: no listing, no manifests.
    const published = await this.publishedVerdict(table);
    if (published) {
      return published;
    }
    const { verdict } = await verifyOpenTable(table, {
      cache: this.metadataCache,
      signal: run.signal,
      onProgress: progress => run.onProgress(progress.done, progress.total)
    });
    return verdict;
  }
}
