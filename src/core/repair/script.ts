/**
 * A repair plan as the Python a person runs in Spark: `DRY_RUN` at the top, the shared helpers
 * (`helpers.ts`), a check that the table is still at the planned snapshot, one block per step and
 * a summary. Names, paths and predicates reach the code only as string literals from `emit.ts`.
 */
import { formatIdentifier, SnapshotId, TableIdentifier } from '../iceberg/model';
import { pyComment, pyLiteral, pyString, sqlIdentifier, sqlQualifiedName } from '../snippets/emit';
import type { CatalogProfile, SparkProfile } from '../snippets/profile';
import { sparkSessionCode } from '../snippets/spark';
import type { FileRef, RepairAction } from './actions';
import { REPAIR_HELPERS } from './helpers';

/** One step of a plan: the planner's title and the action it takes. */
export interface RepairScriptStep {
  title: string;
  action: RepairAction;
}

export interface RepairScriptInput {
  table: TableIdentifier;
  /** The table's current snapshot when the plan was made; `null` for a table without one. */
  snapshot: SnapshotId | null;
  steps: RepairScriptStep[];
  dryRun: boolean;
}

/** The name every step's code acts on: the `_DlTable` the script binds. */
const TABLE = 'TABLE';
const DRY_RUN = 'DRY_RUN';

function fileList(files: FileRef[]): string {
  if (files.length === 0) {
    return '[]';
  }
  return `[\n${files.map(file => `        (${pyString(file.path)}, ${pyLiteral(file.bytes)}),`).join('\n')}\n    ]`;
}

function actionCall(action: RepairAction): string {
  switch (action.kind) {
    case 'rewrite':
      return `_dl_rewrite(\n    ${TABLE},\n    where=${pyLiteral(action.where)},\n    files=${fileList(action.files)},\n    dry_run=${DRY_RUN},\n)`;
    case 'expire':
      return `_dl_expire(\n    ${TABLE},\n    snapshot_ids=${pyLiteral(action.snapshotIds)},\n    files=${fileList(action.files)},\n    dry_run=${DRY_RUN},\n)`;
    case 'remove-files':
      return `_dl_remove_files(\n    ${TABLE},\n    files=${fileList(action.files)},\n    dry_run=${DRY_RUN},\n)`;
  }
}

/** A step's code: its title as a comment and a printed heading, then one call of a helper on `TABLE`. */
export function repairStepCode(step: RepairScriptStep): string {
  return [pyComment`${step.title}`, `print(${pyString(step.title)})`, actionCall(step.action)].join('\n');
}

/** `TABLE = _DlTable(…)`, the snapshot check and the steps of one table, without helpers. */
function tableSection(input: RepairScriptInput): string[] {
  const { table } = input;
  const name = formatIdentifier(table);
  return [
    pyComment`${name}: ${input.steps.length} step(s), planned at snapshot ${input.snapshot ?? 'none'}.`,
    `${TABLE} = _DlTable(`,
    `    catalog=${pyString(sqlIdentifier(table.catalog))},`,
    `    name=${pyString(sqlQualifiedName([table.catalog, ...table.namespace, table.name]))},`,
    `    snapshot=${pyLiteral(input.snapshot)},`,
    ')',
    ...(input.steps.length === 0
      ? // Nothing to change, so nothing to check: a plan for a branch's or tag's snapshot has no steps.
        [`print(f"{${TABLE}.name}: nothing to repair in place")`]
      : [
          `_dl_expect_snapshot(${TABLE})`,
          `print(f"{'Dry run of the repair of' if ${DRY_RUN} else 'Repairing'} {${TABLE}.name} at snapshot {${TABLE}.snapshot}")`,
          ...input.steps.flatMap(step => ['', repairStepCode(step)]),
          '',
          `_dl_summary(${TABLE}, ${DRY_RUN})`
        ])
  ];
}

function header(dryRun: boolean): string[] {
  return [
    pyComment`Dry run first: with DRY_RUN = True nothing is changed (no procedure runs, no file is written or
removed); each step only reads the table's metadata and prints what it would do. Set it to False to repair.
Before each change the table must still be at the snapshot the plan expects, else the run stops.`,
    `${DRY_RUN} = ${dryRun ? 'True' : 'False'}`,
    '',
    REPAIR_HELPERS
  ];
}

/** The plan's `script`: runs where `spark` is a SparkSession that knows the table's catalog. */
export function repairScript(input: RepairScriptInput): string {
  return [
    pyComment`Repair of ${formatIdentifier(input.table)}: makes Dask's Hive view of its data root equal Iceberg's rows
again, without changing those rows. Every table and procedure is named with its catalog.`,
    ...header(input.dryRun),
    '',
    ...tableSection(input),
    ''
  ].join('\n');
}

/**
 * A script that first builds or reuses its session exactly as the Spark snippet does, then repairs
 * each table; a table that has moved on is reported and the others are still repaired. Dry run
 * when any input asks for one.
 */
export function standaloneRepairScript(tables: RepairScriptInput[], catalogs: CatalogProfile[], profile?: SparkProfile): string {
  const sections = tables.map(input => {
    const lines = tableSection(input)
      .join('\n')
      .split('\n')
      .map(line => (line ? `    ${line}` : line));
    return ['try:', ...lines, 'except DualLayoutRepairStopped as stopped:', '    print(f"Stopped: {stopped}")'].join('\n');
  });
  return [
    pyComment`Repair of ${tables.map(t => formatIdentifier(t.table)).join(', ')}: makes Dask's Hive view of each data root
equal Iceberg's rows again, without changing those rows.`,
    sparkSessionCode(catalogs, profile),
    '',
    ...header(tables.some(t => t.dryRun)),
    '',
    sections.join('\n\n'),
    ''
  ].join('\n');
}
