/**
 * The sidebar's tree of catalogs, namespaces and tables, virtualised: only the
 * rows in view (plus a few) exist in the DOM, so ten thousand tables scroll
 * as smoothly as ten. Keyboard navigation follows the WAI-ARIA tree pattern.
 */
import type { CommandRegistry } from '@lumino/commands';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { h, VirtualDOM, VirtualElement } from '@lumino/virtualdom';
import { Widget } from '@lumino/widgets';
import { CommandIDs, IDualLayoutModel, TreeRow } from '../tokens';
import { layoutChip } from './layout';
import { publishedNote, statusDescription, statusLabel } from './status';

/** Must equal the height of `.jp-DualLayout-TreeItem` in style/base.css. */
export const ROW_HEIGHT = 26;
/** Rows rendered beyond each edge of the viewport, so fast scrolling shows no gaps. */
const OVERSCAN = 10;

export class TableTreeView extends Widget {
  constructor(options: TableTreeView.IOptions) {
    super();
    this._model = options.model;
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('jp-DualLayout-Tree');
    this.node.setAttribute('role', 'tree');
    this.node.setAttribute('aria-label', this._trans.__('Dual-layout tables'));
    this.node.tabIndex = 0;
    this._spacer = document.createElement('div');
    this._spacer.className = 'jp-DualLayout-TreeSpacer';
    this._window = document.createElement('div');
    this._window.className = 'jp-DualLayout-TreeWindow';
    this._window.setAttribute('role', 'presentation');
    this._spacer.appendChild(this._window);
    this.node.appendChild(this._spacer);
    this._model.rowsChanged.connect(this._onRowsChanged, this);
    this._model.statusChanged.connect(this._onStatusChanged, this);
    this._model.selectionChanged.connect(() => this.update(), this);
  }

  /** Moves keyboard focus into the tree. */
  focusTree(): void {
    this.node.focus();
  }

  handleEvent(event: Event): void {
    switch (event.type) {
      case 'scroll':
        this.update();
        break;
      case 'click':
        this._onClick(event as MouseEvent);
        break;
      case 'contextmenu':
        this._onContextMenu(event as MouseEvent);
        break;
      case 'keydown':
        this._onKeyDown(event as KeyboardEvent);
        break;
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    for (const type of ['scroll', 'click', 'contextmenu', 'keydown']) {
      this.node.addEventListener(type, this);
    }
    this.update();
  }

  protected onBeforeDetach(msg: Message): void {
    for (const type of ['scroll', 'click', 'contextmenu', 'keydown']) {
      this.node.removeEventListener(type, this);
    }
    super.onBeforeDetach(msg);
  }

  protected onResize(): void {
    this.update();
  }

  protected onAfterShow(): void {
    this.update();
  }

  protected onUpdateRequest(): void {
    if (!this.isVisible) {
      return;
    }
    const rows = this._model.rows;
    this._active = Math.min(this._active, rows.length - 1);
    // Geometry of the virtual window is the one thing CSS cannot know.
    this._spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.node.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil(this.node.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const visible = rows.slice(first, first + count);
    this._window.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    VirtualDOM.render(
      visible.map((row, offset) => this._renderRow(row, first + offset, rows.length)),
      this._window
    );
    if (this._active >= 0) {
      this.node.setAttribute('aria-activedescendant', this._rowId(this._active));
    } else {
      this.node.removeAttribute('aria-activedescendant');
    }
    for (const row of visible) {
      if (row.kind === 'table') {
        void this._model.ensureVerdict(row.table.id);
      } else if (row.kind === 'more') {
        void this._model.loadMore(row.key);
      }
    }
  }

  private _renderRow(row: TreeRow, index: number, total: number): VirtualElement {
    const selected = row.kind === 'table' && row.table.id === this._model.selectedTable;
    const classes = ['jp-DualLayout-TreeItem', `jp-DualLayout-TreeItem-${row.kind}`, `jp-DualLayout-depth-${row.depth}`];
    if (index === this._active) {
      classes.push('jp-mod-active');
    }
    if (selected) {
      classes.push('jp-mod-selected');
    }
    const expandable = row.kind === 'catalog' || row.kind === 'namespace';
    return h.div(
      {
        key: row.key,
        id: this._rowId(index),
        className: classes.join(' '),
        role: 'treeitem',
        'aria-level': String(row.depth + 1),
        'aria-posinset': String(index + 1),
        'aria-setsize': String(total),
        'aria-selected': selected ? 'true' : 'false',
        ...(expandable ? { 'aria-expanded': row.expanded ? 'true' : 'false' } : {}),
        dataset: { index: String(index), kind: row.kind, ...(row.kind === 'table' ? { table: row.table.id } : {}) }
      },
      ...this._rowContent(row)
    );
  }

  private _rowContent(row: TreeRow): (VirtualElement | string)[] {
    const trans = this._trans;
    // The caret is drawn by CSS from the row's aria-expanded.
    const caret = () => h.span({ className: 'jp-DualLayout-TreeCaret', 'aria-hidden': 'true' });
    switch (row.kind) {
      case 'catalog':
        return [
          caret(),
          h.span({ className: 'jp-DualLayout-TreeLabel' }, row.catalog.name),
          h.span({ className: 'jp-DualLayout-TreeMeta' }, row.catalog.type),
          ...(row.catalog.error ? [h.span({ className: 'jp-DualLayout-Badge jp-DualLayout-Badge-error' }, trans.__('error'))] : [])
        ];
      case 'namespace':
        return [caret(), h.span({ className: 'jp-DualLayout-TreeLabel' }, row.namespace.join('.'))];
      case 'table': {
        const id = row.table.id;
        const status = this._model.status(id);
        const verdict = this._model.verdict(id);
        const description = statusDescription(status, verdict, this._model.progress(id), trans);
        const published = status === 'checking' ? null : publishedNote(verdict, trans);
        const title = published ? `${description} ${published}.` : description;
        return [
          h.span({ className: 'jp-DualLayout-TreeLabel', title: id }, row.table.name),
          ...(row.showNamespace ? [h.span({ className: 'jp-DualLayout-TreeMeta' }, row.table.namespace.join('.'))] : []),
          // A verdict from before layouts were reported has none: the badge alone then.
          ...(verdict?.layout ? [layoutChip(verdict.layout, trans)] : []),
          h.span({ className: `jp-DualLayout-Badge jp-DualLayout-Badge-${status}`, title }, statusLabel(status, trans))
        ];
      }
      case 'loading':
        return [h.span({ className: 'jp-DualLayout-TreeNote' }, trans.__('Loading…'))];
      case 'more':
        return [h.span({ className: 'jp-DualLayout-TreeNote' }, trans.__('Loading %1 more…', row.remaining))];
      case 'error':
        return [h.span({ className: 'jp-DualLayout-TreeError', title: row.message }, row.message)];
      case 'empty':
        return [h.span({ className: 'jp-DualLayout-TreeNote' }, this._emptyMessage(row.reason))];
    }
  }

  private _emptyMessage(reason: 'no-namespaces' | 'no-tables' | 'no-match'): string {
    switch (reason) {
      case 'no-namespaces':
        return this._trans.__('This catalog has no namespaces yet.');
      case 'no-tables':
        return this._trans.__('This namespace has no tables.');
      case 'no-match':
        return this._trans.__('No table or namespace name contains “%1”.', this._model.query.trim());
    }
  }

  private _rowId(index: number): string {
    return `${this.id || 'jp-DualLayout-tree'}-row-${index}`;
  }

  private _rowIndex(event: Event): number {
    const item = (event.target as HTMLElement).closest<HTMLElement>('.jp-DualLayout-TreeItem');
    return item ? Number(item.dataset.index) : -1;
  }

  private _onClick(event: MouseEvent): void {
    const index = this._rowIndex(event);
    if (index < 0) {
      return;
    }
    this._active = index;
    this._activate(index);
  }

  /** Right-click selects the table first, so the context menu's commands act on it. */
  private _onContextMenu(event: MouseEvent): void {
    const index = this._rowIndex(event);
    const row = this._model.rows[index];
    if (row?.kind === 'table') {
      this._active = index;
      this._model.selectedTable = row.table.id;
    }
  }

  /** Opens a table, toggles a catalog or namespace. */
  private _activate(index: number): void {
    const row = this._model.rows[index];
    if (!row) {
      return;
    }
    if (row.kind === 'table') {
      this._model.selectedTable = row.table.id;
      void this._commands.execute(CommandIDs.openDetails, { table: row.table.id });
    } else if (row.kind === 'catalog' || row.kind === 'namespace') {
      void this._model.toggle(row.key);
    }
    this.update();
  }

  private _onKeyDown(event: KeyboardEvent): void {
    const rows = this._model.rows;
    const row = rows[this._active];
    let next = this._active;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, this._active + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, this._active - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'ArrowRight':
        if (row && (row.kind === 'catalog' || row.kind === 'namespace') && !row.expanded) {
          void this._model.toggle(row.key);
        } else {
          next = Math.min(rows.length - 1, this._active + 1);
        }
        break;
      case 'ArrowLeft':
        if (row && (row.kind === 'catalog' || row.kind === 'namespace') && row.expanded) {
          void this._model.toggle(row.key);
        } else if (row) {
          next = parentIndex(rows, this._active);
        }
        break;
      case 'Enter':
        this._activate(this._active);
        break;
      case ' ':
        if (row?.kind === 'table') {
          this._model.selectedTable = row.table.id;
        }
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (next !== this._active) {
      this._active = next;
      this._scrollIntoView(next);
    }
    this.update();
  }

  private _scrollIntoView(index: number): void {
    const top = index * ROW_HEIGHT;
    if (top < this.node.scrollTop) {
      this.node.scrollTop = top;
    } else if (top + ROW_HEIGHT > this.node.scrollTop + this.node.clientHeight) {
      this.node.scrollTop = top + ROW_HEIGHT - this.node.clientHeight;
    }
  }

  private _onRowsChanged(): void {
    if (this._active < 0 && this._model.rows.length) {
      this._active = 0;
    }
    this.update();
  }

  /** A verdict arrived: redraw only if that table is on screen. */
  private _onStatusChanged(_: IDualLayoutModel, tableId: string): void {
    if (this._window.querySelector(`[data-table="${CSS.escape(tableId)}"]`)) {
      this.update();
    }
  }

  private readonly _model: IDualLayoutModel;
  private readonly _commands: CommandRegistry;
  private readonly _trans: TranslationBundle;
  private readonly _spacer: HTMLDivElement;
  private readonly _window: HTMLDivElement;
  private _active = -1;
}

export namespace TableTreeView {
  export interface IOptions {
    model: IDualLayoutModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}

function parentIndex(rows: readonly TreeRow[], index: number): number {
  const depth = rows[index].depth;
  for (let i = index - 1; i >= 0; i--) {
    if (rows[i].depth < depth) {
      return i;
    }
  }
  return index;
}
