/**
 * Findings about columns: Parquet files whose columns disagree with the
 * current Iceberg schema (renamed, dropped and re-added, promoted) or with
 * the column list Dask takes from the first file it lists.
 */
import type { Finding } from '../../core/api/wire';
import type { NestedField, TableMetadata } from '../../core/iceberg/model';
import { currentSchema } from '../../core/iceberg/schema';
import { DaskModel, daskColumnNames } from './daskModel';
import type { FileFooter, ParquetColumn } from './footers';
import { arrowTypeOf } from './partitionFindings';

/**
 * At most this many footers are read per check: Dask's first file, and one live file per distinct
 * (adding snapshot, partition spec), which is where a file's schema can change.
 */
export const MAX_FOOTER_SAMPLES = 200;

export interface FooterToRead {
  path: string;
  /** The file's `locationKey`, which keys the footers handed to `TablePlan.compare`. */
  key: string;
  /** From the manifest; -1 when unknown. */
  size: number;
}

/**
 * The files whose footers the check reads: Dask's first file, and per (adding snapshot, spec)
 * the listed live file `samples` names (the smallest key), up to MAX_FOOTER_SAMPLES in key order.
 */
export function footerPathsToRead(first: FooterToRead | null, samples: readonly FooterToRead[]): FooterToRead[] {
  const chosen = new Map<string, FooterToRead>();
  if (first) {
    chosen.set(first.key, { path: first.path, key: first.key, size: first.size });
  }
  for (const sample of [...samples].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (chosen.size >= MAX_FOOTER_SAMPLES) {
      break;
    }
    chosen.set(sample.key, { path: sample.path, key: sample.key, size: sample.size });
  }
  return [...chosen.values()];
}

/**
 * Columns as Dask reads them (see daskModel.ts), checked on every footer read of a live data
 * file (`isLive` by key) against Dask's column list, the first file's. `filtered` says whether
 * the verdict also covers filtered reads (the table has partition source columns), which cast
 * every file to the first file's types.
 */
export function schemaFindings(
  metadata: TableMetadata,
  footers: Map<string, FileFooter>,
  isLive: (key: string) => boolean,
  model: DaskModel,
  filtered: boolean
): Finding[] {
  const first = model.first;
  if (!first) {
    return [];
  }
  const schema = currentSchema(metadata);
  const findings = [...daskColumns(schema.fields, model)];
  const sampled: FileFooter[] = [];
  for (const [key, footer] of footers) {
    if (isLive(key)) {
      sampled.push(footer);
      findings.push(...fileColumns(schema.fields, footer, model));
    }
  }
  findings.push(...integerWidths(schema.fields, model, sampled, filtered));
  return findings;
}

/** The table's columns against the columns Dask shows. */
function daskColumns(fields: NestedField[], model: DaskModel): Finding[] {
  const first = model.first!;
  const shown = daskColumnNames(model);
  const findings: Finding[] = [];
  for (const field of fields) {
    if (!shown.has(field.name)) {
      findings.push({
        kind: 'schema-drift',
        cause: 'older-schema-file',
        path: first.path,
        detail: `Dask takes its columns from the first file it lists, this one, which has no column ${field.name}: Dask will not show ${field.name} at all.`,
        changesRows: true
      });
    }
  }
  const names = new Set(fields.map(f => f.name));
  for (const column of first.columns) {
    if (!names.has(column.name) && !model.keys.has(column.name)) {
      findings.push({
        kind: 'extra-column',
        cause: 'dropped-column',
        path: first.path,
        detail: `Dask shows a column ${column.name} taken from this file that the current Iceberg schema does not have.`,
        changesRows: false
      });
    }
  }
  return findings;
}

/** One file's columns against Dask's column list and against the table's field ids. */
function fileColumns(fields: NestedField[], footer: FileFooter, model: DaskModel): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map<number, ParquetColumn>();
  const byName = new Map<string, ParquetColumn>();
  for (const column of footer.columns) {
    if (column.fieldId !== undefined) {
      byId.set(column.fieldId, column);
    }
    byName.set(column.name, column);
  }
  const missing = [...model.columns.keys()].filter(name => !byName.has(name));
  if (missing.length > 0 && model.plainReader === 'by-path') {
    findings.push({
      kind: 'schema-drift',
      cause: 'older-schema-file',
      path: footer.path,
      detail: `This file has no column ${missing.join(', ')}, which Dask takes from the first file it lists (${model.first!.path}): Dask's plain read raises a KeyError ("not in index").`,
      changesRows: true
    });
  }
  const hasIds = byId.size > 0;
  for (const field of fields) {
    const sameId = hasIds ? byId.get(field.id) : byName.get(field.name);
    const sameName = byName.get(field.name);
    if (sameId && sameId.name !== field.name) {
      findings.push({
        kind: 'schema-drift',
        cause: 'older-schema-file',
        path: footer.path,
        detail: `Column ${field.name} is stored as ${sameId.name} in this file (renamed in Iceberg): Iceberg reads its values as ${field.name}, Dask does not.`,
        // Dask shows nothing (or raises) for the file's values under the new name.
        changesRows: true
      });
    } else if (!sameId && sameName && hasIds) {
      findings.push({
        kind: 'schema-drift',
        cause: 'older-schema-file',
        path: footer.path,
        detail: `This file's column ${field.name} is an older column of the same name (field id ${sameName.fieldId ?? 'none'}, now ${field.id}; dropped and re-added): Iceberg reads it as null, Dask reads the old values.`,
        changesRows: model.columns.has(field.name)
      });
    } else if (sameId && typeof field.type === 'string') {
      const expected = arrowTypeOf(field.type);
      if (sameId.arrowType !== expected && sameId.arrowType !== 'nested' && isComparable(expected)) {
        findings.push({
          kind: 'schema-drift',
          cause: 'older-schema-file',
          path: footer.path,
          detail: `Column ${field.name} is stored as ${sameId.arrowType} in this file but the table says ${field.type} (type promotion).`,
          changesRows: !isLossless(sameId.arrowType, expected)
        });
      }
    }
  }
  return findings;
}

const INTEGER_WIDTH: Record<string, number> = { int32: 4, int64: 8 };

/**
 * Dask's integer column widths (they count: arithmetic overflows differently). A plain read that
 * opens files by path widens across files; a read that casts to the first file's schema (filtered
 * reads, and plain reads of a tree with directory columns) keeps the first file's width.
 */
function integerWidths(fields: NestedField[], model: DaskModel, sampled: FileFooter[], filtered: boolean): Finding[] {
  const first = model.first!;
  const castToFirst = filtered || model.plainReader === 'by-fragment';
  const findings: Finding[] = [];
  for (const field of fields) {
    const wanted = INTEGER_WIDTH[arrowTypeOf(field.type)];
    const stored = model.columns.get(field.name);
    const firstWidth = stored && INTEGER_WIDTH[stored.arrowType];
    if (!wanted || !firstWidth || firstWidth === wanted) {
      continue;
    }
    const widest = Math.max(firstWidth, ...sampled.map(f => INTEGER_WIDTH[f.columns.find(c => c.name === field.name)?.arrowType ?? ''] ?? 0));
    if (castToFirst || widest !== wanted) {
      findings.push({
        kind: 'schema-drift',
        cause: 'older-schema-file',
        path: first.path,
        detail: `Dask types ${field.name} as ${stored.arrowType}, as the first file it lists stores it${castToFirst ? ' (its filtered reads cast every file to that type)' : ''}, but the table says ${String(field.type)}.`,
        changesRows: true
      });
    }
  }
  return findings;
}

function isComparable(arrowType: string): boolean {
  return ['int32', 'int64', 'float', 'double', 'string', 'date32', 'bool', 'timestamp', 'decimal'].includes(arrowType);
}

/** Promotions whose values Dask returns unchanged; integer widths are judged on Dask's column as a whole. */
function isLossless(stored: string, expected: string): boolean {
  return (stored === 'float' && expected === 'double') || (stored === 'int32' && expected === 'int64');
}
