/**
 * `GET tables/{id}/snippets?engine=&variant=&other=&snapshot=&where=&columns=`: the code the sidebar inserts.
 * `columns` is a comma-separated list of top-level columns to read. An invalid `where` predicate or an
 * unknown column is a 400 whose message says what is wrong with it.
 */
import {
  ColumnsError,
  parseColumnList,
  SNIPPET_ENGINES,
  SNIPPET_VARIANTS,
  SnippetEngine,
  SnippetError,
  SnippetVariant,
  WhereError
} from '../../../core/snippets';
import { tableSnippet } from '../../snippets/tableSnippet';
import type { HelperContext } from '../context';
import { HttpError, type RouteRequest, type RouteResponse } from '../router';
import { hivePathExample } from '../../tables/partitionPaths';

export async function tableSnippets(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const engine = choice<SnippetEngine>(request.query.get('engine'), SNIPPET_ENGINES, 'engine');
  const variant = choice<SnippetVariant>(request.query.get('variant') ?? 'read', SNIPPET_VARIANTS, 'variant');
  const other = request.query.get('other');
  if ((variant === 'join') !== (other !== null)) {
    throw new HttpError(400, variant === 'join' ? 'A join needs the other table: ?other=catalog.ns.table' : '?other= goes with variant=join');
  }
  const snapshot = request.query.get('snapshot') ?? undefined;
  const where = request.query.get('where') ?? undefined;
  const columnList = request.query.get('columns');
  const ids = other === null ? [request.params.id] : [request.params.id, other];
  const tables = await Promise.all(ids.map(id => context.openTable(id)));
  // Example filters name a partition that exists, so the inserted code returns rows as it stands.
  const examplePartitionPaths = await Promise.all(
    tables.map(async table => hivePathExample(table.metadata, (await context.plan(table, { signal: request.signal })).dataFiles))
  );
  try {
    const columns = columnList === null ? undefined : parseColumnList(columnList);
    const result = tableSnippet(
      tables,
      { engine, variant, snapshotId: snapshot, where, columns, examplePartitionPaths },
      { settings: context.lakehouse.settings, cwd: context.options.cwd, env: context.options.env }
    );
    return { json: result };
  } catch (error) {
    if (error instanceof WhereError || error instanceof ColumnsError) {
      throw new HttpError(400, error.message, { table: request.params.id });
    }
    if (error instanceof SnippetError) {
      throw new HttpError(422, error.message, { table: request.params.id });
    }
    throw error;
  }
}

function choice<T extends string>(value: string | null, allowed: readonly T[], name: string): T {
  if (value === null || !allowed.includes(value as T)) {
    throw new HttpError(400, `${name} must be one of ${allowed.join(', ')}${value === null ? '' : `, not '${value}'`}`);
  }
  return value as T;
}
