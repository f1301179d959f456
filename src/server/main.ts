/**
 * Entry point of the bundled helper: `dual-layout <command> …`.
 * `serve` is what Jupyter Server starts; the others are the CLI.
 */
import { COMMANDS } from './cli/commands';
import { CommandIO, errorBody, oneLine, UsageError, wantsJson } from './cli/command';
import { stringifyJson } from '../core/json';
import { isMainThread, workerData } from 'worker_threads';
import { isDecoderWorker, runDecoderWorker, useDecoderWorkers } from './metadata/decoder';

function help(): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length));
  const lines = COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: dual-layout <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find(c => c.name === name);
  if (!command) {
    return fail(io, rest, 'dual-layout', new UsageError(`unknown command '${name}'. Commands: ${COMMANDS.map(c => c.name).join(', ')}`));
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return fail(io, rest, `dual-layout ${name}`, error);
  }
}

/**
 * A command that could not run: one line on stderr for a person and, with
 * `--format json`, `{"error": {"message", "catalog"?, "table"?}}` on stdout for a program. Exit 2.
 */
function fail(io: CommandIO, args: string[], prefix: string, error: unknown): number {
  if (wantsJson(args)) {
    io.stdout.write(`${stringifyJson(errorBody(error))}\n`);
  }
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const hint = error instanceof UsageError ? ` (see ${prefix} --help)` : '';
  io.stderr.write(`${prefix}: ${message}${hint}\n`);
  return 2;
}

if (!isMainThread && isDecoderWorker(workerData)) {
  // This bundle, re-executed as one of its metadata-decoding threads.
  runDecoderWorker();
} else if (require.main === module) {
  useDecoderWorkers(__filename);
  const io: CommandIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  main(process.argv.slice(2), io).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`dual-layout: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 2;
    }
  );
}
