// The list and lifecycle against real podman: containers made by the toolbox
// CLI, distrobox (rootless) and plain podman are each shown for what they are;
// a refresh costs one podman call whatever the number of containers; actions
// change podman's state and never touch another container.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract.js';
import { ToolshedError } from '../../shared/errors.js';
import type { PodmanCall } from '../../electron/services/podman/client.js';
import { LANE_LIMITS } from '../../electron/services/podman/callLanes.js';
import { asRootlessUser } from '../support/rootless.js';
import { FIXTURE_IMAGE, PODMAN_AS_TOOLSHED, missing, podman, removeContainers, testEngine } from '../support/env.js';

const why = missing({ fixture: true, toolbox: true });
const CLI = 'tsh-it-cli';
const PLAIN = 'tsh-it-plain';
const OTHER = 'tsh-it-other';
const RENAMED = 'tsh-it-renamed';
const MANY = Array.from({ length: 50 }, (_, i) => `tsh-it-many-${i}`);

function waitForEvent(engine: ReturnType<typeof testEngine>, predicate: (message: EventMessage) => boolean, timeoutMs = 5000): Promise<EventMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no such event'));
    }, timeoutMs);
    const subscription = engine.subscribe((message) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(message);
    });
  });
}

describe.skipIf(why)(`list and lifecycle on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(() => {
    removeContainers([CLI, PLAIN, OTHER, RENAMED, ...MANY]);
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, CLI], { cwd: '/tmp', stdio: 'pipe' });
    podman('create', '--name', PLAIN, '--label', 'com.github.containers.toolbox=false', FIXTURE_IMAGE, 'sleep', 'infinity');
    podman('create', '--name', OTHER, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'sleep', 'infinity');
  });
  afterAll(() => removeContainers([CLI, PLAIN, OTHER, RENAMED, ...MANY]));

  it('shows the toolbox CLI container as Toolbx, and the plain one only when asked', async () => {
    const engine = testEngine();
    try {
      const toolboxes = await engine.api.listContainers({});
      expect(toolboxes.find((c) => c.name === CLI)).toMatchObject({ manager: 'toolbox', distro: 'debian', release: '12', state: 'created' });
      expect(toolboxes.some((c) => c.name === PLAIN)).toBe(false);
      const all = await engine.api.listContainers({ all: true });
      expect(all.find((c) => c.name === PLAIN)).toMatchObject({ manager: 'podman' });
    } finally {
      engine.dispose();
    }
  });

  it('costs one podman call per refresh with 50 containers, and none while events keep the list true', async () => {
    for (const name of MANY) podman('create', '--name', name, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'true');
    const calls: PodmanCall[] = [];
    const engine = testEngine({ podman: { onCall: (call) => calls.push(call) } });
    try {
      const list = await engine.api.listContainers({ all: true });
      expect(list.filter((c) => c.name.startsWith('tsh-it-many-'))).toHaveLength(50);
      const psCalls = () => calls.filter((c) => c.args[0] === 'ps').length;
      // let the event stream's first resynchronization settle
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const settled = psCalls();
      // a change made outside Toolshed: one event, one refresh, one `podman ps`
      const moved = waitForEvent(engine, (m) => m.event === 'containersChanged' && m.payload.containers.some((c) => c.name === `${MANY[0]}-moved`));
      podman('rename', MANY[0]!, `${MANY[0]}-moved`);
      await moved;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(psCalls()).toBe(settled + 1);
      podman('rename', `${MANY[0]}-moved`, MANY[0]!);
      // while the event stream keeps the list true, listing costs nothing
      const before = psCalls();
      await engine.api.listContainers({ all: true });
      await engine.api.listContainers({});
      expect(psCalls()).toBe(before);
      // a change outside Toolshed: one refresh, announced to listeners
      const changed = waitForEvent(engine, (m) => m.event === 'containersChanged' && !m.payload.containers.some((c) => c.name === MANY[0]));
      podman('rm', MANY[0]!);
      await changed;
      expect(psCalls()).toBe(before + 1);
    } finally {
      engine.dispose();
      removeContainers(MANY);
    }
  });

  it('starts a Toolbx container and waits for its init, stops, renames and removes it', async () => {
    const engine = testEngine();
    const progress: string[] = [];
    engine.subscribe((m) => m.event === 'progress' && progress.push(m.payload.message));
    try {
      const started = await engine.api.startContainer({ container: CLI });
      expect(started.state).toBe('running');
      expect(progress.join('\n')).toContain('Waiting for the toolbox to finish its setup');
      // the toolbox CLI agrees it is ready: `toolbox run` needs the init stamp
      expect(execFileSync('toolbox', ['run', '-c', CLI, 'id', '-u'], { cwd: '/tmp', encoding: 'utf8' }).trim()).toBe('0');

      const id = started.id;
      // what removal must never touch: a file in the home directory and a volume
      const marker = `${process.env.HOME ?? '/root'}/.tsh-it-marker`;
      execFileSync('toolbox', ['run', '-c', CLI, 'sh', '-c', `echo kept > ${marker}`], { cwd: '/tmp' });
      podman('volume', 'create', 'tsh-it-volume');
      await expect(engine.api.removeContainer({ id, name: CLI })).rejects.toMatchObject({ code: 'CONTAINER_RUNNING' });
      expect((await engine.api.stopContainer({ container: CLI })).state).toBe('exited');

      await expect(engine.api.renameContainer({ container: CLI, newName: OTHER })).rejects.toMatchObject({ code: 'NAME_TAKEN' });
      expect((await engine.api.renameContainer({ container: CLI, newName: RENAMED })).name).toBe(RENAMED);

      // the confirmed name must still be the container's name
      await expect(engine.api.removeContainer({ id, name: CLI })).rejects.toBeInstanceOf(ToolshedError);
      expect(podman('container', 'exists', RENAMED)).toBe('');

      await engine.api.removeContainer({ id, name: RENAMED });
      expect(() => podman('container', 'exists', RENAMED)).toThrow();
      // nothing else was touched
      expect(podman('inspect', '--format', '{{.State.Status}}', OTHER)).toBe('created');
      expect(podman('inspect', '--format', '{{.State.Status}}', PLAIN)).toBe('created');
      expect(podman('image', 'exists', FIXTURE_IMAGE)).toBe('');
      expect(podman('volume', 'exists', 'tsh-it-volume')).toBe('');
      expect(readFileSync(marker, 'utf8')).toBe('kept\n');
      rmSync(marker);
    } finally {
      engine.dispose();
      execFileSync('podman', ['volume', 'rm', '--force', 'tsh-it-volume'], { stdio: 'ignore' });
    }
  });

  it('reports a missing container as NOT_FOUND and podman failures with podman’s own message', async () => {
    const engine = testEngine();
    try {
      await expect(engine.api.stopContainer({ container: 'tsh-it-never-existed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(engine.api.inspectContainer({ container: 'tsh-it-never-existed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      engine.dispose();
    }
  });

  it('says at once that a container with the Toolbx label but no toolbox init-container is never set up', async () => {
    const name = 'tsh-it-no-init';
    removeContainers([name]);
    podman('create', '--name', name, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'sleep', 'infinity');
    const engine = testEngine();
    try {
      const started = Date.now();
      await expect(engine.api.startContainer({ container: name })).rejects.toMatchObject({
        code: 'INIT_FAILED',
        message: expect.stringContaining('does not run `toolbox init-container`'),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      engine.dispose();
      removeContainers([name]);
    }
  });

  it('keeps the list true when `podman events` hangs: a start made outside Toolshed still shows within seconds', async () => {
    // the real podman, except that `podman events` never answers (a wrapper on this engine's PATH only)
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tsh-hung-events-'));
    const wrapper = path.join(folder, 'podman');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = events ]; then exec sleep 100000; fi\nexec ${execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim()} "$@"\n`,
      { mode: 0o755 },
    );
    const HUNG = 'tsh-it-hung-events';
    removeContainers([HUNG]);
    podman('create', '--name', HUNG, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'sleep', 'infinity');
    const engine = testEngine({ podman: { binary: wrapper } });
    try {
      const before = await engine.api.listContainers({});
      expect(before.find((c) => c.name === HUNG)?.state).toBe('created');
      // the engine's first resynchronizations are over: what follows is seen only if something watches
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const started = waitForEvent(
        engine,
        (m) => m.event === 'containersChanged' && m.payload.containers.some((c) => c.name === HUNG && c.state === 'running'),
      );
      podman('start', HUNG);
      await started;
      expect((await engine.api.listContainers({})).find((c) => c.name === HUNG)?.state).toBe('running');
    } finally {
      engine.dispose();
      removeContainers([HUNG]);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a hung `podman ps` fails the list with TIMEOUT after one deadline, for every caller, while the status answers; then the list is true again', async () => {
    // the real podman, except that `podman ps` hangs while a flag file exists (a wrapper on this engine's PATH only)
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tsh-hung-ps-'));
    const wrapper = path.join(folder, 'podman');
    const flag = path.join(folder, 'hang');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = ps ] && [ -e '${flag}' ]; then exec sleep 100000; fi\nexec ${execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim()} "$@"\n`,
      { mode: 0o755 },
    );
    const LATE = 'tsh-it-while-hung';
    removeContainers([LATE]);
    writeFileSync(flag, '');
    const engine = testEngine({ podman: { binary: wrapper } });
    try {
      const started = Date.now();
      const calls = [engine.api.listContainers({}), engine.api.listContainers({ all: true })].map((call) =>
        call.then(
          () => ({ code: 'answered', ms: Date.now() - started }),
          (error: unknown) => ({ code: (error as ToolshedError).code, ms: Date.now() - started }),
        ),
      );
      // the status does not wait for the list
      expect(await engine.api.getStatus({})).toMatchObject({ available: true });
      const outcomes = await Promise.all(calls);
      expect(outcomes.map((o) => o.code)).toEqual(['TIMEOUT', 'TIMEOUT']);
      // one deadline (15 s), not one per caller in the queue
      for (const outcome of outcomes) expect(outcome.ms).toBeLessThan(25_000);

      // podman answers again: the list is read afresh, with what changed meanwhile
      podman('create', '--name', LATE, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'true');
      rmSync(flag);
      expect((await engine.api.listContainers({})).some((c) => c.name === LATE)).toBe(true);
    } finally {
      engine.dispose();
      removeContainers([LATE]);
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it("300 calls at once start a few podman processes (the lanes' bound), and the status answers meanwhile", async () => {
    const trace: string[] = [];
    const engine = testEngine({ podman: { trace: (line) => trace.push(line) } });
    podman('start', PLAIN);
    try {
      await engine.api.listContainers({ all: true });
      const flood = Array.from({ length: 300 }, (_, i) =>
        i % 2 ? engine.api.inspectContainer({ container: PLAIN }) : engine.api.containerStats({ container: PLAIN }),
      );
      const asked = Date.now();
      expect(await engine.api.getStatus({})).toMatchObject({ available: true });
      const statusMs = Date.now() - asked;
      const outcomes = await Promise.allSettled(flood);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      // at most this many podman calls at once (events excepted: the stream is one long process)
      let running = 0;
      let most = 0;
      let started = 0;
      for (const line of trace.filter((l) => !/: events /.test(l))) {
        if (/ started: /.test(line)) {
          running += 1;
          started += 1;
        } else running -= 1;
        most = Math.max(most, running);
      }
      console.log(`300 calls at once: ${started} podman processes, at most ${most} at once; getStatus answered in ${statusMs} ms`);
      expect(most).toBeLessThanOrEqual(LANE_LIMITS.status + LANE_LIMITS.list + LANE_LIMITS.read);
      // the same read waiting is asked once: 300 calls are not 300 processes (450 before lanes)
      expect(started).toBeLessThan(60);
      expect(statusMs).toBeLessThan(5000);
    } finally {
      engine.dispose();
      podman('stop', '--time', '0', PLAIN);
    }
  }, 120_000);

  it('a hung `podman exec` holds up update checks only: the list, details and Stop answer within seconds; the checks end with a message', async () => {
    // the real podman, except that `podman exec` hangs for 40 s (a wrapper on this engine's PATH only)
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tsh-hung-exec-'));
    const wrapper = path.join(folder, 'podman');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = exec ]; then exec sleep 40; fi\nexec ${execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim()} "$@"\n`,
      { mode: 0o755 },
    );
    podman('start', OTHER);
    const engine = testEngine({ podman: { binary: wrapper } });
    try {
      const checks = [engine.api.checkUpdates({ container: OTHER })];
      const asked = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await engine.api.listContainers({})).some((c) => c.name === OTHER)).toBe(true);
      expect(await engine.api.inspectContainer({ container: OTHER })).toMatchObject({ name: OTHER });
      await engine.api.stopContainer({ container: OTHER });
      expect(Date.now() - asked).toBeLessThan(15_000);
      const reports = await Promise.all(checks);
      for (const report of reports) expect(report.error).toMatch(/did not answer within 30 s/);
    } finally {
      engine.dispose();
      podman('stop', '--time', '0', OTHER);
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('restarts the podman events stream when it dies', async () => {
    const engine = testEngine();
    try {
      await engine.api.listContainers({});
      await new Promise((resolve) => setTimeout(resolve, 300));
      execFileSync('pkill', ['-f', '^podman events --format json'], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const seen = waitForEvent(engine, (m) => m.event === 'containersChanged' && m.payload.containers.some((c) => c.name === 'tsh-it-after-restart'));
      podman('create', '--name', 'tsh-it-after-restart', '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'true');
      await seen;
    } finally {
      engine.dispose();
      removeContainers(['tsh-it-after-restart']);
    }
  });
});

const whyRootless = missing({ fixture: true, rootless: true, distrobox: true });
describe.skipIf(whyRootless)(`distrobox containers (rootless, as user toolshed)${whyRootless ? ` (skipped: ${whyRootless})` : ''}`, () => {
  const DBX = 'tsh-it-distrobox';
  beforeAll(() => {
    removeContainers([DBX], PODMAN_AS_TOOLSHED);
    // distrobox refuses to run as root: create as the unprivileged user
    const [runuser, args] = asRootlessUser('distrobox', ['create', '--yes', '--image', FIXTURE_IMAGE, '--name', DBX]);
    execFileSync(runuser, args, { cwd: '/tmp', stdio: 'pipe' });
  });
  afterAll(() => removeContainers([DBX], PODMAN_AS_TOOLSHED));

  it('shows a distrobox container as distrobox although it carries the Toolbx label', async () => {
    const engine = testEngine({ uid: 1001, podman: { binary: PODMAN_AS_TOOLSHED } });
    try {
      const list = await engine.api.listContainers({});
      expect(list.find((c) => c.name === DBX)).toMatchObject({ manager: 'distrobox', distro: 'debian', release: '12' });
      expect((await engine.api.getStatus({})).rootless).toBe(true);
    } finally {
      engine.dispose();
    }
  });
});
