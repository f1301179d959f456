/**
 * boto3: client calls addressed by `Bucket`/`Key`, and the resource API
 * (`Bucket(...)`, `Object(...)`, `bucket.objects.filter(Prefix=...).delete()`).
 */
import { HOLE } from '../paths';
import { UNKNOWN, Value, interpolate, isObject, object, str, textOf } from '../values';
import { CallSite, Rule, RuleContext, argument } from './rule';

const BUCKET = 'boto3.bucket';
const OBJECT = 'boto3.object';
const OBJECTS = 'boto3.objects';

function location(bucket: Value | undefined, key: Value | undefined): string | null {
  const name = textOf(bucket);
  if (name === null) {
    return null;
  }
  return `s3://${name}/${key ? interpolate(key) : ''}`;
}

function report(context: RuleContext, operation: string, target: string | null, effect: 'write' | 'delete'): void {
  if (target !== null) {
    context.report({ operation, target: { kind: 'path', text: target }, effect });
  }
}

/** Keys listed in `Delete={"Objects": [{"Key": ...}, ...]}`. */
function deletedKeys(site: CallSite): Value[] {
  const spec = site.kwargs.get('Delete');
  const objects = spec?.kind === 'dict' ? spec.entries.get('Objects') : undefined;
  if (objects?.kind !== 'list') {
    return [str(HOLE)];
  }
  const items = objects.element ? [objects.element] : objects.items;
  return items.map(item => (item.kind === 'dict' ? item.entries.get('Key') : undefined) ?? str(HOLE));
}

/** Client methods: positional orders follow boto3's `upload_file(Filename, Bucket, Key)` and friends. */
function clientCall(site: CallSite, context: RuleContext): boolean {
  const m = site.method;
  switch (m) {
    case 'put_object':
    case 'create_multipart_upload':
    case 'copy_object':
      report(context, m, location(argument(site, -1, 'Bucket'), argument(site, -1, 'Key')), 'write');
      return true;
    case 'delete_object':
      report(context, m, location(argument(site, -1, 'Bucket'), argument(site, -1, 'Key')), 'delete');
      return true;
    case 'delete_objects':
      deletedKeys(site).forEach(key => report(context, m, location(argument(site, -1, 'Bucket'), key), 'delete'));
      return true;
    case 'upload_file':
    case 'upload_fileobj':
      report(context, m, location(argument(site, 1, 'Bucket'), argument(site, 2, 'Key')), 'write');
      return true;
    case 'copy':
      report(context, m, location(argument(site, 1, 'Bucket'), argument(site, 2, 'Key')), 'write');
      return true;
    default:
      return false;
  }
}

function bucketCall(bucket: Value | undefined, site: CallSite, context: RuleContext): Value | undefined {
  const m = site.method;
  switch (m) {
    case 'Object':
      return object(OBJECT, { bucket: bucket ?? UNKNOWN, key: argument(site, 0, 'key') ?? UNKNOWN });
    case 'put_object':
      report(context, m, location(bucket, argument(site, -1, 'Key')), 'write');
      return UNKNOWN;
    case 'upload_file':
    case 'upload_fileobj':
    case 'copy':
      report(context, m, location(bucket, argument(site, 1, 'Key')), 'write');
      return UNKNOWN;
    case 'delete_objects':
      deletedKeys(site).forEach(key => report(context, m, location(bucket, key), 'delete'));
      return UNKNOWN;
    case 'delete':
      report(context, 'Bucket.delete', location(bucket, undefined), 'delete');
      return UNKNOWN;
    default:
      return undefined;
  }
}

export const boto3Rule: Rule = {
  attribute(base, name) {
    if (isObject(base, BUCKET) && (name === 'objects' || name === 'object_versions')) {
      return object(OBJECTS, { bucket: base.data.bucket, prefix: str('') });
    }
    return undefined;
  },
  call(site, context) {
    const receiver = site.receiver;
    if (isObject(receiver, OBJECTS)) {
      if (site.method === 'filter') {
        return object(OBJECTS, { bucket: receiver.data.bucket, prefix: site.kwargs.get('Prefix') ?? str(HOLE) });
      }
      if (site.method === 'delete') {
        report(context, 'objects.delete', location(receiver.data.bucket, receiver.data.prefix), 'delete');
        return UNKNOWN;
      }
      return site.method === 'all' || site.method === 'limit' || site.method === 'page_size' ? receiver : undefined;
    }
    if (isObject(receiver, BUCKET)) {
      return bucketCall(receiver.data.bucket, site, context);
    }
    if (isObject(receiver, OBJECT)) {
      const target = location(receiver.data.bucket, receiver.data.key);
      if (['put', 'upload_file', 'upload_fileobj', 'copy_from', 'copy'].includes(site.method)) {
        report(context, `Object.${site.method}`, target, 'write');
      } else if (site.method === 'delete') {
        report(context, 'Object.delete', target, 'delete');
      }
      return UNKNOWN;
    }
    if ((site.method === 'list_objects_v2' || site.method === 'list_objects') && site.kwargs.has('Bucket')) {
      // Keys listed under a prefix are keys under that prefix.
      const key = str(`${textOf(site.kwargs.get('Prefix')) ?? ''}${HOLE}`);
      const listing = { kind: 'list', items: [], element: { kind: 'dict', entries: new Map([['Key', key]]) } } as Value;
      return { kind: 'dict', entries: new Map([['Contents', listing]]) };
    }
    if (site.method === 'Bucket') {
      return object(BUCKET, { bucket: argument(site, 0, 'name') ?? UNKNOWN });
    }
    if (site.method === 'Object' && site.args.length + site.kwargs.size >= 2) {
      return object(OBJECT, { bucket: argument(site, 0, 'bucket_name') ?? UNKNOWN, key: argument(site, 1, 'key') ?? UNKNOWN });
    }
    if (receiver?.kind !== 'object' && (site.kwargs.has('Bucket') || /^(upload_file|upload_fileobj)$/.test(site.method))) {
      return clientCall(site, context) ? UNKNOWN : undefined;
    }
    return undefined;
  }
};
