/**
 * A verdict's findings in the details view: the ones that change Dask's rows
 * first and prominent, the layout facts that leave the rows equal grouped
 * quietly as layout notes, and the merge-on-read deletes Dask cannot apply.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { DeleteSummary, Finding, Verdict } from '../../core/api/wire';
import { changesRows } from '../model/findings';
import { formatCount, pathElement, section, table } from './elements';

/**
 * Findings drawn per group; a table with a hundred thousand stale files stays quick to open, and
 * `dual-layout check --format json` lists them all.
 */
const MAX_FINDINGS = 200;
const MAX_AFFECTED_FILES = 50;

export interface IFindingSections {
  /** Findings that make Dask's rows differ from Iceberg's. */
  rowChanging: VirtualElement | null;
  deletes: VirtualElement | null;
  /** Layout facts and information that leave the rows equal. */
  layoutNotes: VirtualElement | null;
}

export function renderFindings(verdict: Verdict | null, trans: TranslationBundle): IFindingSections {
  const findings = verdict?.findings ?? [];
  const changing = findings.filter(changesRows);
  const notes = findings.filter(finding => !changesRows(finding));
  return {
    rowChanging: changing.length
      ? section(
          trans._n('%1 finding changes the rows Dask reads', '%1 findings change the rows Dask reads', changing.length),
          'findings',
          findingTable(changing, trans)
        )
      : null,
    deletes: verdict?.deletes ? renderDeletes(verdict.deletes, trans) : null,
    layoutNotes: notes.length
      ? section(
          trans.__('Layout notes'),
          'layout-notes',
          h.p(
            { className: 'jp-DualLayout-Note' },
            trans._n(
              'This fact about the tree leaves Dask’s rows equal to Iceberg’s.',
              'These facts about the tree leave Dask’s rows equal to Iceberg’s.',
              notes.length
            )
          ),
          findingTable(notes, trans)
        )
      : null
  };
}

function findingTable(findings: Finding[], trans: TranslationBundle): VirtualElement {
  const shown = findings.slice(0, MAX_FINDINGS);
  return h.div(
    table(
      [trans.__('Kind'), trans.__('File'), trans.__('What it means')],
      shown.map(f => [h.span({ className: `jp-DualLayout-Kind jp-DualLayout-Kind-${f.kind}` }, f.kind), pathElement(f.path), f.detail])
    ),
    ...(findings.length > shown.length
      ? [
          h.p(
            { className: 'jp-DualLayout-Note' },
            trans.__('%1 more not shown; dual-layout check --format json lists every finding.', formatCount(findings.length - shown.length))
          )
        ]
      : [])
  );
}

function renderDeletes(deletes: DeleteSummary, trans: TranslationBundle): VirtualElement {
  const files = deletes.affectedDataFiles;
  const shown = files.slice(0, MAX_AFFECTED_FILES);
  return section(
    trans.__('Deletes Dask cannot apply'),
    'deletes',
    h.p(
      { className: 'jp-DualLayout-DeleteSummary' },
      trans._n(
        '%2 deleted rows in %1 data file: Dask reads them as if they were live.',
        '%2 deleted rows in %1 data files: Dask reads them as if they were live.',
        files.length,
        formatCount(deletes.deletedRows)
      )
    ),
    h.ul({ className: 'jp-DualLayout-FileList', 'aria-label': trans.__('Data files with deleted rows') }, ...shown.map(file => h.li(pathElement(file)))),
    ...(files.length > shown.length
      ? [h.p({ className: 'jp-DualLayout-Note' }, trans.__('and %1 more data files.', formatCount(files.length - shown.length)))]
      : [])
  );
}
