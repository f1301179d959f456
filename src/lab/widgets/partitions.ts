/**
 * The details view's Partitions section: one horizontal bar per partition
 * (rows, bytes or files, from the manifests' live files), the partitions that
 * hold files the verifier flags highlighted with their count, so a scientist
 * sees at a glance which regions are safe to read from Dask. Bars are native
 * `<meter>` elements: their length is an attribute, no inline style.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { VerdictStatus } from '../../core/api/wire';
import type { IPartitionChartState } from '../model/details';
import { metricOf, orderBars, type IPartitionBar, type PartitionMetric, type PartitionOrder, type IPartitionOverview } from '../model/partitions';
import { formatBytes, formatCount, pathElement, section } from './elements';

/** Beyond this many hidden bars, "show more" adds a page instead of all of them at once. */
const SHOW_MORE_PAGE = 1000;

export interface IPartitionChartOptions {
  overview: IPartitionOverview;
  chart: Readonly<IPartitionChartState>;
  /** The status of the verdict the overview was drawn from; null before any check. */
  verdictStatus: VerdictStatus | null;
  /** A new check is running: the highlights are the last check's. */
  checking: boolean;
  /** Called with the chart's next state when the user changes it. */
  onChange: (chart: IPartitionChartState) => void;
  initialBars: number;
  trans: TranslationBundle;
}

export function renderPartitions(options: IPartitionChartOptions): VirtualElement {
  const { overview, chart, trans } = options;
  const bars = orderBars(overview.bars, chart.order, chart.metric);
  const shown = bars.slice(0, chart.limit);
  return section(
    trans.__('Partitions'),
    'partitions',
    h.p({ className: 'jp-DualLayout-PartitionSummary' }, summary(options)),
    ...(bars.length === 0
      ? []
      : [
          controls(options),
          // A grid of rows rather than a <table>: each row lays out on its own, so rows scrolled
          // out of view cost nothing (content-visibility in style/partitions.css).
          h.div(
            { className: 'jp-DualLayout-PartitionChart', role: 'table', 'aria-label': trans.__('Partitions') },
            h.div(
              { className: 'jp-DualLayout-PartitionRow jp-mod-header', role: 'row' },
              header(trans.__('Partition')),
              header(metricName(chart.metric, trans), 'jp-DualLayout-PartitionBarCell'),
              header(trans.__('Rows'), 'jp-mod-number'),
              header(trans.__('Files'), 'jp-mod-number'),
              header(trans.__('Size'), 'jp-mod-number'),
              header(trans.__('Flagged'))
            ),
            h.div({ role: 'rowgroup' }, ...shown.map(bar => barRow(bar, options)))
          ),
          ...moreOrFewer(options, bars.length)
        ])
  );
}

function summary({ overview, verdictStatus, checking, trans }: IPartitionChartOptions): string {
  const live = overview.bars.filter(bar => bar.live).length;
  const lines: string[] = [];
  if (live === 0) {
    lines.push(trans.__('The snapshot has no live data files.'));
  }
  if (verdictStatus === null) {
    lines.push(trans.__('Check the table to see which partitions hold files the verifier flags.'));
  } else if (verdictStatus === 'error') {
    lines.push(trans.__('The check failed, so which partitions are safe to read from Dask is not known.'));
  } else if (overview.wholeTree.length) {
    lines.push(trans.__('No partition is safe to read from Dask: %1', overview.wholeTree.map(finding => finding.detail).join(' ')));
  } else if (overview.flaggedPartitions) {
    lines.push(
      trans._n(
        '%1 of %2 partitions holds files the verifier flags (highlighted): Dask reads different rows there than Iceberg. The others read as Iceberg has them.',
        '%1 of %2 partitions hold files the verifier flags (highlighted): Dask reads different rows there than Iceberg. The others read as Iceberg has them.',
        overview.flaggedPartitions,
        formatCount(overview.bars.length)
      )
    );
  } else if (live > 0) {
    lines.push(trans._n('The partition holds no flagged file.', 'None of the %1 partitions holds a flagged file.', live));
  }
  if (overview.flaggedOutside) {
    lines.push(
      trans._n(
        '%1 flagged file lies outside the data root, where Dask does not read.',
        '%1 flagged files lie outside the data root, where Dask does not read.',
        overview.flaggedOutside
      )
    );
  }
  if (checking && verdictStatus !== null) {
    lines.push(trans.__('A new check is running; the highlights are from the last one.'));
  }
  return lines.join(' ');
}

function controls({ chart, onChange, trans }: IPartitionChartOptions): VirtualElement {
  const toggle = (label: string, pressed: boolean, next: Partial<IPartitionChartState>) =>
    h.button(
      {
        type: 'button',
        className: 'jp-DualLayout-Toggle',
        'aria-pressed': pressed ? 'true' : 'false',
        onclick: () => onChange({ ...chart, ...next })
      },
      label
    );
  const metrics: PartitionMetric[] = ['records', 'bytes', 'files'];
  const orders: [PartitionOrder, string][] = [
    ['flagged', trans.__('flagged first')],
    ['path', trans.__('by path')],
    ['largest', trans.__('largest first')]
  ];
  return h.div(
    { className: 'jp-DualLayout-PartitionControls' },
    h.div(
      { className: 'jp-DualLayout-ToggleGroup', role: 'group', 'aria-label': trans.__('Bar length') },
      h.span({ className: 'jp-DualLayout-ToggleLabel' }, trans.__('Bars show')),
      ...metrics.map(metric => toggle(metricName(metric, trans), chart.metric === metric, { metric }))
    ),
    h.div(
      { className: 'jp-DualLayout-ToggleGroup', role: 'group', 'aria-label': trans.__('Order') },
      h.span({ className: 'jp-DualLayout-ToggleLabel' }, trans.__('Order')),
      ...orders.map(([order, label]) => toggle(label, chart.order === order, { order }))
    )
  );
}

function barRow(bar: IPartitionBar, { overview, chart, trans }: IPartitionChartOptions): VirtualElement {
  const affected = bar.flaggedFiles > 0 || overview.wholeTree.length > 0;
  const value = metricOf(bar, chart.metric);
  const max = Math.max(overview.max[chart.metric], 1);
  const label = bar.path ? bar.path : trans.__('(data root)');
  const classes = ['jp-DualLayout-PartitionRow'];
  if (affected) {
    classes.push('jp-mod-flagged');
  }
  if (!bar.live) {
    classes.push('jp-mod-notLive');
  }
  // Unkeyed: reordering thousands of rows updates them in place instead of moving each node.
  return h.div(
    { className: classes.join(' '), role: 'row', dataset: { partition: bar.path } },
    h.div(
      { role: 'rowheader', className: 'jp-DualLayout-PartitionName' },
      bar.path ? pathElement(bar.path) : h.span({ className: 'jp-DualLayout-Note' }, label),
      ...(bar.live ? [] : [h.span({ className: 'jp-DualLayout-PartitionNote' }, trans.__('no live files; Dask reads it'))])
    ),
    h.div(
      { role: 'cell', className: 'jp-DualLayout-PartitionBarCell' },
      h.meter({
        className: 'jp-DualLayout-PartitionBar',
        min: '0',
        max: String(max),
        value: String(value),
        'aria-label': trans.__('%1 of %2: %3', metricName(chart.metric, trans), label, formatMetric(value, chart.metric)),
        title: formatMetric(value, chart.metric)
      })
    ),
    h.div({ role: 'cell', className: 'jp-mod-number' }, formatCount(bar.recordCount)),
    h.div({ role: 'cell', className: 'jp-mod-number' }, formatCount(bar.fileCount)),
    h.div({ role: 'cell', className: 'jp-mod-number' }, formatBytes(bar.totalBytes)),
    h.div(
      { role: 'cell', className: 'jp-DualLayout-PartitionFlags' },
      ...(bar.flaggedFiles > 0
        ? [
            h.span(
              { className: 'jp-DualLayout-FlagCount', title: bar.flaggedKinds.join(', ') },
              trans._n('%1 flagged file', '%1 flagged files', bar.flaggedFiles)
            )
          ]
        : overview.wholeTree.length
          ? [h.span({ className: 'jp-DualLayout-FlagCount' }, trans.__('whole tree'))]
          : [])
    )
  );
}

function moreOrFewer({ chart, onChange, initialBars, trans }: IPartitionChartOptions, total: number): VirtualElement[] {
  const hidden = total - Math.min(chart.limit, total);
  const buttons: VirtualElement[] = [];
  if (hidden > 0) {
    const label =
      hidden <= SHOW_MORE_PAGE
        ? trans.__('Show all %1 partitions', formatCount(total))
        : trans.__('Show %1 more of %2 hidden', formatCount(SHOW_MORE_PAGE), formatCount(hidden));
    buttons.push(
      h.button({ type: 'button', className: 'jp-DualLayout-Button', onclick: () => onChange({ ...chart, limit: chart.limit + SHOW_MORE_PAGE }) }, label)
    );
  }
  if (chart.limit > initialBars && total > initialBars) {
    buttons.push(
      h.button({ type: 'button', className: 'jp-DualLayout-Button', onclick: () => onChange({ ...chart, limit: initialBars }) }, trans.__('Show fewer'))
    );
  }
  return buttons.length ? [h.div({ className: 'jp-DualLayout-PartitionMore' }, ...buttons)] : [];
}

function header(label: string, className = ''): VirtualElement {
  return h.div({ role: 'columnheader', className }, label);
}

function metricName(metric: PartitionMetric, trans: TranslationBundle): string {
  switch (metric) {
    case 'records':
      return trans.__('Rows');
    case 'bytes':
      return trans.__('Size');
    case 'files':
      return trans.__('Files');
  }
}

function formatMetric(value: number, metric: PartitionMetric): string {
  return metric === 'bytes' ? formatBytes(value) : formatCount(value);
}
