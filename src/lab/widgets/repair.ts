/**
 * The details view's "Repair plan" section for a drifted table: the plan in
 * plain words (each step, what it touches and why), the partitions and bytes
 * it rewrites, the snapshots it expires and the time travel that costs, what
 * cannot be repaired in place and what to do instead, and the buttons that put
 * the script on the clipboard or in a new cell (never run). Renders the
 * RepairPlanModel; never fetches.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { h, VirtualElement } from '@lumino/virtualdom';
import type { RepairPlan, RepairStep, UnrepairableFinding, VerdictStatus } from '../../core/api/wire';
import type { RepairPlanModel } from '../model/repair';
import { CommandIDs } from '../tokens';
import { fact, formatBytes, formatCount, pathElement, section } from './elements';

export interface IRepairSectionOptions {
  table: string;
  repair: RepairPlanModel;
  /** The status the details view shows for the table. */
  status: VerdictStatus | 'checking' | 'unchecked';
  /** Runs a repair command (copy, insert) for this table and the plan's history choice. */
  run: (command: CommandIDs, args: { keepHistory: boolean; dryRun?: boolean }) => void;
  trans: TranslationBundle;
}

/** Null when there is nothing to say: the table is not checked yet, or the check failed. */
export function renderRepairSection(options: IRepairSectionOptions): VirtualElement | null {
  const { repair, status, trans } = options;
  const plan = repair.plan;
  const title = trans.__('Repair plan');
  switch (plan.state) {
    case 'idle':
      return status === 'consistent'
        ? section(title, 'repair', h.p({ className: 'jp-DualLayout-Note' }, trans.__('Nothing to repair: Dask reads the rows Iceberg has.')))
        : null;
    case 'loading':
      return section(title, 'repair', h.p({ className: 'jp-DualLayout-Note' }, trans.__('Planning the repair…')));
    case 'failed':
      return section(
        title,
        'repair',
        h.p({ className: 'jp-DualLayout-ErrorText', role: 'alert' }, trans.__('The repair could not be planned: %1', plan.message))
      );
    case 'ready':
      return section(title, 'repair', ...renderPlan(plan.value, options));
  }
}

function renderPlan(plan: RepairPlan, options: IRepairSectionOptions): VirtualElement[] {
  const { repair, run, trans } = options;
  if (plan.error) {
    return [h.p({ className: 'jp-DualLayout-ErrorText', role: 'alert' }, trans.__('The repair could not be planned: %1', plan.error))];
  }
  if (plan.steps.length === 0 && plan.unrepairable.length === 0) {
    return [h.p({ className: 'jp-DualLayout-Note' }, trans.__('Nothing to repair: Dask reads the rows Iceberg has.')), ...advice(plan, trans)];
  }
  const keepHistory = repair.keepHistory;
  const hasScript = plan.steps.length > 0;
  return [
    h.p({ className: 'jp-DualLayout-RepairSummary' }, summary(plan, trans)),
    ...(hasScript ? [overview(plan, trans)] : []),
    ...expiredWarning(plan, trans),
    ...(hasScript ? [h.ol({ className: 'jp-DualLayout-RepairSteps' }, ...plan.steps.map(step => stepItem(step, trans)))] : []),
    ...unrepairable(plan.unrepairable, trans),
    ...advice(plan, trans),
    ...assumptions(plan, trans),
    h.div(
      { className: 'jp-DualLayout-Actions', role: 'toolbar', 'aria-label': trans.__('Repair actions') },
      h.button(
        {
          type: 'button',
          className: 'jp-DualLayout-Toggle jp-DualLayout-KeepHistory',
          'aria-pressed': keepHistory ? 'true' : 'false',
          title: trans.__('Keep the snapshots that still reference stale files, and plan what can be done without expiring them'),
          onclick: () => (repair.keepHistory = !keepHistory)
        },
        trans.__('Keep history')
      ),
      ...(hasScript
        ? [
            button(trans.__('Copy repair script'), () => run(CommandIDs.copyRepairScript, { keepHistory })),
            button(trans.__('Insert dry run'), () => run(CommandIDs.insertRepairScript, { keepHistory, dryRun: true })),
            button(trans.__('Insert repair script'), () => run(CommandIDs.insertRepairScript, { keepHistory }), true)
          ]
        : [])
    ),
    ...(hasScript
      ? [
          h.p(
            { className: 'jp-DualLayout-Note' },
            trans.__(
              'Nothing here runs the repair: the script goes into a new cell for you to read and run in Spark, a dry run first. The write guard asks before it writes to the table.'
            )
          )
        ]
      : [])
  ];
}

function summary(plan: RepairPlan, trans: TranslationBundle): string {
  const steps = plan.steps.length;
  if (plan.repairable) {
    return trans._n(
      'One step makes Dask read the rows Iceberg has again, without changing Iceberg’s rows.',
      '%1 steps, in order, make Dask read the rows Iceberg has again, without changing Iceberg’s rows.',
      steps
    );
  }
  return steps > 0
    ? trans._n(
        'The table cannot be fully repaired in place. One step removes what can be removed; the causes below stay.',
        'The table cannot be fully repaired in place. %1 steps remove what can be removed; the causes below stay.',
        steps
      )
    : trans.__('The table cannot be repaired in place, for the reasons below.');
}

/** Partitions touched, bytes rewritten, files and snapshots, over all steps. */
function overview(plan: RepairPlan, trans: TranslationBundle): VirtualElement {
  const wholeTable = plan.steps.some(step => step.partitions.length === 0 && step.rewriteBytes > 0);
  const partitions = distinct(plan.steps.flatMap(step => step.partitions));
  const files = distinct(plan.steps.flatMap(step => step.files)).length;
  const bytes = plan.steps.reduce((sum, step) => sum + step.rewriteBytes, 0);
  const expired = expiredSnapshots(plan);
  return h.dl(
    { className: 'jp-DualLayout-Facts jp-DualLayout-RepairFacts' },
    ...fact(
      trans.__('Partitions touched'),
      wholeTable ? trans.__('the whole table') : partitions.length ? partitionList(partitions) : trans.__('none rewritten: only the files and snapshots below')
    ),
    ...fact(trans.__('Bytes rewritten'), bytes > 0 ? formatBytes(bytes) : trans.__('none')),
    ...fact(trans.__('Files rewritten or removed'), formatCount(files)),
    ...fact(trans.__('Snapshots expired'), expired.length ? expired.join(', ') : trans.__('none'))
  );
}

function expiredWarning(plan: RepairPlan, trans: TranslationBundle): VirtualElement[] {
  const expired = expiredSnapshots(plan);
  if (expired.length === 0) {
    return [];
  }
  return [
    h.p(
      { className: 'jp-DualLayout-Warning', role: 'note' },
      trans._n(
        'The plan expires snapshot %2: time travel to it is lost. Use “Keep history” to keep it instead (the drift stays, and the snapshot-pinned read gives the right rows).',
        'The plan expires %1 snapshots (%2): time travel to them is lost. Use “Keep history” to keep them instead (the drift stays, and the snapshot-pinned read gives the right rows).',
        expired.length,
        expired.join(', ')
      )
    )
  ];
}

function stepItem(step: RepairStep, trans: TranslationBundle): VirtualElement {
  const facts: string[] = [];
  if (step.rewriteBytes > 0) {
    facts.push(trans.__('rewrites %1', formatBytes(step.rewriteBytes)));
  }
  if (step.files.length > 0) {
    facts.push(trans._n('%1 file', '%1 files', step.files.length));
  }
  if (step.expiresSnapshots.length > 0) {
    facts.push(trans._n('expires %1 snapshot', 'expires %1 snapshots', step.expiresSnapshots.length));
  }
  return h.li(
    { className: 'jp-DualLayout-RepairStep' },
    h.span({ className: 'jp-DualLayout-RepairStepTitle' }, step.title),
    ...(facts.length ? [' ', h.span({ className: 'jp-DualLayout-Note' }, `(${facts.join(', ')})`)] : []),
    h.p({ className: 'jp-DualLayout-RepairWhy' }, step.why),
    ...(step.partitions.length ? [h.div({ className: 'jp-DualLayout-RepairPartitions' }, partitionList(step.partitions))] : [])
  );
}

function unrepairable(causes: UnrepairableFinding[], trans: TranslationBundle): VirtualElement[] {
  if (causes.length === 0) {
    return [];
  }
  return [
    h.h3({ className: 'jp-DualLayout-RepairHeading' }, trans.__('Not repairable in place')),
    h.ul(
      { className: 'jp-DualLayout-RepairCauses' },
      ...causes.map(cause =>
        h.li(
          h.p({ className: 'jp-DualLayout-RepairReason' }, cause.reason),
          h.p(
            { className: 'jp-DualLayout-RepairAlternative' },
            h.span({ className: 'jp-DualLayout-RepairTerm' }, trans.__('Instead:')),
            ' ',
            cause.alternative
          ),
          ...(cause.paths.length ? [h.div({ className: 'jp-DualLayout-RepairPartitions' }, ...cause.paths.map(pathElement))] : [])
        )
      )
    )
  ];
}

function advice(plan: RepairPlan, trans: TranslationBundle): VirtualElement[] {
  return plan.advice.length
    ? [
        h.h3({ className: 'jp-DualLayout-RepairHeading' }, trans.__('Advice')),
        h.ul({ className: 'jp-DualLayout-RepairAdvice' }, ...plan.advice.map(line => h.li(line)))
      ]
    : [];
}

function assumptions(plan: RepairPlan, trans: TranslationBundle): VirtualElement[] {
  return plan.assumptions.length
    ? [
        h.h3({ className: 'jp-DualLayout-RepairHeading' }, trans.__('Safety')),
        h.ul({ className: 'jp-DualLayout-RepairAssumptions' }, ...plan.assumptions.map(line => h.li(line)))
      ]
    : [];
}

function partitionList(partitions: string[]): VirtualElement {
  return h.span({ className: 'jp-DualLayout-RepairPartitionList' }, ...partitions.map(pathElement));
}

function expiredSnapshots(plan: RepairPlan): string[] {
  return distinct(plan.steps.flatMap(step => step.expiresSnapshots.map(id => id.toString())));
}

function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function button(label: string, onclick: () => void, primary = false): VirtualElement {
  return h.button({ type: 'button', className: `jp-DualLayout-Button${primary ? ' jp-mod-accept' : ''}`, onclick }, label);
}
