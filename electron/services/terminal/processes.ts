// The processes of one terminal session, read from /proc. A tab's shell runs
// under conmon, not under the `podman exec` the tab started (killing that
// leaves the shell running), so the engine finds the shell by the mark in its
// environment, asks it which program is in the foreground (before closing a
// busy tab), and hangs it up when the tab closes. Toolbx containers share the
// host's PID namespace, so these are the real processes.
// /proc lives in memory: reading it synchronously costs a few milliseconds,
// and lets even a hurried shutdown find what to hang up.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface ProcessStat {
  pid: number;
  comm: string;
  ppid: number;
  pgrp: number;
  /** The session id: the pid of the session's leader (a shell on its own terminal leads its session). */
  session: number;
  /** The foreground process group of the process's terminal (-1 without one). */
  tpgid: number;
}

/** Parses /proc/<pid>/stat; the command name may itself contain spaces and parentheses. */
export function parseStat(text: string): ProcessStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  // after the name: state ppid pgrp session tty_nr tpgid …
  const [ppid, pgrp, session, tpgid] = [fields[1], fields[2], fields[3], fields[5]].map((field) => Number.parseInt(field ?? '', 10));
  if (ppid === undefined || pgrp === undefined || session === undefined || tpgid === undefined || [ppid, pgrp, session, tpgid].some(Number.isNaN)) {
    return undefined;
  }
  return { pid: Number.parseInt(text, 10), comm: text.slice(open + 1, close), ppid, pgrp, session, tpgid };
}

function read(file: string, encoding: BufferEncoding): string | undefined {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined; // gone, or not ours to read
  }
}

export function readStat(pid: number): ProcessStat | undefined {
  const text = read(`/proc/${pid}/stat`, 'utf8');
  return text === undefined ? undefined : parseStat(text);
}

/** Whether the process's environment holds NAME=VALUE exactly. */
export function isMarked(pid: number, name: string, value: string): boolean {
  const environ = read(`/proc/${pid}/environ`, 'latin1');
  const entry = `${name}=${value}\0`;
  return environ !== undefined && (environ.startsWith(entry) || environ.includes(`\0${entry}`));
}

function processIds(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^[0-9]+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

/** Every process whose environment holds NAME=VALUE. */
export function findMarkedProcesses(name: string, value: string): number[] {
  return processIds().filter((pid) => isMarked(pid, name, value));
}

/** Every process that carries NAME in its environment, by the value it has. */
export function markedProcessesByValue(name: string): Map<string, number[]> {
  const byValue = new Map<string, number[]>();
  const prefix = `${name}=`;
  for (const pid of processIds()) {
    const environ = read(`/proc/${pid}/environ`, 'latin1');
    const entry = environ?.split('\0').find((item) => item.startsWith(prefix));
    if (entry === undefined) continue;
    const value = entry.slice(prefix.length);
    byValue.set(value, [...(byValue.get(value) ?? []), pid]);
  }
  return byValue;
}

/**
 * Ends processes as a closing terminal would, then for good: SIGHUP (and
 * SIGCONT, so a stopped job sees it) now, SIGKILL to whatever is still there
 * after the grace period. Resolves once they are gone or killed.
 */
export async function endProcesses(pids: readonly number[], graceMs: number): Promise<void> {
  for (const pid of pids) {
    signal(pid, 'SIGHUP');
    signal(pid, 'SIGCONT');
  }
  const deadline = Date.now() + graceMs;
  const living = () => pids.filter(isAlive);
  while (living().length > 0 && Date.now() < deadline) await delay(50);
  for (const pid of living()) signal(pid, 'SIGKILL');
}

/**
 * A tab's shell in its container: marked, leading its own session (it owns
 * the container-side terminal), with an unmarked parent (conmon); host-side
 * processes that carry the mark (distrobox's script, `podman exec`) live in
 * the session of the tab's own pty, `excludeSession`.
 */
export function findMarkedShell(name: string, value: string, excludeSession: number): number | undefined {
  const marked = findMarkedProcesses(name, value);
  const set = new Set(marked);
  return marked.map((pid) => readStat(pid)).find((stat) => stat && stat.session === stat.pid && stat.session !== excludeSession && !set.has(stat.ppid))?.pid;
}

/** The program in the foreground of the shell's terminal when it is not the shell itself. */
export function foregroundProgram(shellPid: number): string | null {
  const shell = readStat(shellPid);
  if (!shell || shell.tpgid <= 0 || shell.tpgid === shell.pgrp) return null;
  return readStat(shell.tpgid)?.comm ?? 'a program';
}

/** What the kernel does when a terminal goes away: SIGHUP (and SIGCONT) to the foreground job and the shell. */
export function hangUp(shellPid: number): void {
  const shell = readStat(shellPid);
  if (shell && shell.tpgid > 0 && shell.tpgid !== shell.pgrp) {
    signal(-shell.tpgid, 'SIGHUP');
    signal(-shell.tpgid, 'SIGCONT');
  }
  signal(shellPid, 'SIGHUP');
  signal(shellPid, 'SIGCONT');
}

/** Sends a signal, ignoring processes that are already gone. */
export function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
