/**
 * Findings about directories: files whose `k=v` values disagree with their
 * partition tuple, live files under several partition specs, and what Dask
 * makes of the hive keys (extra columns, or a read that fails outright).
 */
import type { Finding } from '../../core/api/wire';
import type { ManifestEntry, PartitionSpec, Schema, TableMetadata } from '../../core/iceberg/model';
import { currentSchema, specById } from '../../core/iceberg/schema';
import { valuesEqual } from '../../core/iceberg/values';
import { parseDataFilePath, partitionFromSegments, partitionToPath, SegmentPartition, sourceTypeOf } from '../../core/layout/hivePath';
import { compareListingOrder, inferredHiveType } from './daskView';
import type { FileFooter } from './footers';
import type { HiveFile, Views } from './views';

/** A spec with at least one field that is not `void`: its files go to `k=v` directories. */
export function isPartitioned(spec: PartitionSpec | undefined): boolean {
  return !!spec && spec.fields.some(field => field.transform !== 'void');
}

export function partitionMismatches(metadata: TableMetadata, views: Views): Finding[] {
  const schema = currentSchema(metadata);
  const findings: Finding[] = [];
  const specs = new Map(metadata.partitionSpecs.map(spec => [spec.specId, isPartitioned(spec) ? spec : null]));
  // Files share directories: read each (spec, directory) once.
  const bySpec = new Map<number, Map<string, SegmentPartition>>();
  for (const file of views.hive) {
    const entry = file.entry?.dataFile.content === 'data' ? file.entry : undefined;
    const spec = entry && specs.get(entry.dataFile.specId);
    if (!entry || !spec) {
      continue;
    }
    let byDirectory = bySpec.get(spec.specId);
    if (!byDirectory) {
      byDirectory = new Map();
      bySpec.set(spec.specId, byDirectory);
    }
    let read = byDirectory.get(file.directory);
    if (!read) {
      read = partitionFromSegments(spec, schema, parseDataFilePath(file.relative).segments);
      byDirectory.set(file.directory, read);
    }
    const detail = mismatchDetail(spec, schema, entry, file, read);
    if (detail) {
      findings.push({ kind: 'partition-mismatch', path: file.path, detail });
    }
  }
  return findings;
}

function mismatchDetail(spec: PartitionSpec, schema: Schema, entry: ManifestEntry, file: HiveFile, read: SegmentPartition): string | null {
  const expected = () => partitionToPath(spec, schema, entry.dataFile.partition);
  if (read.missing.length > 0) {
    return `Its directory has no ${read.missing.map(f => `${f.name}=`).join(', ')} level; Iceberg's partition is ${expected()}.`;
  }
  if (read.unparsable.length > 0) {
    const bad = read.unparsable.map(u => `${u.segment.name}=${u.segment.rawValue}`).join(', ');
    return `Directory value ${bad} is not a valid partition value; Iceberg's partition is ${expected()}.`;
  }
  for (const field of spec.fields) {
    const actual = read.partition[field.fieldId];
    const wanted = entry.dataFile.partition[field.fieldId];
    // `null` directories are ambiguous with a string value "null"; accept either.
    const nullText = actual === null && wanted === 'null';
    if (!valuesEqual(actual, wanted) && !nullText) {
      const segment = file.segments.find(s => s.key === field.name);
      return `Directory says ${field.name}=${segment?.raw} but the file's Iceberg partition is ${expected()}: filters on the directory pick the wrong files.`;
    }
  }
  return null;
}

/** Live data files written under more than one partition layout. */
export function specEvolution(metadata: TableMetadata, views: Views): Finding[] {
  const bySpec = new Map<number, { first: ManifestEntry; count: number }>();
  for (const entry of views.liveData.values()) {
    const seen = bySpec.get(entry.dataFile.specId);
    if (seen) {
      seen.count++;
    } else {
      bySpec.set(entry.dataFile.specId, { first: entry, count: 1 });
    }
  }
  const layouts = new Map<string, number[]>();
  for (const specId of bySpec.keys()) {
    const layout = layoutOf(specById(metadata, specId));
    layouts.set(layout, [...(layouts.get(layout) ?? []), specId]);
  }
  if (layouts.size <= 1) {
    return [];
  }
  const findings: Finding[] = [];
  for (const [specId, { first, count }] of bySpec) {
    const layout = layoutOf(specById(metadata, specId));
    findings.push({
      kind: 'spec-evolution',
      path: first.dataFile.filePath,
      detail: `${count} live file${count === 1 ? '' : 's'} (like this one) use partition spec ${specId} (${layout || 'unpartitioned'}); the table's live files mix ${layouts.size} directory layouts, so Dask sees mixed partition columns.`
    });
  }
  return findings;
}

function layoutOf(spec: PartitionSpec | undefined): string {
  return (spec?.fields ?? [])
    .filter(field => field.transform !== 'void')
    .map(field => field.name)
    .join('/');
}

/**
 * How Dask combines the hive keys with the columns stored in the files (see
 * daskView.ts). `firstFile` is the footer of the first file Dask lists.
 */
export function daskPartitionColumns(metadata: TableMetadata, views: Views, firstFile: FileFooter | null): Finding[] {
  const keys = views.hiveKeys;
  if (keys.size === 0) {
    return [];
  }
  const schema = currentSchema(metadata);
  const stored = new Map((firstFile?.columns ?? schema.fields.map(f => ({ name: f.name, arrowType: arrowTypeOf(f.type) }))).map(c => [c.name, c.arrowType]));
  const storedKeys = [...keys.keys()].filter(key => stored.has(key));
  const root = views.dataRoot;
  if (storedKeys.length > 0 && storedKeys.length < keys.size) {
    const missing = [...keys.keys()].filter(key => !stored.has(key));
    return [
      {
        kind: 'schema-drift',
        path: root,
        detail: `Dask refuses to read this tree: partition columns ${storedKeys.join(', ')} are also stored inside the files but ${missing.join(', ')} are not ("No partition-columns should be written in the file unless they are ALL written").`
      }
    ];
  }
  if (storedKeys.length === keys.size) {
    const findings: Finding[] = [];
    for (const [key, values] of keys) {
      const inferred = inferredHiveType(values);
      const physical = stored.get(key)!;
      if (physical !== inferred && !(inferred === 'string' && physical === 'string')) {
        findings.push({
          kind: 'schema-drift',
          path: root,
          detail: `Dask cannot read this tree: directories ${key}=… look like ${inferred} to pyarrow but the files store ${key} as ${physical} ("Unable to merge: Field ${key} has incompatible types").`
        });
      }
    }
    return findings;
  }
  return directoryColumns(metadata, views, keys, schema);
}

/** Keys that are not stored in the files: Dask turns directory values into columns. */
function directoryColumns(metadata: TableMetadata, views: Views, keys: Map<string, Set<string>>, schema: Schema): Finding[] {
  const findings: Finding[] = [];
  const incomplete = [...views.directories.values()]
    .filter(d => d.segments.length !== keys.size || d.segments.some(s => !keys.has(s.key)))
    .map(d => d.example)
    .sort((a, b) => compareListingOrder(a.relative, b.relative))[0];
  if (incomplete) {
    findings.push({
      kind: 'spec-evolution',
      path: incomplete.path,
      detail: `This file's directories do not name every partition key Dask found (${[...keys.keys()].join(', ')}): Dask fails with a KeyError when it reads the tree.`
    });
  }
  const names = new Set(schema.fields.map(f => f.name));
  const spec = specById(metadata, metadata.defaultSpecId);
  for (const key of keys.keys()) {
    if (names.has(key)) {
      continue;
    }
    const field = spec?.fields.find(f => f.name === key);
    const source = field && schema.fields.find(f => f.id === field.sourceId);
    const origin = field && source ? ` (${field.transform} of ${source.name}, type ${String(sourceTypeOf(field, schema))})` : '';
    findings.push({
      kind: 'extra-column',
      path: `${views.dataRoot}/${key}=`,
      detail: `Dask adds a column ${key}${origin} from the directory names that the Iceberg table does not have; it is read as ${inferredHiveType(keys.get(key)!)}, with null partitions as the text "null".`
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
