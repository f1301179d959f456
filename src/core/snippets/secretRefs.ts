/**
 * Where the kernel finds a secret at run time: an environment variable, or a
 * property of a catalog in the kernel's own `.pyiceberg.yaml` (read through
 * pyiceberg, which also applies its `PYICEBERG_CATALOG__…` variables). The
 * value itself is never in a snippet.
 */
import { PyCode, pyString } from './emit';

/**
 * `uriPassword`: the secret is the password inside that property's URI (`postgresql://user:password@…`).
 * `vendedFor`: the property is one the REST catalog vends for that table (namespace parts, then name): read from the
 * table's FileIO properties as the kernel's pyiceberg loads it, so it is as fresh as that load.
 */
export type SecretRef = { env: string } | { catalog: string; property: string; uriPassword?: boolean; vendedFor?: string[] };

/** Python that reads the secret at run time. */
export function secretReference(ref: SecretRef): PyCode {
  if ('env' in ref) {
    return new PyCode(`os.environ.get(${pyString(ref.env)})`, ['import os']);
  }
  if (ref.vendedFor !== undefined) {
    return new PyCode(
      `load_catalog(${pyString(ref.catalog)}).load_table((${ref.vendedFor.map(pyString).join(', ')},)).io.properties.get(${pyString(ref.property)})`,
      ['from pyiceberg.catalog import load_catalog']
    );
  }
  const value = `Config().get_catalog_config(${pyString(ref.catalog)}).get(${pyString(ref.property)})`;
  if (ref.uriPassword) {
    return new PyCode(`urllib.parse.unquote(urllib.parse.urlsplit(${value}).password or "")`, [
      'import urllib.parse',
      'from pyiceberg.utils.config import Config'
    ]);
  }
  return new PyCode(value, ['from pyiceberg.utils.config import Config']);
}

/** `os.environ.get("NAME")`. */
export function envReference(variable: string): PyCode {
  return secretReference({ env: variable });
}
