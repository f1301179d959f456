/**
 * An accessible grid of preview rows (WAI-ARIA grid pattern): one tab stop,
 * arrow keys move between cells, Home/End and Ctrl+Home/End jump.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { IPreviewData } from '../tokens';

export function renderPreviewGrid(preview: IPreviewData, label: string, trans: TranslationBundle): VirtualElement {
  const header = h.tr(
    { role: 'row', 'aria-rowindex': '1' },
    ...preview.columns.map((column, col) =>
      h.th(
        { role: 'columnheader', title: column.type, tabindex: col === 0 ? '0' : '-1', dataset: { row: '0', col: String(col) } },
        column.name,
        h.span({ className: 'jp-DualLayout-GridType' }, column.type)
      )
    )
  );
  const body = preview.rows.map((row, index) =>
    h.tr(
      { role: 'row', 'aria-rowindex': String(index + 2) },
      ...row.map((value, col) =>
        h.td(
          {
            role: 'gridcell',
            tabindex: '-1',
            className: value === 'null' ? 'jp-DualLayout-GridNull' : '',
            dataset: { row: String(index + 1), col: String(col) }
          },
          value
        )
      )
    )
  );
  return h.div(
    { className: 'jp-DualLayout-GridScroller' },
    h.table(
      {
        className: 'jp-DualLayout-Grid',
        role: 'grid',
        'aria-label': label,
        'aria-rowcount': String(preview.rows.length + 1),
        'aria-colcount': String(preview.columns.length)
      },
      h.thead(header),
      h.tbody(...body)
    ),
    ...(preview.rows.length === 0 ? [h.p({ className: 'jp-DualLayout-Empty' }, trans.__('The table has no rows.'))] : [])
  );
}

/** Moves focus between grid cells; attach to the element that contains the grid. */
export function handleGridKeydown(event: KeyboardEvent): void {
  const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-row][data-col]');
  const grid = cell?.closest('table');
  if (!cell || !grid) {
    return;
  }
  let row = Number(cell.dataset.row);
  let col = Number(cell.dataset.col);
  const rows = grid.querySelectorAll('tr').length;
  const cols = grid.querySelector('tr')?.children.length ?? 0;
  switch (event.key) {
    case 'ArrowDown':
      row = Math.min(rows - 1, row + 1);
      break;
    case 'ArrowUp':
      row = Math.max(0, row - 1);
      break;
    case 'ArrowRight':
      col = Math.min(cols - 1, col + 1);
      break;
    case 'ArrowLeft':
      col = Math.max(0, col - 1);
      break;
    case 'Home':
      col = 0;
      row = event.ctrlKey ? 0 : row;
      break;
    case 'End':
      col = cols - 1;
      row = event.ctrlKey ? rows - 1 : row;
      break;
    default:
      return;
  }
  event.preventDefault();
  const next = grid.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`);
  if (next) {
    cell.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}
