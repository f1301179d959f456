/** The dialog that lists a cell's writes to protected targets before it runs. */
import type { GuardFinding } from '../../core/guard';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { VirtualDOM } from '@lumino/virtualdom';
import { Widget } from '@lumino/widgets';
import { protectionNotice } from './notice';
import type { IProtectionGaps } from './tokens';

export interface IConfirmOptions {
  findings: GuardFinding[];
  /** Where the cell is, e.g. "analysis.ipynb, cell 4". */
  where: string;
  /** In block mode the only choice is not to run. */
  block: boolean;
  /** What the policy could not base on table metadata; told below the findings. */
  gaps: IProtectionGaps;
  trans: TranslationBundle;
}

/** The operation, and where it is when a script the cell runs makes it: `to_parquet in /work/etl.py, line 3`. */
export function describeOperation(finding: GuardFinding, trans: TranslationBundle): string {
  return finding.script ? trans.__('%1 in %2, line %3', finding.operation, finding.script.file, finding.script.line) : finding.operation;
}

function findingsTable(findings: GuardFinding[], trans: TranslationBundle): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'jp-DualLayout-GuardFindings';
  const head = table.createTHead().insertRow();
  for (const title of [trans.__('Line'), trans.__('Operation'), trans.__('Target'), trans.__('Table')]) {
    const th = document.createElement('th');
    th.textContent = title;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const finding of findings) {
    const row = body.insertRow();
    const cells = [String(finding.line), describeOperation(finding, trans), finding.target, finding.table ?? trans.__('protected path')];
    cells.forEach((text, i) => {
      const cell = row.insertCell();
      cell.textContent = text;
      if (i === 2) {
        cell.className = 'jp-DualLayout-GuardTarget';
      }
    });
  }
  return table;
}

/** The protected tables a cell maintains (compacts, expires, removes files of): what a repair script does. */
export function maintainedTables(findings: GuardFinding[]): string[] {
  return [...new Set(findings.filter(f => f.maintenance && f.table).map(f => f.table as string))];
}

function introText({ findings, where, block, trans }: IConfirmOptions): string {
  const repaired = maintainedTables(findings);
  if (repaired.length === 0) {
    return block
      ? trans.__('%1 writes to protected dual-layout data. Your administrator blocks such writes, so the cell was not run.', where)
      : trans.__('%1 writes to protected dual-layout data. Writing there behind Iceberg’s back makes Spark and Dask see different data.', where);
  }
  const tables = repaired.join(', ');
  const others = findings.some(f => !f.maintenance);
  if (block) {
    return trans.__(
      '%1 is a repair: it runs maintenance of the protected table %2 (rewriting, expiring or removing its files). Your administrator blocks writes to protected tables, repairs included, so the cell was not run.',
      where,
      tables
    );
  }
  return others
    ? trans.__(
        '%1 is a repair: it runs maintenance of the protected table %2 (rewriting, expiring or removing its files), and it also makes the other writes listed. Run it only if you mean to change the table.',
        where,
        tables
      )
    : trans.__(
        '%1 is a repair: it runs maintenance of the protected table %2 (rewriting, expiring or removing its files through Iceberg). Run it only if you mean to repair the table now, after a dry run, with no other job writing to it.',
        where,
        tables
      );
}

/** Resolves true when the user chose "Run anyway". */
export async function confirmWrites(options: IConfirmOptions): Promise<boolean> {
  const { findings, block, gaps, trans } = options;
  const node = document.createElement('div');
  node.className = 'jp-DualLayout-GuardDialog';
  const intro = document.createElement('p');
  intro.textContent = introText(options);
  node.append(intro, findingsTable(findings, trans));
  const notice = protectionNotice(gaps, trans);
  if (notice) {
    node.append(VirtualDOM.realize(notice));
  }
  const buttons = block
    ? [Dialog.cancelButton({ label: trans.__('Cancel') })]
    : [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.warnButton({ label: trans.__('Run anyway') })];
  const result = await showDialog({
    title: maintainedTables(findings).length ? trans.__('This cell repairs a protected table') : trans.__('This cell writes to protected data'),
    body: new Widget({ node }),
    buttons,
    defaultButton: 0
  });
  return !block && result.button.accept;
}
