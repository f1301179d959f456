/** The helper's HTTP API, one line per endpoint; handlers live in `handlers/` by concern. */
import type { VersionInfo } from '../../core/api/wire';
import { HELPER_VERSION } from '../version';
import type { HelperContext } from './context';
import { listCatalogs, listNamespaces, listTables } from './handlers/catalogs';
import { tablePreview } from './handlers/preview';
import { tableRepair } from './handlers/repair';
import { tableSnippets } from './handlers/snippets';
import { cancelCheck, checkProgress, policy, startCheck, tableDetails, tableVerdict } from './handlers/tables';
import { Router, type RouteRequest, type RouteResponse } from './router';

export function buildRouter(context: HelperContext): Router {
  const version: VersionInfo = { name: 'jupyterlab-dual-layout', version: HELPER_VERSION };
  const bind = (handler: (context: HelperContext, request: RouteRequest) => Promise<RouteResponse>) => (request: RouteRequest) => handler(context, request);
  return new Router()
    .add('GET', 'version', async () => ({ json: version }))
    .add('POST', 'refresh', async () => {
      await context.reload();
      return { json: { reloaded: true } };
    })
    .add('GET', 'catalogs', () => listCatalogs(context))
    .add('GET', 'catalogs/{catalog}/namespaces', bind(listNamespaces))
    .add('GET', 'catalogs/{catalog}/tables', bind(listTables))
    .add('GET', 'tables/{id}', bind(tableDetails))
    .add('GET', 'tables/{id}/verdict', bind(tableVerdict))
    .add('POST', 'tables/{id}/check', bind(startCheck))
    .add('GET', 'tables/{id}/preview', bind(tablePreview))
    .add('GET', 'tables/{id}/snippets', bind(tableSnippets))
    .add('GET', 'tables/{id}/repair', bind(tableRepair))
    .add('GET', 'checks/{checkId}', bind(checkProgress))
    .add('DELETE', 'checks/{checkId}', bind(cancelCheck))
    .add('GET', 'policy', bind(policy));
}
