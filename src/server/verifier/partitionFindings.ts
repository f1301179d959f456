/**
 * Findings about directories: files whose `k=v` values disagree with their
 * partition tuple (for Iceberg's decoding or for Dask's), live files under
 * several partition specs, and what Dask makes of the hive keys (extra
 * columns, or a read that fails outright).
 */
import type { Finding } from '../../core/api/wire';
import type { ManifestEntry, PartitionField, PartitionSpec, Schema, TableMetadata } from '../../core/iceberg/model';
import { currentSchema, specById } from '../../core/iceberg/schema';
import { valuesEqual } from '../../core/iceberg/values';
import { parseDataFilePath, partitionFromSegments, partitionToPath, SegmentPartition, sourceTypeOf, unquotePlus } from '../../core/layout/hivePath';
import { joinUri } from '../../core/uri';
import type { DaskModel } from './daskModel';
import { compareListingOrder, daskDecodedValue, type HiveSegment, inferredHiveType } from './daskView';
import type { HiveFile, Views } from './views';

/** A spec with at least one field that is not `void`: its files go to `k=v` directories. */
export function isPartitioned(spec: PartitionSpec | undefined): boolean {
  return !!spec && spec.fields.some(field => field.transform !== 'void');
}

/**
 * Live files whose directories disagree with their partition tuple, as Iceberg writers decode
 * directories and as Dask does. Rows change when Dask takes the value from the directory: the
 * key is stored in the files but a filter on it prunes by directory first (identity fields), or
 * the key is a table column the files do not store.
 */
export function partitionMismatches(metadata: TableMetadata, views: Views, model: DaskModel): Finding[] {
  const schema = currentSchema(metadata);
  const columnNames = new Set(schema.fields.map(f => f.name));
  const findings: Finding[] = [];
  const specs = new Map(metadata.partitionSpecs.map(spec => [spec.specId, { full: spec, placing: withoutVoid(spec) }]));
  // Files share directories: read each (spec, directory) once.
  const bySpec = new Map<number, Map<string, SegmentPartition>>();
  // Directories whose values were already compared the way Dask decodes them, per spec.
  const daskChecked = new Map<number, Set<string>>();
  let previousDirectory: string | null = null;
  let previousSpecId = -1;
  for (const file of views.hive.liveData()) {
    const entry = file.entry;
    const spec = entry && specs.get(entry.dataFile.specId);
    if (!entry || !spec) {
      continue;
    }
    // Listings group a directory's files: most files repeat the previous one's directory.
    const sameAsPrevious = file.directory === previousDirectory && spec.full.specId === previousSpecId;
    previousDirectory = file.directory;
    previousSpecId = spec.full.specId;
    const checkDask = model.keysFromFiles && !sameAsPrevious && firstInDirectory(daskChecked, spec.full.specId, file.directory);
    if (checkDask) {
      findings.push(...voidDirectoryMisses(spec.full, file, views, model, columnNames));
    }
    if (spec.placing.fields.length === 0) {
      continue;
    }
    let byDirectory = bySpec.get(spec.full.specId);
    if (!byDirectory) {
      byDirectory = new Map();
      bySpec.set(spec.full.specId, byDirectory);
    }
    let read = byDirectory.get(file.directory);
    if (!read) {
      read = partitionFromSegments(spec.placing, schema, parseDataFilePath(file.relative).segments);
      byDirectory.set(file.directory, read);
    }
    const mismatch = mismatchOf(spec.placing, schema, entry, file, read);
    if (mismatch) {
      const rowsFromDirectory = mismatch.field !== undefined && directoryDecidesRows(mismatch.field, model, columnNames);
      findings.push({ kind: 'partition-mismatch', cause: 'misplaced-file', path: file.path, detail: mismatch.detail, changesRows: rowsFromDirectory });
    } else if (checkDask) {
      findings.push(...daskPruningMisses(spec.placing, entry, file, views, model));
    }
  }
  return findings;
}

/** `true` the first time a (spec, directory) is seen. */
function firstInDirectory(seen: Map<number, Set<string>>, specId: number, directory: string): boolean {
  let directories = seen.get(specId);
  if (!directories) {
    directories = new Set();
    seen.set(specId, directories);
  }
  const first = !directories.has(directory);
  directories.add(directory);
  return first;
}

/**
 * A field dropped from a v1 spec stays as `void` and still names a directory, `name=null`. When
 * the files store a column of that name, a Dask filter on it prunes these directories away.
 */
function voidDirectoryMisses(spec: PartitionSpec, file: HiveFile, views: Views, model: DaskModel, columnNames: Set<string>): Finding[] {
  return spec.fields
    .filter(field => field.transform === 'void' && columnNames.has(field.name) && file.segments.some(s => s.key === field.name))
    .map(field => ({
      kind: 'partition-mismatch' as const,
      cause: 'void-partition-directory' as const,
      path: joinUri(views.dataRoot, file.directory),
      detail: `The dropped partition field ${field.name} still names this directory (${field.name}=null), but the files store ${field.name}: a Dask filter on ${field.name} skips the files here.`,
      changesRows: model.keys.has(field.name)
    }));
}

/** The spec's fields that place files (a dropped field stays in v1 specs as `void`). */
function withoutVoid(spec: PartitionSpec): PartitionSpec {
  return { ...spec, fields: spec.fields.filter(field => field.transform !== 'void') };
}

function directoryDecidesRows(field: PartitionField, model: DaskModel, columnNames: Set<string>): boolean {
  if (!model.keys.has(field.name)) {
    return false;
  }
  return model.keysFromFiles ? field.transform === 'identity' : columnNames.has(field.name);
}

interface Mismatch {
  detail: string;
  /** The field whose directory value is wrong; absent when levels are missing. */
  field?: PartitionField;
}

function mismatchOf(spec: PartitionSpec, schema: Schema, entry: ManifestEntry, file: HiveFile, read: SegmentPartition): Mismatch | null {
  const expected = () => partitionToPath(spec, schema, entry.dataFile.partition);
  if (read.missing.length > 0) {
    return { detail: `Its directory has no ${read.missing.map(f => `${f.name}=`).join(', ')} level; Iceberg's partition is ${expected()}.` };
  }
  if (read.unparsable.length > 0) {
    const bad = read.unparsable.map(u => `${u.segment.name}=${u.segment.rawValue}`).join(', ');
    return { detail: `Directory value ${bad} is not a valid partition value; Iceberg's partition is ${expected()}.`, field: read.unparsable[0].field };
  }
  for (const field of spec.fields) {
    const actual = read.partition[field.fieldId];
    const wanted = entry.dataFile.partition[field.fieldId];
    // `null` directories are ambiguous with a string value "null"; accept either.
    const nullText = actual === null && wanted === 'null';
    if (!valuesEqual(actual, wanted) && !nullText) {
      const segment = file.segments.find(s => s.key === field.name);
      return {
        detail: `Directory says ${field.name}=${segment?.raw} but the file's Iceberg partition is ${expected()}: filters on the directory pick the wrong files.`,
        field
      };
    }
  }
  return null;
}

/**
 * Identity keys stored in the files whose directory Dask decodes to another value than the one
 * stored (pyarrow keeps `+` where Iceberg writers encode a space, and reads `null` as text): a
 * filter on the stored value prunes the directory away, so its rows are missing from the result.
 */
function daskPruningMisses(spec: PartitionSpec, entry: ManifestEntry, file: HiveFile, views: Views, model: DaskModel): Finding[] {
  const findings: Finding[] = [];
  for (const field of spec.fields) {
    const segment = field.transform === 'identity' ? file.segments.find(s => s.key === field.name) : undefined;
    const values = segment && model.keys.get(segment.key);
    if (!segment || !values) {
      continue;
    }
    const wanted = entry.dataFile.partition[field.fieldId];
    const seen = daskDirectoryValue(segment.raw, inferredHiveType(values));
    const same = wanted === null || wanted === undefined ? seen === null : typeof wanted === 'string' ? seen === wanted : Number(wanted) === seen;
    if (!same) {
      const shown = wanted === null || wanted === undefined ? 'null' : JSON.stringify(String(wanted));
      findings.push({
        kind: 'partition-mismatch',
        cause: 'unreadable-partition-value',
        path: joinUri(views.dataRoot, file.directory),
        detail: `Dask reads the directory ${field.name}=${segment.raw} as ${seen === null ? 'null' : JSON.stringify(seen)}, not ${shown}: a Dask filter on ${field.name} for ${shown} skips the files here.`,
        changesRows: true
      });
    }
  }
  return findings;
}

/** The value a filter compares with a directory's key: pyarrow's decoding and inferred type. */
function daskDirectoryValue(raw: string, type: 'int32' | 'string'): string | number | null {
  const value = daskDecodedValue(raw);
  return value === null || type === 'string' ? value : Number(value);
}

/** Live data files of one partition spec, and the one with the smallest path. */
export interface SpecCount {
  specId: number;
  count: number;
  example: string;
}

/** Live data files written under more than one partition layout. */
export function specEvolution(metadata: TableMetadata, specs: readonly SpecCount[]): Finding[] {
  const layouts = new Map<string, number[]>();
  for (const { specId } of specs) {
    const layout = layoutOf(specById(metadata, specId));
    layouts.set(layout, [...(layouts.get(layout) ?? []), specId]);
  }
  if (layouts.size <= 1) {
    return [];
  }
  const findings: Finding[] = [];
  for (const { specId, count, example } of specs) {
    const layout = layoutOf(specById(metadata, specId));
    findings.push({
      kind: 'spec-evolution',
      cause: 'older-spec-file',
      path: example,
      detail: `${count} live file${count === 1 ? '' : 's'} (like this one) use partition spec ${specId} (${layout || 'unpartitioned'}); the table's live files mix ${layouts.size} directory layouts.`,
      changesRows: false
    });
  }
  return findings;
}

export function layoutOf(spec: PartitionSpec | undefined): string {
  return (spec?.fields ?? [])
    .filter(field => field.transform !== 'void')
    .map(field => field.name)
    .join('/');
}

/** A directory holding files Dask reads: its hive segments and its first file in Dask's order. */
export interface ListedDirectory {
  segments: HiveSegment[];
  example: { path: string; relative: string; entrySpecId: number | null };
}

/** What Dask makes of the hive keys (see daskModel.ts): a read that raises, or extra columns. */
export function daskPartitionColumns(metadata: TableMetadata, root: string, model: DaskModel, directories: readonly ListedDirectory[]): Finding[] {
  const keys = model.keys;
  if (keys.size === 0 || !model.first) {
    return [];
  }
  const schema = currentSchema(metadata);
  if (model.refuses) {
    const missing = [...keys.keys()].filter(key => !model.columns.has(key));
    return [
      {
        kind: 'schema-drift',
        cause: 'mixed-identity-transform',
        path: root,
        detail: `Dask refuses to read this tree: partition columns ${model.storedKeys.join(', ')} are also stored inside the files but ${missing.join(', ')} are not ("No partition-columns should be written in the file unless they are ALL written").`,
        changesRows: true
      }
    ];
  }
  if (model.keysFromFiles) {
    const findings: Finding[] = [];
    for (const [key, values] of keys) {
      const inferred = inferredHiveType(values);
      const physical = model.columns.get(key)!.arrowType;
      if (physical !== inferred) {
        findings.push({
          kind: 'schema-drift',
          cause: 'key-type',
          path: root,
          detail: `Dask cannot read this tree: directories ${key}=… look like ${inferred} to pyarrow but the files store ${key} as ${physical} ("Unable to merge: Field ${key} has incompatible types").`,
          changesRows: true
        });
      }
    }
    return findings;
  }
  return directoryColumns(metadata, root, directories, keys, schema);
}

/** Keys that are not stored in the files: Dask turns directory values into columns. */
function directoryColumns(
  metadata: TableMetadata,
  root: string,
  directories: readonly ListedDirectory[],
  keys: Map<string, Set<string>>,
  schema: Schema
): Finding[] {
  const findings: Finding[] = [];
  const incomplete = directories
    .filter(d => d.segments.length !== keys.size || d.segments.some(s => !keys.has(s.key)))
    .map(d => d.example)
    .sort((a, b) => compareListingOrder(a.relative, b.relative))[0];
  if (incomplete) {
    findings.push({
      kind: 'spec-evolution',
      // Files of an older layout lack the new keys; a file of the current spec lacking them is misplaced.
      cause: incomplete.entrySpecId !== null && incomplete.entrySpecId !== metadata.defaultSpecId ? 'older-spec-file' : 'misplaced-file',
      path: incomplete.path,
      detail: `This file's directories do not name every partition key Dask found (${[...keys.keys()].join(', ')}): Dask fails with a KeyError when it reads the tree.`,
      changesRows: true
    });
  }
  const spec = specById(metadata, metadata.defaultSpecId);
  for (const key of keys.keys()) {
    const column = schema.fields.find(f => f.name === key);
    const type = inferredHiveType(keys.get(key)!);
    if (column) {
      findings.push({
        kind: 'schema-drift',
        cause: 'unstored-partition-column',
        path: `${root}/${key}=`,
        detail: `The files do not store column ${key}: Dask takes it from the directory names, as ${type} with null partitions as the text "null", where Iceberg says ${String(column.type)}.`,
        // Text survives only where pyarrow decodes the directory as Iceberg wrote it (no `+`, no null).
        changesRows: column.type !== 'string' || [...keys.get(key)!].some(raw => raw === 'null' || daskDecodedValue(raw) !== unquotePlus(raw))
      });
      continue;
    }
    const field = spec?.fields.find(f => f.name === key);
    const source = field && schema.fields.find(f => f.id === field.sourceId);
    const origin = field && source ? ` (${field.transform} of ${source.name}, type ${String(sourceTypeOf(field, schema))})` : '';
    findings.push({
      kind: 'extra-column',
      cause: 'transform-column',
      path: `${root}/${key}=`,
      detail: `Dask adds a column ${key}${origin} from the directory names that the Iceberg table does not have; it is read as ${type}, with null partitions as the text "null".`,
      changesRows: false
    });
  }
  return findings;
}

/** The Arrow type pyarrow gives a column Iceberg writers store with this Iceberg type. */
export function arrowTypeOf(type: unknown): string {
  switch (type) {
    case 'int':
      return 'int32';
    case 'long':
      return 'int64';
    case 'string':
      return 'string';
    case 'date':
      return 'date32';
    case 'boolean':
      return 'bool';
    case 'float':
      return 'float';
    case 'double':
      return 'double';
  }
  if (typeof type === 'string') {
    return type.startsWith('timestamp') ? 'timestamp' : type.startsWith('decimal') ? 'decimal' : type;
  }
  return 'nested';
}
