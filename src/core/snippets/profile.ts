/**
 * What a snippet is generated from: a table (identity, metadata, where its
 * data lives), the non-secret profile of its catalog, and the admin's engine
 * profiles. Secrets never appear here: a profile only names the environment
 * variables that hold them, and the generated code reads those at run time.
 */
import type { SnapshotId, TableIdentifier, TableMetadata } from '../iceberg/model';
import type { SecretRef } from './secretRefs';

export type SnippetEngine = 'spark' | 'dask';
export type SnippetVariant = 'read' | 'pinned' | 'join' | 'write';

export const SNIPPET_ENGINES: readonly SnippetEngine[] = ['spark', 'dask'];
export const SNIPPET_VARIANTS: readonly SnippetVariant[] = ['read', 'pinned', 'join', 'write'];

/** Object-storage settings a notebook needs to reach the table's files; credentials only as references. */
export interface StorageProfile {
  kind: 'local' | 's3';
  endpoint?: string;
  region?: string;
  pathStyleAccess?: boolean;
  /**
   * Where the kernel finds the S3 keys when the catalog configures them.
   * Absent: every S3 client's default chain (AWS_ACCESS_KEY_ID,
   * AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance roles).
   */
  credentials?: { accessKeyId: SecretRef; secretAccessKey: SecretRef; sessionToken?: SecretRef };
  /**
   * The REST catalog vends the table's credentials: `credentials` read them from the table as the
   * kernel's pyiceberg loads it, and Spark's Iceberg catalog gets them from the catalog itself.
   */
  vended?: boolean;
}

export interface CatalogProfile {
  /** The catalog's name in `.pyiceberg.yaml`; Spark's catalog is registered under the same name. */
  name: string;
  kind: 'sql' | 'rest' | 'hadoop' | 'hive' | 'glue';
  /**
   * SQL: the JDBC URL without user info (`jdbc:sqlite:/lake/catalog.db`).
   * REST: the service URL. Hive: the metastore's `thrift://` URIs. Hadoop: unused.
   */
  uri?: string;
  warehouse?: string;
  /** REST: the `prefix`/`scope`-like plain properties Spark needs as they are. */
  properties?: Record<string, string>;
  /**
   * Spark catalog properties whose values are secrets, mapped to where the
   * kernel reads them at run time, e.g. `{credential: {env: "PYICEBERG_CATALOG__LAKE__CREDENTIAL"}}`
   * or `{token: {catalog: "lake", property: "token"}}`.
   */
  secrets?: Record<string, SecretRef>;
  storage: StorageProfile;
}

/** Admin settings for Spark (`sparkProfile` in DUAL_LAYOUT_SETTINGS). */
export interface SparkProfile {
  /** Spark Connect URL (`sc://host:15002`): the snippet connects instead of starting a local session. */
  remote?: string;
  master?: string;
  /** Jar paths or URLs for `spark.jars`; when set, no Maven coordinates are used. */
  jars?: string[];
  /** Maven coordinates for `spark.jars.packages`; default: the Iceberg runtime matching the kernel's Spark. */
  packages?: string[];
  /** Iceberg release whose runtime the default coordinates name. */
  icebergVersion?: string;
  /** Extra Spark configuration applied when the snippet creates the session. */
  conf?: Record<string, string>;
}

/** Admin settings for Dask (`daskProfile` in DUAL_LAYOUT_SETTINGS). */
export interface DaskProfile {
  /** Address of an existing scheduler, e.g. `tcp://dask-scheduler:8786`. */
  scheduler?: string;
  /** Dask Gateway to start (or join, with `cluster`) a cluster on. */
  gateway?: { address: string; cluster?: string };
}

export interface EngineProfiles {
  spark?: SparkProfile;
  dask?: DaskProfile;
}

/** One table a snippet reads. */
export interface SnippetTable {
  id: TableIdentifier;
  metadata: TableMetadata;
  /** The metadata file `metadata` was read from; the pinned variant reads the snapshot through it. */
  metadataLocation: string;
  /** Where Dask reads: `write.data.path` or `<location>/data`. */
  dataRoot: string;
  catalog: CatalogProfile;
  /**
   * Whether identity-partition source columns are stored inside the data
   * files, as Spark and pyiceberg write them. Then Dask reads those columns
   * from the files and never from directory names (whose encoding differs
   * between writers). Default true.
   */
  identityColumnsInFiles?: boolean;
  /** A partition that exists, as Hive directories (`region=EU/day=2024-01-02`), for the example filter. */
  examplePartitionPath?: string;
}

export interface SnippetRequest {
  engine: SnippetEngine;
  variant: SnippetVariant;
  /** One table; two for `join` (left, right). */
  tables: SnippetTable[];
  /**
   * Pinned variant: the snapshot to read; default the current snapshot of
   * `metadataLocation`. A decimal string keeps all 64 bits of an id that a
   * JavaScript number would round.
   */
  snapshotId?: SnapshotId | string;
  /**
   * A predicate on partition source columns (`region = 'EU' AND night >= 20240101`,
   * see where.ts) the read, pinned and Spark read variants apply.
   */
  where?: string;
  /** Read and pinned variants: the top-level columns to read, in the table's order (see columns.ts); default all. */
  columns?: string[];
  profiles?: EngineProfiles;
}

/** A request that cannot be turned into code (unsupported variant, incompatible tables, …). */
export class SnippetError extends Error {
  constructor(
    message: string,
    readonly table?: string
  ) {
    super(message);
    this.name = 'SnippetError';
  }
}
