/**
 * "Copy repair script" and "Insert repair script": the standalone script of a
 * drifted table's repair plan, on the clipboard or in a new cell below the
 * active one. Never run: the scientist reads it and runs it, and the write
 * guard asks first, since it writes to the table.
 */
import { Clipboard, Notification } from '@jupyterlab/apputils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { RepairPlan } from '../../core/api/wire';
import { relabelOnSelection, tableCommandLabel } from '../tableLabels';
import { CommandIDs, IDualLayoutModel } from '../tokens';
import { IInsertTargets, insertCode } from './insert';

export function registerRepairCommands(model: IDualLayoutModel, targets: IInsertTargets): void {
  const { app, trans } = targets;
  const tableOf = (args: ReadonlyPartialJSONObject) => (args.table as string | undefined) ?? model.selectedTable;
  // Only a drifted table has something to repair; its verdict says so before any plan is fetched.
  const drifted = (args: ReadonlyPartialJSONObject) => {
    const table = tableOf(args);
    return !!table && model.status(table) === 'drift';
  };

  /** The plan for the verdict shown, so the script repairs what the details view lists. */
  const planFor = async (table: string, args: ReadonlyPartialJSONObject): Promise<RepairPlan | null> => {
    await model.ensureVerdict(table);
    let plan: RepairPlan;
    try {
      plan = await model.repairPlan(table, {
        snapshot: model.verdict(table)?.snapshot ?? null,
        keepHistory: args.keepHistory === true,
        dryRun: args.dryRun === true
      });
    } catch (error) {
      Notification.error(trans.__('No repair plan for %1: %2', table, (error as Error).message), { autoClose: false });
      return null;
    }
    if (plan.error) {
      Notification.error(trans.__('No repair plan for %1: %2', table, plan.error), { autoClose: false });
      return null;
    }
    if (plan.steps.length === 0) {
      Notification.info(
        plan.repairable
          ? trans.__('%1 has nothing to repair.', table)
          : trans.__('%1 cannot be repaired in place: its details say why and what to do instead.', table),
        { autoClose: 4000 }
      );
      return null;
    }
    return plan;
  };

  app.commands.addCommand(CommandIDs.copyRepairScript, {
    label: tableCommandLabel(tableOf, trans.__('Copy Repair Script'), table => trans.__('Copy the Repair Script of %1', table)),
    caption: trans.__('Copy the Python that repairs the table’s Hive view in Spark, without running it'),
    isEnabled: drifted,
    execute: async args => {
      const table = tableOf(args);
      const plan = table ? await planFor(table, args) : null;
      if (table && plan) {
        Clipboard.copyToSystem(plan.standaloneScript);
        Notification.success(trans.__('The repair script of %1 is on the clipboard.', table), { autoClose: 3000 });
      }
    }
  });

  app.commands.addCommand(CommandIDs.insertRepairScript, {
    label: args =>
      tableCommandLabel(tableOf, args.dryRun ? trans.__('Insert Repair Dry Run') : trans.__('Insert Repair Script'), table =>
        args.dryRun ? trans.__('Insert the Repair Dry Run of %1', table) : trans.__('Insert the Repair Script of %1', table)
      )(args),
    caption: trans.__('Put the Python that repairs the table’s Hive view in a new cell below the active one; it is not run'),
    isEnabled: drifted,
    execute: async args => {
      const table = tableOf(args);
      const plan = table ? await planFor(table, args) : null;
      if (table && plan) {
        await insertCode(plan.standaloneScript, targets);
      }
    }
  });
  const ids = [CommandIDs.copyRepairScript, CommandIDs.insertRepairScript];
  relabelOnSelection(model, app.commands, ids);
  model.statusChanged.connect(() => ids.forEach(id => app.commands.notifyCommandChanged(id)));
}
