/**
 * Puts generated code where the scientist works: a new code cell below the
 * active cell of the active notebook, the prompt of the active console, or a
 * new notebook when neither is open. Python only: the kernel is asked first.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { ConsolePanel, IConsoleTracker } from '@jupyterlab/console';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';

export interface IInsertTargets {
  app: JupyterFrontEnd;
  notebooks: INotebookTracker | null;
  consoles: IConsoleTracker | null;
  trans: TranslationBundle;
}

/** Where the code went, or null when the user cancelled. */
export type InsertResult = { kind: 'notebook' | 'new-notebook' | 'console'; label: string } | null;

export async function insertCode(code: string, targets: IInsertTargets): Promise<InsertResult> {
  const { app, notebooks, consoles } = targets;
  // Read the targets now, at the moment of use: focus may have moved since the command was offered.
  const current = app.shell.currentWidget;
  const console = consoles?.currentWidget ?? null;
  if (console && current === console) {
    return insertIntoConsole(code, console, targets);
  }
  const notebook = notebooks?.currentWidget ?? null;
  if (notebook) {
    return insertIntoNotebook(code, notebook, 'notebook', targets);
  }
  if (console) {
    return insertIntoConsole(code, console, targets);
  }
  if (!app.commands.hasCommand('notebook:create-new')) {
    return null;
  }
  // Without a kernel name JupyterLab asks the user which kernel to start.
  const created = (await app.commands.execute('notebook:create-new', {})) as NotebookPanel | undefined;
  if (!created) {
    return null;
  }
  await created.context.ready;
  return insertIntoNotebook(code, created, 'new-notebook', targets);
}

async function insertIntoNotebook(code: string, panel: NotebookPanel, kind: 'notebook' | 'new-notebook', targets: IInsertTargets): Promise<InsertResult> {
  await panel.context.ready;
  if (!(await confirmPython(panel.sessionContext, targets.trans))) {
    return null;
  }
  const notebook = panel.content;
  const model = notebook.model;
  if (!model || panel.isDisposed) {
    return null;
  }
  const index = notebook.activeCell ? notebook.activeCellIndex + 1 : model.cells.length;
  // One shared-model transaction: the insertion and its source undo together.
  model.sharedModel.insertCell(index, { cell_type: 'code', source: code, metadata: {} });
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  notebook.mode = 'command';
  const cell = notebook.activeCell;
  if (cell) {
    await cell.ready;
    await notebook.scrollToCell(cell, 'smart');
  }
  targets.app.shell.activateById(panel.id);
  return { kind, label: panel.title.label };
}

async function insertIntoConsole(code: string, panel: ConsolePanel, targets: IInsertTargets): Promise<InsertResult> {
  if (!(await confirmPython(panel.sessionContext, targets.trans))) {
    return null;
  }
  const prompt = panel.console.promptCell;
  if (!prompt) {
    return null;
  }
  await prompt.ready;
  // The prompt keeps the user's draft above the inserted code rather than losing it.
  const draft = prompt.model.sharedModel.getSource();
  prompt.model.sharedModel.setSource(draft.trim() ? `${draft}\n${code}` : code);
  targets.app.shell.activateById(panel.id);
  prompt.editor?.focus();
  return { kind: 'console', label: panel.title.label };
}

/** The part of a session context the language check needs (notebooks and consoles both have it). */
interface IKernelSession {
  readonly ready: Promise<void>;
  readonly name: string;
  readonly path: string;
  readonly session: { kernel: { spec: Promise<{ language: string; display_name: string } | undefined> } | null } | null;
}

/**
 * True when the kernel speaks Python, when its language is unknown (no kernel
 * yet), or when the user chooses to insert anyway.
 */
async function confirmPython(session: IKernelSession, trans: TranslationBundle): Promise<boolean> {
  await session.ready;
  const spec = await session.session?.kernel?.spec;
  const language = spec?.language?.toLowerCase();
  if (!language || language === 'python') {
    return true;
  }
  const result = await showDialog({
    title: trans.__('This kernel does not run Python'),
    body: trans.__(
      'The kernel of %1 runs %2, but the generated code is Python. Insert it anyway? (The Copy commands put it on the clipboard instead.)',
      session.name || session.path,
      spec?.display_name ?? language
    ),
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: trans.__('Insert anyway') })]
  });
  return result.button.accept;
}
