// The `toolshed` command line: `toolshed serve [--port N] [--host ADDR] [--allow-remote] [--open]`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../services/engine.js';
import { startServer } from './server.js';
import { isLoopbackHost } from './auth.js';

const USAGE = `Usage: toolshed serve [--port N] [--host ADDR] [--allow-remote] [--open]

Serves the Toolshed UI to a browser. Binds 127.0.0.1 on a random port by default
and prints the URL to open (it carries an access token).
  --port N         listen on port N (default: a free port)
  --host ADDR      listen on ADDR (default 127.0.0.1); a non-loopback address needs --allow-remote
  --allow-remote   allow a non-loopback --host (prefer an SSH tunnel to a loopback port)
  --open           open the URL in the default browser
The environment variable TOOLSHED_TOKEN sets the token (for scripts); otherwise it is random.`;

export interface ServeArgs {
  port: number;
  host: string;
  allowRemote: boolean;
  open: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, host: '127.0.0.1', allowRemote: false, open: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a number from 0 to 65535');
      args.port = port;
    } else if (arg === '--host') args.host = value();
    else if (arg === '--allow-remote') args.allowRemote = true;
    else if (arg === '--open') args.open = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!isLoopbackHost(args.host) && !args.allowRemote) {
    throw new Error(`--host ${args.host} is not a loopback address; add --allow-remote if you really mean to expose Toolshed on the network`);
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    process.stderr.write(`${USAGE}\n`);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  let args: ServeArgs;
  try {
    args = parseServeArgs(rest);
  } catch (error) {
    process.stderr.write(`toolshed: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`[toolshed] ${message}\n`);
  const engine = createEngine({ log });
  const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');
  const server = await startServer({ engine, staticDir, host: args.host, port: args.port, allowRemote: args.allowRemote, log, ...(process.env.TOOLSHED_TOKEN ? { token: process.env.TOOLSHED_TOKEN } : {}) });
  if (!isLoopbackHost(args.host)) {
    log(`WARNING: listening on ${args.host}, reachable from the network. Anyone with the URL controls your containers.`);
  }
  process.stdout.write(`Toolshed is serving at ${server.url}\n`);
  if (args.open) spawn('xdg-open', [server.url], { stdio: 'ignore', detached: true }).on('error', () => log('could not run xdg-open; open the URL yourself')).unref();
  const shutdown = () => {
    engine.dispose();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return 0;
}
