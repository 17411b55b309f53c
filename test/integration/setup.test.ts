// A pet's life after creation, on real podman with the host's toolbox: its
// setup edited (what is installed in it kept, `toolbox run` still working),
// snapshots taken and restored, a clone, a backup to a file restored under
// another name; bad requests changing nothing; and a setup edit killed midway,
// rolled back before the swap and finished after it by the next engine.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary, EventMessage, RecoveryNote, ToolboxSetup } from '../../shared/contract.js';
import { ToolshedError } from '../../shared/errors.js';
import type { Engine } from '../../electron/services/engine.js';
import { asRootlessUser } from '../support/rootless.js';
import { FIXTURE_IMAGE, PODMAN_AS_TOOLSHED, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { run } from '../support/toolboxChecks.js';
import { encodeSnapshot } from '../../electron/services/toolbox/snapshots.js';
import { bundleCreateAsUser, createAsUser } from '../support/userEngine.js';
import { recoveryNoteFor, runAndKillAt } from '../support/killAt.js';

const why = missing({ fixture: true, toolbox: true });
const P = 'tsh-setup-';
const CLI = `${P}cli`;
const CLONE = `${P}clone`;
const RESTORED = `${P}restored`;
const CRASH = `${P}crash`;
const ALL = [CLI, CLONE, RESTORED, CRASH];
const VAR = 'TSH_SETUP_VAR';
/** A real package installed with dpkg (built on the spot: no network here), with a command. */
const INSTALL_PACKAGE = [
  'd=$(mktemp -d) && mkdir -p "$d/DEBIAN" "$d/usr/bin"',
  'printf "#!/bin/sh\\necho tool\\n" > "$d/usr/bin/tsh-tool" && chmod 755 "$d/usr/bin/tsh-tool"',
  'printf "Package: tsh-pet-tool\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: Toolshed tests <tests@toolshed.invalid>\\nDescription: installed in a pet\\n" > "$d/DEBIAN/control"',
  'dpkg-deb --build "$d" /var/tmp/tsh-pet-tool.deb >/dev/null && dpkg -i /var/tmp/tsh-pet-tool.deb >/dev/null',
].join(' && ');

let engine: Engine;
let work = '';
let journalDir = '';
let operation = 0;
const nextOperation = () => `op-setup-${(operation += 1)}`;

/** A command in the toolbox the way a user runs one: `toolbox run`. */
async function toolboxRun(name: string, script: string): Promise<string> {
  const result = await run('toolbox', ['run', '-c', name, 'sh', '-c', script]);
  if (result.code !== 0) throw new Error(`toolbox run -c ${name} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

const idOf = (name: string) => podman('inspect', '--type', 'container', '--format', '{{.Id}}', name);
const stateOf = (name: string) => podman('inspect', '--type', 'container', '--format', '{{.State.Status}}', name);
const leftovers = () => podman('ps', '--all', '--filter', 'name=^toolshed-(new|old)-', '--format', '{{.Names}}');
const snapshotImages = () => podman('images', '--filter', 'label=dev.toolshed.snapshot', '--format', '{{.ID}}').split('\n').filter(Boolean);
const removeSnapshotImages = () => {
  for (const id of snapshotImages()) {
    try {
      podman('rmi', '--force', id);
    } catch {
      // in use by a container removed above, or gone
    }
  }
};

/** Calls `work` with a fresh operation id and returns its result and the progress steps it reported. */
async function withSteps<T>(call: (operationId: string) => Promise<T>): Promise<{ result: T; steps: string[] }> {
  const operationId = nextOperation();
  const steps: string[] = [];
  const subscription = engine.subscribe(
    (m: EventMessage) => m.event === 'operationProgress' && m.payload.operationId === operationId && steps.push(m.payload.step),
  );
  try {
    return { result: await call(operationId), steps };
  } finally {
    subscription.dispose();
  }
}

async function refused(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolshedError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
}

describe.skipIf(why)(`a pet's life after creation (${why ?? 'real podman, the host toolbox'})`, () => {
  let volumeDir = '';
  let edited: ToolboxSetup;

  beforeAll(async () => {
    removeContainers([...ALL, ...leftovers().split('\n').filter(Boolean)]);
    work = mkdtempSync(path.join(os.tmpdir(), 'toolshed-setup-'));
    journalDir = path.join(work, 'journal');
    volumeDir = path.join(work, 'data');
    mkdirSync(volumeDir);
    writeFileSync(path.join(volumeDir, 'hello'), 'from the host\n');
    engine = testEngine({ journalDir, env: { USER: 'root' } });
    // a toolbox the toolbox CLI made, with something installed in it
    const made = await run('toolbox', ['create', '--container', CLI, '--image', FIXTURE_IMAGE]);
    expect(made.code, made.stderr).toBe(0);
    await toolboxRun(CLI, `echo kept > /etc/tsh-kept && ${INSTALL_PACKAGE}`);
  }, 180_000);

  afterAll(() => {
    engine?.dispose();
    removeContainers([...ALL, ...leftovers().split('\n').filter(Boolean)]);
    removeSnapshotImages();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads the setup of a CLI-made toolbox as nothing beyond Toolbx', async () => {
    const info = await engine.api.describeSetup({ container: CLI });
    expect(info).toMatchObject({ source: 'inspected', setup: { volumes: [], env: [] } });
    expect(info.notEditable).toBeUndefined();
    expect(info.sizeBytes).toBeGreaterThan(0);
  });

  it('edits it: a new volume and variable, what was installed kept, toolbox run working, a restore point left', async () => {
    const oldId = idOf(CLI);
    expect(stateOf(CLI)).toBe('running');
    const before = snapshotImages().length;
    const { setup } = await engine.api.describeSetup({ container: CLI });
    edited = { ...setup, volumes: [{ hostPath: volumeDir, containerPath: '/tsh-data', readOnly: false }], env: [{ name: VAR, value: 'edited value' }] };
    const { result, steps } = await withSteps((operationId) => engine.api.editSetup({ container: CLI, setup: edited, operationId }));
    expect(steps.filter((s, i) => s !== steps[i - 1])).toEqual(['stop', 'commit', 'create', 'start', 'init', 'swap', 'done']);
    expect(result.name).toBe(CLI);
    expect(result.id).not.toBe(oldId);
    expect(podman('ps', '--all', '--filter', `id=${oldId}`, '--format', '{{.ID}}')).toBe('');
    expect(leftovers()).toBe('');
    expect(stateOf(CLI)).toBe('running');
    expect(
      await toolboxRun(
        CLI,
        `cat /etc/tsh-kept; tsh-tool; dpkg-query -W -f '\${Status}\\n' tsh-pet-tool; cat /tsh-data/hello; printenv ${VAR}; cat /run/.containerenv | grep '^name='`,
      ),
    ).toBe(`kept\ntool\ninstall ok installed\nfrom the host\nedited value\nname="${CLI}"`);
    expect((await engine.api.describeSetup({ container: CLI })).setup).toEqual({ ...edited, volumes: [{ ...edited.volumes[0], readOnly: false }] });
    const snapshots = await engine.api.listSnapshots({ container: CLI });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.name).toMatch(/^Before the setup edit/);
    expect(snapshotImages()).toHaveLength(before + 1);
  }, 180_000);

  it('drops a variable the edit removes (the commit carries it in its image)', async () => {
    const { result } = await withSteps((operationId) => engine.api.editSetup({ container: CLI, setup: { ...edited, env: [] }, operationId }));
    expect(result.name).toBe(CLI);
    expect(await toolboxRun(CLI, `printenv ${VAR} || echo unset; cat /etc/tsh-kept`)).toBe('unset\nkept');
    const { result: again } = await withSteps((operationId) => engine.api.editSetup({ container: CLI, setup: edited, operationId }));
    expect(again.name).toBe(CLI);
  }, 180_000);

  it('refuses a setup that cannot work, changing nothing', async () => {
    const id = idOf(CLI);
    const images = snapshotImages().length;
    const bad = (setup: ToolboxSetup) => engine.api.editSetup({ container: CLI, setup, operationId: nextOperation() });
    await refused(bad({ ...edited, volumes: [{ hostPath: path.join(work, 'missing'), containerPath: '/x' }] }), 'INVALID_ARGUMENT', /does not exist/);
    await refused(
      bad({ ...edited, volumes: [{ hostPath: volumeDir, containerPath: '/run/host' }] }),
      'INVALID_ARGUMENT',
      /under \/run, where no folder can be mounted/,
    );
    // over /etc, Toolbx's set-up would rewrite the host folder's resolv.conf and localtime
    await refused(
      bad({ ...edited, volumes: [{ hostPath: volumeDir, containerPath: '/etc' }] }),
      'INVALID_ARGUMENT',
      /\/etc is under \/etc, where no folder can be mounted: Toolbx's set-up writes there/,
    );
    await refused(bad({ ...edited, env: [{ name: 'TOOLBOX_PATH', value: '/x' }] }), 'INVALID_ARGUMENT', /set by the toolbox setup/);
    await refused(engine.api.editSetup({ container: `${P}none`, setup: edited, operationId: nextOperation() }), 'NOT_FOUND', /No container/);
    expect(idOf(CLI)).toBe(id);
    expect(stateOf(CLI)).toBe('running');
    expect(snapshotImages()).toHaveLength(images);
    expect(leftovers()).toBe('');
  });

  it('takes a snapshot, and restoring it undoes what came after, setup and all', async () => {
    const { result: snapshot, steps } = await withSteps((operationId) =>
      engine.api.takeSnapshot({ container: CLI, name: 'clean; "state" & all', operationId }),
    );
    expect(steps).toEqual(['commit', 'done']);
    expect(snapshot).toMatchObject({ container: CLI, name: 'clean; "state" & all', setup: edited });
    expect(stateOf(CLI)).toBe('running'); // a snapshot does not stop the toolbox
    await toolboxRun(CLI, 'echo later > /etc/tsh-later');
    const { result } = await withSteps((operationId) =>
      engine.api.editSetup({ container: CLI, setup: { ...edited, env: [{ name: VAR, value: 'changed again' }] }, operationId }),
    );
    expect(result.name).toBe(CLI);

    const { result: restored, steps: restoreSteps } = await withSteps((operationId) =>
      engine.api.restoreSnapshot({ container: CLI, snapshot: snapshot.id, operationId }),
    );
    expect(restoreSteps).not.toContain('commit');
    expect(restored.name).toBe(CLI);
    expect(await toolboxRun(CLI, `test -e /etc/tsh-later && echo still || echo gone; cat /etc/tsh-kept; printenv ${VAR}`)).toBe('gone\nkept\nedited value');
    // the toolbox is made from it now: it cannot go
    await refused(engine.api.deleteSnapshot({ snapshot: snapshot.id }), 'INVALID_ARGUMENT', new RegExp(`is what ${CLI} is made from`));
    await refused(engine.api.restoreSnapshot({ container: CLI, snapshot: 'f'.repeat(64), operationId: nextOperation() }), 'NOT_FOUND', /no snapshot/);
  }, 240_000);

  it("one operation per toolbox at a time: of an edit and a restore asked together or at a step of the edit, one is refused naming the other, and the winner's setup stays", async () => {
    const snapshot = (await engine.api.listSnapshots({ container: CLI })).find((s) => s.name === 'clean; "state" & all');
    expect(snapshot).toBeDefined();
    const settle = <T>(promise: Promise<T>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    /** Resolves when the operation reports this step. */
    const step = (operationId: string, wanted: string) =>
      new Promise<void>((resolve) => {
        const subscription = engine.subscribe((m: EventMessage) => {
          if (m.event !== 'operationProgress' || m.payload.operationId !== operationId || m.payload.step !== wanted) return;
          subscription.dispose();
          resolve();
        });
      });
    for (const [round, when] of (['at once', 'commit', 'init'] as const).entries()) {
      const editId = nextOperation();
      const reached = when === 'at once' ? Promise.resolve() : step(editId, when);
      const edit = settle(engine.api.editSetup({ container: CLI, setup: { ...edited, env: [{ name: VAR, value: `edit ${round}` }] }, operationId: editId }));
      await reached;
      const restore = settle(engine.api.restoreSnapshot({ container: CLI, snapshot: snapshot!.id, operationId: nextOperation() }));
      const stop = when === 'at once' ? undefined : settle(engine.api.stopContainer({ container: CLI }));
      const [editError, restoreError, stopError] = await Promise.all([edit, restore, stop]);
      const errors = [editError, restoreError].filter(Boolean);
      expect(errors, `${when}: exactly one refused`).toHaveLength(1);
      const winner = editError ? 'the restore' : 'the setup edit';
      expect(errors[0]).toBeInstanceOf(ToolshedError);
      expect(errors[0]).toMatchObject({ code: 'BUSY', message: `${CLI} is busy: ${winner} of ${CLI} is under way. Try again when it has finished.` });
      if (when !== 'at once') {
        expect(winner).toBe('the setup edit');
        expect(stopError).toMatchObject({ code: 'BUSY', message: expect.stringMatching(/the setup edit/) as unknown });
      }
      expect(stateOf(CLI)).toBe('running');
      expect(await toolboxRun(CLI, `printenv ${VAR}`)).toBe(winner === 'the setup edit' ? `edit ${round}` : 'edited value');
      expect(leftovers()).toBe('');
    }
    // once it has finished, what was refused is done
    await engine.api.restoreSnapshot({ container: CLI, snapshot: snapshot!.id, operationId: nextOperation() });
    expect(await toolboxRun(CLI, `printenv ${VAR}`)).toBe('edited value');
  }, 300_000);

  it('a setup edit cancelled while its new container sets up says the edit was cancelled, and the toolbox is as it was', async () => {
    const id = idOf(CLI);
    const operationId = nextOperation();
    const atInit = new Promise<void>((resolve) => {
      const subscription = engine.subscribe((m: EventMessage) => {
        if (m.event !== 'operationProgress' || m.payload.operationId !== operationId || m.payload.step !== 'init') return;
        subscription.dispose();
        resolve();
      });
    });
    const edit = engine.api.editSetup({ container: CLI, setup: { ...edited, env: [{ name: VAR, value: 'never' }] }, operationId });
    await atInit;
    expect(await engine.api.cancelOperation({ operationId })).toEqual({ cancelled: true });
    await refused(edit, 'CANCELLED', new RegExp(`^The setup edit of ${CLI} was cancelled\\.$`));
    expect(idOf(CLI)).toBe(id);
    expect(stateOf(CLI)).toBe('running');
    expect(await toolboxRun(CLI, `printenv ${VAR}`)).toBe('edited value');
    expect(leftovers()).toBe('');
  });

  it('clones a toolbox: the same packages and setup, then each its own', async () => {
    const { result: clone, steps } = await withSteps((operationId) => engine.api.cloneToolbox({ container: CLI, newName: CLONE, operationId }));
    expect(steps).toContain('init');
    expect(clone.name).toBe(CLONE);
    expect(await toolboxRun(CLONE, `cat /etc/tsh-kept; printenv ${VAR}; echo mine > /etc/tsh-clone-only`)).toBe('kept\nedited value');
    expect(await toolboxRun(CLI, 'test -e /etc/tsh-clone-only && echo shared || echo apart')).toBe('apart');
    await refused(engine.api.cloneToolbox({ container: CLI, newName: CLONE, operationId: nextOperation() }), 'NAME_TAKEN', /already taken/);
  }, 180_000);

  it('backs a toolbox up to a file and restores it under another name; never overwrites, never reads a non-backup', async () => {
    const file = path.join(work, 'clone-backup.tar');
    const images = snapshotImages().length;
    const { result: backup, steps } = await withSteps((operationId) => engine.api.backupToolbox({ container: CLONE, path: file, operationId }));
    expect(steps).toEqual(['commit', 'save', 'done']);
    expect(backup).toEqual({ path: file, sizeBytes: statSync(file).size });
    expect(backup.sizeBytes).toBeGreaterThan(1_000_000);
    expect(snapshotImages()).toHaveLength(images); // the file holds it, not an image
    // what it holds, read from the file (an OCI archive) without loading it
    expect(await engine.api.describeBackup({ path: file })).toMatchObject({ of: CLONE, setup: { env: [{ name: VAR, value: 'edited value' }] } });
    expect(snapshotImages()).toHaveLength(images);
    await refused(engine.api.backupToolbox({ container: CLONE, path: file, operationId: nextOperation() }), 'INVALID_ARGUMENT', /already exists/);
    await refused(
      engine.api.backupToolbox({ container: CLONE, path: path.join(work, 'nowhere', 'x.tar'), operationId: nextOperation() }),
      'INVALID_ARGUMENT',
      /does not exist/,
    );
    // a file made at the path while the backup is written is never overwritten
    const raced = path.join(work, 'raced.tar');
    const racing = engine.api.backupToolbox({ container: CLONE, path: raced, operationId: nextOperation() });
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(raced, 'mine');
    await refused(racing, 'INVALID_ARGUMENT', /appeared while the backup was written: Toolshed never overwrites/);
    expect(readFileSync(raced, 'utf8')).toBe('mine');
    // two backups to one file at once: one writes it, the other is refused (the toolbox busy, or the file taken)
    const twice = path.join(work, 'twice.tar');
    const outcomes = await Promise.allSettled([0, 1].map(() => engine.api.backupToolbox({ container: CLONE, path: twice, operationId: nextOperation() })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(statSync(twice).size).toBe((outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ sizeBytes: number }>).value.sizeBytes);
    expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);
    expect(snapshotImages()).toHaveLength(images);

    const removed = await engine.api.removeContainer({ id: idOf(CLONE), name: CLONE, force: true, removeSnapshots: true });
    expect(removed.removed).toBe(CLONE);
    const { result: restored } = await withSteps((operationId) => engine.api.restoreBackup({ path: file, name: RESTORED, operationId }));
    expect(restored.name).toBe(RESTORED);
    expect(await toolboxRun(RESTORED, `cat /etc/tsh-kept /etc/tsh-clone-only; printenv ${VAR}`)).toBe('kept\nmine\nedited value');
    // the image it runs on is listed with it, as its snapshot, and goes with it when asked
    const [base] = await engine.api.listSnapshots({ container: RESTORED });
    expect(base).toMatchObject({ container: RESTORED, name: `Backup to ${path.basename(file)}` });

    await refused(engine.api.restoreBackup({ path: file, name: CLI, operationId: nextOperation() }), 'NAME_TAKEN', /never replaces/);
    const notArchive = path.join(work, 'not-a-backup.tar');
    writeFileSync(notArchive, 'hello');
    await refused(engine.api.restoreBackup({ path: notArchive, name: `${P}x`, operationId: nextOperation() }), 'INVALID_ARGUMENT', /not a Toolshed backup/);
    await refused(engine.api.describeBackup({ path: notArchive }), 'INVALID_ARGUMENT', /not a Toolshed backup/);
    await refused(engine.api.restoreBackup({ path: path.join(work, 'missing.tar'), name: `${P}x`, operationId: nextOperation() }), 'NOT_FOUND', /no file/);
    expect(podman('ps', '--all', '--filter', `name=^${P}x$`, '--format', '{{.Names}}')).toBe('');

    expect(await engine.api.removeContainer({ id: idOf(RESTORED), name: RESTORED, force: true, removeSnapshots: true })).toMatchObject({
      snapshotsRemoved: 1,
      snapshotsKept: [],
    });
    expect(podman('images', '--filter', `reference=localhost/toolshed-backups/${RESTORED}`, '--format', '{{.ID}}')).toBe('');
  }, 240_000);

  it("an archive made to look like a backup moves no name of this machine, shows as nobody's snapshot, and is gone when refused", async () => {
    const VICTIM = 'localhost/tsh-setup-victim:1';
    const CRAFTED = `${P}crafted`;
    const forged = (name: string) => `dev.toolshed.snapshot=${encodeSnapshot({ of: CLI, name, takenAt: new Date().toISOString(), setup: edited })}`;
    /** An image of CLI's filesystem with a forged snapshot record, saved as VICTIM in a docker archive, then gone from here. */
    const craft = (file: string, name: string) => {
      const id = podman('commit', '--quiet', '--pause=false', '--change', `LABEL ${forged(name)}`, CLI);
      podman('tag', id, VICTIM);
      podman('save', '--quiet', '--format', 'docker-archive', '--output', file, VICTIM);
      podman('rmi', '--force', id);
      return id;
    };
    const valid = path.join(work, 'crafted.tar');
    const refusedFile = path.join(work, 'crafted-refused.tar');
    craft(valid, 'looks like one');
    const refusedId = craft(refusedFile, 'x\u202Eexe.gpj');
    // a name of this machine that the archive also carries
    podman('tag', FIXTURE_IMAGE, VICTIM);
    const victimId = () => podman('image', 'inspect', '--format', '{{.Id}}', VICTIM);
    const fixtureId = podman('image', 'inspect', '--format', '{{.Id}}', FIXTURE_IMAGE);
    try {
      await refused(engine.api.restoreBackup({ path: refusedFile, name: `${P}x`, operationId: nextOperation() }), 'INVALID_ARGUMENT', /not a Toolshed backup/);
      expect(victimId()).toBe(fixtureId);
      // what it loaded went again
      expect(podman('images', '--quiet', '--no-trunc')).not.toContain(refusedId.replace(/^sha256:/, ''));

      // a docker archive is read too: the setup it would bring is shown before anything is loaded
      expect(await engine.api.describeBackup({ path: valid })).toMatchObject({ of: CLI, setup: edited });
      const restored = await engine.api.restoreBackup({ path: valid, name: CRAFTED, operationId: nextOperation() });
      expect(restored.name).toBe(CRAFTED);
      expect(victimId()).toBe(fixtureId);
      // its label names CLI, but it is not CLI's snapshot: it is the restored toolbox's image, under Toolshed's name for it
      expect((await engine.api.listSnapshots({ container: CLI })).map((s) => s.name)).not.toContain('looks like one');
      expect(podman('inspect', '--type', 'container', '--format', '{{.ImageName}}', CRAFTED)).toMatch(
        new RegExp(`^localhost/toolshed-backups/${CRAFTED}:restored-`),
      );
    } finally {
      removeContainers([CRAFTED]);
      podman('rmi', VICTIM);
    }
  }, 240_000);

  it('removing a toolbox with its snapshots removes those no other toolbox is made from, and says which stay and why', async () => {
    // a clone made now runs on a snapshot of CLI: that one stays
    await engine.api.cloneToolbox({ container: CLI, newName: CLONE, operationId: nextOperation() });
    try {
      const mine = await engine.api.listSnapshots({ container: CLI });
      expect(mine.length).toBeGreaterThanOrEqual(4);
      const result = await engine.api.removeContainer({ id: idOf(CLI), name: CLI, force: true, removeSnapshots: true });
      expect(result).toEqual({ removed: CLI, snapshotsRemoved: mine.length - 1, snapshotsKept: [{ name: `For the clone ${CLONE}`, usedBy: [CLONE] }] });
      expect((await engine.api.listSnapshots({ container: CLI })).map((s) => s.name)).toEqual([`For the clone ${CLONE}`]);
    } finally {
      removeContainers([CLONE]);
    }
    // the clone gone, its snapshot can go too
    const [left] = await engine.api.listSnapshots({ container: CLI });
    await engine.api.deleteSnapshot({ snapshot: left!.id });
    expect(await engine.api.listSnapshots({ container: CLI })).toEqual([]);
  }, 180_000);
});

describe.skipIf(why)(`a setup edit killed midway (${why ?? 'real podman'})`, () => {
  let bundle = '';

  /** Runs a setup edit of CRASH in a process of its own and kills it when it reports `at`. */
  const editAndKill = (setup: ToolboxSetup, at: RegExp) =>
    runAndKillAt(
      bundle,
      { calls: [{ method: 'editSetup', args: { container: CRASH, setup, operationId: nextOperation() } }], settings: { toolboxBinary: '' }, journalDir },
      at,
    );

  async function recoveryNote(): Promise<RecoveryNote> {
    const next = testEngine({ journalDir });
    try {
      return await recoveryNoteFor(next, CRASH);
    } finally {
      next.dispose();
    }
  }

  let made: ContainerSummary;
  beforeAll(async () => {
    removeContainers([CRASH]);
    bundle = await bundleCreateAsUser();
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-setup-journal-'));
    const creator = testEngine({ journalDir });
    try {
      await creator.api.updateSettings({ toolboxBinary: '' });
      made = await creator.api.createToolbox({ name: CRASH, image: FIXTURE_IMAGE, operationId: nextOperation() });
    } finally {
      creator.dispose();
    }
    podman('exec', CRASH, 'sh', '-c', 'echo kept > /etc/tsh-kept');
  }, 120_000);

  afterAll(() => {
    removeContainers([CRASH, ...leftovers().split('\n').filter(Boolean)]);
    removeSnapshotImages(); // the restore points the edits left
    rmSync(journalDir, { recursive: true, force: true });
  });

  it('a new container that fails to set up is removed, and the old toolbox is as it was', async () => {
    const failing = testEngine({ journalDir });
    try {
      await failing.api.updateSettings({ toolboxBinary: '' });
      const setup: ToolboxSetup = { volumes: [], env: [{ name: 'TOOLBX_FAIL_ENTRY_POINT', value: '1' }], ulimitHost: false, hostname: null };
      const error = await failing.api.editSetup({ container: CRASH, setup, operationId: nextOperation() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ detail: expect.stringContaining(`${CRASH} is as it was.`) });
    } finally {
      failing.dispose();
    }
    expect(idOf(CRASH)).toBe(made.id);
    expect(stateOf(CRASH)).toBe('running');
    expect(leftovers()).toBe('');
    expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
  }, 120_000);

  const ROLLBACK_POINTS = [
    { at: /^stop: /, words: 'stopping it' },
    { at: /^commit: /, words: 'saving what is installed in it' },
    { at: /^create: /, words: 'creating it' },
    { at: /^init: Setting up/, words: 'waiting for its setup' },
  ];
  it.each(ROLLBACK_POINTS.map((point) => [point.words, point] as const))(
    'killed %s: the next start removes what was made and puts the old toolbox back, running',
    async (_words, point) => {
      // a 30 s init, so the wait for it lasts long enough to be killed in
      const setup: ToolboxSetup = { volumes: [], env: [{ name: 'TOOLBX_DELAY_ENTRY_POINT', value: '30' }], ulimitHost: false, hostname: null };
      const seen = await editAndKill(setup, point.at);
      expect(seen.some((line) => point.at.test(line))).toBe(true);
      expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      const note = await recoveryNote();
      expect(note.message).toContain(`while changing the setup of ${CRASH} (${point.words}); ${CRASH} is as it was (started again)`);
      expect(idOf(CRASH)).toBe(made.id);
      expect(stateOf(CRASH)).toBe('running');
      expect(podman('exec', CRASH, 'cat', '/etc/tsh-kept')).toBe('kept');
      expect(leftovers()).toBe('');
      expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    },
    240_000,
  );

  it('a clone killed while it is made: the next start removes the half-made clone and the snapshot made for it, and says so', async () => {
    const COPY = `${CRASH}-copy`;
    const images = snapshotImages();
    const seen = await runAndKillAt(
      bundle,
      {
        calls: [{ method: 'cloneToolbox', args: { container: CRASH, newName: COPY, operationId: nextOperation() } }],
        settings: { toolboxBinary: '' },
        journalDir,
      },
      /^create: /,
    );
    expect(seen.some((line) => line.startsWith('create: '))).toBe(true);
    const next = testEngine({ journalDir });
    try {
      const note = await recoveryNoteFor(next, COPY);
      expect(note.message).toMatch(
        new RegExp(
          `while making the clone ${COPY} \\(creating it\\); the (half-made container and the snapshot made for it were|snapshot made for it was) removed when it started again\\.$`,
        ),
      );
    } finally {
      next.dispose();
    }
    expect(snapshotImages().sort()).toEqual(images.sort());
    expect(podman('ps', '--all', '--filter', `name=^${COPY}$`, '--format', '{{.Names}}')).toBe('');
    expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
  }, 240_000);

  it('a backup killed while writing its file: the next start removes the unfinished file and the image made for it, and says so', async () => {
    const images = snapshotImages();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-killed-backup-'));
    const file = path.join(folder, 'killed.tar');
    const seen = await runAndKillAt(
      bundle,
      {
        calls: [{ method: 'backupToolbox', args: { container: CRASH, path: file, operationId: nextOperation() } }],
        settings: { toolboxBinary: '' },
        journalDir,
      },
      /^save: /,
    );
    expect(seen.at(-1)).toMatch(/^save: /);
    const next = testEngine({ journalDir });
    try {
      expect((await recoveryNoteFor(next, CRASH)).message).toBe(
        `Toolshed stopped while backing up ${CRASH} (writing the backup file); the unfinished backup was removed when it started again.`,
      );
    } finally {
      next.dispose();
    }
    expect(readdirSync(folder)).toEqual([]);
    expect(snapshotImages().sort()).toEqual(images.sort());
    expect(readdirSync(journalDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    rmSync(folder, { recursive: true, force: true });
  }, 240_000);

  it('at the swap: the next start finishes it, the new container under the name, running, the old one gone', async () => {
    const setup: ToolboxSetup = { volumes: [], env: [{ name: VAR, value: 'after the crash' }], ulimitHost: false, hostname: null };
    const seen = await editAndKill(setup, /^swap: /);
    expect(seen.at(-1)).toMatch(/^swap: /);
    const left = readdirSync(journalDir).filter((f) => f.endsWith('.json'));
    // the kill lands within the swap: the entry is there unless podman was faster than the signal
    if (left.length) expect((await recoveryNote()).message).toMatch(/the change was finished when it started again/);
    expect(idOf(CRASH)).not.toBe(made.id);
    expect(podman('ps', '--all', '--filter', `id=${made.id}`, '--format', '{{.ID}}')).toBe('');
    expect(leftovers()).toBe('');
    expect(stateOf(CRASH)).toBe('running');
    expect(podman('exec', CRASH, 'sh', '-c', `cat /etc/tsh-kept; printenv ${VAR}`)).toBe('kept\nafter the crash');
  }, 240_000);
});

describe.skipIf(missing({ fixture: true, rootless: true }))('a setup edit, rootless', () => {
  const NAME = `${P}rl`;
  afterAll(() => removeContainers([NAME], PODMAN_AS_TOOLSHED));

  it("as the user: keep-id, the user's home, the new variable, and toolbox run as the user", async () => {
    removeContainers([NAME], PODMAN_AS_TOOLSHED);
    const bundle = await bundleCreateAsUser();
    const setup: ToolboxSetup = { volumes: [], env: [{ name: VAR, value: 'rootless edit' }], ulimitHost: false, hostname: null };
    const output = await createAsUser(bundle, {
      args: { name: NAME, image: FIXTURE_IMAGE, operationId: 'op-rl-create' },
      calls: [{ method: 'editSetup', args: { container: NAME, setup, operationId: 'op-rl-edit' } }],
    });
    expect(output.error).toBeUndefined();
    expect(output.results?.[0]).toMatchObject({ name: NAME });
    expect(output.summary?.id).not.toBe((output.results?.[0] as ContainerSummary).id);
    const [command, args] = asRootlessUser('toolbox', ['run', '-c', NAME, 'sh', '-c', `id -un; echo $HOME; printenv ${VAR}`]);
    const result = await run(command, args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('toolshed\n/home/toolshed\nrootless edit');
  }, 240_000);
});
