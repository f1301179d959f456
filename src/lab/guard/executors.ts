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

/** `run`: no protected write seen; `allowed`: the user chose "Run anyway"; `cancel`: do not run. */
type Decision = 'run' | 'allowed' | 'cancel';

async function decide(guard: IWriteGuard, key: object, sources: string[], where: string, cwd?: string): Promise<Decision> {
  if (guard.mode === 'off') {
    return 'run';
  }
  let findings: GuardFinding[];
  try {
    findings = (await guard.analyze(key, sources, cwd)).findings;
  } catch (error) {
    console.warn('dual-layout: write guard analysis failed; the cell runs unguarded.', error);
    return 'run';
  }
  if (findings.length === 0) {
    return 'run';
  }
  return (await guard.confirm(findings, where)) ? 'allowed' : 'cancel';
}

/**
 * The part of a session context this needs; structural, because the notebook's and the
 * console's session contexts may come from two copies of `@jupyterlab/apputils`.
 */
interface IKernelSession {
  session: {
    kernel: {
      info: Promise<{ language_info: { name: string } }>;
      requestExecute(content: { code: string; silent: boolean; store_history: boolean }): { done: Promise<unknown> };
    } | null;
  } | null;
}

/**
 * "Run anyway" must also pass the kernel's runtime guard (`jupyterlab_dual_layout.guard`), which
 * would otherwise refuse the very write the user just allowed: a silent execution, which the
 * runtime guard does not count as a cell, allows exactly the next cell. Kernels without the
 * runtime guard ignore it.
 */
async function allowNextCellInKernel(sessionContext: IKernelSession | undefined, where: string): Promise<void> {
  const kernel = sessionContext?.session?.kernel;
  if (!kernel) {
    return;
  }
  const language = (await kernel.info).language_info.name;
  if (language !== 'python') {
    return;
  }
  const reason = JSON.stringify(`Run anyway, chosen in JupyterLab for ${where}`);
  const code = [
    'try:',
    `    __import__("jupyterlab_dual_layout.guard", fromlist=["allow_next_cell"]).allow_next_cell(${reason})`,
    'except ImportError:',
    '    pass'
  ].join('\n');
  await kernel.requestExecute({ code, silent: true, store_history: false }).done;
}

/** Choices made before JupyterLab asked to run a cell (see advance.ts), taken once by the executor. */
const decidedAhead = new WeakMap<object, Decision>();

function whereIs(notebook: INotebookModel, cellId: string): string {
  // 1-based among all cells, as JupyterLab's own "Cell N".
  return `Cell ${[...notebook.cells].findIndex(c => c.id === cellId) + 1}`;
}

/** Ask about a cell before it is run; false when the user cancelled. */
export async function decideAhead(guard: IWriteGuard, notebook: INotebookModel, cell: { readonly id: string }, documentPath?: string): Promise<boolean> {
  const decision = await decide(guard, notebook, codeSources(notebook, cell.id), whereIs(notebook, cell.id), kernelDirectory(documentPath));
  if (decision === 'allowed') {
    decidedAhead.set(cell, decision);
  }
  return decision !== 'cancel';
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
            const where = whereIs(notebook, cell.model.id);
            const cwd = kernelDirectory(options.sessionContext?.path);
            const decision = decidedAhead.get(cell.model) ?? (await decide(guard, notebook, codeSources(notebook, cell.model.id), where, cwd));
            decidedAhead.delete(cell.model);
            if (decision === 'cancel') {
              q.skipThrough = q.last;
              return false;
            }
            if (decision === 'allowed') {
              await allowNextCellInKernel(options.sessionContext, where);
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
      const where = 'This console input';
      const decision = await decide(guard, sessionContext, [...history, source], where, kernelDirectory(sessionContext.path));
      if (decision === 'cancel') {
        restorePrompt(shell, sessionContext, source);
        return false;
      }
      if (decision === 'allowed') {
        await allowNextCellInKernel(sessionContext, where);
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
