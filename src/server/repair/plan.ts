/**
 * A table's `RepairPlan`: the decided steps (decide.ts) with the Python that runs each one and the
 * whole script (src/core/repair/script.ts), the advice, and the assumptions the plan rests on.
 * Nothing here runs anything: the plan is code a person runs in Spark.
 */
import type { RepairPlan, RepairStep, Verdict } from '../../core/api/wire';
import { formatIdentifier, type ManifestEntry, type TableIdentifier, type TableMetadata } from '../../core/iceberg/model';
import type { RepairAction } from '../../core/repair/actions';
import { repairScript, repairStepCode, standaloneRepairScript, type RepairScriptInput } from '../../core/repair/script';
import { sqlQualifiedName } from '../../core/snippets/emit';
import type { CatalogProfile, SparkProfile } from '../../core/snippets';
import type { LiveFilePlanner } from '../verifier/verifier';
import { COW_MODES, decideRepair, type Decision } from './decide';

export interface PlanInput {
  table: TableIdentifier;
  metadata: TableMetadata;
  verdict: Verdict;
  /** Live data and delete entries of the verdict's snapshot. */
  live: ManifestEntry[];
  planFiles: LiveFilePlanner;
  keepHistory: boolean;
  dryRun: boolean;
  sizeOf?: (path: string) => Promise<number | null>;
  /** The standalone script builds its session from these, as the Spark snippet does. */
  catalogProfile: CatalogProfile;
  sparkProfile?: SparkProfile;
  signal?: AbortSignal;
}

export interface PlannedTable {
  plan: RepairPlan;
  /** What `--format python` joins into one script; `null` for a table that could not be planned. */
  scriptInput: RepairScriptInput | null;
  /** The session the standalone script builds; `null` with `scriptInput`. */
  catalogProfile: CatalogProfile | null;
}

export async function planRepair(input: PlanInput): Promise<PlannedTable> {
  const { verdict } = input;
  const table = formatIdentifier(input.table);
  if (verdict.status === 'error') {
    return { plan: errorPlan(table, verdict.error ?? `${table}: could not be checked`, input.dryRun), scriptInput: null, catalogProfile: null };
  }
  const decision = await decideRepair(input);
  const scriptSteps = decision.steps.map(step => ({ title: step.title, action: step.action }));
  // The script guards main, which its steps commit to: a plan for a tag or an old snapshot has no steps, and its script only checks.
  const scriptInput: RepairScriptInput = { table: input.table, snapshot: input.metadata.currentSnapshotId ?? null, steps: scriptSteps, dryRun: input.dryRun };
  const steps: RepairStep[] = decision.steps.map((step, i) => ({
    title: step.title,
    why: step.why,
    findings: step.findings,
    partitions: partitionsOf(step.action),
    code: repairStepCode(scriptSteps[i]),
    files: filesOf(step.action),
    rewriteBytes: step.action.kind === 'rewrite' ? step.action.files.reduce((sum, f) => sum + f.bytes, 0) : 0,
    expiresSnapshots: step.action.kind === 'expire' ? step.action.snapshotIds : []
  }));
  const plan: RepairPlan = {
    table,
    status: verdict.status,
    snapshot: verdict.snapshot,
    repairable: decision.unrepairable.length === 0,
    steps,
    unrepairable: decision.unrepairable,
    advice: advice(input, decision),
    script: repairScript(scriptInput),
    standaloneScript: standaloneRepairScript([scriptInput], [input.catalogProfile], input.sparkProfile),
    assumptions: assumptions(verdict, decision),
    dryRun: input.dryRun
  };
  return { plan, scriptInput, catalogProfile: input.catalogProfile };
}

/** The entry of a table that could not be planned: status `error`, no steps, the reason. */
export function errorPlan(table: string, message: string, dryRun: boolean): RepairPlan {
  return {
    table,
    status: 'error',
    snapshot: null,
    repairable: false,
    steps: [],
    unrepairable: [],
    advice: [],
    script: '',
    standaloneScript: '',
    assumptions: [],
    dryRun,
    error: message
  };
}

/** Whether the table needs anything done (or cannot be repaired): a plan printed, exit 1. */
export function needsRepair(plan: RepairPlan): boolean {
  return plan.status !== 'error' && (plan.steps.length > 0 || plan.unrepairable.length > 0);
}

function partitionsOf(action: RepairAction): string[] {
  return action.kind === 'rewrite' ? action.partitions : [];
}

function filesOf(action: RepairAction): string[] {
  return action.files.map(f => f.path);
}

function advice(input: PlanInput, decision: Decision): string[] {
  const modes = COW_MODES.filter(mode => input.metadata.properties[mode] !== 'copy-on-write');
  const mergeOnRead = COW_MODES.some(mode => input.metadata.properties[mode] === 'merge-on-read');
  if (modes.length === 0 || (!decision.copyOnWrite && !mergeOnRead)) {
    return [];
  }
  const name = sqlQualifiedName([input.table.catalog, ...input.table.namespace, input.table.name]);
  const properties = modes.map(mode => `'${mode}'='copy-on-write'`).join(', ');
  return [
    `Deletes, updates and merges write delete files Dask cannot apply; switch them to copy-on-write so they do not come back: ALTER TABLE ${name} SET TBLPROPERTIES (${properties})`
  ];
}

function assumptions(verdict: Verdict, decision: Decision): string[] {
  const at = verdict.snapshot === null ? 'a table without snapshots' : `snapshot ${verdict.snapshot}`;
  const made = `The plan was made, reading only, from ${at} and a listing of the data root; it holds until the table changes.`;
  if (decision.steps.length === 0) {
    return [made];
  }
  const list = [
    made,
    `No other writer commits to the table while the script runs: it refuses to start when the table's current snapshot is not ${verdict.snapshot}, the one this plan was made for.`,
    'It never removes a file that all_files (every retained snapshot, branch and tag) references when it runs.',
    'Run it with DRY_RUN = True first: it then changes nothing and prints what it would do.'
  ];
  if (decision.steps.some(step => step.action.kind === 'expire')) {
    list.push('It expires only the snapshots it names; every other snapshot, branch and tag is kept.');
  }
  if (decision.steps.some(step => step.action.kind === 'rewrite')) {
    list.push('Rewrites commit to the main branch and write under the current schema, partition spec and data root.');
  }
  return list;
}
