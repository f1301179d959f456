/**
 * Entry point of the bundled helper: `dual-layout <command> …`.
 * `serve` is what Jupyter Server starts; the others are the CLI.
 */
import { COMMANDS } from './cli/commands';
import { CommandIO, UsageError } from './cli/command';

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
    io.stderr.write(`dual-layout: unknown command '${name}'. Commands: ${COMMANDS.map(c => c.name).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dual-layout ${name}: ${error.message}\nusage: ${command.usage}\n`);
    } else {
      io.stderr.write(`dual-layout ${name}: ${(error as Error).message}\n`);
    }
    return 2;
  }
}

if (require.main === module) {
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
