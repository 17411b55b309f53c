// A toolbox's exec sessions as /proc shows them: each `podman exec` (a tab, a
// `toolbox enter` elsewhere, an exported app, an upgrade) runs under a conmon
// of its own, started with `-c CONTAINER -u SESSION` (the container's own
// conmon has SESSION = CONTAINER). Such a conmon lives exactly as long as its
// session. Toolshed's own short execs (an update check, a listing) carry
// INTERNAL_EXEC_MARK in their environment and are told apart. Read on podman's
// exec events only, never on a timer; the same for root and rootless (conmon
// runs as the user, in the host's PID namespace).
import { readdirSync, readFileSync } from 'node:fs';
import { INTERNAL_EXEC_MARK } from '../podman/client.js';

/** The container and session of a conmon command line, when it is an exec session's conmon. */
export function execSessionOf(args: readonly string[]): { containerId: string; sessionId: string } | undefined {
  if (args[0]?.split('/').pop() !== 'conmon') return undefined;
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const containerId = value('-c');
  const sessionId = value('-u');
  if (!containerId || !sessionId || sessionId === containerId) return undefined;
  return { containerId, sessionId };
}

const read = (file: string, encoding: BufferEncoding = 'latin1') => {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
};

/**
 * The exec sessions of a container running now: one per conmon of an exec, and whether it is
 * Toolshed's own (its process's environment carries the mark; one that cannot be read counts as somebody's).
 */
export function execSessions(containerId: string): { pid: number; internal: boolean }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^[0-9]+$/.test(entry));
  } catch {
    return [];
  }
  const found: { pid: number; internal: boolean }[] = [];
  for (const entry of pids) {
    if (read(`/proc/${entry}/comm`)?.trim() !== 'conmon') continue;
    const session = execSessionOf((read(`/proc/${entry}/cmdline`) ?? '').split('\0'));
    if (session?.containerId !== containerId) continue;
    const children = (read(`/proc/${entry}/task/${entry}/children`) ?? '').trim().split(/\s+/).filter(Boolean);
    // a conmon whose process has ended (and not been replaced) is no session any more
    if (children.length === 0) continue;
    const internal = children.every((child) => (read(`/proc/${child}/environ`) ?? '').split('\0').includes(INTERNAL_EXEC_MARK));
    found.push({ pid: Number(entry), internal });
  }
  return found;
}
