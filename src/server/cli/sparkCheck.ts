/**
 * `dual-layout check --engine spark`: the live set and the data root's listing
 * come from a Spark job (`sparkCheckProgram.ts`) instead of this process's
 * manifest decoding and listing; the comparison is the helper's one verifier
 * (`verifyTable`), fed the entries Spark read through a planner and the files
 * Spark listed through the storage's `list`. Footers and delete files the
 * comparison needs are still read here: a few files, not the table.
 *
 * The program runs with `DUAL_LAYOUT_PYTHON` (default `python3`), which must
 * have pyspark; its session follows the admin's `sparkProfile`.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Verdict } from '../../core/api/wire';
import type { FileContent, ManifestEntry, PartitionTuple, Schema, TableMetadata } from '../../core/iceberg/model';
import { findField } from '../../core/iceberg/schema';
import { parseTransform, transformResultType, valueFromHumanString } from '../../core/iceberg/transforms';
import { sparkTableName } from '../../core/snippets/spark';
import type { ObjectInfo, Storage } from '../storage/storage';
import { engineProfiles, snippetTable } from '../snippets/tableSnippet';
import type { OpenTable } from '../tables/lakehouse';
import { locationKey } from '../verifier/location';
import { resolveSnapshot, verifyTable } from '../verifier/verifier';
import { sparkCheckProgram, type SparkEntryLine, type SparkListingLine } from './sparkCheckProgram';

export interface SparkCheckContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  settings: Parameters<typeof engineProfiles>[0];
}

/** The Spark job failed: its last lines of output, naming the table. */
export class SparkCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SparkCheckError';
  }
}

const CONTENT: Record<number, FileContent> = { 0: 'data', 1: 'position-deletes', 2: 'equality-deletes' };
const STATUS = { 0: 'existing', 1: 'added' } as const;
const STDERR_TAIL = 4000;

export async function checkWithSpark(table: OpenTable, snapshot: string | undefined, context: SparkCheckContext): Promise<Verdict> {
  const name = table.id;
  const snapshotId = resolveSnapshot(name, table.metadata, snapshot);
  const workdir = await mkdtemp(join(tmpdir(), 'dual-layout-spark-check-'));
  try {
    const snippet = snippetTable(table, context);
    const program = join(workdir, 'check.py');
    await writeFile(program, sparkCheckProgram(snippet.catalog, engineProfiles(context.settings).spark ?? {}));
    const entriesFile = join(workdir, 'entries.jsonl');
    const listingFile = join(workdir, 'listing.jsonl');
    const request = {
      table: sparkTableName(snippet),
      snapshot: snapshotId === null ? null : snapshotId.toString(),
      root: hadoopSpelling(table.dataRoot),
      entries: entriesFile,
      listing: listingFile
    };
    await runProgram(name, context.env.DUAL_LAYOUT_PYTHON ?? 'python3', program, JSON.stringify(request), context, workdir);
    const entries: ManifestEntry[] = [];
    for await (const line of jsonLines<SparkEntryLine>(entriesFile)) {
      entries.push(manifestEntry(table.metadata, line));
    }
    const listed: ObjectInfo[] = [];
    for await (const line of jsonLines<SparkListingLine>(listingFile)) {
      listed.push({ path: rootSpelling(line.path, table.dataRoot), size: -1 });
    }
    return await verifyTable({
      table: name,
      metadata: table.metadata,
      metadataLocation: table.metadataLocation,
      snapshot: snapshotId ?? undefined,
      storage: listedBy(table.storage, table.dataRoot, listed),
      planFiles: async () => entries
    });
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

function runProgram(table: string, python: string, program: string, request: string, context: SparkCheckContext, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [program, request], {
      cwd,
      env: { ...context.env, PYSPARK_PYTHON: context.env.PYSPARK_PYTHON ?? python },
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('error', error => reject(new SparkCheckError(`${table}: cannot start the Spark check with ${python}: ${error.message}`)));
    child.on('close', code => {
      if (code === 0) {
        resolve();
      } else {
        const lastLine = stderr.trim().split('\n').slice(-1)[0] ?? '';
        reject(new SparkCheckError(`${table}: the Spark check exited with ${code}: ${lastLine}`));
      }
    });
  });
}

async function* jsonLines<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) {
      yield JSON.parse(line) as T;
    }
  }
}

/** Hadoop's S3 filesystem is S3A, under its own scheme (`s3://` has none in Hadoop 3). */
export function hadoopSpelling(location: string): string {
  return location.replace(/^s3n?:\/\//i, 's3a://');
}

/** Spark spells local files `file:/…` and S3 objects `s3a://…`: back to the data root's spelling, as a listing of the root spells them. */
export function rootSpelling(path: string, root: string): string {
  const rootKey = `${locationKey(root)}/`;
  for (const candidate of [path, path.replace(/^s3[an]:\/\//, 's3://')]) {
    const key = locationKey(candidate);
    if (key.startsWith(rootKey)) {
      return `${root.endsWith('/') ? root.slice(0, -1) : root}/${key.slice(rootKey.length)}`;
    }
  }
  return path;
}

/** `storage`, except that listing `root` yields what Spark listed. */
function listedBy(storage: Storage, root: string, listed: ObjectInfo[]): Storage {
  return {
    async *list(prefix, options) {
      if (locationKey(prefix) !== locationKey(root)) {
        yield* storage.list(prefix, options);
        return;
      }
      yield* listed;
    },
    read: (path, range) => storage.read(path, range),
    stat: path => storage.stat(path)
  };
}

function bigintOrZero(text: string | null | undefined): bigint {
  return text === null || text === undefined ? 0n : BigInt(text);
}

/** An entry Spark read, as the manifest decoder would have built it. */
export function manifestEntry(metadata: TableMetadata, line: SparkEntryLine): ManifestEntry {
  const content = CONTENT[line.content];
  const status = STATUS[line.status as 0 | 1];
  if (!content || !status) {
    throw new SparkCheckError(`${line.file_path}: unexpected entry status ${line.status} or content ${line.content} from Spark`);
  }
  return {
    status,
    snapshotId: bigintOrZero(line.snapshot_id),
    sequenceNumber: Number(line.sequence_number ?? 0),
    fileSequenceNumber: Number(line.file_sequence_number ?? 0),
    dataFile: {
      content,
      filePath: line.file_path,
      fileFormat: line.file_format.toLowerCase(),
      specId: line.spec_id,
      partition: partitionTuple(metadata, line),
      recordCount: Number(line.record_count),
      fileSizeInBytes: Number(line.file_size_in_bytes),
      ...(line.equality_ids ? { equalityIds: line.equality_ids } : {}),
      ...(line.sort_order_id !== null && line.sort_order_id !== undefined ? { sortOrderId: line.sort_order_id } : {}),
      ...(line.referenced_data_file ? { referencedDataFile: line.referenced_data_file } : {}),
      ...(line.content_offset ? { contentOffset: Number(line.content_offset) } : {}),
      ...(line.content_size_in_bytes ? { contentSizeInBytes: Number(line.content_size_in_bytes) } : {})
    }
  };
}

/** The source column's type in the newest schema that still has it (a dropped column keeps its spec's files). */
function sourceType(metadata: TableMetadata, sourceId: number) {
  const schemas: Schema[] = [...metadata.schemas].reverse();
  for (const schema of schemas) {
    const field = findField(schema, sourceId);
    if (field) {
      return field.type;
    }
  }
  return 'unknown' as const;
}

function partitionTuple(metadata: TableMetadata, line: SparkEntryLine): PartitionTuple {
  const spec = metadata.partitionSpecs.find(s => s.specId === line.spec_id);
  if (!spec) {
    throw new SparkCheckError(`${line.file_path}: partition spec ${line.spec_id} is not in the table's metadata`);
  }
  const tuple: PartitionTuple = {};
  for (const field of spec.fields) {
    const text = line.partition?.[field.name] ?? null;
    const source = sourceType(metadata, field.sourceId);
    const type = transformResultType(parseTransform(field.transform), source);
    if (text === null) {
      tuple[field.fieldId] = null;
    } else if (type === 'timestamp' || type === 'timestamptz') {
      tuple[field.fieldId] = BigInt(text);
    } else if (type === 'timestamp_ns' || type === 'timestamptz_ns') {
      tuple[field.fieldId] = BigInt(text) * 1000n;
    } else {
      const value = valueFromHumanString(type, text);
      if (value === undefined) {
        throw new SparkCheckError(`${line.file_path}: partition value '${text}' of ${field.name} is not a ${String(type)}`);
      }
      tuple[field.fieldId] = value;
    }
  }
  return tuple;
}
