/**
 * The extension's plugins. The main plugin provides the model; the sidebar,
 * details and snippets plugins require it and can be disabled one by one.
 */
import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, Notification, WidgetTracker } from '@jupyterlab/apputils';
import { IConsoleTracker } from '@jupyterlab/console';
import { INotebookTracker } from '@jupyterlab/notebook';
import type { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { HelperClient } from './client';
import guardPlugins from './guard';
import { IWriteGuard } from './guard/tokens';
import { dualLayoutIcon } from './icons';
import { TableDetailsModel } from './model/details';
import { DualLayoutModel } from './model/model';
import { registerSnippetCommands } from './snippets/commands';
import { registerRepairCommands } from './snippets/repairCommands';
import { PALETTE_ARGS, relabelOnSelection, tableCommandLabel } from './tableLabels';
import { CommandIDs, IDualLayoutModel, IDualLayoutSettings, PLUGIN_ID } from './tokens';
import { TableDetailsPanel } from './widgets/details';
import { DualLayoutSidebar } from './widgets/sidebar';

const CATEGORY = 'Dual Layout';

const modelPlugin: JupyterFrontEndPlugin<IDualLayoutModel> = {
  id: PLUGIN_ID,
  description: 'Talks to the dual-layout helper and holds catalogs, tables, verdicts and checks.',
  autoStart: true,
  provides: IDualLayoutModel,
  optional: [ISettingRegistry, ITranslator],
  activate: (app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null, translator: ITranslator | null): IDualLayoutModel => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_dual_layout');
    // The cast bridges two copies of @jupyterlab/services in node_modules; at run time both are JupyterLab's one.
    const serverSettings = app.serviceManager.serverSettings as unknown as ServerConnection.ISettings;
    const model = new DualLayoutModel({ client: new HelperClient(serverSettings) });
    model.serverStateChanged.connect((_, state) => {
      if (state.kind === 'missing') {
        Notification.error(
          trans.__(
            'The dual-layout server extension is not installed or not enabled, so the table browser cannot work. Install the Python package jupyterlab-dual-layout where Jupyter Server runs, then restart JupyterLab.'
          ),
          { autoClose: false }
        );
      } else if (state.kind === 'mismatched') {
        Notification.warning(state.message, { autoClose: false });
      }
    });
    const start = async () => {
      if (settingRegistry) {
        try {
          const settings = await settingRegistry.load(PLUGIN_ID);
          const apply = () => model.applySettings(settings.composite as unknown as IDualLayoutSettings);
          apply();
          settings.changed.connect(apply);
        } catch (error) {
          console.warn('dual-layout: settings could not be loaded, using defaults', error);
        }
      }
      await model.start();
    };
    void app.restored.then(start);
    return model;
  }
};

const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dual-layout:sidebar',
  description: 'The left-panel browser of dual-layout tables.',
  autoStart: true,
  requires: [IDualLayoutModel, ITranslator],
  optional: [ILayoutRestorer, ICommandPalette, IWriteGuard],
  activate: (
    app: JupyterFrontEnd,
    model: IDualLayoutModel,
    translator: ITranslator,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    guard: IWriteGuard | null
  ) => {
    const trans = translator.load('jupyterlab_dual_layout');
    const sidebar = new DualLayoutSidebar({ model, commands: app.commands, trans, guard });
    app.shell.add(sidebar, 'left', { rank: 650 });
    restorer?.add(sidebar, 'dual-layout-sidebar');

    app.commands.addCommand(CommandIDs.openSidebar, {
      label: trans.__('Show Dual-Layout Tables'),
      caption: trans.__('Open the table browser and put the cursor in its search box'),
      icon: dualLayoutIcon,
      execute: () => {
        app.shell.activateById(sidebar.id);
        sidebar.focusSearch();
      }
    });
    app.commands.addCommand(CommandIDs.refresh, {
      label: trans.__('Refresh Dual-Layout Tables'),
      caption: trans.__('List the catalogs again and forget cached verdicts'),
      // The policy after the catalogs: the helper forgets its table lists on refresh.
      execute: async () => {
        await model.refresh();
        await guard?.loadPolicy({ force: true });
      }
    });
    for (const command of [CommandIDs.openSidebar, CommandIDs.refresh]) {
      palette?.addItem({ command, category: CATEGORY });
    }
  }
};

const detailsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dual-layout:details',
  description: 'The details view of a table: verdict, findings, metadata and a preview of its rows.',
  autoStart: true,
  requires: [IDualLayoutModel, ITranslator],
  optional: [ILayoutRestorer, ICommandPalette],
  activate: (app: JupyterFrontEnd, model: IDualLayoutModel, translator: ITranslator, restorer: ILayoutRestorer | null, palette: ICommandPalette | null) => {
    const trans = translator.load('jupyterlab_dual_layout');
    const tracker = new WidgetTracker<MainAreaWidget<TableDetailsPanel>>({ namespace: 'dual-layout-details' });
    const tableOf = (args: { table?: unknown }) => (args.table as string | undefined) ?? model.selectedTable;

    // One details view follows the selection, so browsing tables does not pile up tabs.
    app.commands.addCommand(CommandIDs.openDetails, {
      label: tableCommandLabel(tableOf, trans.__('Open Table Details'), table => trans.__('Open the Details of %1', table)),
      caption: trans.__('Show the verdict, findings, metadata and rows of the selected table'),
      isEnabled: args => !!tableOf(args),
      execute: async args => {
        const table = tableOf(args);
        if (!table) {
          return;
        }
        model.selectedTable = table;
        let widget = tracker.currentWidget;
        if (!widget || widget.isDisposed) {
          const content = new TableDetailsPanel({ details: new TableDetailsModel(model), commands: app.commands, trans });
          widget = new MainAreaWidget({ content });
          widget.id = 'jp-DualLayout-details';
          widget.title.icon = dualLayoutIcon;
          widget.title.closable = true;
          app.shell.add(widget, 'main');
          await tracker.add(widget);
        }
        app.shell.activateById(widget.id);
        if (widget.content.details.table !== table) {
          await widget.content.details.show(table);
          void tracker.save(widget);
        }
      }
    });
    app.commands.addCommand(CommandIDs.checkTable, {
      label: tableCommandLabel(tableOf, trans.__('Check Table Now'), table => trans.__('Check %1 Now', table)),
      caption: trans.__('Compare the Iceberg view and the Hive view of the selected table'),
      isEnabled: args => !!tableOf(args),
      execute: async args => {
        const table = tableOf(args);
        if (table) {
          await model.check(table).catch((error: Error) => Notification.error(error.message, { autoClose: false }));
        }
      }
    });
    app.commands.addCommand(CommandIDs.cancelCheck, {
      label: tableCommandLabel(tableOf, trans.__('Cancel Table Check'), table => trans.__('Cancel the Check of %1', table)),
      isEnabled: args => {
        const table = tableOf(args);
        return !!table && model.status(table) === 'checking';
      },
      execute: async args => {
        const table = tableOf(args);
        if (table) {
          await model.cancelCheck(table).catch((error: Error) => Notification.error(error.message));
        }
      }
    });
    const tableCommands = [CommandIDs.openDetails, CommandIDs.checkTable, CommandIDs.cancelCheck];
    for (const command of tableCommands) {
      palette?.addItem({ command, category: CATEGORY, args: PALETTE_ARGS });
    }
    relabelOnSelection(model, app.commands, tableCommands);
    if (restorer) {
      void restorer.restore(tracker as unknown as Parameters<ILayoutRestorer['restore']>[0], {
        command: CommandIDs.openDetails,
        args: widget => ({ table: (widget as MainAreaWidget<TableDetailsPanel>).content.details.table }),
        name: () => 'details'
      });
    }
  }
};

const snippetsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dual-layout:snippets',
  description: 'Open in Spark / Dask, and repair scripts: inserts generated code into the active notebook or console.',
  autoStart: true,
  requires: [IDualLayoutModel, ITranslator],
  optional: [INotebookTracker, IConsoleTracker, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IDualLayoutModel,
    translator: ITranslator,
    notebooks: INotebookTracker | null,
    consoles: IConsoleTracker | null,
    palette: ICommandPalette | null
  ) => {
    const trans = translator.load('jupyterlab_dual_layout');
    const targets = { app, notebooks, consoles, trans };
    registerSnippetCommands(model, targets);
    registerRepairCommands(model, targets);
    for (const command of [
      CommandIDs.openInDask,
      CommandIDs.openPinnedInDask,
      CommandIDs.openInSpark,
      CommandIDs.openInSparkForWriting,
      CommandIDs.joinWith,
      CommandIDs.copyDask,
      CommandIDs.copyPinnedDask,
      CommandIDs.copySpark,
      CommandIDs.insertRepairScript,
      CommandIDs.copyRepairScript
    ]) {
      palette?.addItem({ command, category: CATEGORY, args: PALETTE_ARGS });
    }
  }
};

export default [modelPlugin, sidebarPlugin, detailsPlugin, snippetsPlugin, ...guardPlugins];
export * from './tokens';
