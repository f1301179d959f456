/**
 * The write guard's plugins: the guard service (settings + policy), the
 * notebook and console cell executors, and the inline editor markers. Each
 * can be disabled on its own; the executors replace JupyterLab's
 * `@jupyterlab/notebook-extension:cell-executor` and
 * `@jupyterlab/console-extension:cell-executor`.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IConsoleCellExecutor } from '@jupyterlab/console';
import { INotebookCellExecutor } from '@jupyterlab/notebook';
import type { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { HelperClient } from '../client';
import { decideBeforeAdvance } from './advance';
import { guardedConsoleExecutor, guardedNotebookExecutor } from './executors';
import { guardMarkersPlugin } from './markers';
import { WriteGuard } from './service';
import { GUARD_PLUGIN_ID, IGuardSettings, IWriteGuard } from './tokens';

const guardPlugin: JupyterFrontEndPlugin<IWriteGuard> = {
  id: GUARD_PLUGIN_ID,
  description: 'The write guard: the policy of protected tables and paths, and the user’s guard settings.',
  autoStart: true,
  provides: IWriteGuard,
  optional: [ISettingRegistry, ITranslator],
  activate: (app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null, translator: ITranslator | null): IWriteGuard => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_dual_layout');
    // The cast bridges two copies of @jupyterlab/services in node_modules; at run time both are JupyterLab's one.
    const client = new HelperClient(app.serviceManager.serverSettings as unknown as ServerConnection.ISettings);
    const guard = new WriteGuard({ fetchPolicy: () => client.policy(), trans });
    if (settingRegistry) {
      settingRegistry
        .load(GUARD_PLUGIN_ID)
        .then(settings => {
          const apply = () => guard.applySettings(settings.composite as unknown as IGuardSettings);
          apply();
          settings.changed.connect(apply);
        })
        .catch(error => console.warn('dual-layout: write-guard settings could not be loaded, using defaults', error));
    }
    return guard;
  }
};

const notebookExecutorPlugin: JupyterFrontEndPlugin<INotebookCellExecutor> = {
  id: 'jupyterlab-dual-layout:guard-notebook-executor',
  description: 'Runs notebook cells after the write guard has checked them (replaces @jupyterlab/notebook-extension:cell-executor).',
  autoStart: true,
  provides: INotebookCellExecutor,
  requires: [IWriteGuard],
  activate: (_: JupyterFrontEnd, guard: IWriteGuard): INotebookCellExecutor => {
    decideBeforeAdvance(guard);
    return guardedNotebookExecutor(guard);
  }
};

const consoleExecutorPlugin: JupyterFrontEndPlugin<IConsoleCellExecutor> = {
  id: 'jupyterlab-dual-layout:guard-console-executor',
  description: 'Runs console input after the write guard has checked it (replaces @jupyterlab/console-extension:cell-executor).',
  autoStart: true,
  provides: IConsoleCellExecutor,
  requires: [IWriteGuard],
  activate: (app: JupyterFrontEnd, guard: IWriteGuard): IConsoleCellExecutor => guardedConsoleExecutor(guard, app.shell)
};

const plugins: JupyterFrontEndPlugin<unknown>[] = [guardPlugin, notebookExecutorPlugin, consoleExecutorPlugin, guardMarkersPlugin];

export default plugins;
