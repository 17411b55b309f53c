// The create suite rootless: the engine runs as the user "toolshed" (see
// support/userEngine.ts), with that user's podman storage, so keep-id, the
// user's runtime dir and home, and password-less sudo are exercised for real.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IMAGE, PODMAN_AS_TOOLSHED, missing, removeContainers } from '../support/env.js';
import { containerExists, installedToolbox, lookInside, lookOutside, run, type Inside } from '../support/toolboxChecks.js';
import { ROOTLESS_USER, asRootlessUser, rootlessUid } from '../support/rootless.js';
import { bundleCreateAsUser, createAsUser } from '../support/userEngine.js';

const why = missing({ fixture: true, toolbox: true, rootless: true });
const NOSUDO_IMAGE = FIXTURE_IMAGE.replace(/:[^:/]+$/, ':nosudo');
const P = 'tsh-create-rl-';
const OWN = `${P}own`;
const BIN = `${P}bin`;
const CLI = `${P}cli`;
const NOSUDO = `${P}nosudo`;
const ALL = [OWN, BIN, CLI, NOSUDO];
const ENV_NAME = 'TSH_CREATE_GREETING';
const ENV_VALUE = 'hello rootless';
const VOLUME_AT = '/tsh-data';

let uid = 0;
let bundle = '';
let marker = '';
let markerText = '';
let volumeDir = '';
const timings: Record<string, number> = {};

/** A host command as the user (toolbox run/list). */
function asUser(command: string, args: string[]) {
  const [runuser, runuserArgs] = asRootlessUser(command, args);
  return run(runuser, runuserArgs);
}

function expectUserSetup(inside: Inside) {
  expect(inside).toMatchObject({
    uid: String(uid),
    gid: String(uid),
    home: `/home/${ROOTLESS_USER}`,
    shell: '/bin/bash',
    hostMarker: markerText,
    resolvConf: '/run/host/etc/resolv.conf',
    localtime: '/run/host/etc/localtime',
    toolboxenv: '0',
  });
}

async function create(name: string, toolboxBinary: string | null, image = FIXTURE_IMAGE) {
  const result = await createAsUser(bundle, {
    args: {
      name,
      image,
      operationId: `op-${name}`,
      options: { volumes: [{ hostPath: volumeDir, containerPath: VOLUME_AT }], env: [{ name: ENV_NAME, value: ENV_VALUE }] },
    },
    settings: { toolboxBinary },
  });
  if (result.summary) timings[name] = result.ms;
  return result;
}

describe.skipIf(why)(`create toolboxes rootless, as the user "${ROOTLESS_USER}"${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    uid = rootlessUid();
    removeContainers(ALL, PODMAN_AS_TOOLSHED);
    bundle = await bundleCreateAsUser();
    marker = path.join(os.tmpdir(), `tsh-create-rl-marker-${process.pid}`);
    markerText = `rootless marker ${Math.random().toString(36).slice(2)}`;
    writeFileSync(marker, markerText, { mode: 0o644 });
    volumeDir = mkdtempSync(path.join(os.tmpdir(), 'tsh-create-rl-volume-'));
    writeFileSync(path.join(volumeDir, 'hello'), 'volume content', { mode: 0o644 });
    chmodSync(volumeDir, 0o777); // the user writes into it through the container
    const started = performance.now();
    expect(await asUser('toolbox', ['create', '--image', FIXTURE_IMAGE, CLI])).toMatchObject({ code: 0 });
    expect(await asUser('toolbox', ['run', '-c', CLI, 'true'])).toMatchObject({ code: 0 });
    timings['toolbox create + first run'] = Math.round(performance.now() - started);
  });

  afterAll(() => {
    removeContainers(ALL, PODMAN_AS_TOOLSHED);
    if (bundle) rmSync(bundle, { force: true });
    if (marker) rmSync(marker, { force: true });
    if (volumeDir) rmSync(volumeDir, { recursive: true, force: true });
    console.log(`rootless create-to-ready (ms): ${JSON.stringify(timings)}`);
  });

  it('with its own init: the user’s uid, gid, home and shell, password-less sudo, /run/host, hostname, extras, labels', async () => {
    const result = await create(OWN, '');
    expect(result.error).toBeUndefined();
    expect(result.summary).toMatchObject({ name: OWN, state: 'running', manager: 'toolbox', toolshedVersion: '0.1.0' });
    expect(result.progress.at(-1)).toMatch(/^done: /);

    const inside = await lookInside(PODMAN_AS_TOOLSHED, OWN, ROOTLESS_USER, { marker, envName: ENV_NAME, volumeDir: VOLUME_AT });
    expectUserSetup(inside);
    // Toolshed's init adds a NOPASSWD rule for the sudo group (toolbox 0.0.99.3 does not)
    expect(inside).toMatchObject({ sudo: '0', hostname: 'toolbx', env: ENV_VALUE, volumeFile: 'volume content', volumeWrite: '0' });

    const outside = await lookOutside(PODMAN_AS_TOOLSHED, OWN);
    // a copy in the data folder, which outlives an AppImage's mount
    expect(outside.toolboxSource).toMatch(/\/toolshed\/toolbox-init\.sh$/);
    expect(outside.labels).toMatchObject({ 'com.github.containers.toolbox': 'true', 'dev.toolshed.version': '0.1.0' });
    expect(JSON.parse(outside.labels['dev.toolshed.options']!)).toMatchObject({ env: [{ name: ENV_NAME, value: ENV_VALUE }], ulimitHost: false });
  });

  it('with the host toolbox binary as entry point', async () => {
    const result = await create(BIN, null);
    expect(result.error).toBeUndefined();
    const inside = await lookInside(PODMAN_AS_TOOLSHED, BIN, ROOTLESS_USER, { marker, envName: ENV_NAME, volumeDir: VOLUME_AT });
    expectUserSetup(inside);
    const installed = await installedToolbox();
    expect(inside).toMatchObject({ hostname: installed.hostname, env: ENV_VALUE, volumeFile: 'volume content' });
    // toolbox's init-container writes no NOPASSWD sudo rule: sudo asks for a password
    expect(inside.sudo).toBe('1');
    expect((await lookOutside(PODMAN_AS_TOOLSHED, BIN)).cmd.includes('--monitor-host')).toBe(installed.monitorHost);
  });

  it('matches the container `toolbox create` made for the same user', async () => {
    const cli = await lookInside(PODMAN_AS_TOOLSHED, CLI, ROOTLESS_USER, { marker });
    expectUserSetup(cli);
    // toolbox's own init writes no NOPASSWD sudo rule, Toolshed's does: its toolboxes differ in that, and in
    // the newest toolbox's hostname; made with the host's toolbox, they are the same inside
    const installed = await installedToolbox();
    expect(cli).toMatchObject({ hostname: installed.hostname, sudo: '1' });
    const bin = await lookInside(PODMAN_AS_TOOLSHED, BIN, ROOTLESS_USER, { marker });
    const own = await lookInside(PODMAN_AS_TOOLSHED, OWN, ROOTLESS_USER, { marker });
    expect(bin).toEqual(cli);
    expect({ ...own, hostname: cli.hostname, sudo: cli.sudo }).toEqual(cli);
  });

  it('makes containers that the user’s `toolbox run` and `toolbox list` accept', async () => {
    for (const name of [OWN, BIN]) {
      const result = await asUser('toolbox', ['run', '-c', name, 'sh', '-c', 'test "$(id -un)" = "$USER"']);
      expect(result, `toolbox run -c ${name}`).toMatchObject({ code: 0 });
    }
    const list = await asUser('toolbox', ['list', '--containers']);
    expect(list.code).toBe(0);
    for (const name of [OWN, BIN, CLI]) expect(list.stdout).toContain(name);
  });

  it('fails on an image whose init fails, with the init log, leaving no container', async () => {
    const result = await create(NOSUDO, '', NOSUDO_IMAGE);
    expect(result.error).toMatchObject({ code: 'INIT_FAILED', message: expect.stringContaining('sudo') });
    expect(result.error?.detail).toMatch(/level=error msg=".*sudo/);
    expect(result.progress.at(-1)).toMatch(/^failed: /);
    expect(await containerExists(PODMAN_AS_TOOLSHED, NOSUDO)).toBe(false);
  });
});
