/**
 * Catalog configuration read exactly as pyiceberg reads it
 * (`pyiceberg/utils/config.py`), so a notebook's `load_catalog("x")` and the
 * helper see the same catalogs:
 *
 * - the first `.pyiceberg.yaml` found in `$PYICEBERG_HOME`, the home
 *   directory, then the working directory;
 * - all scalars are strings (pyiceberg uses strictyaml), mapping keys are
 *   lower-cased;
 * - every `PYICEBERG_<A>__<B>__<C…>` variable (any case) sets `a.b.c…` after
 *   lower-casing, splitting on `__` at most twice and turning `_` into `-`
 *   (and a `__` left in the last part into `.`), overriding the file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';

export const PYICEBERG_YAML = '.pyiceberg.yaml';
const ENV_PREFIX = 'pyiceberg_';
const DEFAULT_CATALOG = 'default';

/** A catalog's properties: flat string keys (nested YAML maps joined with `.`). */
export type CatalogProperties = Record<string, string>;

export interface PyicebergConfig {
  /** The `.pyiceberg.yaml` that was read, if any. */
  file: string | null;
  /** Catalog name (lower case) → properties, file and environment merged. */
  catalogs: Record<string, CatalogProperties>;
  /** `default-catalog`, or `default` as in pyiceberg. */
  defaultCatalog: string;
  /** Set when the file or an environment variable could not be used; the catalogs that could be read are still there. */
  error: ConfigError | null;
}

/** A configuration mistake, naming the file (and line) or the variable at fault. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  env: NodeJS.ProcessEnv;
  /** Defaults to `os.homedir()`; pyiceberg uses `~`. */
  homeDir?: string;
  cwd: string;
}

/** The YAML (and environment) as nested maps of strings, keys lower-cased. */
export type ConfigTree = { [key: string]: ConfigTree | string };

/** The directories searched, in pyiceberg's order; empty entries are skipped. */
export function configSearchDirs(sources: ConfigSources): string[] {
  const dirs = [sources.env.PYICEBERG_HOME, sources.homeDir ?? os.homedir(), sources.cwd];
  return dirs.filter((dir): dir is string => !!dir);
}

export function loadPyicebergConfig(sources: ConfigSources): PyicebergConfig {
  let tree: ConfigTree = {};
  let file: string | null = null;
  let error: ConfigError | null = null;
  for (const dir of configSearchDirs(sources)) {
    const candidate = path.join(dir, PYICEBERG_YAML);
    if (!isFile(candidate)) {
      continue;
    }
    file = candidate;
    try {
      tree = parseConfigYaml(fs.readFileSync(candidate, 'utf-8'), candidate);
    } catch (e) {
      error = e instanceof ConfigError ? e : new ConfigError(`Cannot read ${candidate}: ${(e as Error).message}`, candidate);
    }
    // An empty file (which pyiceberg fails on) counts as absent; anything else ends the search.
    if (error || Object.keys(tree).length > 0) {
      break;
    }
  }
  try {
    applyEnvironment(tree, sources.env);
  } catch (e) {
    error = error ?? (e as ConfigError);
  }
  const catalogs: Record<string, CatalogProperties> = {};
  const catalogTree = tree.catalog;
  if (catalogTree !== undefined) {
    if (typeof catalogTree === 'string') {
      error = error ?? new ConfigError(`'catalog' in ${file ?? 'the environment'} must be a mapping of catalog names`, file ?? undefined);
    } else {
      for (const [name, value] of Object.entries(catalogTree)) {
        if (typeof value === 'string') {
          error = error ?? new ConfigError(`catalog '${name}' in ${file ?? 'the environment'} must be a mapping of properties`, file ?? undefined);
          continue;
        }
        catalogs[name] = flatten(value);
      }
    }
  }
  const defaultCatalog = typeof tree['default-catalog'] === 'string' && tree['default-catalog'] ? tree['default-catalog'] : DEFAULT_CATALOG;
  return { file, catalogs, defaultCatalog, error };
}

/** Parse one `.pyiceberg.yaml`; errors name the file and the line. */
export function parseConfigYaml(text: string, file: string): ConfigTree {
  // The failsafe schema keeps every scalar a string, as strictyaml does.
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const reason = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`Malformed ${PYICEBERG_YAML}: ${file}${line ? ` line ${line}` : ''}: ${reason}`, file, line);
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined || data === '') {
    return {};
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`Malformed ${PYICEBERG_YAML}: ${file}: the top level must be a mapping (e.g. 'catalog:')`, file, 1);
  }
  return lowercaseKeys(data as Record<string, unknown>);
}

/** Apply `PYICEBERG_*` variables onto `tree`, as pyiceberg's `_from_environment_variables`. */
export function applyEnvironment(tree: ConfigTree, env: NodeJS.ProcessEnv): void {
  for (const [variable, value] of Object.entries(env)) {
    const lower = variable.toLowerCase();
    if (!lower.startsWith(ENV_PREFIX) || value === undefined) {
      continue;
    }
    const parts = splitAtMost(lower.slice(ENV_PREFIX.length), '__', 2).map(part => part.split('__').join('.').split('_').join('-'));
    let node = tree;
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1) {
        node[part] = value;
        break;
      }
      const child = node[part] ?? (node[part] = {});
      if (typeof child === 'string') {
        throw new ConfigError(`Environment variable ${variable} conflicts with the value of '${parts.slice(0, index + 1).join('.')}'`);
      }
      node = child;
    }
  }
}

/** Python's `str.split(separator, maxsplit)`. */
function splitAtMost(text: string, separator: string, maxSplit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < maxSplit) {
    const at = rest.indexOf(separator);
    if (at === -1) {
      break;
    }
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  parts.push(rest);
  return parts;
}

function lowercaseKeys(data: Record<string, unknown>): ConfigTree {
  const tree: ConfigTree = {};
  for (const [key, value] of Object.entries(data)) {
    tree[key.toLowerCase()] = toTreeValue(value);
  }
  return tree;
}

function toTreeValue(value: unknown): ConfigTree | string {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(item => (typeof item === 'string' ? item : JSON.stringify(item))).join(',');
  }
  if (typeof value === 'object') {
    return lowercaseKeys(value as Record<string, unknown>);
  }
  return String(value);
}

/** Nested maps (e.g. pyiceberg's `auth:` or `ssl:` blocks) become dotted keys. */
function flatten(tree: ConfigTree, prefix = ''): CatalogProperties {
  const flat: CatalogProperties = {};
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      flat[name] = value;
    } else {
      Object.assign(flat, flatten(value, name));
    }
  }
  return flat;
}

function isFile(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}
