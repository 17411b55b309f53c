// Running the CLIs being compared, timed from spawn to exit, always as argument
// arrays; as the unprivileged user through runuser when the comparison is
// rootless; and reading a process tree's memory from /proc.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readStat, signal } from '../../electron/services/terminal/processes.js';
import { asRootlessUser } from '../../test/support/rootless.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** It was still running at the time limit and was killed. */
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Run through runuser as the unprivileged user. */
  rootless?: boolean;
}

/** Runs a command to its end and times it; never throws for a non-zero exit (the caller decides). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, fileArgs] = options.rootless ? asRootlessUser(command, args) : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // its own process group, so a time limit ends everything it started
    const child = spawn(file, fileArgs, { cwd: '/tmp', env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child.pid, 'SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut });
    });
  });
}

/** Like run(), but a non-zero exit or a time limit is an error that quotes the command's output. */
export async function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0 || result.timedOut) {
    const why = result.timedOut ? `did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s` : `exited with ${String(result.code)}`;
    const output = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' / ');
    throw new Error(`${command} ${args.join(' ')} ${why}${output ? `: ${output}` : ''}`);
  }
  return result;
}

/** Signals a process group (a child spawned detached leads its own), ignoring one already gone. */
export function killGroup(pid: number | undefined, name: NodeJS.Signals): void {
  if (pid !== undefined) signal(-pid, name);
}

/** Resident memory of one process in bytes (0 when it is gone). */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every descendant of a process (children, grandchildren, …), read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue; // exited meanwhile
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function treeRssBytes(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
