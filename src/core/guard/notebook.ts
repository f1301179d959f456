/** The cells of a `.ipynb` document, as the guard analyses them. */

export interface NotebookCell {
  /** 0-based index among all cells, markdown included. */
  index: number;
  source: string;
}

export class NotebookFormatError extends Error {
  constructor(
    message: string,
    readonly file: string
  ) {
    super(`${file}: ${message}`);
    this.name = 'NotebookFormatError';
  }
}

/** The code cells of a notebook, in order, with their index among all cells. */
export function codeCells(text: string, file: string): NotebookCell[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new NotebookFormatError(`not a JSON notebook (${(error as Error).message})`, file);
  }
  const cells = (document as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) {
    throw new NotebookFormatError('not a notebook: no "cells" list', file);
  }
  const out: NotebookCell[] = [];
  cells.forEach((cell: { cell_type?: unknown; source?: unknown }, index) => {
    if (cell?.cell_type !== 'code') {
      return;
    }
    const source = Array.isArray(cell.source) ? cell.source.join('') : typeof cell.source === 'string' ? cell.source : '';
    out.push({ index, source });
  });
  return out;
}
