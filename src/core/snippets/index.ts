/**
 * Spark and Dask code for a table, as the sidebar inserts it and
 * `dual-layout snippet` prints it. Pure: the caller supplies the table model
 * and the catalog's non-secret profile.
 */
import type { SnippetResult } from '../api/wire';
import { formatIdentifier } from '../iceberg/model';
import { daskJoinSnippet, daskPinnedSnippet, daskReadSnippet } from './dask';
import { SnippetError, SnippetRequest, SnippetTable, SNIPPET_ENGINES, SNIPPET_VARIANTS } from './profile';
import { bindWhere, BoundWhere, WhereError } from './where';
import { bindColumns, ColumnsError } from './columns';
import { joinNames, tableVariables } from './names';
import { sparkJoinSnippet, sparkReadSnippet } from './spark';
import { sparkWriteSnippet } from './write';

export * from './profile';
export { IncompatiblePartitioningError, alignPartitioning } from './partitioning';
export { WhereError, parseWhere } from './where';
export { ColumnsError, parseColumnList } from './columns';

/** The cell's last line, so running it shows a few rows. */
function preview(engine: SnippetRequest['engine'], variable: string): string {
  return engine === 'spark' ? `${variable}.show(5)` : `${variable}.head()`;
}

/** The bound `where` predicate; only the reads of one table filter. */
function filterFor(table: SnippetTable, variant: SnippetRequest['variant'], where: string): BoundWhere {
  if (variant !== 'read' && variant !== 'pinned') {
    throw new WhereError(`A filter goes with the read and pinned variants, not ${variant}.`, formatIdentifier(table.id));
  }
  return bindWhere(table, where);
}

/** The bound column list; like a filter, only the reads of one table project. */
function columnsFor(table: SnippetTable, variant: SnippetRequest['variant'], columns: readonly string[]): string[] {
  if (variant !== 'read' && variant !== 'pinned') {
    throw new ColumnsError(`A column list goes with the read and pinned variants, not ${variant}.`, formatIdentifier(table.id));
  }
  return bindColumns(table, columns);
}

export function generateSnippet(request: SnippetRequest): SnippetResult {
  const { engine, variant, tables, profiles = {} } = request;
  if (!SNIPPET_ENGINES.includes(engine)) {
    throw new SnippetError(`Unknown engine '${engine}': use ${SNIPPET_ENGINES.join(' or ')}.`);
  }
  if (!SNIPPET_VARIANTS.includes(variant)) {
    throw new SnippetError(`Unknown variant '${variant}': use ${SNIPPET_VARIANTS.join(', ')}.`);
  }
  const expected = variant === 'join' ? 2 : 1;
  if (tables.length !== expected) {
    throw new SnippetError(
      variant === 'join'
        ? `The join variant needs two tables, got ${tables.length}.`
        : `The ${variant} variant reads one table, got ${tables.length}${tables.length > 1 ? ' (use --variant join for two)' : ''}.`
    );
  }
  if (variant === 'join') {
    const [left, right] = tables;
    if (request.where !== undefined) {
      filterFor(left, variant, request.where);
    }
    if (request.columns !== undefined) {
      columnsFor(left, variant, request.columns);
    }
    const names = joinNames(left, right);
    const code = engine === 'spark' ? sparkJoinSnippet(left, right, names, profiles.spark) : daskJoinSnippet(left, right, names, profiles.dask);
    return { code: `${code}\n${preview(engine, names.joined)}\n`, variable: names.joined };
  }
  const [table] = tables;
  const [names] = tableVariables([table]);
  const variable = names.frame;
  const where = request.where === undefined ? undefined : filterFor(table, variant, request.where);
  const columns = request.columns === undefined ? undefined : columnsFor(table, variant, request.columns);
  let code: string;
  if (variant === 'write') {
    if (engine !== 'spark') {
      throw new SnippetError(
        `The write variant writes through Spark, which keeps ${formatIdentifier(table.id)}'s Hive layout; Dask only reads.`,
        formatIdentifier(table.id)
      );
    }
    code = sparkWriteSnippet(table, variable, profiles.spark);
  } else if (engine === 'spark') {
    if (variant === 'pinned') {
      throw new SnippetError(
        `The pinned variant is a Dask read; Spark reads ${formatIdentifier(table.id)} through Iceberg already and never sees leftover files.`,
        formatIdentifier(table.id)
      );
    }
    code = sparkReadSnippet(table, variable, profiles.spark, where, columns);
  } else {
    code =
      variant === 'pinned'
        ? daskPinnedSnippet(table, names, request.snapshotId, profiles.dask, where, columns)
        : daskReadSnippet(table, variable, profiles.dask, where, columns);
  }
  return { code: `${code}\n${preview(engine, variable)}\n`, variable };
}
