/**
 * Table metadata JSON (format v1, v2, v3) into model.ts's `TableMetadata`.
 *
 * Unknown fields are ignored (newer writers add them). Format v1 files may
 * carry only the single `schema` / `partition-spec` of old writers, partition
 * fields without ids (assigned 1000, 1001, … as the spec says), no refs, and
 * snapshots that list manifests inline. Gzip-compressed files
 * (`*.gz.metadata.json`) are recognised by their magic bytes.
 */
import * as zlib from 'zlib';
import type {
  IcebergType,
  NestedField,
  PartitionField,
  PartitionSpec,
  Schema,
  Snapshot,
  SnapshotId,
  SnapshotRef,
  SortOrder,
  TableMetadata
} from '../../core/iceberg/model';
import { parseJson } from '../../core/json';
import { describeJsonSyntaxError } from '../../core/jsonSyntax';
import { describeValue, MetadataError } from './errors';
import { DEFAULT_LIMITS, formatBytes } from './limits';
type Json = Record<string, unknown>;

/** Reads typed values out of a JSON object, naming the JSON path of anything wrong. */
class JsonReader {
  constructor(
    readonly file: string,
    readonly at: string,
    readonly object: Json
  ) {}

  fail(key: string, problem: string): never {
    throw new MetadataError(`${this.at ? `${this.at}.` : ''}${key} ${problem}`, this.file);
  }

  has(key: string): boolean {
    return this.object[key] !== undefined && this.object[key] !== null;
  }

  number(key: string): number {
    const value = this.object[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(key, value === undefined ? 'is missing' : 'is not a number');
    }
    return value;
  }

  optionalNumber(key: string): number | undefined {
    return this.has(key) ? this.number(key) : undefined;
  }

  /** A 64-bit id, exact: `parseJson` reads long literals as bigint. */
  id(key: string): SnapshotId {
    const value = this.object[key];
    if (typeof value === 'bigint') {
      return value;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.fail(key, value === undefined ? 'is missing' : 'is not an integer id');
    }
    return BigInt(value);
  }

  optionalId(key: string): SnapshotId | undefined {
    return this.has(key) ? this.id(key) : undefined;
  }

  string(key: string): string {
    const value = this.object[key];
    if (typeof value !== 'string') {
      this.fail(key, value === undefined ? 'is missing' : 'is not a string');
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  boolean(key: string): boolean {
    const value = this.object[key];
    if (typeof value !== 'boolean') {
      this.fail(key, value === undefined ? 'is missing' : 'is not a boolean');
    }
    return value;
  }

  child(key: string): JsonReader {
    return JsonReader.of(this.object[key], this.file, this.at ? `${this.at}.${key}` : key);
  }

  list(key: string): JsonReader[] {
    const value = this.object[key];
    if (!Array.isArray(value)) {
      this.fail(key, value === undefined ? 'is missing' : 'is not a list');
    }
    return value.map((item, i) => JsonReader.of(item, this.file, `${this.at ? `${this.at}.` : ''}${key}[${i}]`));
  }

  optionalList(key: string): JsonReader[] {
    return this.has(key) ? this.list(key) : [];
  }

  stringMap(key: string): Record<string, string> {
    if (!this.has(key)) {
      return {};
    }
    const value = this.object[key];
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, 'is not an object');
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value as Json)) {
      out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  }

  static of(value: unknown, file: string, at: string): JsonReader {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new MetadataError(`${at || 'metadata'} is not a JSON object`, file);
    }
    return new JsonReader(file, at, value as Json);
  }
}

function parseType(value: unknown, reader: JsonReader, key: string): IcebergType {
  if (typeof value === 'string') {
    return value;
  }
  const type = reader.child(key);
  switch (type.object.type) {
    case 'struct':
      return { type: 'struct', fields: type.list('fields').map(parseField) };
    case 'list':
      return {
        type: 'list',
        elementId: type.number('element-id'),
        element: parseType(type.object.element, type, 'element'),
        elementRequired: type.boolean('element-required')
      };
    case 'map':
      return {
        type: 'map',
        keyId: type.number('key-id'),
        key: parseType(type.object.key, type, 'key'),
        valueId: type.number('value-id'),
        value: parseType(type.object.value, type, 'value'),
        valueRequired: type.boolean('value-required')
      };
  }
  return type.fail('type', `is not a known type (${describeValue(type.object.type)})`);
}

function parseField(field: JsonReader): NestedField {
  const out: NestedField = {
    id: field.number('id'),
    name: field.string('name'),
    required: field.boolean('required'),
    type: parseType(field.object.type, field, 'type')
  };
  const doc = field.optionalString('doc');
  if (doc !== undefined) {
    out.doc = doc;
  }
  if (field.object['initial-default'] !== undefined) {
    out.initialDefault = field.object['initial-default'];
  }
  if (field.object['write-default'] !== undefined) {
    out.writeDefault = field.object['write-default'];
  }
  return out;
}

function parseSchema(schema: JsonReader, fallbackId: number): Schema {
  const out: Schema = { schemaId: schema.optionalNumber('schema-id') ?? fallbackId, fields: schema.list('fields').map(parseField) };
  if (Array.isArray(schema.object['identifier-field-ids'])) {
    out.identifierFieldIds = schema.object['identifier-field-ids'] as number[];
  }
  return out;
}

function parsePartitionFields(fields: JsonReader[]): PartitionField[] {
  return fields.map((field, index) => ({
    sourceId: field.number('source-id'),
    fieldId: field.optionalNumber('field-id') ?? 1000 + index,
    name: field.string('name'),
    transform: field.string('transform')
  }));
}

function parseSortOrder(order: JsonReader): SortOrder {
  return {
    orderId: order.number('order-id'),
    fields: order.list('fields').map(field => ({
      sourceId: field.number('source-id'),
      transform: field.string('transform'),
      direction: field.string('direction') === 'desc' ? 'desc' : 'asc',
      nullOrder: field.string('null-order') === 'nulls-last' ? 'nulls-last' : 'nulls-first'
    }))
  };
}

function parseSnapshot(snapshot: JsonReader): Snapshot {
  const out: Snapshot = {
    snapshotId: snapshot.id('snapshot-id'),
    sequenceNumber: snapshot.optionalNumber('sequence-number') ?? 0,
    timestampMs: snapshot.number('timestamp-ms'),
    summary: snapshot.stringMap('summary')
  };
  const parent = snapshot.optionalId('parent-snapshot-id');
  if (parent !== undefined) {
    out.parentSnapshotId = parent;
  }
  const optionalNumbers: [keyof Snapshot, string][] = [
    ['schemaId', 'schema-id'],
    ['firstRowId', 'first-row-id'],
    ['addedRows', 'added-rows']
  ];
  for (const [key, jsonKey] of optionalNumbers) {
    const value = snapshot.optionalNumber(jsonKey);
    if (value !== undefined) {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  const manifestList = snapshot.optionalString('manifest-list');
  if (manifestList !== undefined) {
    out.manifestList = manifestList;
  } else if (snapshot.has('manifests')) {
    const manifests = snapshot.object.manifests;
    if (!Array.isArray(manifests) || manifests.some(m => typeof m !== 'string')) {
      snapshot.fail('manifests', 'is not a list of paths');
    }
    out.manifests = manifests as string[];
  } else {
    snapshot.fail('manifest-list', 'is missing');
  }
  return out;
}

function parseRefs(root: JsonReader, currentSnapshotId: SnapshotId | undefined): Record<string, SnapshotRef> {
  const refs: Record<string, SnapshotRef> = {};
  if (root.has('refs')) {
    const object = root.child('refs');
    for (const name of Object.keys(object.object)) {
      const ref = object.child(name);
      const type = ref.string('type');
      if (type !== 'branch' && type !== 'tag') {
        return ref.fail('type', `is neither branch nor tag (${type})`);
      }
      refs[name] = { snapshotId: ref.id('snapshot-id'), type };
      const limits: [keyof SnapshotRef, string][] = [
        ['maxRefAgeMs', 'max-ref-age-ms'],
        ['maxSnapshotAgeMs', 'max-snapshot-age-ms'],
        ['minSnapshotsToKeep', 'min-snapshots-to-keep']
      ];
      for (const [key, jsonKey] of limits) {
        const value = ref.optionalNumber(jsonKey);
        if (value !== undefined) {
          (refs[name] as unknown as Record<string, unknown>)[key] = value;
        }
      }
    }
  }
  if (!refs.main && currentSnapshotId !== undefined) {
    refs.main = { snapshotId: currentSnapshotId, type: 'branch' };
  }
  return refs;
}

/**
 * Bytes of a metadata file, gunzipped when they start with gzip's magic
 * bytes; more than `maxBytes` (before or after gunzip) is refused before
 * anything is parsed.
 */
export function metadataText(bytes: Uint8Array, file: string, maxBytes = DEFAULT_LIMITS.maxMetadataJsonBytes): string {
  let raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (raw.length > maxBytes) {
    throw new MetadataError(`metadata JSON of ${formatBytes(raw.length)} exceeds the limit of ${formatBytes(maxBytes)}`, file);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new MetadataError(`gzip-compressed metadata: decompressed size exceeds ${formatBytes(maxBytes)}`, file);
      }
      throw new MetadataError(`corrupt gzip-compressed metadata (${(error as Error).message})`, file);
    }
  }
  return raw.toString('utf8');
}

export function parseTableMetadata(bytes: Uint8Array, file: string, maxBytes = DEFAULT_LIMITS.maxMetadataJsonBytes): TableMetadata {
  const text = metadataText(bytes, file, maxBytes);
  let json: unknown;
  try {
    json = parseJson(text);
  } catch {
    // The parser's own message quotes the text, and the file may be anything a catalog row names.
    throw new MetadataError(describeJsonSyntaxError(text), file);
  }
  const root = JsonReader.of(json, file, '');
  const formatVersion = root.number('format-version');
  if (formatVersion !== 1 && formatVersion !== 2 && formatVersion !== 3) {
    return root.fail('format-version', `is ${formatVersion}; this reader knows versions 1, 2 and 3`);
  }
  const schemas = root.has('schemas') ? root.list('schemas').map((schema, i) => parseSchema(schema, i)) : [parseSchema(root.child('schema'), 0)];
  const currentSchemaId = root.optionalNumber('current-schema-id') ?? schemas[0]?.schemaId ?? 0;
  let partitionSpecs: PartitionSpec[];
  if (root.has('partition-specs')) {
    partitionSpecs = root.list('partition-specs').map(spec => ({
      specId: spec.number('spec-id'),
      fields: parsePartitionFields(spec.list('fields'))
    }));
  } else {
    partitionSpecs = [{ specId: 0, fields: parsePartitionFields(root.list('partition-spec')) }];
  }
  const rawCurrent = root.optionalId('current-snapshot-id');
  const currentSnapshotId = rawCurrent === undefined || rawCurrent === -1n ? undefined : rawCurrent;
  const metadata: TableMetadata = {
    formatVersion,
    tableUuid: formatVersion === 1 ? (root.optionalString('table-uuid') ?? '') : root.string('table-uuid'),
    location: root.string('location'),
    lastUpdatedMs: root.number('last-updated-ms'),
    lastSequenceNumber: root.optionalNumber('last-sequence-number') ?? 0,
    properties: root.stringMap('properties'),
    schemas,
    currentSchemaId,
    partitionSpecs,
    defaultSpecId: root.optionalNumber('default-spec-id') ?? partitionSpecs[0].specId,
    sortOrders: root.optionalList('sort-orders').map(parseSortOrder),
    defaultSortOrderId: root.optionalNumber('default-sort-order-id') ?? 0,
    snapshots: root.optionalList('snapshots').map(parseSnapshot),
    refs: parseRefs(root, currentSnapshotId),
    snapshotLog: root.optionalList('snapshot-log').map(entry => ({
      snapshotId: entry.id('snapshot-id'),
      timestampMs: entry.number('timestamp-ms')
    })),
    metadataLog: root.optionalList('metadata-log').map(entry => ({
      metadataFile: entry.string('metadata-file'),
      timestampMs: entry.number('timestamp-ms')
    }))
  };
  if (currentSnapshotId !== undefined) {
    metadata.currentSnapshotId = currentSnapshotId;
  }
  return metadata;
}
