/**
 * The fewest bytes one value of an Avro schema can take in the binary
 * encoding: what lets a reader refuse a block that claims more records than
 * its bytes can hold (a block header claiming 2^31 records in a few KB),
 * before decoding any of them.
 */

type SchemaJson = Record<string, unknown>;

const PRIMITIVE_SIZES: Record<string, number> = {
  null: 0,
  boolean: 1,
  int: 1,
  long: 1,
  float: 4,
  double: 8,
  bytes: 1,
  string: 1
};

/** Minimum encoded size of a value of `schema`; 0 for anything it cannot tell (never too high). */
export function minimumEncodedSize(schema: unknown): number {
  return sizeOf(schema, new Map());
}

function sizeOf(schema: unknown, named: Map<string, number>): number {
  if (typeof schema === 'string') {
    // A primitive, or a reference to a named type defined earlier (0 while it is being defined).
    return PRIMITIVE_SIZES[schema] ?? named.get(schema) ?? 0;
  }
  if (Array.isArray(schema)) {
    // A union: the branch index, then the smallest branch.
    return schema.length === 0 ? 0 : 1 + Math.min(...schema.map(branch => sizeOf(branch, named)));
  }
  if (!schema || typeof schema !== 'object') {
    return 0;
  }
  const object = schema as SchemaJson;
  switch (object.type) {
    case 'record':
    case 'error': {
      const name = typeof object.name === 'string' ? object.name : undefined;
      if (name) {
        named.set(name, 0);
      }
      const fields = Array.isArray(object.fields) ? (object.fields as SchemaJson[]) : [];
      const size = fields.reduce((sum, field) => sum + sizeOf(field.type, named), 0);
      if (name) {
        named.set(name, size);
      }
      return size;
    }
    case 'fixed': {
      const size = typeof object.size === 'number' && object.size >= 0 ? object.size : 0;
      if (typeof object.name === 'string') {
        named.set(object.name, size);
      }
      return size;
    }
    case 'enum':
      if (typeof object.name === 'string') {
        named.set(object.name, 1);
      }
      return 1;
    case 'array':
    case 'map':
      // The block count (0 ends an empty one).
      return 1;
    default:
      return sizeOf(object.type, named);
  }
}
