// The host side of `toolshed-host` while Toolshed runs: installs the program
// where every toolbox finds it (the shared home), and runs its agent as a
// child of the engine when the setting is on and nothing else (the systemd
// socket unit, another Toolshed) serves the socket already. A dead agent is
// restarted a few times, then reported; one found elsewhere is checked again
// now and then, so this engine takes over when it goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, lstat, mkdir, readFile, readlink, rename, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { HostCommandsStatus } from '../../../shared/contract.js';
import type { Disposable } from '../../../shared/disposable.js';
import { builtBinary, type HostCommandPaths } from './hostCommandPaths.js';
import { DisposableSlot, DisposableStore, toDisposable } from '../../../shared/disposable.js';

export type AgentState = HostCommandsStatus['agent'];

export interface HostAgentOptions {
  paths: HostCommandPaths;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  onState: (state: AgentState, message: string) => void;
}

const START_TIMEOUT_MS = 10_000;
const RESTARTS_PER_MINUTE = 5;
const ELSEWHERE_RECHECK_MS = 30_000;
/** The agent exits with this when another one answers on the socket already. */
const EXIT_ALREADY_SERVED = 3;
/** What host commands should not inherit from the engine's environment. */
const PRIVATE_ENV = ['TOOLSHED_TOKEN', 'ELECTRON_RUN_AS_NODE'];

/** Whether something accepts connections on the socket (an agent serves it). */
export function socketAnswers(socket: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = net.connect(socket);
    const done = (answers: boolean) => {
      connection.destroy();
      resolve(answers);
    };
    connection.setTimeout(timeoutMs, () => done(false));
    connection.once('connect', () => done(true));
    connection.once('error', () => done(false));
  });
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

export class HostAgent implements Disposable {
  private child: ChildProcess | undefined;
  private wanted = false;
  private state: AgentState = 'off';
  private message = 'Host commands are off.';
  private clientProblem: string | undefined;
  private restarts: number[] = [];
  /** The one pending retry or recheck. */
  private readonly timer = new DisposableSlot();
  private readonly store = new DisposableStore();
  /** One start or stop at a time. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: HostAgentOptions) {
    this.store.add(
      toDisposable(() => {
        this.child?.kill('SIGTERM');
        this.child = undefined;
      }),
    );
    this.store.add(this.timer);
  }

  get status(): { agent: AgentState; message: string; clientProblem?: string } {
    return { agent: this.state, message: this.message, ...(this.clientProblem ? { clientProblem: this.clientProblem } : {}) };
  }

  /** Turns the agent on or off (the setting); resolves once it serves, or has failed, or has stopped. */
  apply(enabled: boolean): Promise<void> {
    this.wanted = enabled;
    return this.serially(() => (enabled ? this.start() : this.stop('Host commands are off.')));
  }

  /** Stops this engine's agent for a while (the systemd unit is about to take the socket). */
  pause(): Promise<void> {
    return this.serially(() => this.stop('Host commands are handed to the systemd socket unit.'));
  }

  dispose(): void {
    this.wanted = false;
    this.store.dispose();
  }

  /** Runs `step` (one at a time with starts and stops) after `ms`, in place of any retry or recheck pending. */
  private later(ms: number, step: () => Promise<void>): void {
    const handle = setTimeout(() => void this.serially(step), ms);
    handle.unref();
    this.timer.set(toDisposable(() => clearTimeout(handle)));
  }

  private serially(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private setState(state: AgentState, message: string): void {
    if (state === this.state && message === this.message) return;
    this.state = state;
    this.message = message;
    this.options.log(`host commands: ${message}`);
    this.options.onState(state, message);
  }

  private async start(): Promise<void> {
    this.timer.clear();
    if (this.child) return;
    const { paths } = this.options;
    let binary: string;
    try {
      binary = await this.install();
    } catch (error) {
      this.setState('failed', `Host commands cannot start: ${(error as Error).message}`);
      return;
    }
    if (await socketAnswers(paths.socket)) {
      this.setState('elsewhere', `Served by an agent already listening at ${paths.socket} (the systemd socket unit, or another Toolshed).`);
      this.recheckLater();
      return;
    }
    this.setState('starting', 'Starting the host-command agent…');
    const outcome = await this.spawnAgent(binary);
    if (outcome === 'serving') this.setState('serving', `Toolbox commands reach the host through ${paths.socket} while Toolshed runs.`);
    else if (outcome === 'elsewhere') {
      this.setState('elsewhere', `Served by an agent already listening at ${paths.socket}.`);
      this.recheckLater();
    } else this.setState('failed', `The host-command agent did not start: ${outcome.failed}`);
  }

  private spawnAgent(binary: string): Promise<'serving' | 'elsewhere' | { failed: string }> {
    const { paths } = this.options;
    const env = { ...this.options.env };
    for (const name of PRIVATE_ENV) delete env[name];
    const child = spawn(binary, ['--agent', '--with-parent', '--socket', paths.socket, '--log', paths.log], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: 'serving' | 'elsewhere' | { failed: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const deadline = setTimeout(() => {
        child.kill('SIGKILL');
        settle({ failed: `no answer within ${START_TIMEOUT_MS / 1000} s. ${stderr.trim()}` });
      }, START_TIMEOUT_MS);
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('listening ')) settle('serving');
      });
      child.once('error', (error) => settle({ failed: error.message }));
      child.once('exit', (code, signal) => {
        // stop() lets go of its child first: only an agent that died by itself is started again
        const crashed = this.child === child;
        if (crashed) this.child = undefined;
        if (!settled) {
          settle(code === EXIT_ALREADY_SERVED ? 'elsewhere' : { failed: stderr.trim() || `it exited (${signal ?? code})` });
          return;
        }
        if (crashed && this.wanted && this.state === 'serving') this.restartAfterCrash(stderr.trim() || `exit ${signal ?? code}`);
      });
    });
  }

  private restartAfterCrash(why: string): void {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < 60_000), now];
    if (this.restarts.length > RESTARTS_PER_MINUTE) {
      this.setState('failed', `The host-command agent keeps stopping (${why}); turn host commands off and on to try again.`);
      return;
    }
    this.setState('starting', `The host-command agent stopped (${why}); starting it again…`);
    this.later(1000, () => (this.wanted ? this.start() : Promise.resolve()));
  }

  /** While another agent serves the socket, look again now and then: this engine takes over when it is gone. */
  private recheckLater(): void {
    this.timer.clear();
    this.later(ELSEWHERE_RECHECK_MS, () => (this.wanted && this.state === 'elsewhere' ? this.start() : Promise.resolve()));
  }

  private async stop(message: string): Promise<void> {
    this.timer.clear();
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
    }
    this.setState('off', message);
  }

  /**
   * Copies the built program into the shared home (when it differs) and links
   * ~/.local/bin/toolshed-host to it, never replacing a file that is not that link.
   * Returns the copy's path.
   */
  async install(): Promise<string> {
    const { paths } = this.options;
    const source = builtBinary(this.options.env);
    const [wanted, current] = await Promise.all([readFile(source), readFile(paths.installedBinary).catch(() => null)]);
    if (!current || !wanted.equals(current)) {
      await mkdir(path.dirname(paths.installedBinary), { recursive: true });
      const temporary = `${paths.installedBinary}.${process.pid}.tmp`;
      await copyFile(source, temporary);
      await rename(temporary, paths.installedBinary);
    }
    this.clientProblem = await this.linkClient();
    return paths.installedBinary;
  }

  private async linkClient(): Promise<string | undefined> {
    const { clientLink, installedBinary } = this.options.paths;
    try {
      const info = await lstat(clientLink);
      if (info.isSymbolicLink() && (await readlink(clientLink)) === installedBinary) return undefined;
      return `${clientLink} exists and is not Toolshed's link: left alone. Toolboxes can run ${installedBinary} instead.`;
    } catch (error) {
      if (!isCode(error, 'ENOENT')) return `${clientLink}: ${(error as Error).message}`;
    }
    await mkdir(path.dirname(clientLink), { recursive: true });
    try {
      await symlink(installedBinary, clientLink);
    } catch (error) {
      return `${clientLink} could not be made: ${(error as Error).message}`;
    }
    return undefined;
  }
}
