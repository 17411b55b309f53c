// Creating toolboxes with Toolshed's setup, as root, from the local fixture
// image: with Toolshed's own init and with the host's toolbox binary as entry
// point, checked from inside and side by side with a container made by the
// real `toolbox create`; the CLI accepts both; failures leave nothing behind.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../shared/contract.js';
import { ToolshedError } from '../../shared/errors.js';
import type { PodmanCall } from '../../electron/services/podman/client.js';
import { FIXTURE_IMAGE, missing, removeContainers, testEngine } from '../support/env.js';
import { containerExists, installedToolbox, lookInside, lookOutside, run, type Inside } from '../support/toolboxChecks.js';

const why = missing({ fixture: true, toolbox: true });
const NOSUDO_IMAGE = FIXTURE_IMAGE.replace(/:[^:/]+$/, ':nosudo');
const P = 'tsh-create-';
const OWN = `${P}own`;
const BIN = `${P}bin`;
const CLI = `${P}cli-root`;
const NOSUDO_OWN = `${P}nosudo-own`;
const NOSUDO_BIN = `${P}nosudo-bin`;
const BAD_START = `${P}bad-start`;
const KEPT = `${P}kept`;
const RACE = `${P}race`;
const NO_IMAGE = `${P}no-image`;
const BAD_OPTIONS = `${P}bad-options`;
const SLOW = `${P}slow`;
const VICTIM = `${P}victim`;
const SURVIVOR = `${P}survivor`;
const ALL = [OWN, BIN, CLI, NOSUDO_OWN, NOSUDO_BIN, BAD_START, KEPT, RACE, NO_IMAGE, BAD_OPTIONS, SLOW, VICTIM, SURVIVOR];

const ENV_NAME = 'TSH_CREATE_GREETING';
const ENV_VALUE = 'hello from the host; $HOME "quoted"';
const VOLUME_AT = '/tsh-data';
const SHELL = process.env.SHELL || '/bin/bash';

let marker: string;
let markerText: string;
let volumeDir: string;
const timings: Record<string, number> = {};

async function created(settings: { toolboxBinary: string | null }, name: string, withExtras = true) {
  const engine = testEngine();
  const progress: EventPayloads['operationProgress'][] = [];
  engine.subscribe((m) => m.event === 'operationProgress' && progress.push(m.payload));
  try {
    await engine.api.updateSettings(settings);
    const started = performance.now();
    const summary = await engine.api.createToolbox({
      name,
      image: FIXTURE_IMAGE,
      operationId: `op-${name}`,
      ...(withExtras
        ? { options: { volumes: [{ hostPath: volumeDir, containerPath: VOLUME_AT, readOnly: true }], env: [{ name: ENV_NAME, value: ENV_VALUE }] } }
        : {}),
    });
    timings[name] = Math.round(performance.now() - started);
    return { summary, progress };
  } finally {
    engine.dispose();
  }
}

/** What every Toolbx container of root's shows from inside, whoever made it. */
function expectRootSetup(inside: Inside) {
  expect(inside).toMatchObject({
    uid: '0',
    gid: '0',
    home: os.userInfo().homedir,
    shell: SHELL,
    sudo: '0',
    hostMarker: markerText,
    resolvConf: '/run/host/etc/resolv.conf',
    localtime: '/run/host/etc/localtime',
    toolboxenv: '0',
  });
}

describe.skipIf(why)(`create toolboxes as root${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    removeContainers(ALL);
    marker = path.join(os.tmpdir(), `tsh-create-marker-${process.pid}`);
    markerText = `host marker ${Math.random().toString(36).slice(2)}`;
    writeFileSync(marker, markerText, { mode: 0o644 });
    volumeDir = mkdtempSync(path.join(os.tmpdir(), 'tsh-create-volume-'));
    writeFileSync(path.join(volumeDir, 'hello'), 'volume content');
    // the reference: a container made by the real toolbox CLI, started by `toolbox run`
    const started = performance.now();
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, CLI], { cwd: '/tmp', stdio: 'pipe' });
    execFileSync('toolbox', ['run', '-c', CLI, 'true'], { cwd: '/tmp', stdio: 'pipe' });
    timings['toolbox create + first run'] = Math.round(performance.now() - started);
  });

  afterAll(() => {
    removeContainers(ALL);
    rmSync(marker, { force: true });
    rmSync(volumeDir, { recursive: true, force: true });
    console.log(`create-to-ready (ms): ${JSON.stringify(timings)}`);
  });

  it('with its own init (no host binary): the user, sudo, /run/host, links, hostname, extras and labels', async () => {
    const { summary, progress } = await created({ toolboxBinary: '' }, OWN);
    expect(summary).toMatchObject({ name: OWN, state: 'running', manager: 'toolbox', toolshedVersion: '0.1.0', distro: 'debian', release: '12' });
    expect(progress.map((p) => p.step)).toEqual(expect.arrayContaining(['create', 'start', 'init', 'done']));
    expect(progress.at(-1)).toMatchObject({ operationId: `op-${OWN}`, step: 'done' });

    const inside = await lookInside('podman', OWN, 'root', { marker, envName: ENV_NAME, volumeDir: VOLUME_AT });
    expectRootSetup(inside);
    // no toolbox as entry point: the newest toolbox's setup
    expect(inside).toMatchObject({ hostname: 'toolbx', env: ENV_VALUE, volumeFile: 'volume content' });
    expect(inside.volumeWrite).not.toBe('0'); // mounted read-only

    const outside = await lookOutside('podman', OWN);
    // a copy in the data folder, which outlives an AppImage's mount
    expect(outside.toolboxSource).toMatch(/\/toolshed\/toolbox-init\.sh$/);
    expect(outside.cmd.slice(0, 4)).toEqual(['toolbox', '--log-level', 'debug', 'init-container']);
    expect(outside.cmd).not.toContain('--monitor-host');
    expect(outside.labels).toMatchObject({ 'com.github.containers.toolbox': 'true', 'dev.toolshed.version': '0.1.0' });
    expect(JSON.parse(outside.labels['dev.toolshed.options']!)).toEqual({
      volumes: [{ hostPath: volumeDir, containerPath: VOLUME_AT, readOnly: true }],
      env: [{ name: ENV_NAME, value: ENV_VALUE }],
      ulimitHost: false,
    });
  });

  it('with the host toolbox binary as entry point, set up as that toolbox version would', async () => {
    const installed = await installedToolbox();
    const { summary } = await created({ toolboxBinary: null }, BIN);
    expect(summary).toMatchObject({ name: BIN, state: 'running', manager: 'toolbox' });
    const inside = await lookInside('podman', BIN, 'root', { marker, envName: ENV_NAME, volumeDir: VOLUME_AT });
    expectRootSetup(inside);
    expect(inside).toMatchObject({ hostname: installed.hostname, env: ENV_VALUE, volumeFile: 'volume content' });
    const outside = await lookOutside('podman', BIN);
    expect(outside.toolboxSource).toBe(
      execFileSync('readlink', ['-f', execFileSync('sh', ['-c', 'command -v toolbox'], { encoding: 'utf8' }).trim()], { encoding: 'utf8' }).trim(),
    );
    expect(outside.cmd.includes('--monitor-host')).toBe(installed.monitorHost);
  });

  it('matches the container the toolbox CLI made from the same image', async () => {
    const cli = await lookInside('podman', CLI, 'root', { marker });
    expectRootSetup(cli);
    const installed = await installedToolbox();
    expect(cli.hostname).toBe(installed.hostname);
    const own = await lookInside('podman', OWN, 'root', { marker });
    const bin = await lookInside('podman', BIN, 'root', { marker });
    // made by the same toolbox version: the same inside; with Toolshed's own init, the newest toolbox's hostname
    expect(bin).toEqual(cli);
    expect({ ...own, hostname: cli.hostname }).toEqual(cli);
    const cliOutside = await lookOutside('podman', CLI);
    expect(cliOutside.labels['com.github.containers.toolbox']).toBe('true');
    expect(cliOutside.labels['dev.toolshed.version']).toBeUndefined();
    // and the same outside: cgroup namespace, mounts, ulimits (this machine's setting leaves --ulimit host out)
    const binOutside = await lookOutside('podman', BIN);
    expect(binOutside.setup.cgroupns).toBe(cliOutside.setup.cgroupns);
    expect(binOutside.setup.mounts.filter((m) => m !== VOLUME_AT)).toEqual(cliOutside.setup.mounts);
    expect(binOutside.cmd).toEqual(cliOutside.cmd);
  });

  it('makes containers that `toolbox run` and `toolbox list` accept, both ways', async () => {
    for (const name of [OWN, BIN]) {
      const result = await run('toolbox', ['run', '-c', name, 'true']);
      expect(result, `toolbox run -c ${name} true`).toMatchObject({ code: 0 });
    }
    // stopped, then entered by the CLI: it starts the container and waits for the same stamp
    execFileSync('podman', ['stop', '--time', '0', OWN], { cwd: '/tmp', stdio: 'pipe' });
    expect(await run('toolbox', ['run', '-c', OWN, 'sh', '-c', `test "$(id -u)" = 0 && test -L /etc/resolv.conf`])).toMatchObject({ code: 0 });
    const list = await run('toolbox', ['list', '--containers']);
    expect(list.code).toBe(0);
    for (const name of [OWN, BIN, CLI]) expect(list.stdout).toContain(name);
  });

  it('fails on an image whose init fails, with the init log, and leaves no container (own init and host binary)', async () => {
    for (const [name, toolboxBinary] of [
      [NOSUDO_OWN, ''],
      [NOSUDO_BIN, null],
    ] as const) {
      const engine = testEngine();
      const steps: string[] = [];
      engine.subscribe((m) => m.event === 'operationProgress' && steps.push(m.payload.step));
      try {
        await engine.api.updateSettings({ toolboxBinary });
        const error = await engine.api.createToolbox({ name, image: NOSUDO_IMAGE, operationId: 'op-nosudo' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ToolshedError);
        expect(error).toMatchObject({ code: 'INIT_FAILED', message: expect.stringMatching(new RegExp(`^${name} could not set itself up: .*sudo`)) });
        const detail = (error as ToolshedError).detail ?? '';
        // the init log says what is wrong with the image
        expect(detail).toMatch(/level=\w+ msg=".*sudo/);
        expect(detail).toContain(`half-made container ${name} was removed`);
        expect(steps.at(-1)).toBe('failed');
        expect(await containerExists('podman', name)).toBe(false);
      } finally {
        engine.dispose();
      }
    }
  });

  it('fails when the container cannot start, removing it; keepOnFailure keeps it for debugging', async () => {
    // an entry point podman cannot execute: the start itself fails
    const assets = mkdtempSync(path.join(os.tmpdir(), 'tsh-create-assets-'));
    copyFileSync(new URL('../../assets/toolbox-init.sh', import.meta.url), path.join(assets, 'toolbox-init.sh'));
    chmodSync(path.join(assets, 'toolbox-init.sh'), 0o644);
    const engine = testEngine({ env: { TOOLSHED_ASSETS_DIR: assets } });
    try {
      await engine.api.updateSettings({ toolboxBinary: '' });
      const error = await engine.api.createToolbox({ name: BAD_START, image: FIXTURE_IMAGE, operationId: 'op-bad-start' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolshedError);
      expect((error as ToolshedError).message).toMatch(/^tsh-create-bad-start could not be started: .*toolbox/);
      expect((error as ToolshedError).detail).toMatch(/Container log|logged nothing/);
      expect(await containerExists('podman', BAD_START)).toBe(false);

      const kept = await engine.api.createToolbox({ name: KEPT, image: FIXTURE_IMAGE, operationId: 'op-kept', keepOnFailure: true }).catch((e: unknown) => e);
      expect((kept as ToolshedError).detail).toContain('was kept for debugging');
      expect(await containerExists('podman', KEPT)).toBe(true);
    } finally {
      engine.dispose();
      rmSync(assets, { recursive: true, force: true });
      removeContainers([KEPT]);
    }
  });

  it('removes the container when its init times out or the client cancels', async () => {
    // Toolbx's test hook, honoured by Toolshed's init: sleep before setting up
    const slow = { env: [{ name: 'TOOLBX_DELAY_ENTRY_POINT', value: '60' }] };
    const engine = testEngine({ initTimeoutMs: 1500 });
    try {
      await engine.api.updateSettings({ toolboxBinary: '' });
      const timedOut = await engine.api.createToolbox({ name: SLOW, image: FIXTURE_IMAGE, operationId: 'op-slow', options: slow }).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({ code: 'INIT_FAILED', message: expect.stringContaining('did not finish its setup') });
      expect((timedOut as ToolshedError).detail).toContain('Adding a delay of 60s');
      expect(await containerExists('podman', SLOW)).toBe(false);
    } finally {
      engine.dispose();
    }

    const patient = testEngine();
    try {
      await patient.api.updateSettings({ toolboxBinary: '' });
      const initStarted = new Promise<void>((resolve) => patient.subscribe((m) => m.event === 'operationProgress' && m.payload.step === 'init' && resolve()));
      const creating = patient.api.createToolbox({ name: SLOW, image: FIXTURE_IMAGE, operationId: 'op-cancel', options: slow }).catch((e: unknown) => e);
      await initStarted;
      expect(await patient.api.cancelOperation({ operationId: 'op-cancel' })).toEqual({ cancelled: true });
      expect(await creating).toMatchObject({ code: 'CANCELLED' });
      expect(await containerExists('podman', SLOW)).toBe(false);
    } finally {
      patient.dispose();
    }
  });

  it('refuses a taken name before calling podman create, and of two concurrent creates of one name makes one', async () => {
    const calls: PodmanCall[] = [];
    const engine = testEngine({ podman: { onCall: (call) => calls.push(call) } });
    try {
      await engine.api.updateSettings({ toolboxBinary: '' });
      await expect(engine.api.createToolbox({ name: CLI, image: FIXTURE_IMAGE, operationId: 'op-taken' })).rejects.toMatchObject({ code: 'NAME_TAKEN' });
      expect(calls.some((c) => c.args[0] === 'create')).toBe(false);

      const results = await Promise.allSettled([
        engine.api.createToolbox({ name: RACE, image: FIXTURE_IMAGE, operationId: 'op-race-1' }),
        engine.api.createToolbox({ name: RACE, image: FIXTURE_IMAGE, operationId: 'op-race-2' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toMatchObject({ code: 'NAME_TAKEN' });
      expect(calls.filter((c) => c.args[0] === 'create')).toHaveLength(1);
      expect(execFileSync('podman', ['ps', '--all', '--filter', `name=^${RACE}$`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim()).toBe(RACE);
    } finally {
      engine.dispose();
    }
  });

  it('removing one toolbox while another is being created leaves the other intact', async () => {
    const engine = testEngine();
    try {
      await engine.api.updateSettings({ toolboxBinary: '' });
      const victim = await engine.api.createToolbox({ name: VICTIM, image: FIXTURE_IMAGE, operationId: 'op-victim' });
      // the other one's init waits a little, so the removal lands in the middle of its create
      const initStarted = new Promise<void>((resolve) =>
        engine.subscribe((m) => m.event === 'operationProgress' && m.payload.operationId === 'op-survivor' && m.payload.step === 'init' && resolve()),
      );
      const creating = engine.api.createToolbox({
        name: SURVIVOR,
        image: FIXTURE_IMAGE,
        operationId: 'op-survivor',
        options: { env: [{ name: 'TOOLBX_DELAY_ENTRY_POINT', value: '2' }] },
      });
      await initStarted;
      await engine.api.removeContainer({ id: victim.id, name: VICTIM, force: true });
      expect((await creating).state).toBe('running');
      expect(await containerExists('podman', VICTIM)).toBe(false);
      expect(await containerExists('podman', SURVIVOR)).toBe(true);
    } finally {
      engine.dispose();
    }
  });

  it('refuses a missing image (NOT_FOUND), a failed pull (PULL_FAILED) and bad options, creating nothing', async () => {
    const engine = testEngine();
    try {
      const image = 'localhost/tsh-create-no-such-image:1';
      await expect(engine.api.createToolbox({ name: NO_IMAGE, image, operationId: 'op-no-image' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // nothing listens on localhost:443, so the pull fails at once
      await expect(engine.api.createToolbox({ name: NO_IMAGE, image, pull: true, operationId: 'op-pull' })).rejects.toMatchObject({ code: 'PULL_FAILED' });
      await expect(
        engine.api.createToolbox({
          name: BAD_OPTIONS,
          image: FIXTURE_IMAGE,
          operationId: 'op-bad-volume',
          options: { volumes: [{ hostPath: '/tsh-create-not-there', containerPath: '/x' }] },
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('/tsh-create-not-there does not exist') });
      await expect(
        engine.api.createToolbox({
          name: BAD_OPTIONS,
          image: FIXTURE_IMAGE,
          operationId: 'op-bad-env',
          options: { env: [{ name: 'XDG_RUNTIME_DIR', value: '/tmp' }] },
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await containerExists('podman', NO_IMAGE)).toBe(false);
      expect(await containerExists('podman', BAD_OPTIONS)).toBe(false);
    } finally {
      engine.dispose();
    }
  });
});
