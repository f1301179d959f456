/**
 * Locations that can never be a root of readable table storage, whoever
 * names them: a warehouse, a catalog's table location or a symbolic link's
 * target. Confining reads to `/`, `/etc` or a home directory confines
 * nothing, so such a root is dropped and every read under it refused.
 *
 * Local paths only: an object store's bucket is an ordinary warehouse
 * (`s3://lake`), and nothing in it is the machine's own.
 */
import * as os from 'node:os';
import { isUnder, parseUri } from '../../core/uri';

/** The machine's own files: never a root, and no root may lie inside or above them. */
const SYSTEM_DIRECTORIES = ['/etc', '/proc', '/sys', '/dev', '/boot', '/run', '/bin', '/sbin', '/lib', '/lib64', '/usr', '/private/etc'];
/** Where people's home directories live; a root may lie inside one, never at or above one. */
const HOME_PARENTS = ['/home', '/Users'];

/**
 * Why `root` is too broad to confine reads to, or null when it is not.
 * `home` is the helper's own home directory (the user's, whatever `$HOME` says).
 */
export function whyTooBroad(root: string, home: string = os.homedir()): string | null {
  const { scheme, path } = parseUri(root);
  if (scheme !== 'file') {
    return null;
  }
  if (path === '/') {
    return 'it is the whole file system';
  }
  for (const system of SYSTEM_DIRECTORIES) {
    if (isUnder(system, path) || isUnder(path, system)) {
      return `it is, holds or lies inside the system directory ${system}`;
    }
  }
  if (HOME_PARENTS.includes(path)) {
    return 'it holds home directories';
  }
  const homes = [home, '/root'].filter(dir => dir && dir !== '/');
  const homeBelow = homes.find(dir => isUnder(path, dir));
  if (homeBelow) {
    return `it is or holds the home directory ${homeBelow}`;
  }
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (HOME_PARENTS.includes(parent)) {
    return 'it is a home directory';
  }
  return null;
}
