/**
 * Shift+Enter on the last cell: JupyterLab's `NotebookActions.runAndAdvance`
 * asks the cell executor to run and, in the same turn, inserts a new cell
 * below, so while the guard's dialog waited an empty cell already sat under
 * the cell, and stayed after Cancel. The command, the toolbar's run button and
 * the menu all call `NotebookActions.runAndAdvance` by name at run time, so
 * wrapping it lets the guard decide first: nothing is inserted, and nothing
 * runs, until the user has chosen; the executor then takes that choice
 * instead of asking again.
 */
import { NotebookActions } from '@jupyterlab/notebook';
import { decideAhead } from './executors';
import type { IWriteGuard } from './tokens';

type RunAndAdvance = typeof NotebookActions.runAndAdvance;

export function decideBeforeAdvance(guard: IWriteGuard): void {
  const actions = NotebookActions as { runAndAdvance: RunAndAdvance };
  const runAndAdvance = actions.runAndAdvance;
  actions.runAndAdvance = async (notebook, sessionContext, ...rest) => {
    const active = notebook.activeCell;
    const inserts = notebook.activeCellIndex === notebook.widgets.length - 1;
    const selected = notebook.widgets.filter(cell => notebook.isSelectedOrActive(cell));
    // Several selected cells are decided one by one by the executor, in order.
    if (notebook.model && active?.model.type === 'code' && inserts && selected.length === 1) {
      if (!(await decideAhead(guard, notebook.model, active.model, sessionContext?.path))) {
        return false;
      }
    }
    return runAndAdvance(notebook, sessionContext, ...rest);
  };
}
