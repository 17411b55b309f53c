// A toolbox carried by its blueprint, on real podman, offline (the update
// fixture: a local apt repository for "bookworm", and a next release saying
// Debian 13 whose repository has newer tsh-pkg-* and no tsh-legacy):
// exported, removed and made again with the same packages and setup; moved to
// the next release with its setup and the user's packages, the old one kept;
// replaced by a blueprint with replace=true, a snapshot kept, or put back
// when the replacement fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { readBlueprint } from '../../shared/domain/blueprint.js';
import { missing, podman, removeContainers, testEngine } from '../support/env.js';
import {
  BENCH_PACKAGES,
  LEGACY_PACKAGE,
  NEXT_IMAGE,
  NEXT_PACKAGE_VERSION,
  NEXT_VERSION_ID,
  PACKAGE_VERSION,
  UPDATE_IMAGE,
  ensureNextReleaseFixture,
} from '../support/updateFixture.js';

const BOX = 'tsh-carry';
const OLD = 'tsh-carry-12';
const REPLACED = 'tsh-carry-replaced';
const BROKEN_IMAGE = 'localhost/toolshed-test-broken-release:1';
const why = missing({ fixture: true, toolbox: true });
const [PKG] = BENCH_PACKAGES as [string];

const toolboxRun = (name: string, script: string) =>
  execFileSync('toolbox', ['run', '--container', name, 'sh', '-c', script], { cwd: '/tmp', encoding: 'utf8' }).trim();
const asRoot = (name: string, script: string) => podman('exec', '--user', 'root', name, 'sh', '-c', script);
const manual = (name: string) => asRoot(name, 'apt-mark showmanual').split('\n').sort();

describe.skipIf(why)(`a toolbox carried by its blueprint${why ? ` (skipped: ${why})` : ''}`, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tsh-carry-it-'));
  let engine: Engine;
  let operation = 0;
  const op = () => `op-carry-${(operation += 1)}`;
  const setup = { volumes: [{ hostPath: work, containerPath: '/srv/carry', readOnly: true }], env: [{ name: 'TSH_CARRY', value: 'kept # all of it' }] };

  /** A toolbox of the old release with the user's packages (one the next release lacks), a folder, a variable and an exported program. */
  async function makeUsedToolbox(): Promise<void> {
    await engine.api.createToolbox({ name: BOX, image: UPDATE_IMAGE, options: setup, operationId: op() });
    asRoot(BOX, `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PKG} ${LEGACY_PACKAGE} >/dev/null`);
    await engine.api.exportProgram({ container: BOX, program: 'nproc' });
  }

  beforeAll(() => {
    ensureNextReleaseFixture();
    removeContainers([BOX, OLD, REPLACED]);
    writeFileSync(path.join(work, 'shared.txt'), 'from the host\n');
    engine = testEngine({ env: { XDG_DATA_HOME: path.join(work, 'data') } });
  }, 600_000);

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX, OLD, REPLACED, `${BOX}-broken`]);
    podman('rmi', '--force', '--ignore', BROKEN_IMAGE);
    for (const image of podman('images', '--format', '{{.Repository}}:{{.Tag}}').split('\n'))
      if (image.startsWith(`localhost/toolshed-snapshots/${BOX}:`)) podman('rmi', '--force', image);
    rmSync(work, { recursive: true, force: true });
  });

  it('export, remove, make: the same user-installed packages, setup and exports', async () => {
    await makeUsedToolbox();
    const before = manual(BOX);
    const exported = await engine.api.exportBlueprint({ container: BOX });
    expect(exported).toMatchObject({ packages: [PKG, LEGACY_PACKAGE].sort(), manager: 'apt', notes: [] });
    const [read] = readBlueprint(exported.text).toolboxes;
    expect(read).toMatchObject({
      name: BOX,
      image: UPDATE_IMAGE,
      volumes: [{ ...setup.volumes[0], readOnly: true }],
      env: setup.env,
      exportedBins: ['/usr/bin/nproc'],
    });

    const inspected = podman('inspect', '--format', '{{.Id}}', BOX);
    await engine.api.removeContainer({ id: inspected, name: BOX, force: true });
    const { made } = await engine.api.applyBlueprint({ text: exported.text, operationId: op() });
    expect(made.map((c) => c.name)).toEqual([BOX]);
    podman('start', BOX);
    expect(manual(BOX)).toEqual(before);
    expect(toolboxRun(BOX, 'printenv TSH_CARRY; cat /srv/carry/shared.txt')).toBe('kept # all of it\nfrom the host');
    expect((await engine.api.listExportedPrograms({ container: BOX })).map((p) => p.program)).toEqual(['nproc']);
  }, 600_000);

  it('moves to the next release: a snapshot first, the setup and the user’s packages carried, what the release lacks listed, the old one kept', async () => {
    const oldId = podman('inspect', '--format', '{{.Id}}', BOX);
    const moved = await engine.api.moveToRelease({ container: BOX, image: NEXT_IMAGE, keepOldAs: OLD, operationId: op() });
    expect(moved.missing).toEqual([LEGACY_PACKAGE]);
    expect(moved.old).toMatchObject({ id: oldId, name: OLD, state: 'exited' });
    expect(moved.container).toMatchObject({ name: BOX, image: NEXT_IMAGE, state: 'running' });
    expect(toolboxRun(BOX, `. /etc/os-release; echo $VERSION_ID; cat /usr/share/${PKG}/version; printenv TSH_CARRY`)).toBe(
      `${NEXT_VERSION_ID}\n${NEXT_PACKAGE_VERSION}\nkept # all of it`,
    );
    expect((await engine.api.listExportedPrograms({ container: BOX })).map((p) => p.program)).toEqual(['nproc']);
    expect((await engine.api.listSnapshots({ container: BOX })).map((s) => s.name)).toEqual([expect.stringMatching(/^Before the move to /)]);
    // the old one is as it was, under the name chosen
    podman('start', OLD);
    expect(asRoot(OLD, `cat /usr/share/${PKG}/version; dpkg-query -W -f '\${Status}' ${LEGACY_PACKAGE}`)).toBe(`${PACKAGE_VERSION}\ninstall ok installed`);
    podman('stop', OLD);
  }, 600_000);

  it('a move that cannot be made changes nothing (a failed pull) or puts the old toolbox back (a failed install); a taken name is refused', async () => {
    await expect(engine.api.moveToRelease({ container: BOX, image: NEXT_IMAGE, keepOldAs: OLD, operationId: op() })).rejects.toMatchObject({
      code: 'NAME_TAKEN',
    });
    const id = podman('inspect', '--format', '{{.Id}}', BOX);
    const unchanged = async () => {
      expect(podman('inspect', '--format', '{{.Id}} {{.State.Status}}', BOX)).toBe(`${id} running`);
      expect(() => podman('container', 'exists', `${BOX}-x`)).toThrow();
      expect(await engine.api.listSnapshots({ container: BOX })).toHaveLength(1); // the failed move's snapshot went with it
      expect((await engine.api.listExportedPrograms({ container: BOX })).map((p) => p.program)).toEqual(['nproc']); // and its exports came back
    };
    // offline: no registry answers, and the pull fails before anything changed
    await expect(
      engine.api.moveToRelease({ container: BOX, image: 'localhost:1/toolshed-no-such-image:1', keepOldAs: `${BOX}-x`, operationId: op() }),
    ).rejects.toMatchObject({ code: 'PULL_FAILED' });
    await unchanged();
    // a release whose repository cannot be read: the new toolbox fails to be furnished, after the old one stepped aside
    podman(
      'run',
      '--name',
      `${BOX}-broken`,
      '--network',
      'none',
      UPDATE_IMAGE,
      'sh',
      '-c',
      'echo "deb [trusted=yes] file:/nonexistent ./" > /etc/apt/sources.list',
    );
    podman('commit', '--quiet', `${BOX}-broken`, BROKEN_IMAGE);
    podman('rm', `${BOX}-broken`);
    await expect(engine.api.moveToRelease({ container: BOX, image: BROKEN_IMAGE, keepOldAs: `${BOX}-x`, operationId: op() })).rejects.toMatchObject({
      code: 'INIT_FAILED',
      message: expect.stringMatching(new RegExp(`^Reading the package lists failed in ${BOX} \\(exit status \\d+\\)\\.$`)),
    });
    await unchanged();
  }, 600_000);

  it('replace=true: a snapshot of the old one, then the new one under its name; a failed replacement puts the old one back', async () => {
    const oldId = podman('inspect', '--format', '{{.Id}}', BOX);
    const failing = `[${BOX}]\nimage=${UPDATE_IMAGE}\nreplace=true\ninit_hooks="exit 4"\n`;
    await expect(engine.api.applyBlueprint({ text: failing, operationId: op() })).rejects.toMatchObject({
      code: 'INIT_FAILED',
      detail: expect.stringContaining(`Put back as they were: ${BOX}.`),
    });
    expect(podman('inspect', '--format', '{{.Id}} {{.State.Status}}', BOX)).toBe(`${oldId} running`);
    expect(await engine.api.listSnapshots({ container: BOX })).toHaveLength(1);

    const { made, replaced } = await engine.api.applyBlueprint({ text: `[${BOX}]\nimage=${UPDATE_IMAGE}\nreplace=true\n`, operationId: op() });
    expect(replaced).toEqual([BOX]);
    expect(made[0]!.id).not.toBe(oldId);
    expect(() => podman('container', 'exists', oldId)).toThrow();
    expect(() => podman('container', 'exists', REPLACED)).toThrow();
    const snapshots = (await engine.api.listSnapshots({ container: BOX })).map((s) => s.name);
    expect(snapshots.filter((name) => name.startsWith('Before a blueprint replaced it'))).toHaveLength(1);
  }, 600_000);
});
