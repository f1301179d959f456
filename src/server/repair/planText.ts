/**
 * `dual-layout repair --format text`: each plan in plain words: what each step does and why, the
 * partitions, files, bytes and snapshots it touches, what cannot be repaired in place and what to
 * do instead, the advice and the plan's assumptions.
 */
import type { RepairPlan } from '../../core/api/wire';
import { formatBytes } from '../../core/bytes';
import { count } from './words';
import { withoutTablePrefix } from '../catalogs/failures';

/** At most this many paths are listed per step; the JSON has them all. */
const SHOWN_PATHS = 10;

export function renderPlans(plans: RepairPlan[]): string {
  return plans.map(renderPlan).join('\n');
}

function renderPlan(plan: RepairPlan): string {
  const lines: string[] = [];
  if (plan.status === 'error') {
    return `${plan.table}: could not be planned: ${plan.error === undefined ? 'unknown error' : withoutTablePrefix(plan.table, plan.error)}\n`;
  }
  const at = plan.snapshot === null ? 'no snapshot' : `snapshot ${plan.snapshot}`;
  if (plan.steps.length === 0 && plan.unrepairable.length === 0) {
    lines.push(`${plan.table} (${at}): consistent, nothing to repair.`);
  } else {
    const verdict = plan.repairable ? 'the steps below make Dask read Iceberg\u2019s rows again' : 'not fully repairable in place';
    lines.push(`${plan.table} (${at}): ${plan.status}; ${verdict}${plan.dryRun ? ' (dry run: the script changes nothing)' : ''}.`);
  }
  plan.steps.forEach((step, i) => {
    lines.push('', `  ${i + 1}. ${step.title}`, ...wrap(step.why, '     '));
    if (step.partitions.length > 0) {
      lines.push(`     Partitions: ${listed(step.partitions)}`);
    }
    const facts = [count(step.files.length, 'file')];
    if (step.rewriteBytes > 0) {
      facts.push(`${formatBytes(step.rewriteBytes)} rewritten`);
    }
    if (step.expiresSnapshots.length > 0) {
      facts.push(
        `${count(step.expiresSnapshots.length, 'snapshot')} expired: ${step.expiresSnapshots.join(', ')} (time travel to ${step.expiresSnapshots.length === 1 ? 'it' : 'them'} is lost)`
      );
    }
    lines.push(`     ${facts.join('; ')}`);
    step.files.slice(0, SHOWN_PATHS).forEach(path => lines.push(`       ${path}`));
    if (step.files.length > SHOWN_PATHS) {
      lines.push(`       … and ${step.files.length - SHOWN_PATHS} more (--format json lists them all)`);
    }
  });
  for (const part of plan.unrepairable) {
    lines.push('', `  Cannot be repaired in place (${part.findings.join(', ')}, ${count(part.paths.length, 'path')}):`, ...wrap(part.reason, '     '));
    lines.push(...wrap(`Instead: ${part.alternative}`, '     '));
    part.paths.slice(0, SHOWN_PATHS).forEach(path => lines.push(`       ${path}`));
    if (part.paths.length > SHOWN_PATHS) {
      lines.push(`       … and ${part.paths.length - SHOWN_PATHS} more`);
    }
  }
  if (plan.advice.length > 0) {
    lines.push('', '  Advice:', ...plan.advice.flatMap(a => wrap(a, '     ', '   - ')));
  }
  if (plan.steps.length > 0 && plan.assumptions.length > 0) {
    lines.push('', '  The plan assumes:', ...plan.assumptions.flatMap(a => wrap(a, '     ', '   - ')));
  }
  if (plan.steps.length > 0) {
    lines.push('', '  Print the script with --format python, or take "script" from --format json.');
  }
  return `${lines.join('\n')}\n`;
}

function listed(items: string[]): string {
  return items.length > SHOWN_PATHS ? `${items.slice(0, SHOWN_PATHS).join(', ')} … (${items.length} in all)` : items.join(', ');
}

/** Words folded at 100 columns, the first line with its own prefix. */
function wrap(text: string, indent: string, first = indent): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > 100 && line.trim().length > 0 && line !== first) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines;
}
