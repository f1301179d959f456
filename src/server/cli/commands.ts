/** Every `dual-layout` subcommand, in the order `--help` lists them. */
import { checkCommand } from './check';
import type { Command } from './command';
import { listCommand } from './list';
import { serveCommand } from './serve';

export const COMMANDS: Command[] = [serveCommand, listCommand, checkCommand];
