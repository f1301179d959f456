/**
 * Findings about columns: Parquet files whose columns disagree with the
 * current Iceberg schema (renamed, dropped and re-added, promoted), and the
 * column list Dask takes from the first file it lists.
 */
import type { Finding } from '../../core/api/wire';
import type { NestedField, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import { currentSchema } from '../../core/iceberg/schema';
import type { FileFooter, ParquetColumn } from './footers';
import { arrowTypeOf } from './partitionFindings';
import type { Views } from './views';

/** At most this many footers are read per check: one per snapshot that added live files, plus Dask's first file. */
export const MAX_FOOTER_SAMPLES = 200;

export interface FooterToRead {
  path: string;
  /** The file's `locationKey`, which keys the footers handed to `compareViews`. */
  key: string;
  /** From the manifest; -1 when unknown. */
  size: number;
}

/** The files whose footers the check reads: Dask's first file, and one live file per adding snapshot. */
export function footerPathsToRead(views: Views): FooterToRead[] {
  const chosen = new Map<string, FooterToRead>();
  const first = views.first;
  if (first) {
    const entry = views.liveData.get(first.key);
    chosen.set(first.key, { path: first.path, key: first.key, size: entry?.dataFile.fileSizeInBytes ?? -1 });
  }
  const bySnapshot = new Set<SnapshotId>();
  let previous: SnapshotId | null = null;
  for (const [key, entry] of views.liveData) {
    // Entries come manifest by manifest, so runs share a snapshot: skip them without a lookup.
    if (entry.snapshotId === previous) {
      continue;
    }
    if (chosen.size >= MAX_FOOTER_SAMPLES) {
      break;
    }
    const file = views.hiveByKey.get(key);
    if (!file) {
      continue;
    }
    previous = entry.snapshotId;
    if (bySnapshot.has(previous)) {
      continue;
    }
    bySnapshot.add(previous);
    chosen.set(key, { path: file.path, key, size: entry.dataFile.fileSizeInBytes });
  }
  return [...chosen.values()];
}

export function schemaFindings(metadata: TableMetadata, views: Views, footers: Map<string, FileFooter>): Finding[] {
  const schema = currentSchema(metadata);
  const findings: Finding[] = [];
  const first = views.first && footers.get(views.first.key);
  if (first) {
    findings.push(...daskColumns(schema.fields, views, first));
  }
  for (const [key, footer] of footers) {
    if (views.liveData.has(key)) {
      findings.push(...fileColumns(schema.fields, footer));
    }
  }
  return findings;
}

function daskColumns(fields: NestedField[], views: Views, first: FileFooter): Finding[] {
  const keys = views.hiveKeys;
  const stored = new Set(first.columns.map(c => c.name));
  const findings: Finding[] = [];
  for (const field of fields) {
    if (!stored.has(field.name) && !keys.has(field.name)) {
      findings.push({
        kind: 'schema-drift',
        path: first.path,
        detail: `Dask takes its columns from the first file it lists, this one, which has no column ${field.name}: Dask will not show ${field.name} at all.`
      });
    }
  }
  const names = new Set(fields.map(f => f.name));
  for (const column of first.columns) {
    if (!names.has(column.name) && !keys.has(column.name)) {
      findings.push({
        kind: 'extra-column',
        path: first.path,
        detail: `Dask shows a column ${column.name} taken from this file that the current Iceberg schema does not have.`
      });
    }
  }
  return findings;
}

function fileColumns(fields: NestedField[], footer: FileFooter): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map<number, ParquetColumn>();
  const byName = new Map<string, ParquetColumn>();
  for (const column of footer.columns) {
    if (column.fieldId !== undefined) {
      byId.set(column.fieldId, column);
    }
    byName.set(column.name, column);
  }
  const hasIds = byId.size > 0;
  for (const field of fields) {
    const sameId = hasIds ? byId.get(field.id) : byName.get(field.name);
    const sameName = byName.get(field.name);
    if (sameId && sameId.name !== field.name) {
      findings.push({
        kind: 'schema-drift',
        path: footer.path,
        detail: `Column ${field.name} is stored as ${sameId.name} in this file (renamed in Iceberg): Dask reads ${field.name} as null here and may show ${sameId.name} separately.`
      });
    } else if (!sameId && sameName && hasIds) {
      findings.push({
        kind: 'schema-drift',
        path: footer.path,
        detail: `This file's column ${field.name} is an older column of the same name (field id ${sameName.fieldId ?? 'none'}, now ${field.id}; dropped and re-added): Iceberg reads it as null, Dask reads the old values.`
      });
    } else if (sameId && typeof field.type === 'string') {
      const expected = arrowTypeOf(field.type);
      if (sameId.arrowType !== expected && sameId.arrowType !== 'nested' && isComparable(expected)) {
        findings.push({
          kind: 'schema-drift',
          path: footer.path,
          detail: `Column ${field.name} is stored as ${sameId.arrowType} in this file but the table says ${field.type} (type promotion): Dask's column type follows whichever file it lists first.`
        });
      }
    }
  }
  return findings;
}

function isComparable(arrowType: string): boolean {
  return ['int32', 'int64', 'float', 'double', 'string', 'date32', 'bool', 'timestamp', 'decimal'].includes(arrowType);
}
