/** Terminal output of `dual-layout check`: the verdicts as text, and a progress line on a TTY. */
import type { Finding, Verdict } from '../../core/api/wire';
import type { VerifyProgress } from '../verifier/verifier';
import { withoutTablePrefix } from '../catalogs/failures';

/** Files listed per finding kind in text output; JSON always has them all. */
const SHOWN_PER_KIND = 20;
/** Layout notes change no rows: fewer of them are shown. */
const NOTES_SHOWN_PER_KIND = 3;

const STATUS_TEXT: Record<Verdict['status'], string> = {
  consistent: 'consistent: Dask reads the same rows as Iceberg',
  drift: 'DRIFT: Dask would read different rows than Iceberg',
  error: 'ERROR: could not be checked'
};

export function renderVerdicts(verdicts: Verdict[]): string {
  const blocks = verdicts.map(renderVerdict);
  const counts = new Map<string, number>();
  for (const v of verdicts) {
    counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  }
  const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `${blocks.join('\n')}\n${verdicts.length} table${verdicts.length === 1 ? '' : 's'} checked: ${summary || 'none'}\n`;
}

function renderVerdict(verdict: Verdict): string {
  const snapshot = verdict.snapshot === null ? '' : ` (snapshot ${verdict.snapshot})`;
  const lines = [`${verdict.table}${snapshot}: ${STATUS_TEXT[verdict.status]}`];
  if (verdict.layout) {
    lines.push(`  layout ${verdict.layout.kind} (pruning ${verdict.layout.pruning}): ${verdict.layout.explanation}`);
  }
  if (verdict.error) {
    lines.push(`  ${withoutTablePrefix(verdict.table, verdict.error)}`);
  }
  if (verdict.deletes) {
    const { deletedRows, affectedDataFiles } = verdict.deletes;
    const files = affectedDataFiles.length;
    lines.push(`  deletes: Dask still returns ${deletedRows} deleted row${deletedRows === 1 ? '' : 's'} of ${files} data file${files === 1 ? '' : 's'}`);
  }
  lines.push(
    ...findingLines(
      verdict.findings.filter(f => f.changesRows),
      '  ',
      SHOWN_PER_KIND
    )
  );
  const notes = verdict.findings.filter(f => !f.changesRows);
  if (notes.length > 0) {
    lines.push('  notes (the rows Dask reads are not affected):', ...findingLines(notes, '    ', NOTES_SHOWN_PER_KIND));
  }
  return `${lines.join('\n')}\n`;
}

function findingLines(findings: Finding[], indent: string, shown: number): string[] {
  const byKind = new Map<string, Finding[]>();
  for (const finding of findings) {
    byKind.set(finding.kind, [...(byKind.get(finding.kind) ?? []), finding]);
  }
  const lines: string[] = [];
  for (const [kind, ofKind] of byKind) {
    lines.push(`${indent}${kind} (${ofKind.length}):`);
    for (const finding of ofKind.slice(0, shown)) {
      lines.push(`${indent}  ${finding.path}`, `${indent}    ${finding.detail}`);
    }
    if (ofKind.length > shown) {
      lines.push(`${indent}  … and ${ofKind.length - shown} more (--format json lists them all)`);
    }
  }
  return lines;
}

/** One rewritten stderr line while checks run; silent when stderr is not a terminal. */
export class ProgressLine {
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number
  ) {
    this.enabled = (stream as NodeJS.WriteStream).isTTY === true;
  }

  update(table: string, progress: VerifyProgress): void {
    const now = Date.now();
    if (!this.enabled || now - this.lastWrite < 100) {
      return;
    }
    this.lastWrite = now;
    const of = progress.total > 0 ? `${progress.done}/${progress.total}` : `${progress.done}`;
    this.write(`[${this.done}/${this.total} tables] ${table}: ${progress.phase} ${of}`);
  }

  tableDone(): void {
    this.done++;
  }

  clear(): void {
    if (this.enabled && this.lastWrite > 0) {
      this.stream.write('\r\x1b[K');
    }
  }

  private write(text: string): void {
    this.stream.write(`\r\x1b[K${text.slice(0, 200)}`);
  }

  private readonly enabled: boolean;
  private done = 0;
  private lastWrite = 0;
}
