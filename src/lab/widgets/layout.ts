/**
 * What a verdict's layout means, in words: the sidebar's quiet layout chip
 * and the details view's Layout line. The status says whether Dask's rows are
 * right; the layout says how the tree is laid out, whatever the status.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { Layout, LayoutKind } from '../../core/api/wire';

export function layoutLabel(kind: LayoutKind, trans: TranslationBundle): string {
  switch (kind) {
    case 'hive':
      return trans.__('hive');
    case 'hive-mixed':
      return trans.__('hive-mixed');
    case 'object-storage':
      return trans.__('object storage');
    case 'unpartitioned':
      return trans.__('unpartitioned');
    case 'flat':
      return trans.__('flat');
  }
}

export function pruningLabel(layout: Layout, trans: TranslationBundle): string {
  return layout.pruning === 'safe' ? trans.__('directory pruning is safe') : trans.__('directory pruning is unsafe');
}

/** The explanation and the pruning flag in one sentence, for tooltips and screen readers. */
export function layoutDescription(layout: Layout, trans: TranslationBundle): string {
  return trans.__('Layout %1, %2: %3', layoutLabel(layout.kind, trans), pruningLabel(layout, trans), layout.explanation);
}

/**
 * The small chip beside a table's status badge. Where the explanation is not written next to it
 * (the sidebar), the chip carries it as its tooltip and accessible name.
 */
export function layoutChip(layout: Layout, trans: TranslationBundle, { explained = false } = {}): VirtualElement {
  const description = layoutDescription(layout, trans);
  return h.span(
    {
      className: `jp-DualLayout-LayoutChip jp-DualLayout-LayoutChip-${layout.kind}${layout.pruning === 'unsafe' ? ' jp-mod-unsafe' : ''}`,
      ...(explained ? {} : { title: description, 'aria-label': description })
    },
    layoutLabel(layout.kind, trans)
  );
}
