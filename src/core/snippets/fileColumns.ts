/**
 * The names columns have inside a table's Parquet files. Iceberg writers
 * (pyiceberg and the Java library behind Spark) store a column whose name is
 * not an Avro name under an escaped one (`my col` → `my_x20col`, `2nd` →
 * `_2nd`) and read it back by field id; Dask and pyarrow see the escaped
 * name. Snippets that read files directly rename those columns back.
 */
import type { SnippetTable } from './profile';
import { currentSchema } from './partitioning';

const NAME_START = /^[\p{L}_]$/u;
const NAME_PART = /^[\p{L}\p{N}_]$/u;

function escapeCharacter(character: string): string {
  return /^\p{Nd}$/u.test(character) ? `_${character}` : `_x${character.codePointAt(0)!.toString(16).toUpperCase()}`;
}

/** The name an Iceberg writer gives column `name` in a data file (Iceberg's `makeCompatibleName`). */
export function fileColumnName(name: string): string {
  const characters = [...name];
  if (characters.length === 0 || (NAME_START.test(characters[0]) && characters.slice(1).every(c => NAME_PART.test(c)))) {
    return name;
  }
  return characters.map((c, i) => ((i === 0 ? NAME_START : NAME_PART).test(c) ? c : escapeCharacter(c))).join('');
}

/** Top-level columns stored under another name: file name → table name (empty when every name is kept). */
export function renamedColumns(table: SnippetTable): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const field of currentSchema(table).fields) {
    const stored = fileColumnName(field.name);
    if (stored !== field.name) {
      renamed[stored] = field.name;
    }
  }
  return renamed;
}
