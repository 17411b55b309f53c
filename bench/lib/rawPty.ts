// The baseline terminal: node-pty running the very command a Toolshed tab runs
// (or `toolbox enter`), its output read and thrown away: no batching, no flow
// control, no screen, no browser. What a terminal costs at the least.
import * as pty from 'node-pty';
import type { Command } from '../../electron/services/terminal/enterArgs.js';
import { TerminalProbe } from './terminalProbe.js';

/** `toolbox enter NAME` as a terminal starts it: this process's environment, a terminal type. */
export function toolboxEnter(container: string): Command {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return { file: 'toolbox', args: ['enter', container], env: { ...env, TERM: 'xterm-256color' }, cwd: '/tmp' };
}

export class RawPty extends TerminalProbe {
  private readonly process: pty.IPty;
  private readonly exit: Promise<void>;

  constructor(command: Command, size = { cols: 120, rows: 30 }) {
    super();
    this.process = pty.spawn(command.file, command.args, { name: 'xterm-256color', ...size, cwd: command.cwd, env: command.env });
    this.process.onData((data) => this.feed(data));
    this.exit = new Promise((resolve) =>
      this.process.onExit(() => {
        this.markEnded();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.process.pid;
  }

  write(data: string): void {
    this.process.write(data);
  }

  /** Leaves the shell with `exit`; hangs up, then kills, what does not go. */
  async close(): Promise<void> {
    const ended = (ms: number) => Promise.race([this.exit, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    if (!this.hasEnded) this.process.write('\x15exit\r');
    await ended(3000);
    if (!this.hasEnded) this.process.kill('SIGHUP');
    await ended(2000);
    if (!this.hasEnded) this.process.kill('SIGKILL');
  }
}
