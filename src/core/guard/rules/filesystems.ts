/**
 * File systems: fsspec / s3fs / gcsfs / pyarrow.fs / dbutils.fs methods,
 * pathlib and UPath methods, and every `open` in a write or append mode.
 */
import { HOLE } from '../paths';
import { ObjectValue, UNKNOWN, Value, isObject, joinPath, object, str, textOf } from '../values';
import { CallSite, Rule, RuleContext, argument } from './rule';

const FILE_SYSTEM = 'fs.filesystem';
/** pyarrow's `FileSelector(base_dir)`, and the `FileInfo`s `get_file_info` lists under it. */
const SELECTOR = 'fs.selector';
const FILE_INFO = 'fs.fileinfo';
/** File system classes whose paths are `bucket/key`, without the scheme the policy names. */
const FILE_SYSTEM_SCHEMES: [RegExp, string][] = [
  [/(^|\.)S3FileSystem$/, 's3'],
  [/(^|\.)(GcsFileSystem|GCSFileSystem)$/, 'gs'],
  [/(^|\.)HadoopFileSystem$/, 'hdfs'],
  [/(^|\.)(AzureBlobFileSystem|AzureFileSystem)$/, 'abfs']
];
/** `fsspec.filesystem("s3")` and the like, which take the protocol as an argument. */
const BY_PROTOCOL = /(^|\.)(filesystem|get_filesystem_class)$/;
/** Calls returning `(filesystem, path)` for a URL: `url_to_fs`, `FileSystem.from_uri`. */
const FROM_URL = /(^|\.)(url_to_fs|from_uri)$/;
/** Protocols whose paths are local ones already. */
const LOCAL = new Set(['file', 'local', 'memory']);
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

const DELETES = new Set([
  'rm',
  'rm_file',
  'rmdir',
  'delete',
  'delete_dir',
  'delete_file',
  'delete_dir_contents',
  'delete_objects',
  'unlink',
  'remove',
  'rmtree'
]);
const CREATES = new Set([
  'touch',
  'pipe',
  'pipe_file',
  'write_text',
  'write_bytes',
  'makedirs',
  'mkdir',
  'mkdirs',
  'create_dir',
  'open_output_stream',
  'open_append_stream',
  'hardlink_to',
  'symlink_to'
]);
const COPIES = new Set(['put', 'put_file', 'upload', 'cp', 'copy', 'cp_file', 'copy_file', 'copyfile']);
/** `replace` only counts on paths (pathlib) and `os.replace`: on anything else it is usually `str.replace`. */
const MOVES = new Set(['mv', 'move', 'rename', 'rename_file', 'move_file']);
/** Calls that open a file, and where their mode argument is. */
const OPENERS = /(^|\.)(open|File|ZipFile|TarFile|GFile|Dataset|open_dataset_for_write)$/;
const DESTINATION_NAMES = ['rpath', 'path2', 'destination', 'dest', 'dst', 'target'];

function isWriteMode(mode: Value | undefined): boolean {
  const text = textOf(mode);
  return text !== null && /[wax+]/.test(text) && !text.includes(HOLE);
}

/** Receivers whose methods of these names mean something else (str.replace, list.remove, DataFrame.rename…). */
function isOtherThanFileSystem(receiver: Value | null): boolean {
  return receiver !== null && ['str', 'list', 'dict', 'number', 'object'].includes(receiver.kind) && !isObject(receiver, FILE_SYSTEM);
}

/** A path as a file system object sees it: `bucket/key` on S3 is `s3://bucket/key`. */
export function onFileSystem(text: string, fileSystem: Value | null | undefined): string {
  const scheme = isObject(fileSystem, FILE_SYSTEM) ? textOf(fileSystem.data.scheme) : null;
  return scheme && !SCHEME.test(text) && !text.startsWith('/') ? `${scheme}://${text}` : text;
}

function fileSystemOf(site: CallSite): ObjectValue | undefined {
  const name = site.qualified ?? site.method;
  const known = FILE_SYSTEM_SCHEMES.find(([pattern]) => pattern.test(name));
  if (known) {
    return object(FILE_SYSTEM, { scheme: str(known[1]) }) as ObjectValue;
  }
  const protocol = textOf(argument(site, 0, 'protocol'));
  if (BY_PROTOCOL.test(name) && protocol !== null && !protocol.includes(HOLE) && !LOCAL.has(protocol)) {
    return object(FILE_SYSTEM, { scheme: str(protocol) }) as ObjectValue;
  }
  return undefined;
}

/** `(filesystem, path)` for `url_to_fs("s3://b/k")`: the path loses its scheme, the file system keeps it. */
function fromUrl(site: CallSite): Value | undefined {
  const url = textOf(argument(site, 0, 'url', 'uri'));
  const scheme = url === null ? null : SCHEME.exec(url);
  if (!FROM_URL.test(site.qualified ?? site.method) || url === null) {
    return undefined;
  }
  const fileSystem = scheme ? object(FILE_SYSTEM, { scheme: str(scheme[1]) }) : UNKNOWN;
  return { kind: 'list', items: [fileSystem, str(scheme ? url.slice(scheme[0].length) : url)] };
}

/** `get_file_info(FileSelector(folder))` lists files whose `.path` is below that folder. */
function selection(site: CallSite): Value | undefined {
  if (/(^|\.)FileSelector$/.test(site.qualified ?? site.method)) {
    return object(SELECTOR, { base: argument(site, 0, 'base_dir') ?? UNKNOWN });
  }
  const selector = argument(site, 0, 'paths_or_selector');
  const base = isObject(selector, SELECTOR) ? textOf(selector.data.base) : null;
  if (site.method === 'get_file_info' && base !== null) {
    return { kind: 'list', items: [], element: object(FILE_INFO, { path: str(joinPath([base, HOLE])) }) };
  }
  return undefined;
}

function targets(values: (Value | undefined)[], fileSystem?: Value | null): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (value?.kind === 'list') {
      out.push(...targets(value.element ? [value.element] : value.items, fileSystem));
    } else if (value && value.kind !== 'number') {
      const text = textOf(value);
      if (text !== null) {
        out.push(onFileSystem(text, fileSystem));
      }
    }
  }
  return out;
}

function emit(context: RuleContext, operation: string, texts: string[], effect: 'write' | 'delete'): void {
  texts.forEach(text => context.report({ operation, target: { kind: 'path', text }, effect }));
}

/** pathlib / UPath: the receiver is the target. */
function pathMethod(self: string, site: CallSite, context: RuleContext): boolean {
  const method = site.method;
  if (DELETES.has(method)) {
    emit(context, method, [self], 'delete');
  } else if (CREATES.has(method)) {
    emit(context, method, [self], 'write');
  } else if (method === 'rename' || method === 'replace') {
    emit(context, method, [self], 'delete');
    emit(context, method, targets([argument(site, 0, 'target')]), 'write');
  } else if (method === 'open' && isWriteMode(argument(site, 0, 'mode'))) {
    emit(context, 'open', [self], 'write');
  } else {
    return false;
  }
  return true;
}

function fileSystemMethod(site: CallSite, context: RuleContext): void {
  const method = site.method;
  const positional = site.args;
  if (DELETES.has(method)) {
    emit(context, method, targets([...positional.slice(0, 1), site.kwargs.get('path')], site.receiver), 'delete');
  } else if (CREATES.has(method)) {
    emit(context, method, targets([argument(site, 0, 'path')], site.receiver), 'write');
  } else if (COPIES.has(method)) {
    const named = DESTINATION_NAMES.map(n => site.kwargs.get(n)).find(Boolean);
    // dbutils.fs.put(path, contents) writes its first argument.
    const dbutilsPut = method === 'put' && /dbutils/.test(site.qualified ?? '');
    const destination = named ?? (dbutilsPut ? positional[0] : positional[1]);
    emit(context, method, targets([destination], site.receiver), 'write');
  } else if (method === 'copy_files') {
    // pyarrow.fs.copy_files(source, destination, source_filesystem=, destination_filesystem=)
    emit(context, method, targets([argument(site, 1, 'destination')], site.kwargs.get('destination_filesystem')), 'write');
  } else if (MOVES.has(method)) {
    emit(context, method, targets([positional[0] ?? site.kwargs.get('path1')], site.receiver), 'delete');
    emit(context, method, targets([DESTINATION_NAMES.map(n => site.kwargs.get(n)).find(Boolean) ?? positional[1]], site.receiver), 'write');
  }
}

export const fileSystemRule: Rule = {
  call(site, context) {
    const receiver = site.receiver;
    const made = fileSystemOf(site) ?? fromUrl(site) ?? selection(site);
    if (made) {
      return made;
    }
    if (OPENERS.test(site.qualified ?? site.method) && (site.method !== 'Dataset' || /netCDF4/.test(site.qualified ?? ''))) {
      if (receiver?.kind === 'path') {
        pathMethod(receiver.text, site, context);
        return UNKNOWN;
      }
      const path = argument(site, 0, 'file', 'path', 'urlpath', 'filename', 'name', 'uri', 'store');
      const mode = site.args[1] ?? site.kwargs.get('mode');
      if (isWriteMode(mode)) {
        emit(context, site.qualified ?? site.method, targets([path], receiver), 'write');
      }
      return undefined;
    }
    if (receiver?.kind === 'path') {
      pathMethod(receiver.text, site, context);
      return undefined;
    }
    // os, shutil and the Spark/pyiceberg/boto3 objects have their own rules.
    if (isOtherThanFileSystem(receiver) || /^(os|shutil|os\.path)$/.test(receiver?.kind === 'symbol' ? receiver.name : '')) {
      return undefined;
    }
    fileSystemMethod(site, context);
    return undefined;
  },
  attribute(base, name) {
    return isObject(base, FILE_INFO) && name === 'path' ? base.data.path : undefined;
  }
};
