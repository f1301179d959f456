/** Catalogs, namespaces and the paged, searchable table list. */
import type { CatalogList, TablePage } from '../../../core/api/wire';
import { childNamespaces } from '../../catalogs/namespaceWalk';
import type { HelperContext } from '../context';
import { integerParam } from '../params';
import { HttpError, type RouteRequest, type RouteResponse } from '../router';

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;

export async function listCatalogs(context: HelperContext): Promise<RouteResponse> {
  const body: CatalogList = {
    catalogs: context.lakehouse.catalogs.summaries(),
    configError: context.lakehouse.catalogs.configError
  };
  return { json: body };
}

export async function listNamespaces(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const catalog = knownCatalog(context, request.params.catalog);
  const parent = namespaceParam(request.query.get('parent'));
  // Only real children: a catalog listing a namespace as its own child (or a cycle) must not make the tree endless.
  const { children, skipped } = await childNamespaces(context.lakehouse.catalogs.get(catalog), parent);
  return { json: { namespaces: children, skipped: skipped.map(skip => ({ namespace: skip.namespace, reason: skip.reason })) } };
}

export async function listTables(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const catalog = knownCatalog(context, request.params.catalog);
  const page: TablePage = await context.tableIndex(catalog).page({
    namespace: namespaceParam(request.query.get('namespace')),
    q: request.query.get('q') ?? undefined,
    offset: integerParam(request.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integerParam(request.query.get('limit'), DEFAULT_PAGE, 1, MAX_PAGE)
  });
  return { json: page };
}

function knownCatalog(context: HelperContext, name: string): string {
  if (!context.lakehouse.catalogs.has(name)) {
    throw new HttpError(404, `Unknown catalog '${name}'`, { catalog: name });
  }
  return name.toLowerCase();
}

function namespaceParam(value: string | null): string[] | undefined {
  return value ? value.split('.') : undefined;
}
