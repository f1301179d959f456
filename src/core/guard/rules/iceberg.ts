/**
 * pyiceberg: catalogs (`load_catalog`, `SqlCatalog`…), tables from
 * `load_table`, `create_table…` and `register_table`, and the calls that commit to a table or drop it.
 */
import { HOLE } from '../paths';
import { ANY } from '../policy';
import { UNKNOWN, Value, isObject, object, textOf } from '../values';
import { Rule, RuleContext, argument } from './rule';

const CATALOG = 'iceberg.catalog';
const TABLE = 'iceberg.table';
const TRANSACTION = 'iceberg.transaction';

const CATALOG_CLASSES = /(^|\.)(load_catalog|SqlCatalog|RestCatalog|GlueCatalog|HiveCatalog|DynamoDbCatalog|InMemoryCatalog)$/;
/** Table (and transaction) methods that commit a change. */
const TABLE_WRITES = new Set([
  'append',
  'overwrite',
  'delete',
  'add_files',
  'upsert',
  'dynamic_partition_overwrite',
  'update_schema',
  'update_spec',
  'update_sort_order',
  'manage_snapshots',
  'set_properties',
  'remove_properties',
  'update_statistics',
  'expire_snapshots',
  'update_location',
  'rewrite_manifests'
]);

/** `"ns.tbl"` or `("ns", "tbl")`, qualified by the catalog's name when known. */
function identifier(value: Value | undefined, catalog: string): string[] | null {
  if (value?.kind === 'list' && !value.element) {
    const parts = value.items.map(v => textOf(v) ?? HOLE);
    return [catalog, ...parts];
  }
  const text = textOf(value);
  return text === null ? null : [catalog, ...text.split('.')];
}

function catalogName(receiver: Value | null): string {
  return (isObject(receiver, CATALOG) && textOf(receiver.data.name)) || ANY;
}

function report(context: RuleContext, operation: string, parts: string[] | null, effect: 'write' | 'delete'): void {
  if (parts && !parts.slice(1).some(p => p.includes(HOLE))) {
    context.report({ operation, target: { kind: 'table', parts }, effect });
  }
}

function tableParts(value: Value): string[] | null {
  return value.kind === 'object' && value.data.parts?.kind === 'list' ? value.data.parts.items.map(v => textOf(v) ?? HOLE) : null;
}

function tableObject(parts: string[] | null): Value | undefined {
  return parts ? object(TABLE, { parts: { kind: 'list', items: parts.map(p => ({ kind: 'str', text: p })) } }) : undefined;
}

export const icebergRule: Rule = {
  call(site, context) {
    const receiver = site.receiver;
    if (CATALOG_CLASSES.test(site.qualified ?? '')) {
      return object(CATALOG, { name: argument(site, 0, 'name') ?? UNKNOWN });
    }
    if (isObject(receiver, TABLE) || isObject(receiver, TRANSACTION)) {
      const parts = tableParts(receiver);
      if (site.method === 'transaction') {
        return object(TRANSACTION, receiver.data);
      }
      if (TABLE_WRITES.has(site.method)) {
        report(context, `table.${site.method}`, parts, site.method === 'delete' || site.method === 'overwrite' ? 'delete' : 'write');
      }
      return site.method === 'refresh' ? receiver : undefined;
    }
    const catalog = catalogName(receiver);
    switch (site.method) {
      case 'load_table':
      case 'register_table':
        return tableObject(identifier(argument(site, 0, 'identifier'), catalog));
      case 'create_table':
      case 'create_table_if_not_exists': {
        const location = textOf(site.kwargs.get('location'));
        if (location !== null) {
          context.report({ operation: site.method, target: { kind: 'path', text: location }, effect: 'write' });
        }
        // The table it returns is the catalog's, protected or not, whatever the call's own target.
        return tableObject(identifier(argument(site, 0, 'identifier'), catalog));
      }
      case 'drop_table':
      case 'purge_table':
      case 'rename_table':
        if (receiver?.kind === 'object' && !isObject(receiver, CATALOG)) {
          return undefined;
        }
        report(context, site.method, identifier(argument(site, 0, 'identifier', 'from_identifier'), catalog), 'delete');
        return UNKNOWN;
      case 'drop_namespace': {
        const parts = identifier(argument(site, 0, 'namespace'), catalog);
        if (parts && isObject(receiver, CATALOG)) {
          context.report({ operation: 'drop_namespace', target: { kind: 'table', parts, namespace: true }, effect: 'delete' });
        }
        return UNKNOWN;
      }
      default:
        return undefined;
    }
  }
};
