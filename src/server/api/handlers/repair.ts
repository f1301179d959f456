/**
 * `GET tables/{id}/repair?snapshot=&keepHistory=&dryRun=`: the table's repair plan, as
 * `dual-layout repair --format json` prints it for one table. A snapshot the table does not have
 * is a 400; a table whose files cannot be read is a 502 naming its catalog and the table.
 */
import { MetadataError } from '../../metadata/errors';
import { repairOpenTable } from '../../repair/repairTable';
import { StorageError } from '../../storage/storage';
import { TableReadError } from '../../tables/lakehouse';
import { resolveSnapshot, VerifierError } from '../../verifier/verifier';
import type { HelperContext } from '../context';
import { HttpError, type RouteRequest, type RouteResponse } from '../router';
import { namingTable } from '../../catalogs/failures';

export async function tableRepair(context: HelperContext, request: RouteRequest): Promise<RouteResponse> {
  const keepHistory = booleanParam(request.query.get('keepHistory'), 'keepHistory');
  const dryRun = booleanParam(request.query.get('dryRun'), 'dryRun');
  const snapshot = request.query.get('snapshot') || undefined;
  const table = await context.openTable(request.params.id);
  try {
    resolveSnapshot(table.id, table.metadata, snapshot);
  } catch (error) {
    if (error instanceof VerifierError) {
      throw new HttpError(400, error.message, { catalog: table.catalog, table: table.id });
    }
    throw error;
  }
  try {
    const { plan } = await repairOpenTable(table, {
      snapshot,
      keepHistory,
      dryRun,
      cache: context.metadataCache,
      settings: context.lakehouse.settings,
      cwd: context.options.cwd,
      env: context.options.env,
      signal: request.signal
    });
    if (plan.status === 'error') {
      throw new TableReadError(context.redact(plan.error ?? `${table.id}: could not be checked`), table.catalog, table.id);
    }
    return { json: plan };
  } catch (error) {
    if (error instanceof MetadataError || error instanceof StorageError) {
      throw new TableReadError(context.redact(namingTable(table.id, error.message)), table.catalog, table.id, { cause: error });
    }
    throw error;
  }
}

function booleanParam(value: string | null, name: string): boolean {
  if (value === null || value === '' || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  throw new HttpError(400, `${name} must be true or false, not '${value}'`);
}
