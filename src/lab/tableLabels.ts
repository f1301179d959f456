/**
 * Labels of the commands that act on a table. In the command palette nothing
 * else says which table that is, so there the label names the selected one;
 * menus and buttons sit beside their table and keep the short label.
 */
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyJSONObject, ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { IDualLayoutModel } from './tokens';

/** The args a palette item passes to its command, so its label can tell where it is shown. */
export const PALETTE_ARGS: ReadonlyJSONObject = { isPalette: true };

export type TableOf = (args: ReadonlyPartialJSONObject) => string | null | undefined;

export function tableCommandLabel(tableOf: TableOf, short: string, naming: (table: string) => string): (args: ReadonlyPartialJSONObject) => string {
  return args => {
    const table = args.isPalette ? tableOf(args) : null;
    return table ? naming(table) : short;
  };
}

/** The palette renders labels once per change: tell it when the selected table changes. */
export function relabelOnSelection(model: IDualLayoutModel, commands: CommandRegistry, ids: readonly string[]): void {
  model.selectionChanged.connect(() => {
    for (const id of ids) {
      commands.notifyCommandChanged(id);
    }
  });
}
