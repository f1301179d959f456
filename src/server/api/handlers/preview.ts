/** `GET tables/{id}/preview`: the first rows of the table's current snapshot as an Arrow IPC stream. */
import { ARROW_STREAM } from '../../../core/api/wire';
import { currentSchema } from '../../../core/iceberg/schema';
import { previewToIPC, readPreview } from '../../preview/arrowPreview';
import { positionDeletesFor } from '../../preview/positionDeletes';
import type { HelperContext } from '../context';
import { integerParam } from '../params';
import type { RouteRequest, RouteResponse } from '../router';

/** Files opened for one preview at most; a preview is a glance, not a scan. */
const MAX_PREVIEW_FILES = 32;

export async function tablePreview(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const limit = integerParam(request.query.get('limit'), 100, 1, 10_000);
  const columns = request.query.get('columns')?.split(',').filter(Boolean);
  const table = await context.openTable(request.params.id);
  const plan = await context.plan(table, { signal: request.signal });
  const files = [...plan.dataFiles].sort((a, b) => a.dataFile.filePath.localeCompare(b.dataFile.filePath)).slice(0, MAX_PREVIEW_FILES);
  const paths = new Set(files.map(entry => entry.dataFile.filePath));
  const deletes = await positionDeletesFor(table.storage, plan.deleteFiles, paths, request.signal);
  const arrow = await readPreview({
    storage: table.storage,
    schema: currentSchema(table.metadata),
    files: files.map(entry => ({
      path: entry.dataFile.filePath,
      fileSizeInBytes: entry.dataFile.fileSizeInBytes,
      deletedPositions: deletes.positions.get(entry.dataFile.filePath)
    })),
    columns,
    limit,
    signal: request.signal
  });
  return {
    bytes: previewToIPC(arrow),
    contentType: ARROW_STREAM,
    headers: { 'X-Dual-Layout-Deletes': deletes.incomplete ? 'not-applied' : 'applied' }
  };
}
