/**
 * The details view of one table: verdict and actions, findings with the exact
 * files, overview, schema, partitioning, snapshots and a preview of rows.
 * Renders its TableDetailsModel; never fetches.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import type { Message } from '@lumino/messaging';
import { h, VirtualDOM, VirtualElement } from '@lumino/virtualdom';
import { Widget } from '@lumino/widgets';
import type { IcebergType } from '../../core/iceberg/model';
import type { TableDetails, Verdict } from '../../core/api/wire';
import type { TableDetailsModel } from '../model/details';
import { CommandIDs } from '../tokens';
import { handleGridKeydown, renderPreviewGrid } from './previewgrid';
import { statusDescription, statusLabel } from './status';

export class TableDetailsPanel extends Widget {
  constructor(options: TableDetailsPanel.IOptions) {
    super();
    this._details = options.details;
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('jp-DualLayout-Details');
    this._details.changed.connect(this._onChanged, this);
    this.node.addEventListener('keydown', handleGridKeydown);
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
    const sections: VirtualElement[] = [this._renderHeader(table, verdict)];
    if (verdict && verdict.findings.length > 0) {
      sections.push(this._renderFindings(verdict));
    }
    if (details.state === 'loading') {
      sections.push(h.p({ className: 'jp-DualLayout-Note' }, trans.__('Reading the table metadata…')));
    } else if (details.state === 'failed') {
      sections.push(h.p({ className: 'jp-DualLayout-ErrorText', role: 'alert' }, details.message));
    } else if (details.state === 'ready') {
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
    const run = (command: CommandIDs) => () => void this._commands.execute(command, { table });
    const button = (command: CommandIDs, label: string, primary = false) =>
      h.button(
        { className: `jp-DualLayout-Button${primary ? ' jp-mod-accept' : ''}`, type: 'button', onclick: run(command) },
        label
      );
    const pinned = button(CommandIDs.openPinnedInDask, trans.__('Open snapshot-pinned in Dask'), status === 'drift');
    const dask = button(CommandIDs.openInDask, trans.__('Open in Dask'), status === 'consistent');
    return h.header(
      { className: 'jp-DualLayout-DetailsHeader' },
      h.h1({ className: 'jp-DualLayout-DetailsTitle' }, table),
      h.div(
        { className: 'jp-DualLayout-Verdict', role: 'status' },
        h.span({ className: `jp-DualLayout-Badge jp-DualLayout-Badge-${status}` }, statusLabel(status, trans)),
        h.span({ className: 'jp-DualLayout-VerdictText' }, statusDescription(status, verdict, progress, trans)),
        ...(verdict?.checkedAtMs && status !== 'checking'
          ? [h.span({ className: 'jp-DualLayout-Note' }, trans.__('Checked %1', formatTime(verdict.checkedAtMs)))]
          : [])
      ),
      h.div(
        { className: 'jp-DualLayout-Actions', role: 'toolbar', 'aria-label': trans.__('Table actions') },
        status === 'checking'
          ? button(CommandIDs.cancelCheck, trans.__('Cancel'))
          : button(CommandIDs.checkTable, trans.__('Check now')),
        // On drift the pinned read comes first: it is the one that gives the right rows.
        ...(status === 'drift' ? [pinned, dask] : [dask, pinned]),
        button(CommandIDs.openInSpark, trans.__('Open in Spark')),
        button(CommandIDs.joinWith, trans.__('Join with…')),
        button(CommandIDs.copyDask, trans.__('Copy Dask code')),
        button(CommandIDs.copySpark, trans.__('Copy Spark code'))
      )
    );
  }

  private _renderFindings(verdict: Verdict): VirtualElement {
    const trans = this._trans;
    return section(
      trans._n('%1 finding', '%1 findings', verdict.findings.length),
      'findings',
      table(
        [trans.__('Kind'), trans.__('File'), trans.__('What it means')],
        verdict.findings.map(f => [
          h.span({ className: `jp-DualLayout-Kind jp-DualLayout-Kind-${f.kind}` }, f.kind),
          h.code({ className: 'jp-DualLayout-Path' }, f.path),
          f.detail
        ])
      )
    );
  }

  private _renderMetadata(d: TableDetails): VirtualElement[] {
    const trans = this._trans;
    const fieldNames = new Map(d.schema.fields.map(f => [f.id, f.name]));
    const overview = section(
      trans.__('Overview'),
      'overview',
      h.dl(
        { className: 'jp-DualLayout-Facts' },
        ...fact(trans.__('Location'), h.code(d.location)),
        ...fact(trans.__('Data root (Dask reads here)'), h.code(d.dataRoot)),
        ...fact(trans.__('Format version'), String(d.formatVersion)),
        ...fact(trans.__('Current snapshot'), d.currentSnapshotId === null ? trans.__('none (empty table)') : String(d.currentSnapshotId)),
        ...fact(trans.__('Last updated'), formatTime(d.lastUpdatedMs)),
        ...fact(trans.__('Data files'), d.fileCount.toLocaleString()),
        ...fact(trans.__('Delete files'), d.deleteFileCount.toLocaleString()),
        ...fact(trans.__('Rows'), d.recordCount.toLocaleString()),
        ...fact(trans.__('Size'), formatBytes(d.totalBytes)),
        ...fact(trans.__('Metadata file'), h.code(d.metadataLocation))
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
              d.partitionSpec.fields.map(f => [
                String(f.fieldId),
                f.name,
                fieldNames.get(f.sourceId) ?? String(f.sourceId),
                h.code(f.transform)
              ])
            ),
            h.p(trans.__('Example Hive path:'), ' ', h.code(`${d.dataRoot.replace(/\/$/, '')}/${d.hivePathExample}`))
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
}

export namespace TableDetailsPanel {
  export interface IOptions {
    details: TableDetailsModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}

function section(title: string, name: string, ...content: (VirtualElement | string)[]): VirtualElement {
  return h.section(
    { className: `jp-DualLayout-Section jp-DualLayout-Section-${name}`, 'aria-label': title },
    h.h2({ className: 'jp-DualLayout-SectionTitle' }, title),
    ...content
  );
}

function fact(term: string, value: VirtualElement | string): VirtualElement[] {
  return [h.dt(term), h.dd(value)];
}

function table(headers: string[], rows: (VirtualElement | string)[][]): VirtualElement {
  return h.table(
    { className: 'jp-DualLayout-Table' },
    h.thead(h.tr(...headers.map(header => h.th({ scope: 'col' }, header)))),
    h.tbody(...rows.map(cells => h.tr(...cells.map(cell => h.td(cell)))))
  );
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

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
