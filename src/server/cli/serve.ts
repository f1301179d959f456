/**
 * `dual-layout serve`: the helper process Jupyter Server starts. Prints
 * `ready <address>` once listening so the supervisor knows it can forward.
 */
import { existsSync, unlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Command, UsageError, parseArgs } from './command';
import { createHelperServer } from '../api/server';
import { HelperContext } from '../api/context';
import { buildRouter } from '../api/routes';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP helper that JupyterLab talks to (started by Jupyter Server)',
  usage: 'dual-layout serve (--socket PATH | --port N) [--exit-on-stdin-close]',
  async run(args, io) {
    const { options } = parseArgs(args, ['socket', 'port'], ['exit-on-stdin-close']);
    const token = io.env.DUAL_LAYOUT_HELPER_TOKEN;
    if (!token) {
      throw new UsageError('DUAL_LAYOUT_HELPER_TOKEN must be set: only holders of the token may call the helper');
    }
    if (!options.socket === !options.port) {
      throw new UsageError('give exactly one of --socket or --port');
    }
    const log = (line: string) => io.stderr.write(`${line}\n`);
    const context = await HelperContext.create({ env: io.env, cwd: io.cwd, log });
    const server = createHelperServer({ router: buildRouter(context), token, redact: context.redact, log });
    const socket = options.socket as string | undefined;
    if (socket && existsSync(socket)) {
      unlinkSync(socket);
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      if (socket) {
        server.listen(socket, resolve);
      } else {
        server.listen(Number(options.port), '127.0.0.1', resolve);
      }
    });
    const address = socket ?? `127.0.0.1:${(server.address() as AddressInfo).port}`;
    io.stdout.write(`ready ${address}\n`);

    return new Promise<number>(resolve => {
      const stop = () => {
        server.close(() => resolve(0));
        server.closeAllConnections();
        // The stdin lifeline would otherwise keep a SIGTERM'd helper alive without a socket.
        process.stdin.destroy();
        void context.dispose();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (options['exit-on-stdin-close']) {
        // Jupyter Server holds our stdin; when it goes away (even killed), so do we.
        process.stdin.on('end', stop);
        process.stdin.on('close', stop);
        process.stdin.resume();
      }
    });
  }
};
