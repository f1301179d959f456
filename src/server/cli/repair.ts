/**
 * `dual-layout repair [--catalog NAME] [--snapshot ID|REF] [--dry-run] [--keep-history]
 * [--format text|json|python] TABLE...`: for each table, the exact maintenance that makes Dask's
 * view equal Iceberg's again (src/server/repair). Nothing is run: the plan is code a person runs.
 *
 * Exit code: 0 when no table needs repair, 1 when a plan is printed (steps, or causes that cannot
 * be repaired in place), 2 when a table could not be planned (one line on stderr each; the
 * others are still planned and printed). JSON: `{"tables": [RepairPlan]}`; python: one
 * standalone script for every table that has steps.
 */
import type { RepairPlan } from '../../core/api/wire';
import { formatIdentifier, type TableIdentifier } from '../../core/iceberg/model';
import { stringifyJson } from '../../core/json';
import { standaloneRepairScript } from '../../core/repair/script';
import { CatalogError } from '../catalogs/catalog';
import { namingTable } from '../catalogs/failures';
import { MetadataCache } from '../metadata/reader';
import { errorPlan, needsRepair, type PlannedTable } from '../repair/plan';
import { renderPlans } from '../repair/planText';
import { repairOpenTable } from '../repair/repairTable';
import { engineProfiles } from '../snippets/tableSnippet';
import { Lakehouse } from '../tables/lakehouse';
import { Command, parseArgs, tableErrorLine, UsageError } from './command';
import { namedTables } from './tableArgs';

type RepairFormat = 'text' | 'json' | 'python';

export const repairCommand: Command = {
  name: 'repair',
  summary: 'print the maintenance that makes Dask’s Hive view of each table equal its Iceberg snapshot again',
  usage: 'dual-layout repair [--catalog NAME] [--snapshot ID|REF] [--dry-run] [--keep-history] [--format text|json|python] TABLE...',
  async run(args, io) {
    const { options, positional } = parseArgs(args, ['catalog', 'format', 'snapshot'], ['dry-run', 'keep-history']);
    const format = repairFormat(options.format);
    if (positional.length === 0) {
      throw new UsageError('name at least one TABLE');
    }
    const snapshot = options.snapshot as string | undefined;
    if (snapshot !== undefined && positional.length > 1) {
      throw new UsageError('--snapshot needs exactly one TABLE');
    }
    const lakehouse = Lakehouse.load({ env: io.env, cwd: io.cwd });
    try {
      const only = options.catalog as string | undefined;
      if (only !== undefined) {
        lakehouse.catalogs.get(only); // an unknown or broken catalog is a one-line error naming the configured ones
      }
      const names = namedTables(lakehouse, positional, only);
      // One cache for the run: every snapshot's manifests are decoded once across the tables' plans.
      const cache = new MetadataCache();
      const planned: PlannedTable[] = [];
      for (const name of names) {
        planned.push(
          await planTable(lakehouse, name, { snapshot, keepHistory: options['keep-history'] === true, dryRun: options['dry-run'] === true, cache, io })
        );
      }
      const plans = planned.map(p => p.plan);
      io.stdout.write(output(format, planned, lakehouse));
      for (const failed of plans.filter(p => p.status === 'error')) {
        io.stderr.write(tableErrorLine('repair', failed.table, failed.error ?? 'could not be planned'));
      }
      return plans.some(p => p.status === 'error') ? 2 : plans.some(needsRepair) ? 1 : 0;
    } finally {
      await lakehouse.dispose();
    }
  }
};

function repairFormat(value: string | boolean | undefined): RepairFormat {
  const format = value ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'python') {
    throw new UsageError(`--format must be text, json or python, not ${String(format)}`);
  }
  return format;
}

interface PlanOptions {
  snapshot?: string;
  keepHistory: boolean;
  dryRun: boolean;
  cache: MetadataCache;
  io: { cwd: string; env: NodeJS.ProcessEnv };
}

async function planTable(lakehouse: Lakehouse, name: TableIdentifier, options: PlanOptions): Promise<PlannedTable> {
  const table = formatIdentifier(name);
  try {
    const opened = await lakehouse.open(name);
    const planned = await repairOpenTable(opened, { ...options, cwd: options.io.cwd, env: options.io.env, settings: lakehouse.settings });
    return { ...planned, plan: redacted(lakehouse, planned.plan) };
  } catch (error) {
    const message = lakehouse.redact((error as Error).message);
    const named = error instanceof CatalogError ? message : namingTable(table, message);
    return { plan: errorPlan(table, named, options.dryRun), scriptInput: null, catalogProfile: null };
  }
}

function redacted(lakehouse: Lakehouse, plan: RepairPlan): RepairPlan {
  return plan.error === undefined ? plan : { ...plan, error: lakehouse.redact(plan.error) };
}

function output(format: RepairFormat, planned: PlannedTable[], lakehouse: Lakehouse): string {
  if (format === 'json') {
    return `${stringifyJson({ tables: planned.map(p => p.plan) })}\n`;
  }
  if (format === 'text') {
    return renderPlans(planned.map(p => p.plan));
  }
  const withSteps = planned.filter(p => p.scriptInput !== null && p.plan.steps.length > 0);
  if (withSteps.length === 0) {
    return `# dual-layout repair: nothing to run for ${planned.map(p => p.plan.table).join(', ')}\n`;
  }
  const profiles = new Map(withSteps.map(p => [p.catalogProfile!.name, p.catalogProfile!]));
  const spark = engineProfiles({ sparkProfile: lakehouse.settings.sparkProfile, daskProfile: {} }).spark;
  return standaloneRepairScript(
    withSteps.map(p => p.scriptInput!),
    [...profiles.values()],
    spark
  );
}
