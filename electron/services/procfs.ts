// What /proc says about processes other than a terminal's: when a process
// started (to tell a reused pid from its owner), and which processes carry an
// argument (a podman command a killed engine left running).
import { readdirSync, readFileSync } from 'node:fs';

/** When the kernel started the process (clock ticks since boot, field 22 of /proc/PID/stat); undefined when it is gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
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
