/**
 * Inline markers: while a cell is edited, lines that write to protected data
 * are underlined, with the operation, target and table on hover. Uses
 * CodeMirror's linter (debounced) through JupyterLab's editor extension registry.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { EditorExtensionRegistry, IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import type { CodeEditor } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Diagnostic, linter } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import { describeOperation } from './dialog';
import { kernelDirectory } from './executors';
import { IWriteGuard } from './tokens';

/** Typing pauses this long before a cell is analysed. */
const DEBOUNCE_MS = 600;

/** The sources of the code cells up to the edited one, and the notebook they belong to. */
function notebookContext(notebooks: INotebookTracker | null, model: CodeEditor.IModel): { key: object; before: string[]; cwd?: string } | null {
  for (const panel of notebooks ? [...iterate(notebooks)] : []) {
    const notebook = panel.content.model;
    if (!notebook) {
      continue;
    }
    const before: string[] = [];
    for (const cell of notebook.cells) {
      if (cell.sharedModel === model.sharedModel) {
        return { key: notebook, before, cwd: kernelDirectory(panel.context.path) };
      }
      if (cell.type === 'code') {
        before.push(cell.sharedModel.getSource());
      }
    }
  }
  return null;
}

function* iterate(notebooks: INotebookTracker) {
  const panels: NonNullable<INotebookTracker['currentWidget']>[] = [];
  notebooks.forEach(panel => panels.push(panel));
  yield* panels;
}

export const guardMarkersPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dual-layout:guard-markers',
  description: 'Marks lines that write to protected tables and paths while you type.',
  autoStart: true,
  requires: [IWriteGuard, IEditorExtensionRegistry],
  optional: [INotebookTracker, ITranslator],
  activate: (
    _: JupyterFrontEnd,
    guard: IWriteGuard,
    registry: IEditorExtensionRegistry,
    notebooks: INotebookTracker | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_dual_layout');
    registry.addExtension({
      name: 'jupyterlab-dual-layout:guard-markers',
      factory: options => {
        const source = (view: EditorView): Diagnostic[] => {
          // Checked at lint time, not here: a notebook's cells learn their mime type only
          // once the kernel has said which language it speaks, after the editor exists.
          const mimeType = options.model.mimeType;
          if (!guard.inlineMarkers || (mimeType !== 'text/x-ipython' && mimeType !== 'text/x-python')) {
            return [];
          }
          const context = notebookContext(notebooks, options.model);
          const analysis = guard.analyzeNow(context?.key ?? options.model, [...(context?.before ?? []), view.state.doc.toString()], context?.cwd);
          return analysis.findings
            .filter(finding => finding.line <= view.state.doc.lines)
            .map(finding => {
              const line = view.state.doc.line(finding.line);
              const table = finding.table ?? trans.__('a protected path');
              return {
                from: line.from + (line.text.length - line.text.trimStart().length),
                to: line.to,
                severity: 'warning',
                markClass: 'jp-DualLayout-GuardMark',
                source: trans.__('Dual Layout write guard'),
                message:
                  finding.maintenance && finding.table
                    ? trans.__('%1 is a repair: maintenance of the protected table %2, which writes to it', describeOperation(finding, trans), finding.table)
                    : trans.__('%1 writes to %2 (%3)', describeOperation(finding, trans), finding.target, table)
              };
            });
        };
        return EditorExtensionRegistry.createImmutableExtension(linter(source, { delay: DEBOUNCE_MS }));
      }
    });
  }
};
