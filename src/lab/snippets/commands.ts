/**
 * "Open in Spark / Dask", "Open snapshot-pinned in Dask", "Open in Spark for
 * writing…", "Join with…" and the "Copy …" variants. Each acts on `args.table`
 * or the selected table; the reads take `args.where`, a predicate on partition
 * source columns (the details view's filter), which the code then applies, and
 * `args.columns`, the top-level columns it reads (the details view's column
 * chooser; every column when absent). See readArgs.ts.
 */
import { Clipboard, Dialog, InputDialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { SnippetEngine, SnippetVariant } from '../../core/snippets/profile';
import { CommandIDs, IDualLayoutModel, type ISnippetQuery } from '../tokens';
import { directoryReadConcern } from '../model/readAdvice';
import { layoutDescription } from '../widgets/layout';
import { statusDescription } from '../widgets/status';
import { relabelOnSelection, tableCommandLabel } from '../tableLabels';
import { IInsertTargets, insertCode } from './insert';
import { readQuery } from './readArgs';

interface ISnippetAction {
  id: CommandIDs;
  label: string;
  /** The palette's label, which names the table. */
  named: (table: string) => string;
  caption: string;
  engine: SnippetEngine;
  variant: SnippetVariant;
  copy: boolean;
}

export function registerSnippetCommands(model: IDualLayoutModel, targets: IInsertTargets): void {
  const { app, trans } = targets;
  const tableOf = (args: ReadonlyPartialJSONObject) => (args.table as string | undefined) ?? model.selectedTable;
  const hasTable = (args: ReadonlyPartialJSONObject) => !!tableOf(args);

  const actions: ISnippetAction[] = [
    {
      id: CommandIDs.openInSpark,
      label: trans.__('Open in Spark'),
      named: table => trans.__('Open %1 in Spark', table),
      caption: trans.__('Insert code that reads the table with Spark, below the active cell'),
      engine: 'spark',
      variant: 'read',
      copy: false
    },
    {
      id: CommandIDs.openInDask,
      label: trans.__('Open in Dask'),
      named: table => trans.__('Open %1 in Dask', table),
      caption: trans.__("Insert code that reads the table's Hive directories with Dask, below the active cell"),
      engine: 'dask',
      variant: 'read',
      copy: false
    },
    {
      id: CommandIDs.openPinnedInDask,
      label: trans.__('Open in Dask (pinned to snapshot)'),
      named: table => trans.__('Open %1 in Dask (pinned to snapshot)', table),
      caption: trans.__('Insert Dask code that reads exactly the live files of the current snapshot; right even when the directory has drifted'),
      engine: 'dask',
      variant: 'pinned',
      copy: false
    },
    {
      id: CommandIDs.openInSparkForWriting,
      label: trans.__('Open in Spark for writing…'),
      named: table => trans.__('Open %1 in Spark for Writing…', table),
      caption: trans.__(
        'Insert Spark code that writes to the table and keeps its Hive view valid: copy-on-write properties, an example append and MERGE, and the repair of the partitions each commit touched'
      ),
      engine: 'spark',
      variant: 'write',
      copy: false
    },
    {
      id: CommandIDs.copySpark,
      label: trans.__('Copy Spark code'),
      named: table => trans.__('Copy Spark code for %1', table),
      caption: trans.__('Copy code that reads the table with Spark'),
      engine: 'spark',
      variant: 'read',
      copy: true
    },
    {
      id: CommandIDs.copyDask,
      label: trans.__('Copy Dask code'),
      named: table => trans.__('Copy Dask code for %1', table),
      caption: trans.__('Copy code that reads the table with Dask'),
      engine: 'dask',
      variant: 'read',
      copy: true
    },
    {
      id: CommandIDs.copyPinnedDask,
      label: trans.__('Copy Dask code (pinned to snapshot)'),
      named: table => trans.__('Copy Dask code for %1 (pinned to snapshot)', table),
      caption: trans.__('Copy Dask code that reads exactly the live files of the current snapshot'),
      engine: 'dask',
      variant: 'pinned',
      copy: true
    }
  ];

  const deliver = async (table: string, engine: SnippetEngine, variant: SnippetVariant, copy: boolean, query?: ISnippetQuery) => {
    let code: string;
    try {
      code = (await model.snippet(table, engine, variant, query)).code;
    } catch (error) {
      Notification.error(trans.__('No code for %1: %2', table, (error as Error).message), { autoClose: false });
      return;
    }
    if (copy) {
      Clipboard.copyToSystem(code);
      Notification.success(trans.__('Code for %1 copied to the clipboard.', table), { autoClose: 3000 });
      return;
    }
    const result = await insertCode(code, targets);
    if (result?.kind === 'console') {
      Notification.info(trans.__('Code for %1 is in the prompt of %2: run it with Shift+Enter.', table, result.label), {
        autoClose: 4000
      });
    }
  };

  for (const action of actions) {
    app.commands.addCommand(action.id, {
      label: tableCommandLabel(tableOf, action.label, action.named),
      caption: action.caption,
      isEnabled: hasTable,
      execute: async args => {
        const table = tableOf(args);
        if (!table) {
          return;
        }
        let variant = action.variant;
        if (variant === 'write' && !(await confirmWriting(table, targets))) {
          return;
        }
        if (action.engine === 'dask' && variant === 'read') {
          const chosen = await chooseDaskVariant(model, table, targets);
          if (!chosen) {
            return;
          }
          variant = chosen;
        }
        // The write variant neither filters nor projects: it is about the whole table.
        await deliver(table, action.engine, variant, action.copy, variant === 'write' ? undefined : readQuery(args));
      }
    });
  }

  app.commands.addCommand(CommandIDs.joinWith, {
    label: tableCommandLabel(tableOf, trans.__('Join with…'), table => trans.__('Join %1 with…', table)),
    caption: trans.__('Insert a partition-aligned join of this table with another one (no shuffle)'),
    isEnabled: hasTable,
    execute: async args => {
      const table = tableOf(args);
      if (!table) {
        return;
      }
      const engine: SnippetEngine = args.engine === 'spark' ? 'spark' : 'dask';
      const catalog = table.split('.')[0];
      const candidates = model
        .knownTables()
        .filter(t => t.catalog === catalog && t.id !== table)
        .map(t => t.id)
        .sort();
      const picked = await InputDialog.getItem({
        title: trans.__('Join %1 with…', table),
        label: trans.__('The other table (its partitioning must match):'),
        items: candidates,
        editable: true,
        okLabel: trans.__('Insert join')
      });
      const other = picked.button.accept ? picked.value?.trim() : '';
      if (other) {
        await deliver(table, engine, 'join', false, { other });
      }
    }
  });
  relabelOnSelection(model, app.commands, [...actions.map(action => action.id), CommandIDs.joinWith]);
}

/** The write snippet changes the table: say what it does before it lands in a notebook. */
async function confirmWriting(table: string, { trans }: IInsertTargets): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Write to %1 through Spark', table),
    body: trans.__(
      'The code sets the table properties that keep its Hive view valid (copy-on-write deletes, updates and merges; no object-storage layout; the data path unchanged; rows distributed by partition), shows an example append and MERGE INTO, and after each commit repairs exactly the partitions it touched. It writes to the table: nothing runs until you run the cell, and the write guard asks first.'
    ),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Insert the code') })]
  });
  return result.button.accept;
}

/**
 * Where the directory read is not plainly right (drift, or a tree that is not plain Hive with safe
 * pruning), offer the pinned read first and say why. Null when the user cancels.
 */
async function chooseDaskVariant(model: IDualLayoutModel, table: string, { trans }: IInsertTargets): Promise<SnippetVariant | null> {
  await model.ensureVerdict(table);
  const verdict = model.verdict(table);
  const concern = directoryReadConcern(verdict);
  if (!concern) {
    return 'read';
  }
  const pinnedLabel = trans.__('Use the snapshot-pinned read');
  const drift = concern.kind === 'drift';
  const result = await showDialog({
    title: drift ? trans.__('%1 has drifted', table) : trans.__('%1 is not laid out as plain Hive partitions', table),
    body: drift
      ? statusDescription('drift', verdict, null, trans)
      : `${layoutDescription(concern.layout, trans)} ${
          concern.layout.pruning === 'unsafe'
            ? trans.__(
                'Dask reads the right rows from the whole directory today, but selecting partitions by directory gives wrong rows; the snapshot-pinned read opens exactly the live files of the current snapshot.'
              )
            : trans.__(
                'Dask reads the right rows from the directory today; the snapshot-pinned read opens exactly the live files of the current snapshot, whatever the directory holds later.'
              )
        }`,
    buttons: [
      Dialog.cancelButton(),
      drift ? Dialog.warnButton({ label: trans.__('Read the directory anyway') }) : Dialog.okButton({ label: trans.__('Read the directory') }),
      Dialog.okButton({ label: pinnedLabel })
    ],
    defaultButton: 2
  });
  if (!result.button.accept) {
    return null;
  }
  return result.button.label === pinnedLabel ? 'pinned' : 'read';
}
