/** Every `dual-layout` subcommand, in the order `--help` lists them. */
import type { Command } from './command';
import { listCommand } from './list';
import { serveCommand } from './serve';

export const COMMANDS: Command[] = [serveCommand, listCommand];
