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
 * table's FileIO properties as the kernel's pyiceberg loads it, so it is as fresh as that load. The snippet loads the
 * table once (`vendedPropertiesLoad`) and every vended reference reads the variable it bound.
 */
export type SecretRef = { env: string } | { catalog: string; property: string; uriPassword?: boolean; vendedFor?: string[] };

/**
 * Python that reads the secret at run time. A vended secret is read from `vendedProperties`, the variable
 * `vendedPropertiesLoad` binds: without one there is nothing to read it from.
 */
export function secretReference(ref: SecretRef, vendedProperties?: string): PyCode {
  if ('env' in ref) {
    return new PyCode(`os.environ.get(${pyString(ref.env)})`, ['import os']);
  }
  if (ref.vendedFor !== undefined) {
    if (vendedProperties === undefined) {
      throw new Error(`the credentials catalog '${ref.catalog}' vends need the variable that holds the loaded table's properties`);
    }
    return new PyCode(`${vendedProperties}.get(${pyString(ref.property)})`);
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

/**
 * `variable = load_catalog(…).load_table(…).io.properties`: one catalog round trip when the cell runs, however
 * many keys the snippet reads from it.
 */
export function vendedPropertiesLoad(ref: SecretRef, variable: string): PyCode {
  if ('env' in ref || ref.vendedFor === undefined) {
    throw new Error('only a vended secret is loaded with its table');
  }
  const table = `(${ref.vendedFor.map(pyString).join(', ')},)`;
  return new PyCode(`${variable} = load_catalog(${pyString(ref.catalog)}).load_table(${table}).io.properties`, ['from pyiceberg.catalog import load_catalog']);
}

/** `os.environ.get("NAME")`. */
export function envReference(variable: string): PyCode {
  return secretReference({ env: variable });
}
