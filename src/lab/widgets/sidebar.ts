/**
 * The left-panel table browser: a toolbar, a search box, what to configure
 * when there is nothing to show, the catalogs that failed with their whole
 * error (the tree's rows have room for one line of it), and the virtualised
 * tree.
 */
import { refreshIcon, Toolbar, ToolbarButton } from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { h, VirtualDOM, VirtualElement } from '@lumino/virtualdom';
import { Panel, Widget } from '@lumino/widgets';
import { protectionNotice } from '../guard/notice';
import type { IWriteGuard } from '../guard/tokens';
import { dualLayoutIcon } from '../icons';
import { CommandIDs, IDualLayoutModel } from '../tokens';
import { TableTreeView } from './treeview';

export class DualLayoutSidebar extends Panel {
  constructor(options: DualLayoutSidebar.IOptions) {
    super();
    const { model, commands, trans } = options;
    this._model = model;
    this._trans = trans;
    this.id = 'jp-DualLayout-sidebar';
    this.addClass('jp-DualLayout-Sidebar');
    this.title.icon = dualLayoutIcon;
    this.title.caption = trans.__('Dual-layout tables');

    const toolbar = new Toolbar();
    toolbar.addClass('jp-DualLayout-Toolbar');
    const heading = new Widget({ node: document.createElement('h2') });
    heading.addClass('jp-DualLayout-Heading');
    heading.node.textContent = trans.__('Tables');
    toolbar.addItem('heading', heading);
    toolbar.addItem('spacer', Toolbar.createSpacerItem());
    toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Refresh catalogs and verdicts'),
        onClick: () => void commands.execute(CommandIDs.refresh)
      })
    );

    this._search = document.createElement('input');
    this._search.type = 'search';
    this._search.className = 'jp-DualLayout-SearchInput jp-mod-styled';
    this._search.placeholder = trans.__('Table or namespace');
    this._search.setAttribute('aria-label', trans.__('Search tables by name or namespace'));
    this._search.addEventListener('input', () => model.search(this._search.value));
    this._search.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this._tree.focusTree();
      }
    });
    const searchBox = new Widget();
    searchBox.addClass('jp-DualLayout-Search');
    searchBox.node.appendChild(this._search);

    this._notice = new Widget();
    this._notice.addClass('jp-DualLayout-Notice');
    this._notice.node.setAttribute('role', 'status');

    this._protection = new Widget();
    this._protection.addClass('jp-DualLayout-Protection');

    this._failures = new Widget();
    this._failures.addClass('jp-DualLayout-CatalogFailures');
    this._failures.node.setAttribute('role', 'region');
    this._failures.node.setAttribute('aria-label', trans.__('Catalogs that failed'));

    this._tree = new TableTreeView({ model, commands, trans });
    this._tree.id = 'jp-DualLayout-tree';

    this.addWidget(toolbar);
    this.addWidget(searchBox);
    this.addWidget(this._notice);
    this.addWidget(this._protection);
    this.addWidget(this._failures);
    this.addWidget(this._tree);

    this._guard = options.guard ?? null;
    this._guard?.changed.connect(this._renderProtection, this);
    this._renderProtection();
    void this._guard?.loadPolicy();

    model.serverStateChanged.connect(this._renderNotice, this);
    model.rowsChanged.connect(this._renderNotice, this);
    model.rowsChanged.connect(this._renderFailures, this);
    this._renderNotice();
    this._renderFailures();
  }

  /** Each failed catalog's whole message, selectable text that wraps: no tooltip needed to read it. */
  private _renderFailures(): void {
    const failed = this._model.failedCatalogs;
    this._failures.setHidden(failed.length === 0);
    VirtualDOM.render(
      failed.map(catalog =>
        h.div(
          { className: 'jp-DualLayout-CatalogFailure', dataset: { catalog: catalog.name } },
          h.p({ className: 'jp-DualLayout-CatalogFailureTitle' }, this._trans.__('Catalog %1 (%2) failed', catalog.name, catalog.type)),
          h.p({ className: 'jp-DualLayout-CatalogFailureMessage' }, catalog.error ?? '')
        )
      ),
      this._failures.node
    );
  }

  /** Puts the cursor in the search box. */
  focusSearch(): void {
    this._search.focus();
  }

  /** Says when the write guard protects some tables from the catalog's word only, or none of a catalog's. */
  private _renderProtection(): void {
    const notice = this._guard ? protectionNotice(this._guard.protectionGaps, this._trans) : null;
    this._protection.setHidden(notice === null);
    VirtualDOM.render(notice, this._protection.node);
  }

  /** Tells the user plainly what is wrong or what to configure, above the tree. */
  private _renderNotice(): void {
    const trans = this._trans;
    const state = this._model.serverState;
    let content: VirtualElement[] | null = null;
    if (state.kind === 'missing') {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('The server half of jupyterlab-dual-layout is not running.')),
        h.p(
          trans.__(
            'Install the Python package in the environment that runs Jupyter Server (pip install jupyterlab-dual-layout), check that `jupyter server extension list` shows jupyterlab_dual_layout enabled, then restart JupyterLab.'
          )
        ),
        h.p({ className: 'jp-DualLayout-NoticeDetail' }, state.message)
      ];
    } else if (state.kind === 'mismatched') {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('Version mismatch')),
        h.p(state.message + ' ' + trans.__('Reinstall the Python package so both halves match, then restart JupyterLab.'))
      ];
    } else if (state.kind === 'failed') {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('The dual-layout helper did not answer.')),
        h.p({ className: 'jp-DualLayout-NoticeDetail' }, state.message),
        h.p(trans.__('The Jupyter Server log says why; use Refresh to try again.'))
      ];
    } else if (state.kind === 'restarting') {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('The dual-layout helper is restarting…')),
        h.p({ className: 'jp-DualLayout-NoticeDetail' }, state.message),
        h.p(trans.__('The tables come back by themselves as soon as it answers again.'))
      ];
    } else if (this._model.configError) {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('The catalog configuration has a problem.')),
        h.p({ className: 'jp-DualLayout-NoticeDetail' }, this._model.configError),
        h.p(trans.__('Fix ~/.pyiceberg.yaml (or the file in PYICEBERG_HOME), then use Refresh.'))
      ];
    } else if (this._model.isLoading && this._model.rows.length === 0) {
      content = [h.p(trans.__('Listing catalogs…'))];
    } else if (state.kind === 'ok' && this._model.rows.length === 0 && !this._model.query) {
      content = [
        h.p({ className: 'jp-DualLayout-NoticeTitle' }, trans.__('No catalogs found.')),
        h.p(
          trans.__(
            'Add one to ~/.pyiceberg.yaml (or the folder in PYICEBERG_HOME), for example a SQL catalog with `uri: sqlite:///…/catalog.db` and `warehouse: file:///…`, or set PYICEBERG_CATALOG__<NAME>__URI; then use Refresh. If catalogs are configured, check the “catalogs” setting of Dual Layout in Settings.'
          )
        )
      ];
    }
    this._notice.setHidden(content === null);
    VirtualDOM.render(content ?? [], this._notice.node);
  }

  private readonly _model: IDualLayoutModel;
  private readonly _trans: TranslationBundle;
  private readonly _search: HTMLInputElement;
  private readonly _notice: Widget;
  private readonly _protection: Widget;
  private readonly _failures: Widget;
  private readonly _guard: IWriteGuard | null;
  private readonly _tree: TableTreeView;
}

export namespace DualLayoutSidebar {
  export interface IOptions {
    model: IDualLayoutModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
    /** The write guard, when its plugin is enabled: its policy's gaps are shown above the tree. */
    guard?: IWriteGuard | null;
  }
}
