// Toolboxes that stop when nobody uses them, on real podman, with a grace of
// seconds: a toolbox started without a session is left alone; one whose last
// tab closed stops within grace + 5 s (the grace said beforehand); a
// `podman exec -it NAME bash` from another terminal, or an upgrade tab, keeps
// it running until it ends; a new tab during the grace cancels the stop; a
// toolbox set to "never" stays; Toolshed's own execs (its checks) are no session.
import * as pty from 'node-pty';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import type { EventPayloads } from '../../shared/contract.js';
import { missing, podman, removeContainers, testEngine } from '../support/env.js';
import { UPDATE_IMAGE, ensureUpdateFixture } from '../support/updateFixture.js';

const why = missing({ fixture: true, toolbox: true });
const BOX = 'tsh-autostop';
const GRACE_S = 3;
/** What "within grace + 5 s" allows after the last session ended. */
const STOPPED_WITHIN_MS = (GRACE_S + 5) * 1000;

const state = () => podman('inspect', '--format', '{{.State.Status}}', BOX);

/** Resolves once the toolbox is no longer running; rejects after `limitMs`. */
async function stoppedWithin(limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (state() !== 'running') return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`${BOX} still runs ${limitMs} ms later`);
}

describe.skipIf(why)(`auto-stop on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  let engine: Engine;
  const changes: EventPayloads['autoStopChanged'][] = [];

  beforeAll(async () => {
    ensureUpdateFixture();
    removeContainers([BOX]);
    engine = testEngine({});
    engine.subscribe((m) => m.event === 'autoStopChanged' && changes.push(m.payload));
    await engine.api.updateSettings({ autoStopSeconds: GRACE_S });
    await engine.api.createToolbox({ name: BOX, image: UPDATE_IMAGE, operationId: 'op-autostop' });
  }, 300_000);

  afterEach(async () => {
    for (const { id } of await engine.api.listTerminals({})) await engine.api.closeTerminal({ id });
    await engine.api.setAutoStop({ container: BOX, seconds: 'default' });
  });

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX]);
  });

  it('leaves a toolbox started without a session alone, Toolshed’s own checks included', async () => {
    expect(state()).toBe('running');
    await engine.api.checkUpdates({ container: BOX }); // execs of Toolshed's own, marked
    await sleep((GRACE_S + 3) * 1000);
    expect(state()).toBe('running');
    expect(await engine.api.listAutoStops({})).toEqual([]);
  }, 60_000);

  it('stops it within grace + 5 s once its last tab has closed, saying when beforehand; a tab opened during the grace cancels it', async () => {
    const first = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    await sleep(1500);
    const closedAt = Date.now();
    await engine.api.closeTerminal({ id: first.id });
    await expect.poll(() => engine.api.listAutoStops({}), { timeout: 5000 }).toEqual([{ id: expect.any(String), name: BOX, stopsAt: expect.any(Number) }]);
    const [pending] = await engine.api.listAutoStops({});
    expect(pending!.stopsAt - closedAt).toBeGreaterThan(GRACE_S * 1000 - 100);
    // a new tab during the grace: no stop
    const second = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    await expect.poll(() => engine.api.listAutoStops({}), { timeout: 5000 }).toEqual([]);
    await sleep((GRACE_S + 2) * 1000);
    expect(state()).toBe('running');
    await engine.api.closeTerminal({ id: second.id });
    const tookMs = await stoppedWithin(STOPPED_WITHIN_MS);
    expect(tookMs).toBeGreaterThan(GRACE_S * 1000 - 500);
    // the grace was said before the stop, and none is left after it
    const mine = changes.filter((c) => c.name === BOX);
    expect(mine[0]?.stopsAt).toEqual(expect.any(Number));
    expect(mine.at(-1)?.stopsAt).toBeNull();
    expect(await engine.api.listAutoStops({})).toEqual([]);
  }, 120_000);

  it('a podman exec -it from another terminal keeps it running until it ends, as an upgrade tab does; "never" keeps it', async () => {
    podman('start', BOX);
    // somebody's shell in another terminal, for longer than the grace
    const outside = pty.spawn('podman', ['exec', '-it', BOX, 'bash', '-c', `sleep ${GRACE_S + 4}`], { cols: 80, rows: 24, cwd: '/tmp' });
    const ended = new Promise<void>((resolve) => outside.onExit(() => resolve()));
    await sleep((GRACE_S + 2) * 1000);
    expect(state()).toBe('running');
    await ended;
    await stoppedWithin(STOPPED_WITHIN_MS);

    // an upgrade tab (as root, waiting at apt's question) keeps it running too; started once the auto-stop's own stop has let go
    await expect
      .poll(
        () =>
          engine.api.startContainer({ container: BOX }).then(
            () => 'started',
            (error: { code?: string }) => error.code,
          ),
        { timeout: 15_000 },
      )
      .toBe('started');
    const upgrade = await engine.api.openTerminal({ container: BOX, upgrade: true, cols: 80, rows: 24 });
    await sleep((GRACE_S + 3) * 1000);
    expect(state()).toBe('running');
    // set to never: closing the last tab starts no grace
    await engine.api.setAutoStop({ container: BOX, seconds: null });
    await engine.api.closeTerminal({ id: upgrade.id });
    await sleep((GRACE_S + 3) * 1000);
    expect(state()).toBe('running');
    expect(await engine.api.listAutoStops({})).toEqual([]);
  }, 120_000);
});
