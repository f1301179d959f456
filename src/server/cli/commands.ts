/** Every `dual-layout` subcommand, in the order `--help` lists them. */
import { checkCommand } from './check';
import type { Command } from './command';
import { listCommand } from './list';
import { repairCommand } from './repair';
import { scanCommand } from './scan';
import { serveCommand } from './serve';
import { snippetCommand } from './snippet';

export const COMMANDS: Command[] = [serveCommand, listCommand, checkCommand, repairCommand, snippetCommand, scanCommand];
