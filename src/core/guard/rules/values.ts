/**
 * How targets are built: os.path / posixpath, pathlib and UPath, str methods
 * (`format`, `join`, `replace`…), and listings whose items lie under a folder.
 */
import { HOLE } from '../paths';
import { beforeGlob, dirnameOf, parentOf } from '../pathText';
import { UNKNOWN, Value, interpolate, joinPath, str, textOf } from '../values';
import { CallSite, Rule, argument } from './rule';

const PATH_CLASSES = /(^|\.)(Path|PurePath|PosixPath|PurePosixPath|UPath|S3Path|CloudPath|AnyPath|GSPath)$/;
const LISTINGS = new Set(['ls', 'listdir', 'glob', 'iglob', 'find', 'walk', 'iterdir', 'rglob', 'scandir', 'list_objects']);

function path(text: string): Value {
  return { kind: 'path', text };
}

function pathCall(site: CallSite): Value | undefined {
  const q = site.qualified ?? '';
  const texts = site.args.map(interpolate);
  if (/(^|\.)(os\.path|posixpath|ntpath)\.join$/.test(q) || q === 'urljoin' || q.endsWith('.urljoin')) {
    return str(joinPath(texts));
  }
  if (/(^|\.)(os\.path|posixpath)\.(dirname|normpath|abspath|realpath|expanduser)$/.test(q)) {
    const text = texts[0] ?? HOLE;
    return str(q.endsWith('dirname') ? dirnameOf(text) : text);
  }
  if (PATH_CLASSES.test(q)) {
    return path(texts.length ? joinPath(texts) : HOLE);
  }
  return undefined;
}

function pathMethod(self: Value & { kind: 'path' }, site: CallSite): Value | undefined {
  const args = site.args.map(interpolate);
  switch (site.method) {
    case 'joinpath':
      return path(joinPath([self.text, ...args]));
    case 'with_name':
      return path(joinPath([dirnameOf(self.text), args[0] ?? HOLE]));
    case 'with_suffix':
      return path(self.text.replace(/\.[^./]*$/, '') + (args[0] ?? HOLE));
    case 'resolve':
    case 'absolute':
    case 'expanduser':
      return self;
    case 'as_posix':
    case 'as_uri':
    case '__str__':
    case '__fspath__':
      return str(self.text);
    case 'iterdir':
    case 'glob':
    case 'rglob':
      return { kind: 'list', items: [], element: path(joinPath([self.text, HOLE])) };
    default:
      return undefined;
  }
}

function strMethod(self: string, site: CallSite): Value | undefined {
  const args = site.args.map(interpolate);
  switch (site.method) {
    case 'format': {
      let i = 0;
      return str(
        self.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
          if (whole === '{{' || whole === '}}') {
            return whole[0];
          }
          const name = (field ?? '').split(/[!:.[]/)[0];
          if (name === '') {
            return args[i++] ?? HOLE;
          }
          return /^\d+$/.test(name) ? (args[Number(name)] ?? HOLE) : interpolate(site.kwargs.get(name));
        })
      );
    }
    case 'join': {
      const items = site.args[0];
      if (items?.kind === 'list' && !items.element) {
        return str(items.items.map(interpolate).join(self));
      }
      return str(HOLE);
    }
    case 'replace':
      return self.includes(HOLE) || args[0] === undefined || args[0].includes(HOLE) ? str(HOLE) : str(self.split(args[0]).join(args[1] ?? HOLE));
    case 'strip':
    case 'rstrip':
    case 'lstrip': {
      const chars = args[0] ?? ' \n\t';
      const set = new Set(chars);
      let start = 0;
      let end = self.length;
      if (site.method !== 'rstrip') {
        while (start < end && set.has(self[start])) start++;
      }
      if (site.method !== 'lstrip') {
        while (end > start && set.has(self[end - 1])) end--;
      }
      return str(self.slice(start, end));
    }
    case 'lower':
    case 'upper':
    case 'removesuffix':
    case 'removeprefix':
    case 'encode':
    case 'decode':
      return str(
        site.method === 'lower'
          ? self.toLowerCase()
          : site.method === 'upper'
            ? self.toUpperCase()
            : site.method === 'removesuffix' && args[0] && self.endsWith(args[0])
              ? self.slice(0, -args[0].length)
              : site.method === 'removeprefix' && args[0] && self.startsWith(args[0])
                ? self.slice(args[0].length)
                : self
      );
    default:
      return undefined;
  }
}

export const valueRule: Rule = {
  call(site) {
    const built = pathCall(site);
    if (built) {
      return built;
    }
    if (site.qualified === 'str' || site.qualified === 'os.fspath') {
      const text = textOf(site.args[0]);
      return text === null ? UNKNOWN : str(text);
    }
    if ((site.qualified === 'os.getenv' || site.qualified === 'os.environ.get') && site.args[1]) {
      // The default is what the notebook uses unless the environment says otherwise.
      return site.args[1];
    }
    const receiver = site.receiver;
    if (receiver?.kind === 'path') {
      const value = pathMethod(receiver, site);
      if (value) {
        return value;
      }
    }
    if (receiver?.kind === 'dict' && site.method === 'get') {
      const key = textOf(site.args[0]);
      return (key !== null && receiver.entries.get(key)) || site.args[1] || UNKNOWN;
    }
    if (receiver?.kind === 'dict' && (site.method === 'values' || site.method === 'keys')) {
      const items = site.method === 'values' ? [...receiver.entries.values()] : [...receiver.entries.keys()].map(str);
      return { kind: 'list', items };
    }
    if (receiver?.kind === 'str') {
      const value = strMethod(receiver.text, site);
      if (value) {
        return value;
      }
    }
    if (LISTINGS.has(site.method)) {
      const folder = argument(site, 0, 'path', 'top', 'pathname', 'Prefix');
      const text = textOf(folder);
      if (text !== null && text !== '') {
        // Items of `fs.ls(folder)` and `glob(folder + "/*")` are paths below that folder.
        const base = beforeGlob(text);
        const element = site.method === 'listdir' ? str(HOLE) : str(joinPath([base, HOLE]));
        return { kind: 'list', items: [], element };
      }
    }
    return undefined;
  },
  attribute(base, name) {
    if (base.kind === 'path') {
      if (name === 'parent') {
        return path(parentOf(base.text));
      }
      if (name === 'name' || name === 'stem' || name === 'suffix') {
        return str(base.text.includes(HOLE) ? HOLE : base.text.replace(/^.*\//, ''));
      }
    }
    return undefined;
  }
};
