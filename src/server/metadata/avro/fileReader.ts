/**
 * Open an Iceberg Avro file for reading by field id: parse its header,
 * project its writer schema to the wanted ids and compile the resolver.
 *
 * Compiling avsc types costs far more than decoding a small manifest, and a
 * table's manifests share a handful of writer schemas, so compiled readers
 * are memoised by (wanted fields, writer schema text), a bounded set.
 */
import { forEachRecord, readHeader, resolverFor, type ContainerHeader, type InflateLimits, type RecordReader } from './container';
import { compileType, projectRecord, type Projection, type WantedField } from './projection';
import { MetadataError } from '../errors';

export interface AvroFile<T> {
  header: ContainerHeader;
  projection: Projection;
  /** Decode every record, in file order. */
  forEach(onRecord: (record: T) => void): void;
}

interface Compiled {
  projection: Projection;
  reader: RecordReader<unknown>;
}

const MAX_COMPILED = 64;
const compiled = new Map<string, Compiled>();

function compile(header: ContainerHeader, wanted: WantedField[], wantedKey: string, file: string): Compiled {
  const key = `${wantedKey}\n${header.metadata['avro.schema']}`;
  const hit = compiled.get(key);
  if (hit) {
    return hit;
  }
  let projection: Projection;
  let reader: RecordReader<unknown>;
  try {
    projection = projectRecord(header.writerSchema, wanted, file);
    reader = resolverFor(compileType(projection.readerSchema), compileType(header.writerSchema));
  } catch (error) {
    throw error instanceof MetadataError ? error : new MetadataError(`unusable Avro schema (${avscProblem(error)})`, file, { cause: error });
  }
  if (compiled.size >= MAX_COMPILED) {
    compiled.delete(compiled.keys().next().value as string);
  }
  const entry = { projection, reader };
  compiled.set(key, entry);
  return entry;
}

export function openAvroFile<T>(bytes: Buffer, file: string, wanted: WantedField[], wantedKey: string, limits: InflateLimits): AvroFile<T> {
  const header = readHeader(bytes, file);
  const { projection, reader } = compile(header, wanted, wantedKey, file);
  return {
    header,
    projection,
    forEach: onRecord => forEachRecord(bytes, header, reader as RecordReader<T>, file, limits, onRecord)
  };
}

/**
 * What avsc found wrong with a schema, without the part of the schema it
 * quotes: its messages read `<problem>: <JSON of the offending part>`.
 */
function avscProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(':')[0].slice(0, 80);
}
