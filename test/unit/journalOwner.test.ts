// An operation's owner is dead once killed, even before its parent reaps it
// (a zombie): the next engine's recovery must not take it for a live one (a
// killed engine under PID 1 stayed a zombie for ~1.4 s, and its half-made
// toolbox was left until the start after).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ownerAlive } from '../../electron/services/journal.js';
import { processStartTime } from '../../electron/services/procfs.js';

describe('the owner of a journal entry', () => {
  it('is alive while it runs, and dead as a zombie its parent has not reaped', async () => {
    // The child outlives the shell's own life (a child that had already exited
    // could be reaped by dash before its exec: seen in CI); once the shell is
    // exec'd into sleep, nothing reaps the child, and it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))));
      await expect.poll(() => processStartTime(pid)).toBeGreaterThan(0);
      const record = { pid, pidStart: processStartTime(pid) };
      await expect.poll(() => ownerAlive(record)).toBe(false);
      expect(processStartTime(pid)).toBe(record.pidStart); // still in /proc: a zombie, not gone
      expect(ownerAlive({ pid: process.pid, pidStart: processStartTime(process.pid) })).toBe(true);
      expect(ownerAlive({ pid: process.pid, pidStart: 1 })).toBe(false); // a reused pid
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
