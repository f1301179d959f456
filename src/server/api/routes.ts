/** The helper's HTTP API, one line per endpoint; handlers live beside their concern. */
import type { VersionInfo } from '../../core/api/wire';
import type { HelperContext } from './context';
import { Router } from './router';
import { HELPER_VERSION } from '../version';

export function buildRouter(_context: HelperContext): Router {
  const version: VersionInfo = { name: 'jupyterlab-dual-layout', version: HELPER_VERSION };
  return new Router().add('GET', 'version', async () => ({ json: version }));
}
