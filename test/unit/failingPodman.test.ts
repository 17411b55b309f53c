// When podman is missing, fails, hangs or its event stream dies, every call
// ends with a clear typed error, and the engine keeps serving. A fake podman
// (test/fixtures/fake-podman) stands in for these failure cases only.
import { describe, expect, it } from 'vitest';
import { scratchEngine } from '../support/engine.js';
import { createPodmanRunner } from '../../electron/services/podman/runner.js';
import { watchPodmanEvents } from '../../electron/services/podman/events.js';

const FAKE = new URL('../fixtures/fake-podman/podman', import.meta.url).pathname;
const survived: string[] = [];

function engineWith(mode: string | undefined, binary = FAKE, defaultTimeoutMs = 1000) {
  return scratchEngine({ env: { FAKE_PODMAN_MODE: mode ?? '' }, podman: { binary, defaultTimeoutMs } });
}

describe('failing podman', () => {
  it('missing: the status says so and how to install it; calls fail with PODMAN_MISSING', async () => {
    const engine = engineWith(undefined, '/nonexistent/podman');
    try {
      const status = await engine.api.getStatus({});
      expect(status).toMatchObject({ available: false, problem: { code: 'PODMAN_MISSING' } });
      expect(status.problem!.hint).toMatch(/install/i);
      await expect(engine.api.listContainers({})).rejects.toMatchObject({ code: 'PODMAN_MISSING' });
      survived.push('podman missing');
    } finally {
      engine.dispose();
    }
  });

  it('exiting non-zero: the error carries podman’s own message', async () => {
    const engine = engineWith('fail');
    try {
      await expect(engine.api.startContainer({ container: 'box' })).rejects.toMatchObject({
        code: 'PODMAN_FAILED',
        message: 'cannot connect to the storage: database is locked',
      });
      survived.push('podman failing');
    } finally {
      engine.dispose();
    }
  });

  it('hanging: a timeout with a clear error, and other calls still answer meanwhile', async () => {
    const engine = engineWith('hang', FAKE, 800);
    try {
      const hanging = engine.api.listContainers({});
      // the engine is not blocked by the stuck podman
      expect((await engine.api.getSettings({})).terminalFontSize).toBe(14);
      expect(await engine.api.getStatus({})).toMatchObject({ available: true, version: '9.9.9-fake' });
      await expect(hanging).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('did not answer') });
      survived.push('podman hanging');
    } finally {
      engine.dispose();
    }
  });

  it('flooding: output past 64 MiB is stopped and said in words', async () => {
    const runner = createPodmanRunner({ binary: FAKE, env: { ...process.env, FAKE_PODMAN_MODE: 'flood' } });
    await expect(runner.run(['exec', '--', 'box', 'apt-get', '-s', 'dist-upgrade'])).rejects.toMatchObject({
      code: 'PODMAN_FAILED',
      message: 'podman exec printed more than 64 MiB, more than Toolshed reads from one command; it was stopped.',
    });
    survived.push('podman flooding');
  });

  it('events dying: the stream is restarted, with a growing delay', async () => {
    const exits: number[] = [];
    const runner = createPodmanRunner({ binary: FAKE, env: { ...process.env, FAKE_PODMAN_MODE: 'die' } });
    const stream = watchPodmanEvents(runner, { onEvent: () => undefined, onExit: ({ restartInMs }) => exits.push(restartInMs), maxRestartDelayMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    stream.dispose();
    expect(exits.length).toBeGreaterThanOrEqual(3);
    expect(exits[1]!).toBeGreaterThan(exits[0]!);
    expect(Math.max(...exits)).toBeLessThanOrEqual(1000);
    survived.push(`podman events died ${exits.length} times`);
    console.log(`failing podman: survived ${survived.join(', ')}`);
  });

  it('podman 5 warning on every command (cgroups v1): a missing image is missing, and a failure is named by its error, not the warning', async () => {
    const engine = engineWith('warn');
    try {
      await expect(engine.api.createToolbox({ name: 'tsh-warned', image: 'localhost/nothing:here', operationId: 'op-warned' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('is not on this machine'),
      });
      await expect(engine.api.inspectContainer({ container: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      engine.dispose();
    }
  });
});
