/**
 * The cells of a `.ipynb` document, as the guard analyses them. A document
 * that is not a well-formed nbformat 4 notebook is an error, never "no cells":
 * a scan that cannot read a notebook must not call it clean.
 */
import { describeJsonSyntaxError } from '../jsonSyntax';

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

/** The nbformat major version whose structure (a top-level `cells` list) we read. */
const NBFORMAT = 4;

/** The code cells of a notebook, in order, with their index among all cells. */
export function codeCells(text: string, file: string): NotebookCell[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // The parser's message would quote the file; say where and what instead.
    throw new NotebookFormatError(`not a JSON notebook (${describeJsonSyntaxError(text)})`, file);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new NotebookFormatError('not a notebook: the document is not a JSON object', file);
  }
  const { nbformat, cells } = document as { nbformat?: unknown; cells?: unknown };
  if (typeof nbformat === 'number' && nbformat < NBFORMAT) {
    throw new NotebookFormatError(
      `nbformat ${nbformat} notebooks are not read; convert it with \`jupyter nbconvert --to notebook --nbformat ${NBFORMAT}\``,
      file
    );
  }
  if (nbformat !== NBFORMAT) {
    throw new NotebookFormatError(`not a notebook: "nbformat" must be ${NBFORMAT}, not ${JSON.stringify(nbformat) ?? 'missing'}`, file);
  }
  if (!Array.isArray(cells)) {
    throw new NotebookFormatError('not a notebook: no "cells" list', file);
  }
  const out: NotebookCell[] = [];
  cells.forEach((cell: unknown, index) => {
    const { cell_type: type, source } = (cell ?? {}) as { cell_type?: unknown; source?: unknown };
    if (typeof cell !== 'object' || cell === null || typeof type !== 'string') {
      throw new NotebookFormatError(`cell ${index} is not a notebook cell (no "cell_type")`, file);
    }
    const text = sourceText(source);
    if (text === null) {
      throw new NotebookFormatError(`cell ${index}: "source" must be a string or a list of strings`, file);
    }
    if (type === 'code') {
      out.push({ index, source: text });
    }
  });
  return out;
}

/** nbformat 4 allows a cell's source as one string or as a list of lines. */
function sourceText(source: unknown): string | null {
  if (typeof source === 'string') {
    return source;
  }
  if (Array.isArray(source) && source.every(line => typeof line === 'string')) {
    return source.join('');
  }
  return null;
}
