// A create cut short by a killed engine (SIGKILL, and SIGTERM) at each of its
// steps leaves nothing unexplained: the next engine to start finds the journal
// entry, removes what was half-made (once a `podman create` the dead engine
// left running has ended) and says so. The create runs in a process of its own
// (test/support/createAsUser.ts), killed when it reports the step.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLSHED_OPERATION_LABEL } from '../../shared/domain/labels.js';
import type { CreateAsUserInput } from '../support/createAsUser.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { bundleCreateAsUser } from '../support/userEngine.js';
import { recoveryNoteFor, runAndKillAt } from '../support/killAt.js';

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
  return runAndKillAt(bundle, input, point.at, point.signal, 60_000);
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

  it.each(KILL_POINTS.map((point, i) => [point.label, point.signal, i] as const))(
    '%s (%s): the next start removes what was half-made, and says so',
    async (_label, _signal, i) => {
      const name = names[i]!;
      const point = KILL_POINTS[i]!;
      const seen = await createAndKill(name, point);
      expect(seen.some((line) => point.at.test(line))).toBe(true);
      // the dead engine's entry is there; podman may or may not have made the container yet
      expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

      const engine = testEngine({ journalDir });
      try {
        const note = await recoveryNoteFor(engine, name);
        expect(note.message).toContain(`while creating ${name}`);
        expect(podman('ps', '--all', '--filter', `label=${TOOLSHED_OPERATION_LABEL}`, '--filter', `name=^${name}$`, '--format', '{{.Names}}')).toBe('');
        expect(podman('ps', '--all', '--filter', `name=^${name}$`, '--format', '{{.Names}}')).toBe('');
        expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
        // once the container had been made, the note says it was removed
        if (point.at.source.includes('start') || point.at.source.includes('init')) expect(note.message).toMatch(/half-made container was removed/);
      } finally {
        engine.dispose();
      }
    },
  );

  it("a live engine's operation is never taken for a dead one's", async () => {
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
