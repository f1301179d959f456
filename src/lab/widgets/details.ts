/**
 * The details view of one table: verdict, layout, a filter, the columns to read and actions, the findings
 * that change rows, deletes, the repair plan, the Partitions chart, layout notes, overview,
 * schema, partitioning, snapshots and a preview of rows. Renders its
 * TableDetailsModel; never fetches.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import type { Message } from '@lumino/messaging';
import { caretDownIcon } from '@jupyterlab/ui-components';
import { h, hpass, VirtualDOM, VirtualElement } from '@lumino/virtualdom';
import { Widget } from '@lumino/widgets';
import type { IcebergType } from '../../core/iceberg/model';
import type { TableDetails, Verdict, VerdictStatus } from '../../core/api/wire';
import type { IColumnChoice } from '../model/columns';
import { INITIAL_BARS, type IPartitionChartState, type TableDetailsModel } from '../model/details';
import type { IPartitionOverview } from '../model/partitions';
import { directoryReadConcern } from '../model/readAdvice';
import { readArgs } from '../snippets/readArgs';
import { CommandIDs } from '../tokens';
import { bindWhereTo, exampleWhere, partitionSources, WhereError } from '../../core/snippets/where';
import { fact, formatBytes, formatCount, formatTime, pathElement, section, table } from './elements';
import { renderFindings } from './findings';
import { layoutChip, pruningLabel } from './layout';
import { renderPartitions } from './partitions';
import { handleGridKeydown, renderPreviewGrid } from './previewgrid';
import { renderRepairSection } from './repair';
import { publishedNote, statusDescription, statusLabel } from './status';

/** The filter the reads apply, whether the helper would refuse it, and the columns it tests. */
interface IFilter {
  text: string;
  error: string | null;
  tested: string[];
}

/** Up to this many chosen columns are named on the chooser's button; more are counted. */
const SUMMARY_NAMES = 3;

let chooserCount = 0;

export class TableDetailsPanel extends Widget {
  constructor(options: TableDetailsPanel.IOptions) {
    super();
    this._details = options.details;
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('jp-DualLayout-Details');
    this._details.changed.connect(this._onChanged, this);
    this.node.addEventListener('keydown', handleGridKeydown);
    this._chooserId = `jp-DualLayout-ColumnChooser-${++chooserCount}`;
  }

  get details(): TableDetailsModel {
    return this._details;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._details.dispose();
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (this._stale) {
      this.update();
    }
  }

  protected onUpdateRequest(): void {
    // Postpone rendering while hidden; onAfterShow catches up.
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    this._stale = false;
    const table = this._details.table;
    this.title.label = table ? table.split('.').slice(-1)[0] : this._trans.__('Table details');
    this.title.caption = table ?? '';
    VirtualDOM.render(table ? this._render(table) : [], this.node);
    // `checked` is only the box's default once it has been clicked: set what the choice says ("Check all" too).
    for (const box of this.node.querySelectorAll<HTMLInputElement>('.jp-DualLayout-ColumnOption input')) {
      box.checked = box.defaultChecked;
    }
  }

  private _onChanged(): void {
    this.update();
  }

  private _render(table: string): VirtualElement[] {
    const trans = this._trans;
    const model = this._details.model;
    const verdict = model.verdict(table);
    const details = this._details.details;
    const preview = this._details.preview;
    const findings = renderFindings(verdict, trans);
    const sections: VirtualElement[] = [this._renderHeader(table, verdict)];
    const repair = renderRepairSection({
      table,
      repair: this._details.repair,
      status: model.status(table),
      run: (command, args) => void this._commands.execute(command, { table, ...args }),
      trans
    });
    for (const shown of [findings.rowChanging, findings.deletes, repair]) {
      if (shown) {
        sections.push(shown);
      }
    }
    if (details.state === 'loading') {
      sections.push(h.p({ className: 'jp-DualLayout-Note' }, trans.__('Reading the table metadata…')));
    } else if (details.state === 'failed') {
      sections.push(h.p({ className: 'jp-DualLayout-ErrorText', role: 'alert' }, details.message));
    }
    const overview = this._details.partitions;
    if (overview) {
      sections.push(this._renderPartitions(overview, verdict?.status ?? null, model.status(table) === 'checking'));
    }
    if (findings.layoutNotes) {
      sections.push(findings.layoutNotes);
    }
    if (details.state === 'ready') {
      sections.push(...this._renderMetadata(details.value));
    }
    const previewBody =
      preview.state === 'ready'
        ? [
            ...(preview.value.deletes === 'not-applied'
              ? [
                  h.p(
                    { className: 'jp-DualLayout-Warning' },
                    trans.__('Delete files are not applied to this preview: some rows shown may be deleted in the table.')
                  )
                ]
              : []),
            renderPreviewGrid(preview.value, trans.__('Preview of %1', table), trans)
          ]
        : preview.state === 'failed'
          ? [h.p({ className: 'jp-DualLayout-ErrorText', role: 'alert' }, preview.message)]
          : [h.p({ className: 'jp-DualLayout-Note' }, trans.__('Reading rows…'))];
    sections.push(
      section(
        trans.__('Preview'),
        'preview',
        ...(preview.state === 'ready'
          ? [h.p({ className: 'jp-DualLayout-Note' }, trans.__('First %1 rows of the live data files.', preview.value.rows.length))]
          : []),
        ...previewBody
      )
    );
    return sections;
  }

  private _renderHeader(table: string, verdict: Verdict | null): VirtualElement {
    const trans = this._trans;
    const model = this._details.model;
    const status = model.status(table);
    const progress = model.progress(table);
    const filter = this._filter(table);
    const columns = this._details.columns;
    // The reads apply the filter and the column choice; copying, checking and joining do not.
    const reads = new Set([CommandIDs.openInDask, CommandIDs.openPinnedInDask, CommandIDs.openInSpark]);
    const run = (command: CommandIDs) => () =>
      void this._commands.execute(command, reads.has(command) ? readArgs(table, filter.text, columns?.projection) : { table });
    const button = (command: CommandIDs, label: string, primary = false) =>
      h.button({ className: `jp-DualLayout-Button${primary ? ' jp-mod-accept' : ''}`, type: 'button', onclick: run(command) }, label);
    // Where the directory read is not plainly right, the pinned read comes first: it always gives the snapshot's rows.
    const pinnedFirst = directoryReadConcern(verdict) !== null;
    const pinned = button(CommandIDs.openPinnedInDask, trans.__('Open in Dask (pinned to snapshot)'), pinnedFirst);
    const dask = button(CommandIDs.openInDask, trans.__('Open in Dask'), !pinnedFirst && status === 'consistent');
    return h.header(
      { className: 'jp-DualLayout-DetailsHeader' },
      h.h1({ className: 'jp-DualLayout-DetailsTitle' }, table),
      h.div(
        { className: 'jp-DualLayout-Verdict', role: 'status' },
        h.span({ className: `jp-DualLayout-Badge jp-DualLayout-Badge-${status}` }, statusLabel(status, trans)),
        h.span({ className: 'jp-DualLayout-VerdictText' }, statusDescription(status, verdict, progress, trans)),
        ...(status === 'checking' ? [] : this._renderCheckedWhen(verdict))
      ),
      this._renderLayout(verdict),
      this._renderFilter(table, filter, columns),
      h.div(
        { className: 'jp-DualLayout-Actions', role: 'toolbar', 'aria-label': trans.__('Table actions') },
        status === 'checking' ? button(CommandIDs.cancelCheck, trans.__('Cancel')) : button(CommandIDs.checkTable, trans.__('Check now')),
        ...(pinnedFirst ? [pinned, dask] : [dask, pinned]),
        button(CommandIDs.openInSpark, trans.__('Open in Spark')),
        button(CommandIDs.joinWith, trans.__('Join with…')),
        button(CommandIDs.copyDask, trans.__('Copy Dask code')),
        button(CommandIDs.copySpark, trans.__('Copy Spark code'))
      )
    );
  }

  /**
   * The filter the reads apply: what the user typed for this table, else a
   * predicate selecting the table's first listed partition; checked against
   * its partition columns as the helper will check it, with the columns it tests.
   */
  private _filter(table: string): IFilter {
    const details = this._details.details;
    const fields = details.state === 'ready' ? partitionSources(details.value.schema, details.value.partitionSpec) : null;
    const example = fields && details.state === 'ready' ? exampleWhere(fields, details.value.partitions[0]?.path ?? '') : null;
    const text = this._filters.get(table) ?? example ?? '';
    if (!fields || !text.trim()) {
      return { text, error: null, tested: [] };
    }
    try {
      const bound = bindWhereTo(table, fields, text);
      return { text, error: null, tested: [...new Set(bound.terms.map(term => term.source.name))] };
    } catch (error) {
      if (error instanceof WhereError) {
        return { text, error: error.message, tested: [] };
      }
      throw error;
    }
  }

  private _renderFilter(table: string, filter: IFilter, columns: IColumnChoice | null): VirtualElement {
    const trans = this._trans;
    // Columns the filter tests but the frame leaves out: the reads still filter on them (Iceberg's row filter,
    // Dask's `filters=` on files and directories, Spark's filter before its select), the frame just has no such column.
    const leftOut = columns?.projection ? filter.tested.filter(column => !columns.chosen.includes(column)) : [];
    return h.div(
      { className: 'jp-DualLayout-Filter' },
      h.span({ className: 'jp-DualLayout-LayoutTerm' }, trans.__('Filter')),
      h.input({
        className: 'jp-DualLayout-FilterInput jp-mod-styled',
        type: 'text',
        value: filter.text,
        spellcheck: 'false',
        placeholder: trans.__("region = 'EU' AND night >= 20240101"),
        'aria-label': trans.__('Filter on partition columns for Open in Dask and Open in Spark'),
        'aria-invalid': filter.error ? 'true' : 'false',
        oninput: (event: Event) => {
          this._filters.set(table, (event.target as HTMLInputElement).value);
          this.update();
        }
      }),
      ...(columns ? this._renderColumnsToggle(columns) : []),
      filter.error
        ? h.span({ className: 'jp-DualLayout-ErrorText jp-DualLayout-FilterMessage', role: 'alert' }, filter.error)
        : h.span(
            { className: 'jp-DualLayout-Note jp-DualLayout-FilterMessage' },
            trans.__('Partition columns only: the Dask read opens just the matching partitions. Empty reads everything.')
          ),
      ...(columns && this._columnsOpen ? [this._renderColumnChooser(columns)] : []),
      ...(leftOut.length
        ? [
            h.span(
              { className: 'jp-DualLayout-Note jp-DualLayout-FilterMessage' },
              trans._n(
                'The filter still applies to %2, which the frame leaves out: check it to keep it.',
                'The filter still applies to %2, which the frame leaves out: check them to keep them.',
                leftOut.length,
                leftOut.join(', ')
              )
            )
          ]
        : [])
    );
  }

  /** "Columns [all 5 ▾]": what the reads load, and the button that shows the chooser. */
  private _renderColumnsToggle(columns: IColumnChoice): VirtualElement[] {
    const trans = this._trans;
    const { chosen, projection } = columns;
    const summary = !projection
      ? trans.__('all %1', columns.columns.length)
      : chosen.length <= SUMMARY_NAMES
        ? chosen.join(', ')
        : trans.__('%1 of %2', chosen.length, columns.columns.length);
    return [
      h.span({ className: 'jp-DualLayout-LayoutTerm' }, trans.__('Columns')),
      h.button(
        {
          className: 'jp-DualLayout-Button jp-DualLayout-ColumnsToggle',
          type: 'button',
          'aria-expanded': this._columnsOpen ? 'true' : 'false',
          'aria-controls': this._chooserId,
          'aria-label': trans.__('Columns for Open in Dask and Open in Spark: %1', summary),
          title: chosen.join(', '),
          onclick: () => {
            this._columnsOpen = !this._columnsOpen;
            this.update();
          }
        },
        h.span({ className: 'jp-DualLayout-ColumnsSummary' }, summary),
        hpass('span', { className: 'jp-DualLayout-ColumnsCaret' }, caretDownIcon)
      )
    ];
  }

  /**
   * One checkbox per top-level column, and beside each an "only" that unchecks the others; the last
   * checked column cannot be unchecked (a read loads at least one column).
   */
  private _renderColumnChooser(columns: IColumnChoice): VirtualElement {
    const trans = this._trans;
    const details = this._details.details;
    const types = new Map(details.state === 'ready' ? details.value.schema.fields.map(f => [f.name, f.type]) : []);
    const partitionColumns = new Set(
      details.state === 'ready' ? partitionSources(details.value.schema, details.value.partitionSpec).map(f => f.source.name) : []
    );
    const only = columns.chosen.length === 1 ? columns.chosen[0] : null;
    return h.div(
      {
        className: 'jp-DualLayout-ColumnChooser',
        id: this._chooserId,
        role: 'group',
        'aria-label': trans.__('Columns to read'),
        onkeydown: (event: KeyboardEvent) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            this._columnsOpen = false;
            this.update();
            this.node.querySelector<HTMLElement>(`[aria-controls="${this._chooserId}"]`)?.focus();
          }
        }
      },
      h.div(
        { className: 'jp-DualLayout-ColumnChooserBar' },
        h.span({ className: 'jp-DualLayout-Note' }, trans.__('Open in Dask and Open in Spark read the checked columns.')),
        h.button(
          {
            className: 'jp-DualLayout-LinkButton',
            type: 'button',
            ...(columns.projection ? {} : { disabled: '' }),
            onclick: () => this._details.chooseAllColumns()
          },
          trans.__('Check all')
        )
      ),
      h.ul(
        { className: 'jp-DualLayout-ColumnList' },
        ...columns.columns.map(name => {
          const checked = columns.chosen.includes(name);
          const type = types.get(name);
          return h.li(
            { key: name, className: 'jp-DualLayout-ColumnItem' },
            h.label(
              { className: 'jp-DualLayout-ColumnOption', title: type === undefined ? name : `${name}: ${typeName(type)}` },
              h.input({
                type: 'checkbox',
                ...(checked ? { checked: '' } : {}),
                ...(name === only ? { disabled: '', title: trans.__('A read loads at least one column') } : {}),
                onchange: (event: Event) => this._details.chooseColumn(name, (event.target as HTMLInputElement).checked)
              }),
              // Spaces between the parts, so the box's accessible name reads "region string partition".
              h.span({ className: 'jp-DualLayout-ColumnName' }, name),
              ...(type === undefined ? [] : [' ', h.span({ className: 'jp-DualLayout-ColumnType' }, typeof type === 'string' ? type : type.type)]),
              ...(partitionColumns.has(name) ? [' ', h.span({ className: 'jp-DualLayout-ColumnTag' }, trans.__('partition'))] : [])
            ),
            h.button(
              {
                className: 'jp-DualLayout-LinkButton jp-DualLayout-ColumnOnly',
                type: 'button',
                'aria-label': trans.__('Read only %1', name),
                onclick: () => this._details.chooseOnlyColumn(name)
              },
              trans.__('only')
            )
          );
        })
      )
    );
  }

  /** When the verdict was made, and by whom when it was published to the verdict store. */
  private _renderCheckedWhen(verdict: Verdict | null): VirtualElement[] {
    const published = publishedNote(verdict, this._trans);
    if (published) {
      return [h.span({ className: 'jp-DualLayout-Note jp-DualLayout-Published' }, published)];
    }
    return verdict?.checkedAtMs ? [h.span({ className: 'jp-DualLayout-Note' }, this._trans.__('Checked %1', formatTime(verdict.checkedAtMs)))] : [];
  }

  /** The tree's layout, whatever the status: what it is, whether directory pruning is safe, and why. */
  private _renderLayout(verdict: Verdict | null): VirtualElement {
    const trans = this._trans;
    const layout = verdict?.layout;
    return h.p(
      { className: 'jp-DualLayout-LayoutLine' },
      h.span({ className: 'jp-DualLayout-LayoutTerm' }, trans.__('Layout')),
      ...(layout
        ? [
            layoutChip(layout, trans, { explained: true }),
            h.span({ className: `jp-DualLayout-Pruning jp-mod-${layout.pruning}` }, pruningLabel(layout, trans)),
            h.span({ className: 'jp-DualLayout-LayoutExplanation' }, layout.explanation)
          ]
        : [
            h.span(
              { className: 'jp-DualLayout-Note' },
              verdict?.status === 'error'
                ? trans.__('unknown: the table could not be checked')
                : verdict
                  ? trans.__('not reported by this verdict; check the table again')
                  : trans.__('known after a check')
            )
          ])
    );
  }

  /** Drawn again only when the overview (details or verdict), the chart's settings or checking change. */
  private _renderPartitions(overview: IPartitionOverview, verdictStatus: VerdictStatus | null, checking: boolean): VirtualElement {
    const chart = this._details.chart;
    const last = this._partitions;
    if (last?.overview === overview && last.chart === chart && last.checking === checking) {
      return last.element;
    }
    const element = renderPartitions({
      overview,
      chart,
      verdictStatus,
      checking,
      initialBars: INITIAL_BARS,
      onChange: (next: IPartitionChartState) => (this._details.chart = next),
      trans: this._trans
    });
    this._partitions = { overview, chart, checking, element };
    return element;
  }

  private _renderMetadata(d: TableDetails): VirtualElement[] {
    const trans = this._trans;
    const fieldNames = new Map(d.schema.fields.map(f => [f.id, f.name]));
    const overview = section(
      trans.__('Overview'),
      'overview',
      h.dl(
        { className: 'jp-DualLayout-Facts' },
        ...fact(trans.__('Location'), pathElement(d.location)),
        ...fact(trans.__('Data root (Dask reads here)'), pathElement(d.dataRoot)),
        ...fact(trans.__('Format version'), String(d.formatVersion)),
        ...fact(trans.__('Current snapshot'), d.currentSnapshotId === null ? trans.__('none (empty table)') : String(d.currentSnapshotId)),
        ...fact(trans.__('Last updated'), formatTime(d.lastUpdatedMs)),
        ...fact(trans.__('Data files'), formatCount(d.fileCount)),
        ...fact(trans.__('Delete files'), formatCount(d.deleteFileCount)),
        ...fact(trans.__('Rows'), formatCount(d.recordCount)),
        ...fact(trans.__('Size'), formatBytes(d.totalBytes)),
        ...fact(trans.__('Metadata file'), pathElement(d.metadataLocation))
      )
    );
    const schema = section(
      trans.__('Schema'),
      'schema',
      table(
        [trans.__('Field id'), trans.__('Name'), trans.__('Type'), trans.__('Required'), trans.__('Doc')],
        d.schema.fields.map(f => [String(f.id), f.name, h.code(typeName(f.type)), f.required ? trans.__('yes') : trans.__('no'), f.doc ?? ''])
      )
    );
    const partitioning = section(
      trans.__('Partitioning'),
      'partitioning',
      ...(d.partitionSpec.fields.length === 0
        ? [h.p(trans.__('Not partitioned: every file sits directly under the data root.'))]
        : [
            table(
              [trans.__('Field id'), trans.__('Partition name'), trans.__('Source column'), trans.__('Transform')],
              d.partitionSpec.fields.map(f => [String(f.fieldId), f.name, fieldNames.get(f.sourceId) ?? String(f.sourceId), h.code(f.transform)])
            ),
            h.p(trans.__('Example Hive path:'), ' ', pathElement(`${d.dataRoot.replace(/\/$/, '')}/${d.hivePathExample}`))
          ])
    );
    const snapshots = section(
      trans.__('Snapshot history'),
      'snapshots',
      table(
        [trans.__('Snapshot'), trans.__('Committed'), trans.__('Operation'), trans.__('Added files'), trans.__('Deleted files')],
        [...d.snapshots]
          .sort((a, b) => b.timestampMs - a.timestampMs)
          .map(s => [
            String(s.snapshotId) + (s.snapshotId === d.currentSnapshotId ? ` (${trans.__('current')})` : ''),
            formatTime(s.timestampMs),
            s.operation ?? '',
            s.summary['added-data-files'] ?? '0',
            s.summary['deleted-data-files'] ?? '0'
          ])
      )
    );
    return [overview, schema, partitioning, snapshots];
  }

  private readonly _details: TableDetailsModel;
  private readonly _commands: CommandRegistry;
  private readonly _trans: TranslationBundle;
  private _stale = false;
  /** The filter typed for each table, kept while the panel lives. */
  private readonly _filters = new Map<string, string>();
  /** Whether the column chooser is shown (for every table the panel shows). */
  private _columnsOpen = false;
  /** Ties the chooser's toggle to its list (`aria-controls`), unique among panels. */
  private readonly _chooserId: string;
  private _partitions: {
    overview: IPartitionOverview;
    chart: Readonly<IPartitionChartState>;
    checking: boolean;
    element: VirtualElement;
  } | null = null;
}

export namespace TableDetailsPanel {
  export interface IOptions {
    details: TableDetailsModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}

export function typeName(type: IcebergType): string {
  if (typeof type === 'string') {
    return type;
  }
  switch (type.type) {
    case 'struct':
      return `struct<${type.fields.map(f => `${f.name}: ${typeName(f.type)}`).join(', ')}>`;
    case 'list':
      return `list<${typeName(type.element)}>`;
    case 'map':
      return `map<${typeName(type.key)}, ${typeName(type.value)}>`;
  }
}
