/**
 * Lookups on schemas, partition specs and snapshots of a decoded table, and
 * the small type vocabulary (decimal parameters, printable names).
 */
import type { IcebergType, NestedField, PartitionSpec, Schema, Snapshot, SnapshotId, TableMetadata } from './model';

export interface DecimalParams {
  precision: number;
  scale: number;
}

/** `{precision, scale}` of `decimal(P, S)`, or `null` for any other type. */
export function decimalParams(type: IcebergType): DecimalParams | null {
  if (typeof type !== 'string') {
    return null;
  }
  const match = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2]) } : null;
}

/** A readable type name: `long`, `decimal(9, 2)`, `list<string>`, `struct<a: int, b: string>`. */
export function typeToString(type: IcebergType): string {
  if (typeof type === 'string') {
    return type;
  }
  switch (type.type) {
    case 'struct':
      return `struct<${type.fields.map(f => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`;
    case 'list':
      return `list<${typeToString(type.element)}>`;
    case 'map':
      return `map<${typeToString(type.key)}, ${typeToString(type.value)}>`;
  }
}

/** The field with `id` anywhere in `fields` (structs, list elements, map keys and values). */
export function findField(fields: NestedField[] | Schema, id: number): NestedField | undefined {
  const list = Array.isArray(fields) ? fields : fields.fields;
  for (const field of list) {
    if (field.id === id) {
      return field;
    }
    const nested = findInType(field.type, id);
    if (nested) {
      return nested;
    }
  }
  return undefined;
}

function findInType(type: IcebergType, id: number): NestedField | undefined {
  if (typeof type === 'string') {
    return undefined;
  }
  switch (type.type) {
    case 'struct':
      return findField(type.fields, id);
    case 'list':
      return type.elementId === id ? { id, name: 'element', required: type.elementRequired, type: type.element } : findInType(type.element, id);
    case 'map':
      if (type.keyId === id) {
        return { id, name: 'key', required: true, type: type.key };
      }
      if (type.valueId === id) {
        return { id, name: 'value', required: type.valueRequired, type: type.value };
      }
      return findInType(type.key, id) ?? findInType(type.value, id);
  }
}

export function schemaById(metadata: TableMetadata, schemaId: number): Schema | undefined {
  return metadata.schemas.find(s => s.schemaId === schemaId);
}

export function currentSchema(metadata: TableMetadata): Schema {
  const schema = schemaById(metadata, metadata.currentSchemaId);
  if (!schema) {
    throw new RangeError(`current schema ${metadata.currentSchemaId} is not among the table's schemas`);
  }
  return schema;
}

export function specById(metadata: TableMetadata, specId: number): PartitionSpec | undefined {
  return metadata.partitionSpecs.find(s => s.specId === specId);
}

export function defaultSpec(metadata: TableMetadata): PartitionSpec {
  const spec = specById(metadata, metadata.defaultSpecId);
  if (!spec) {
    throw new RangeError(`default partition spec ${metadata.defaultSpecId} is not among the table's specs`);
  }
  return spec;
}

export function snapshotById(metadata: TableMetadata, snapshotId: SnapshotId): Snapshot | undefined {
  return metadata.snapshots.find(s => s.snapshotId === snapshotId);
}

/** The snapshot a ref (branch or tag) points at; `main` falls back to the current snapshot. */
export function snapshotForRef(metadata: TableMetadata, ref: string): Snapshot | undefined {
  const target = metadata.refs[ref]?.snapshotId ?? (ref === 'main' ? metadata.currentSnapshotId : undefined);
  return target === undefined ? undefined : snapshotById(metadata, target);
}

export function currentSnapshot(metadata: TableMetadata): Snapshot | undefined {
  return metadata.currentSnapshotId === undefined ? undefined : snapshotById(metadata, metadata.currentSnapshotId);
}
