// The `toolshed` command line:
//   toolshed serve [--port N] [--host ADDR] [--allow-remote] [--open] [--no-host-shell] [--keep-token] [--another]
//   toolshed --open NAME   (what a menu entry runs: a tab in NAME, in the running serve's page or a new one)
//   toolshed blueprint check FILE|URL | apply FILE|URL [--dry-run] [--yes] | export NAME   (blueprints: blueprintCommand.ts)
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPEN_FRAGMENT_KEY } from '../../shared/serveAuth.js';
import { containerNameProblem } from '../../shared/domain/names.js';
import { quoteExecTemplate } from '../services/desktop/desktopEntry.js';
import { createEngine } from '../services/engine.js';
import { isLoopbackHost, newToken, tokenProblem } from './auth.js';
import { keptToken, readServeRecord, writeServeRecord } from './serveRecord.js';
import { startServer } from './server.js';
import { blueprintCommand, terminalQuestion } from './blueprintCommand.js';
import { runEngineService } from './engineService.js';
import { engineSocketPath } from '../services/background/backgroundEngine.js';
import { attachToBackgroundEngine } from '../services/background/engineClient.js';

const USAGE = `Usage: toolshed serve [--port N] [--host ADDR] [--allow-remote] [--open] [--no-host-shell] [--keep-token] [--another]
       toolshed --open NAME
       toolshed blueprint check FILE|URL
       toolshed blueprint apply FILE|URL [--dry-run] [--yes]
       toolshed blueprint export NAME
       toolshed engine

serve: serves the Toolshed UI to a browser. Binds 127.0.0.1 on a random port by default
and prints the URL to open (it carries an access token, in the part after "#").
  --port N         listen on port N (default: a free port)
  --host ADDR      listen on ADDR (default 127.0.0.1); a non-loopback address needs --allow-remote
  --allow-remote   allow a non-loopback --host (prefer an SSH tunnel to a loopback port)
  --open           open the URL in the default browser
  --no-host-shell  no terminals on this machine itself (toolbox tabs only)
  --keep-token     reuse one token across restarts (kept in $XDG_STATE_HOME/toolshed/serve-token)
  --another        serve even when this user's Toolshed already serves (by default that one's
                   URL is printed, and opened with --open); menu entries keep opening the first
The environment variable TOOLSHED_TOKEN sets the token (for scripts); otherwise it is random.

--open NAME: opens a terminal tab in the toolbox NAME, in the page of the running
\`toolshed serve\` (in the default browser), or starts one for it.

blueprint check FILE|URL: reads a blueprint (or a distrobox.ini), from a file or from an
http(s) URL, and prints the toolboxes it describes, every command it would run as root inside
them, the keys it does not apply and why, and its problems with their lines; nothing is made
(docs/BLUEPRINTS.md).
blueprint apply FILE|URL: the same, then, once you say yes (or with --yes), makes those
toolboxes, all or nothing; --dry-run stops after the plan.
blueprint export NAME: prints the toolbox NAME as a blueprint (its image, setup, the packages
you installed in it, its exports); what it cannot say goes to stderr.

engine: runs Toolshed's engine as a background service on $XDG_RUNTIME_DIR/toolshed/engine.sock
(what the systemd user unit Settings set up starts): the desktop app and \`toolshed serve\`
attach to it, and terminal tabs outlive their window (docs/SESSIONS.md).`;

export interface ServeArgs {
  port: number;
  host: string;
  allowRemote: boolean;
  open: boolean;
  hostShell: boolean;
  keepToken: boolean;
  another: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, host: '127.0.0.1', allowRemote: false, open: false, hostShell: true, keepToken: false, another: false };
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
    else if (arg === '--no-host-shell') args.hostShell = false;
    else if (arg === '--keep-token') args.keepToken = true;
    else if (arg === '--another') args.another = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!isLoopbackHost(args.host) && !args.allowRemote) {
    throw new Error(`--host ${args.host} is not a loopback address; add --allow-remote if you really mean to expose Toolshed on the network`);
  }
  return args;
}

const log = (message: string) => process.stderr.write(`[toolshed] ${message}\n`);
const uid = () => process.getuid?.() ?? 0;

function openInBrowser(url: string): void {
  spawn('xdg-open', [url], { stdio: 'ignore', detached: true })
    .on('error', () => log(`could not run xdg-open; open this URL yourself: ${url}`))
    .unref();
}

/** The URL that opens the page on a tab in `container`. */
const withOpen = (url: string, container: string) => `${url}&${OPEN_FRAGMENT_KEY}=${encodeURIComponent(container)}`;

/** Where the CLI runs from: bin/toolshed.js (the defaults), or the packaged desktop app, which answers `toolshed serve` too. */
export interface CliPlace {
  /** The built renderer. */
  staticDir: string;
  /** What menu entries made by this serve run, quoted as in an Exec value. */
  launchCommand: string;
  /** The words that run this command line (the background engine's systemd unit adds `engine`). */
  serviceCommand: string[];
}

/** bin/toolshed.js beside dist/server/cli.js: menu entries run it by absolute paths (npm installs put nothing on PATH). */
function placeOfThisModule(): CliPlace {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const serviceCommand = [process.execPath, path.resolve(here, '../../bin/toolshed.js')];
  return { staticDir: path.resolve(here, '../renderer'), launchCommand: serviceCommand.map(quoteExecTemplate).join(' '), serviceCommand };
}

/** The command lines the CLI answers (the desktop app runs anything else as itself). */
export function isCliCommand(argv: readonly string[]): boolean {
  return argv[0] === 'serve' || argv[0] === 'engine' || argv[0] === 'blueprint' || argv[0] === '--help' || argv[0] === '-h';
}

export async function main(argv: string[], place?: CliPlace): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--open') return openToolbox(rest, place);
  if (command === 'blueprint') {
    const ask = terminalQuestion();
    return blueprintCommand(rest, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), ...(ask ? { ask } : {}) });
  }
  if (command === 'engine') {
    if (rest.length) {
      process.stderr.write(`toolshed engine: no options\n\n${USAGE}\n`);
      return 2;
    }
    const { launchCommand, serviceCommand } = place ?? placeOfThisModule();
    return runEngineService({ launchCommand, serviceCommand, log });
  }
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
  return serve(args, place);
}

/** `toolshed --open NAME`: the running serve's page on NAME, or a new serve that opens it. */
async function openToolbox(rest: string[], place?: CliPlace): Promise<number> {
  const [name, ...extra] = rest;
  const problem = name === undefined ? 'a toolbox name is needed' : extra.length ? 'one toolbox name only' : containerNameProblem(name);
  if (problem || name === undefined) {
    process.stderr.write(`toolshed --open: ${problem ?? ''}\n\n${USAGE}\n`);
    return 2;
  }
  const running = readServeRecord(process.env, uid());
  if (running) {
    openInBrowser(withOpen(running.url, name));
    return 0;
  }
  return serve({ port: 0, host: '127.0.0.1', allowRemote: false, open: true, hostShell: true, keepToken: false, another: false }, place, name);
}

async function serve(args: ServeArgs, place = placeOfThisModule(), openAtStart?: string): Promise<number> {
  const given = process.env.TOOLSHED_TOKEN;
  if (given !== undefined && tokenProblem(given)) {
    process.stderr.write(`toolshed: TOOLSHED_TOKEN cannot be used: ${tokenProblem(given)}\n`);
    return 2;
  }
  // one serve per user: a second says where the first is (two would each claim serve.json for menu entries)
  const first = readServeRecord(process.env, uid());
  if (first && !args.another) {
    process.stdout.write(`Toolshed is already serving at ${first.url}\n`);
    log(`that is toolshed serve (pid ${first.pid}); this one does not start. Add --another to serve a second one.`);
    if (args.open) openInBrowser(openAtStart ? withOpen(first.url, openAtStart) : first.url);
    return 0;
  }
  const token = given ?? (args.keepToken ? keptToken(process.env, newToken) : newToken());
  const { staticDir, launchCommand, serviceCommand } = place;
  // the background engine where one runs (its tabs outlive this serve), else one of its own; it opens
  // host shells, so a serve without them keeps its own
  const socket = engineSocketPath(uid(), process.env);
  const background = args.hostShell ? await attachToBackgroundEngine(socket, log) : undefined;
  if (background) log(`attached to the background engine at ${socket}`);
  const engine =
    background ?? createEngine({ log, hostShell: args.hostShell, serviceCommand, ...(process.env.TOOLSHED_LAUNCH_COMMAND ? {} : { launchCommand }) });
  let server;
  try {
    server = await startServer({ engine, staticDir, host: args.host, port: args.port, allowRemote: args.allowRemote, log, token });
  } catch (error) {
    engine.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') process.stderr.write(`toolshed: port ${args.port} is in use; choose another with --port, or leave --port out for a free one.\n`);
    else if (code === 'EADDRNOTAVAIL') process.stderr.write(`toolshed: ${args.host} is not an address of this machine.\n`);
    else process.stderr.write(`toolshed: ${(error as Error).message}\n`);
    return 1;
  }
  // menu entries keep opening the first serve: a second one (--another) leaves its record alone
  const forgetRecord = first ? () => undefined : writeServeRecord(process.env, uid(), { pid: process.pid, url: server.url });
  if (!isLoopbackHost(args.host)) {
    log(`WARNING: listening on ${args.host}, reachable from the network. Anyone with the URL controls your containers.`);
  }
  if (args.hostShell) {
    log(`The URL opens "Host shell" tabs: a shell on this machine as ${os.userInfo().username}. Keep it private; --no-host-shell turns host shells off.`);
  }
  process.stdout.write(`Toolshed is serving at ${server.url}\n`);
  if (args.open || openAtStart) openInBrowser(openAtStart ? withOpen(server.url, openAtStart) : server.url);
  const shutdown = () => {
    forgetRecord();
    engine.dispose();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return 0;
}
