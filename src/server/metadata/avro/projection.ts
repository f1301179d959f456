/**
 * Field-id projection of Iceberg's Avro schemas.
 *
 * Iceberg identifies Avro fields by their `field-id` attribute, not by name
 * or position (writers differ in names, e.g. Java's `r2`/`r102` records and
 * sanitised partition names). A `WantedField` list says which ids a reader
 * needs; `projectRecord` finds them in the writer's schema and builds a
 * reader schema holding only those fields, so avsc skips everything else
 * (column statistics, key metadata) without allocating it.
 */
import * as avro from 'avsc';
import { decimalFromBytes, uuidToString } from '../../../core/iceberg/values';
import { MetadataError } from '../errors';
import type { AvroTap } from './container';

export interface WantedField {
  id: number;
  /** Our name for the field, used in error messages. */
  label: string;
  required: boolean;
  /** Project a nested record field to these ids. */
  fields?: WantedField[];
  /** Read the whole record exactly (longs as bigint), converting values by their Avro logical type. */
  exact?: boolean;
  /** Read this long as a bigint: snapshot ids are 63-bit and must stay exact. */
  bigint?: boolean;
}

export type ValueConverter = (value: unknown) => unknown;

export interface ExactField {
  fieldId: number;
  name: string;
  convert: ValueConverter | null;
}

export interface Projection {
  /** Reader schema (JSON with embedded avsc types). */
  readerSchema: Record<string, unknown>;
  /** Field id → Avro field name in the writer's (and reader's) record; absent when the file lacks it. */
  names: Map<number, string>;
  nested: Map<number, Projection>;
  /** For `exact` fields: the record's fields with their ids and value converters. */
  exactFields: Map<number, ExactField[]>;
}

type SchemaJson = Record<string, unknown>;

class LossyLongType extends (avro.types.LongType as unknown as new () => object) {
  /** Iceberg ids are random 63-bit longs: read them as the nearest number instead of failing. */
  _read(tap: AvroTap): number {
    return tap.readLong();
  }
}

class ExactLongType extends (avro.types.LongType as unknown as new () => object) {
  /** Zig-zag varint to bigint, for partition values that must round-trip exactly. */
  _read(tap: AvroTap): bigint {
    const buf = tap.buf;
    let pos = tap.pos;
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      if (pos >= buf.length) {
        tap.pos = buf.length + 1;
        throw new RangeError('read past the end of a data block');
      }
      byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80 && shift < 70n);
    tap.pos = pos;
    return BigInt.asIntN(64, (result >> 1n) ^ -(result & 1n));
  }
}

const LOSSY_LONG = new LossyLongType() as unknown as avro.Type;
const EXACT_LONG = new ExactLongType() as unknown as avro.Type;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

const NAMED = new Set(['record', 'fixed', 'enum']);

/**
 * Drop logical-type annotations from primitives so every `long` goes through our long types, and
 * turn a repeated definition of a named type into a reference to it: pyiceberg defines
 * `decimal_10_2` once per partition field of that type, which avsc (like Avro's spec) refuses as a
 * duplicate name. `defined` maps each full name to its definition as written.
 */
function normalize(schema: unknown, defined = new Map<string, string>()): unknown {
  if (avro.Type.isType(schema)) {
    return schema;
  }
  if (Array.isArray(schema)) {
    return schema.map(branch => normalize(branch, defined));
  }
  if (schema && typeof schema === 'object') {
    const object = schema as SchemaJson;
    if (typeof object.type === 'string' && PRIMITIVES.has(object.type)) {
      return object.type;
    }
    const reference = NAMED.has(object.type as string) && typeof object.name === 'string' ? repeatedName(object, defined) : null;
    if (reference !== null) {
      return reference;
    }
    const out: SchemaJson = { ...object };
    if (object.type === 'record' && Array.isArray(object.fields)) {
      out.fields = (object.fields as SchemaJson[]).map(f => ({ ...f, type: normalize(f.type, defined) }));
    } else if (object.type === 'array') {
      out.items = normalize(object.items, defined);
    } else if (object.type === 'map') {
      out.values = normalize(object.values, defined);
    } else if (typeof object.type === 'object') {
      out.type = normalize(object.type, defined);
    }
    return out;
  }
  return schema;
}

/**
 * The full name of a named type whose definition appeared before, `null` the first time (which
 * records it). A different definition under the same name is left for avsc to report.
 */
function repeatedName(type: SchemaJson, defined: Map<string, string>): string | null {
  const name = type.name as string;
  const fullName = name.includes('.') || typeof type.namespace !== 'string' ? name : `${type.namespace}.${name}`;
  const definition = JSON.stringify(type);
  const earlier = defined.get(fullName);
  if (earlier === undefined) {
    defined.set(fullName, definition);
  }
  return earlier === definition ? fullName : null;
}

export function compileType(schema: unknown, exact = false): avro.Type {
  return avro.Type.forSchema(normalize(schema) as avro.Schema, {
    registry: { long: exact ? EXACT_LONG : LOSSY_LONG },
    wrapUnions: 'never'
  });
}

/** The non-null branch of an optional union, or the schema itself. */
function unwrapOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    const branches = schema.filter(s => s !== 'null');
    return branches.length === 1 ? branches[0] : schema;
  }
  return schema;
}

function converterFor(schema: unknown): ValueConverter | null {
  const type = unwrapOptional(schema);
  if (!type || typeof type !== 'object') {
    return type === 'bytes' ? toUint8Array : null;
  }
  const object = type as SchemaJson;
  if (object.logicalType === 'decimal' && (object.type === 'bytes' || object.type === 'fixed')) {
    return value => decimalFromBytes(value as Uint8Array);
  }
  if (object.logicalType === 'uuid' && object.type === 'fixed') {
    return value => uuidToString(value as Uint8Array);
  }
  return object.type === 'bytes' || object.type === 'fixed' ? toUint8Array : null;
}

function toUint8Array(value: unknown): unknown {
  return value instanceof Uint8Array ? new Uint8Array(value) : value;
}

function fieldId(field: SchemaJson): number | undefined {
  const id = field['field-id'];
  return typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined;
}

function asRecord(schema: unknown, what: string, file: string): SchemaJson {
  const type = unwrapOptional(schema);
  if (!type || typeof type !== 'object' || (type as SchemaJson).type !== 'record') {
    throw new MetadataError(`${what} is not an Avro record`, file);
  }
  const record = type as SchemaJson;
  if (!Array.isArray(record.fields)) {
    throw new MetadataError(`${what} has no fields`, file);
  }
  return record;
}

/** Project the writer's record schema to the wanted field ids. */
export function projectRecord(writer: unknown, wanted: WantedField[], file: string, what = 'schema'): Projection {
  const record = asRecord(writer, what, file);
  const byId = new Map<number, SchemaJson>();
  for (const field of record.fields as SchemaJson[]) {
    const id = fieldId(field);
    if (id !== undefined) {
      byId.set(id, field);
    }
  }
  const projection: Projection = { readerSchema: {}, names: new Map(), nested: new Map(), exactFields: new Map() };
  const readerFields: SchemaJson[] = [];
  for (const want of wanted) {
    const field = byId.get(want.id);
    if (!field) {
      if (want.required) {
        throw new MetadataError(`${what} lacks required field id ${want.id} (${want.label})`, file);
      }
      continue;
    }
    const name = String(field.name);
    projection.names.set(want.id, name);
    let type: unknown = field.type;
    if (want.fields) {
      const nested = projectRecord(field.type, want.fields, file, want.label);
      projection.nested.set(want.id, nested);
      type = nested.readerSchema;
    } else if (want.bigint) {
      type = compileType(field.type, true);
    } else if (want.exact) {
      const exactRecord = asRecord(field.type, want.label, file);
      projection.exactFields.set(
        want.id,
        (exactRecord.fields as SchemaJson[]).map((f, index) => {
          const id = fieldId(f);
          if (id === undefined) {
            throw new MetadataError(`${want.label} field ${index} (${String(f.name)}) has no field-id`, file);
          }
          return { fieldId: id, name: String(f.name), convert: converterFor(f.type) };
        })
      );
      type = compileType(field.type, true);
    }
    readerFields.push({ name, type });
  }
  projection.readerSchema = { type: 'record', name: record.name, namespace: record.namespace, fields: readerFields };
  return projection;
}
