// A blueprint or a move cut short by a killed engine: the next engine to start
// finds the journal entries, removes what was made (the half-made successor by
// its create's own entry first) and puts the toolbox that had stepped aside
// back under its name, and says so. The operation runs in a process of its own
// (test/support/createAsUser.ts), killed when it reports the step.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { recoveryNoteFor, runAndKillAt } from '../support/killAt.js';
import { UPDATE_IMAGE, ensureUpdateFixture } from '../support/updateFixture.js';
import { bundleCreateAsUser } from '../support/userEngine.js';

const why = missing({ fixture: true });
const MOVED = 'tsh-crash-move';
const KEPT = 'tsh-crash-move-old';
const FIRST = 'tsh-crash-bp-1';
const SECOND = 'tsh-crash-bp-2';
const ALL = [MOVED, KEPT, FIRST, SECOND];

describe.skipIf(why)(`a blueprint or a move killed midway (${why ?? 'real podman'})`, () => {
  let bundle: string;
  let journalDir: string;
  const entries = () => readdirSync(journalDir).filter((f) => f.endsWith('.json'));
  /** The note of the blueprint's or the move's own entry (a create's entry has a note of its own). */
  const recoveredBy = async (name: string) => {
    const engine: Engine = testEngine({ journalDir });
    try {
      return await recoveryNoteFor(engine, name, 90_000, (message) => / to a new release| from a blueprint/.test(message));
    } finally {
      engine.dispose();
    }
  };

  beforeAll(async () => {
    ensureUpdateFixture();
    removeContainers(ALL);
    bundle = await bundleCreateAsUser();
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-journal-'));
  }, 600_000);
  afterAll(() => {
    removeContainers(ALL);
    for (const image of podman('images', '--format', '{{.Repository}}:{{.Tag}}').split('\n'))
      if (image.startsWith(`localhost/toolshed-snapshots/${MOVED}:`)) podman('rmi', '--force', image);
    rmSync(journalDir, { recursive: true, force: true });
  });

  it('a move killed while its successor waits for init: the old toolbox is back under its name, running, the successor gone', async () => {
    const maker = testEngine({ journalDir });
    try {
      await maker.api.createToolbox({ name: MOVED, image: FIXTURE_IMAGE, operationId: 'op-crash-move-0' });
    } finally {
      maker.dispose();
    }
    const oldId = podman('inspect', '--format', '{{.Id}}', MOVED);
    const seen = await runAndKillAt(
      bundle,
      { calls: [{ method: 'moveToRelease', args: { container: MOVED, image: UPDATE_IMAGE, keepOldAs: KEPT, operationId: 'op-crash-move' } }], journalDir },
      /^init: /,
    );
    expect(seen).toContainEqual(expect.stringMatching(`^stop: ${MOVED} steps aside as ${KEPT}`));
    expect(entries().length).toBeGreaterThanOrEqual(2); // the move's, and its successor's create

    const note = await recoveredBy(MOVED);
    expect(note.message).toBe(`Toolshed stopped while moving ${MOVED} to a new release; ${MOVED} is back as it was when it started again.`);
    expect(podman('inspect', '--format', '{{.Id}} {{.State.Status}}', MOVED)).toBe(`${oldId} running`);
    expect(() => podman('container', 'exists', KEPT)).toThrow();
    expect(entries()).toEqual([]);
  }, 300_000);

  it('a blueprint killed while making its second toolbox: the first one goes too', async () => {
    const blueprint = `[${FIRST}]\nimage=${FIXTURE_IMAGE}\n\n[${SECOND}]\nimage=${FIXTURE_IMAGE}\n`;
    const seen = await runAndKillAt(
      bundle,
      { calls: [{ method: 'applyBlueprint', args: { text: blueprint, operationId: 'op-crash-bp' } }], journalDir },
      new RegExp(`^create: Making ${SECOND} \\(2 of 2\\)`),
    );
    expect(seen).toContainEqual(`create: Making ${FIRST} (1 of 2) from ${FIXTURE_IMAGE}…`);

    const note = await recoveredBy(`${FIRST}, ${SECOND}`);
    expect(note.message).toBe(`Toolshed stopped while making ${FIRST}, ${SECOND} from a blueprint; the toolbox it had made was removed when it started again.`);
    expect(() => podman('container', 'exists', FIRST)).toThrow();
    expect(() => podman('container', 'exists', SECOND)).toThrow();
    expect(entries()).toEqual([]);
  }, 300_000);
});
