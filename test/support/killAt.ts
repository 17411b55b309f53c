// The crash tests' two halves: an engine operation run in a process of its own
// (the createAsUser.ts bundle) and killed when it reports a given step, then the
// note the next engine gives once it has cleaned up after the dead one.
import { spawn } from 'node:child_process';
import type { RecoveryNote } from '../../shared/contract.js';
import type { Engine } from '../../electron/services/engine.js';
import type { CreateAsUserInput } from './createAsUser.js';

/** Runs `input` through the bundle and kills it with `signal` at the first progress line `at` matches; resolves with the lines seen. */
export function runAndKillAt(bundle: string, input: CreateAsUserInput, at: RegExp, signal: NodeJS.Signals = 'SIGKILL', limitMs = 120_000): Promise<string[]> {
  const child = spawn(process.execPath, [bundle, JSON.stringify(input)], { cwd: '/tmp', stdio: ['ignore', 'ignore', 'pipe'] });
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the operation never reached ${at.source}: ${seen.join(' | ')}`));
    }, limitMs);
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const progress = /^progress (.*)$/.exec(line)?.[1];
        if (progress === undefined) continue;
        seen.push(progress);
        if (at.test(progress)) child.kill(signal);
      }
    });
    child.once('exit', () => (clearTimeout(timer), resolve(seen)));
    child.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** The note `engine` gives about `name` (whose message `matches`, when given) after cleaning up what a dead engine left (at once if it already has). */
export function recoveryNoteFor(engine: Engine, name: string, limitMs = 90_000, matches: (message: string) => boolean = () => true): Promise<RecoveryNote> {
  return new Promise<RecoveryNote>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no recovery note about ${name}`)), limitMs);
    const take = (note: RecoveryNote) => note.name === name && matches(note.message) && (clearTimeout(timer), resolve(note));
    engine.subscribe((m) => m.event === 'operationRecovered' && take(m.payload));
    void engine.api.getStatus({}).then((status) => status.recovered.forEach(take));
  });
}
