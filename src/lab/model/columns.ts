/**
 * The details view's column chooser: which of a table's current top-level columns Open in Dask and
 * Open in Spark read. Every column is checked until the user unchecks some, and "all checked" sends
 * no column list, so the code is the whole-table read it was without the chooser. No DOM.
 */

export interface IColumnChoice {
  /** The table's current top-level columns, in the table's order. */
  readonly columns: readonly string[];
  /** The checked ones, in the table's order; never empty. */
  readonly chosen: readonly string[];
  /** What the reads send as `columns`: the checked ones, or undefined while every column is checked. */
  readonly projection: readonly string[] | undefined;
}

/**
 * The choice a pick makes among `columns` (no pick: every column). A pick naming none of them
 * (the schema dropped every picked column since) means every column: a read never projects onto nothing.
 */
export function columnChoice(columns: readonly string[], picked: ReadonlySet<string> | undefined): IColumnChoice {
  const chosen = picked ? columns.filter(column => picked.has(column)) : columns;
  const all = chosen.length === 0 || chosen.length === columns.length;
  return { columns, chosen: all ? columns : chosen, projection: all ? undefined : chosen };
}

/** The pick once `column` is checked or unchecked; unchecking the last checked column changes nothing. */
export function pickColumn(choice: IColumnChoice, column: string, checked: boolean): ReadonlySet<string> {
  const picked = new Set(choice.chosen);
  if (checked) {
    picked.add(column);
  } else if (picked.size > 1) {
    picked.delete(column);
  }
  return picked;
}
