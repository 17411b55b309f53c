// What /proc says about processes other than a terminal's: when a process
// started (to tell a reused pid from its owner), and which processes carry an
// argument (a podman command a killed engine left running).
import { readdirSync, readFileSync } from 'node:fs';

/** Fields 3 onwards of /proc/PID/stat (after the command's name, which may hold spaces), or undefined when it is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When the kernel started the process (clock ticks since boot, field 22 of /proc/PID/stat); undefined when it is gone. */
export function processStartTime(pid: number): number | undefined {
  const start = Number(statFields(pid)?.[19]);
  return Number.isFinite(start) ? start : undefined;
}

/** Whether the process has ended but its parent has not reaped it yet (a zombie: it runs nothing any more). */
export function processEnded(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === undefined || state === 'Z' || state === 'X';
}

/** The processes with exactly this argument on their command line (this user's, readable ones), of `program` only when given. */
export function pidsWithArgument(argument: string, program?: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^[0-9]+$/.test(entry));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      return args.includes(argument) && (program === undefined || args[0]?.split('/').pop() === program);
    } catch {
      return false;
    }
  });
}
