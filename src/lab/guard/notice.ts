/**
 * The notice that the write guard's protection is incomplete: shown in the guard's dialog and in
 * the sidebar, so nobody mistakes a table protected from its catalog's word alone, or a catalog
 * that could not be listed, for full protection.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { IProtectionGaps } from './tokens';

/** Null when the policy has no gaps. Each group opens to name its tables or catalogs and why. */
export function protectionNotice(gaps: IProtectionGaps, trans: TranslationBundle): VirtualElement | null {
  const groups: VirtualElement[] = [];
  const tables = gaps.tables.length;
  if (tables > 0) {
    groups.push(
      group(
        trans._n('Protection for %1 table is based on the catalog only', 'Protection for %1 tables is based on the catalog only', tables),
        gaps.tables.map(t => [t.table, t.reason]),
        trans._n(
          'Its metadata could not be read, so the guard protects the folder its catalog names for it.',
          'Their metadata could not be read, so the guard protects the folder their catalog names for each.',
          tables
        )
      )
    );
  }
  const catalogs = gaps.catalogs.length;
  if (catalogs > 0) {
    groups.push(
      group(
        trans._n('%1 catalog could not be listed: its tables are not protected', '%1 catalogs could not be listed: their tables are not protected', catalogs),
        gaps.catalogs.map(c => [c.catalog ?? trans.__('configuration'), c.reason])
      )
    );
  }
  return groups.length > 0 ? h.div({ className: 'jp-DualLayout-ProtectionNotice', role: 'status' }, ...groups) : null;
}

/** A closed `<details>`: the summary, and on opening, the explanation and each name with its reason. */
function group(summary: string, items: [string, string][], explanation?: string): VirtualElement {
  return h(
    'details',
    { className: 'jp-DualLayout-ProtectionGroup' },
    h.summary({ className: 'jp-DualLayout-ProtectionSummary', title: items.map(([name]) => name).join(', ') }, summary),
    ...(explanation ? [h.p(explanation)] : []),
    entries(items)
  );
}

function entries(items: [string, string][]): VirtualElement {
  return h.ul(
    { className: 'jp-DualLayout-ProtectionList' },
    ...items.map(([name, reason]) =>
      h.li(
        h.span({ className: 'jp-DualLayout-ProtectionName' }, name),
        ' ',
        // The helper's reasons stand alone in logs and the CLI, so they start with the name shown here.
        h.span({ className: 'jp-DualLayout-ProtectionReason' }, reason.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason)
      )
    )
  );
}
