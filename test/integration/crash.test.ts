// A create cut short by a killed engine (SIGKILL, and SIGTERM) at each of its
// steps leaves nothing unexplained: the next engine to start finds the journal
// entry, removes what was half-made (once a `podman create` the dead engine
// left running has ended) and says so. The create runs in a process of its own
// (test/support/createAsUser.ts), killed when it reports the step.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryNote } from '../../shared/contract.js';
import { TOOLSHED_OPERATION_LABEL } from '../../shared/domain/labels.js';
import type { CreateAsUserInput } from '../support/createAsUser.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from './helpers/env.js';
import { bundleCreateAsUser } from './helpers/userEngine.js';

const why = missing({ fixture: true });
const P = 'tsh-crash-';
/** Where the create is killed: the progress line that says the step has begun. */
const KILL_POINTS: { at: RegExp; signal: NodeJS.Signals; label: string }[] = [
  { at: /^create: Creating /, signal: 'SIGKILL', label: 'while podman create runs' },
  { at: /^start: /, signal: 'SIGKILL', label: 'after podman create, starting' },
  { at: /^init: Setting up/, signal: 'SIGKILL', label: 'waiting for init' },
  { at: /^init: Setting up/, signal: 'SIGTERM', label: 'waiting for init, politely' },
];
const names = KILL_POINTS.map((_, i) => `${P}${i}`);

let bundle: string;
let journalDir: string;

/** Starts a create in a process of its own and kills it when it reports the step. */
function createAndKill(name: string, point: (typeof KILL_POINTS)[number]): Promise<string[]> {
  // a 30 s init, so "waiting for init" lasts long enough to be killed in
  const input: CreateAsUserInput = {
    args: { name, image: FIXTURE_IMAGE, operationId: `op-${name}`, options: { env: [{ name: 'TOOLBX_DELAY_ENTRY_POINT', value: '30' }] } },
    settings: { toolboxBinary: '' },
    journalDir,
  };
  const child = spawn(process.execPath, [bundle, JSON.stringify(input)], { cwd: '/tmp', stdio: ['ignore', 'ignore', 'pipe'] });
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const progress = /^progress (.*)$/.exec(line)?.[1];
        if (progress === undefined) continue;
        seen.push(progress);
        if (point.at.test(progress)) child.kill(point.signal);
      }
    });
    child.once('exit', () => resolve(seen));
    child.once('error', reject);
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the create never reached ${point.label}: ${seen.join(' | ')}`));
    }, 60_000);
  });
}

describe.skipIf(why)(`a create killed midway (${why ?? 'real podman'})`, () => {
  beforeAll(async () => {
    removeContainers(names);
    bundle = await bundleCreateAsUser();
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-journal-'));
  });
  afterAll(() => {
    removeContainers(names);
    rmSync(journalDir, { recursive: true, force: true });
  });

  it.each(KILL_POINTS.map((point, i) => [point.label, point.signal, i] as const))('%s (%s): the next start removes what was half-made, and says so', async (_label, _signal, i) => {
    const name = names[i]!;
    const point = KILL_POINTS[i]!;
    const seen = await createAndKill(name, point);
    expect(seen.some((line) => point.at.test(line))).toBe(true);
    // the dead engine's entry is there; podman may or may not have made the container yet
    expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const engine = testEngine({ journalDir });
    try {
      const note = await new Promise<RecoveryNote>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no recovery note')), 90_000);
        const take = (n: RecoveryNote) => n.name === name && (clearTimeout(timer), resolve(n));
        engine.subscribe((m) => m.event === 'operationRecovered' && take(m.payload));
        void engine.api.getStatus({}).then((status) => status.recovered.forEach(take));
      });
      expect(note.message).toContain(`while creating ${name}`);
      expect(podman('ps', '--all', '--filter', `label=${TOOLSHED_OPERATION_LABEL}`, '--filter', `name=^${name}$`, '--format', '{{.Names}}')).toBe('');
      expect(podman('ps', '--all', '--filter', `name=^${name}$`, '--format', '{{.Names}}')).toBe('');
      expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
      // once the container had been made, the note says it was removed
      if (point.at.source.includes('start') || point.at.source.includes('init')) expect(note.message).toMatch(/half-made container was removed/);
    } finally {
      engine.dispose();
    }
  });

  it('a live engine\'s operation is never taken for a dead one\'s', async () => {
    const creating = testEngine({ journalDir });
    const other = testEngine({ journalDir });
    try {
      await creating.api.updateSettings({ toolboxBinary: '' });
      const made = await creating.api.createToolbox({ name: `${P}live`, image: FIXTURE_IMAGE, operationId: 'op-live' });
      expect(made.name).toBe(`${P}live`);
      expect((await other.api.getStatus({})).recovered).toEqual([]);
      expect(podman('container', 'exists', `${P}live`)).toBe('');
    } finally {
      creating.dispose();
      other.dispose();
      removeContainers([`${P}live`]);
    }
  });
});
