/**
 * Cell executors that ask the write guard before running: one for notebooks
 * (replacing `@jupyterlab/notebook-extension:cell-executor`) and one for
 * consoles (replacing `@jupyterlab/console-extension:cell-executor`). Both
 * delegate to JupyterLab's default `runCell`.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { ConsolePanel, IConsoleCellExecutor, runCell as runConsoleCell } from '@jupyterlab/console';
import { INotebookCellExecutor, INotebookModel, runCell as runNotebookCell } from '@jupyterlab/notebook';
import type { GuardFinding } from '../../core/guard';
import type { IWriteGuard } from './tokens';

/**
 * Serialises the guard's decisions per notebook: "Run all" asks for every cell
 * at once, but cells must be decided, and sent to the kernel, in order, and a
 * cancelled cell cancels the ones queued after it.
 */
class DecisionQueue {
  /** Resolves once the previous cell was decided and, if allowed, sent to the kernel. */
  tail: Promise<void> = Promise.resolve();
  /** Sequence number of the last queued cell. */
  last = 0;
  /** Queued cells up to this number are skipped: an earlier one was cancelled. */
  skipThrough = 0;
}

function codeSources(notebook: INotebookModel, upTo: string): string[] {
  const sources: string[] = [];
  for (const cell of notebook.cells) {
    if (cell.type === 'code') {
      sources.push(cell.sharedModel.getSource());
    }
    if (cell.id === upTo) {
      break;
    }
  }
  return sources;
}

/**
 * The kernel's working directory: the server root (an absolute path in the
 * page config) joined with the notebook's folder. Unknown when the root is not absolute.
 */
export function kernelDirectory(documentPath: string | undefined): string | undefined {
  const root = PageConfig.getOption('serverRoot');
  if (!root.startsWith('/') || documentPath === undefined) {
    return undefined;
  }
  const folder = PathExt.dirname(documentPath);
  return folder && folder !== '.' ? PathExt.join(root, folder) : root;
}

async function decide(guard: IWriteGuard, key: object, sources: string[], where: string, cwd?: string): Promise<boolean> {
  if (guard.mode === 'off') {
    return true;
  }
  let findings: GuardFinding[];
  try {
    findings = (await guard.analyze(key, sources, cwd)).findings;
  } catch (error) {
    console.warn('dual-layout: write guard analysis failed; the cell runs unguarded.', error);
    return true;
  }
  return findings.length === 0 || guard.confirm(findings, where);
}

export function guardedNotebookExecutor(guard: IWriteGuard): INotebookCellExecutor {
  const queues = new WeakMap<INotebookModel, DecisionQueue>();
  return Object.freeze({
    runCell(options: INotebookCellExecutor.IRunCellOptions): Promise<boolean> {
      const { cell, notebook } = options;
      let queue = queues.get(notebook);
      if (!queue) {
        queue = new DecisionQueue();
        queues.set(notebook, queue);
      }
      const q = queue;
      const seq = ++q.last;
      const previous = q.tail;
      let release!: () => void;
      q.tail = new Promise(resolve => (release = resolve));
      return previous.then(async () => {
        try {
          if (seq <= q.skipThrough) {
            return false;
          }
          if (cell.model.type === 'code') {
            const index = [...notebook.cells].findIndex(c => c.id === cell.model.id);
            const where = `Cell ${index + 1}`;
            const cwd = kernelDirectory(options.sessionContext?.path);
            const allowed = await decide(guard, notebook, codeSources(notebook, cell.model.id), where, cwd);
            if (!allowed) {
              q.skipThrough = q.last;
              return false;
            }
          }
          const running = runNotebookCell(options);
          release();
          return await running;
        } finally {
          release();
        }
      });
    }
  });
}

export function guardedConsoleExecutor(guard: IWriteGuard, shell: JupyterFrontEnd.IShell): IConsoleCellExecutor {
  // A console's history is what ran before, in order.
  const histories = new WeakMap<object, string[]>();
  return Object.freeze({
    async runCell(options: IConsoleCellExecutor.IRunCellOptions): Promise<boolean> {
      const { cell, sessionContext } = options;
      const history = histories.get(sessionContext) ?? [];
      const source = cell.model.sharedModel.getSource();
      const allowed = await decide(guard, sessionContext, [...history, source], 'This console input', kernelDirectory(sessionContext.path));
      if (!allowed) {
        restorePrompt(shell, sessionContext, source);
        return false;
      }
      histories.set(sessionContext, [...history, source]);
      return runConsoleCell(options);
    }
  });
}

/** Give a cancelled input back to the prompt so the user can edit it. */
function restorePrompt(shell: JupyterFrontEnd.IShell, sessionContext: object, source: string): void {
  let prompt = null;
  for (const widget of shell.widgets('main')) {
    if (widget instanceof ConsolePanel && widget.sessionContext === sessionContext) {
      prompt = widget.console.promptCell;
    }
  }
  if (prompt && prompt.model.sharedModel.getSource() === '') {
    prompt.model.sharedModel.setSource(source);
  }
}
