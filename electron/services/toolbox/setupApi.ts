// A toolbox's life after creation, which Toolbx itself cannot change: its
// setup edited, snapshots taken and restored, clones, backups to a file. The
// edits, restores and clones go through commit and recreate (recreate.ts).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Api, ContainerSummary, SnapshotInfo, ToolboxSetup } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import { TOOLSHED_OPERATION_LABEL, TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';
import { formatStamp } from '../../../shared/domain/units.js';
import { CHECK_SCRATCH_PATHS } from '../../../shared/domain/packageUpdates.js';
import { snapshotsToPrune } from '../../../shared/domain/snapshotPruning.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import type { JournalEntry } from '../journal.js';
import { runReported, type Progress } from '../operations.js';
import { readBackupRecord } from './backupFile.js';
import { checkUsable, journalled, listed, type CreateContext } from './createToolbox.js';
import { buildFromSnapshot, recreate } from './recreate.js';
import type { HostFacts } from './hostFacts.js';
import { readSetup, setupOptions, type ReadSetup } from './setup.js';
import {
  backupImageName,
  containersMadeFrom,
  decodeSnapshot,
  deleteSnapshots,
  fitSnapshotName,
  snapshotImageName,
  snapshotLabels,
  snapshotsOf,
} from './snapshots.js';
import { refusal } from '../../../shared/domain/containerKinds.js';

type SetupContext = ReadinessContext & CreateContext & Pick<EngineContext, 'operations' | 'journal'>;
type SetupCalls =
  | 'describeSetup'
  | 'editSetup'
  | 'listSnapshots'
  | 'takeSnapshot'
  | 'restoreSnapshot'
  | 'deleteSnapshot'
  | 'pruneSnapshots'
  | 'cloneToolbox'
  | 'backupToolbox'
  | 'describeBackup'
  | 'restoreBackup';

/** What a toolbox is now: its setup, the size of its writable layer, whether it runs. */
interface Current extends ReadSetup {
  sizeBytes?: number;
  running: boolean;
}

const isFile = (file: string) =>
  stat(file).then(
    (info) => info.isFile(),
    () => false,
  );

export function setupApi(ctx: SetupContext): Pick<Api, SetupCalls> {
  const hostFacts = () => ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
  const imageEnv = async (image: string): Promise<string[]> => (await ctx.podman.imageInspect(image)).Config?.Env ?? [];

  /** The toolbox `ref` names, refused with the reason when Toolshed cannot remake it. */
  const recreatable = (ref: string): Promise<ContainerSummary> => ctx.containers.resolveToolbox(ref, 'recreate');

  /**
   * The toolbox's setup and state now. `forCommit`: what Toolshed's update checks wrote in it
   * (CHECK_SCRATCH_PATHS) goes first, so the size said and the image made hold the user's changes only.
   */
  async function current(container: ContainerSummary, facts: HostFacts, forCommit = false): Promise<Current> {
    if (forCommit && container.state === 'running') {
      await ctx.podman
        .execForExit(container.id, ['rm', '-rf', '--', ...CHECK_SCRATCH_PATHS], { user: 'root', timeoutMs: 60_000 })
        .catch((error: unknown) => ctx.log(`could not remove the update check's scratch in ${container.name}: ${String(error)}`));
    }
    const inspect = await ctx.podman.inspect(container.id, { size: true });
    const env = await imageEnv(inspect.Image ?? inspect.ImageName).catch(() => []);
    const read = readSetup(inspect, env, facts, ctx.settings.get().ulimitHost);
    return { ...read, running: inspect.State.Running, ...(typeof inspect.SizeRw === 'number' ? { sizeBytes: inspect.SizeRw } : {}) };
  }

  const nameFree = async (name: string, why: string) => {
    if ((await ctx.containers.refresh()).some((c) => c.name === name)) throw new ToolshedError('NAME_TAKEN', `The name "${name}" is already taken; ${why}`);
  };

  async function snapshotById(id: string): Promise<SnapshotInfo> {
    const found = snapshotsOf(await ctx.podman.images()).find((s) => s.id === id || s.id.startsWith(id.replace(/^sha256:/, '')));
    if (!found) throw new ToolshedError('NOT_FOUND', `There is no snapshot ${id.slice(0, 12)}.`);
    return found;
  }

  /**
   * Commits the toolbox to a new snapshot image, saying so; resolves with the image's id.
   * `operation`: the journal entry it is made for, as a label, so recovery finds an image a killed engine left.
   */
  async function commitSnapshot(container: ContainerSummary, name: string, now: Current, progress: Progress, operation?: string): Promise<string> {
    const size = now.sizeBytes !== undefined ? ` (${Math.round(now.sizeBytes / 1e6)} MB changed since its image)` : '';
    progress('commit', `Saving what is installed in ${container.name}${size}…`);
    const labels = {
      ...snapshotLabels({ of: container.name, name: fitSnapshotName(name), takenAt: new Date().toISOString(), setup: now.setup }),
      ...(operation ? { [TOOLSHED_OPERATION_LABEL]: operation } : {}),
    };
    return ctx.podman.commit(container.id, snapshotImageName(container.name), labels);
  }

  /**
   * `podman load` of an archive, without letting it move a name: podman names what it loads as
   * the archive says, which can be any image here (an archive tagged "debian:12" would take that
   * name). Each name it took is given back to the image that had it, or taken off again.
   */
  async function loadKeepingNames(file: string): Promise<{ id: string; existed: boolean }> {
    const before = new Map<string, string>();
    const ids = new Set<string>();
    for (const entry of await ctx.podman.images()) {
      ids.add(entry.Id);
      for (const name of entry.Names ?? []) before.set(name, entry.Id);
    }
    const loaded = await ctx.podman.loadArchive(file).catch((error: unknown) => {
      throw new ToolshedError(
        'INVALID_ARGUMENT',
        `${file} is not a Toolshed backup: podman cannot read it as an image archive.`,
        error instanceof ToolshedError ? error.detail : undefined,
      );
    });
    if (!loaded[0]) throw new ToolshedError('INVALID_ARGUMENT', `${file} is an image archive, but holds no image.`);
    const inspect = await ctx.podman.imageInspect(loaded[0]);
    for (const name of inspect.RepoTags ?? []) {
      const had = before.get(name);
      if (had === inspect.Id) continue;
      if (had) await ctx.podman.tag(had, name);
      else await ctx.podman.untag(inspect.Id, name);
    }
    return { id: inspect.Id, existed: ids.has(inspect.Id) };
  }

  /**
   * Replaces a toolbox by a new container from `source` (a commit of it with this setup, or a
   * snapshot's image with its setup), all or nothing (recreate.ts); resolves with the toolbox as it is then.
   */
  function recreateFrom(
    ref: string,
    source: { commitWith: ToolboxSetup } | { snapshot: SnapshotInfo },
    operationId: string,
    doing: string,
  ): Promise<ContainerSummary> {
    return runReported(ctx, operationId, async (signal, progress) => {
      ctx.operations.checkFree(ref);
      const old = await recreatable(ref);
      return ctx.operations.exclusive(old, doing, async () => {
        const setup = 'commitWith' in source ? source.commitWith : source.snapshot.setup;
        const facts = await hostFacts();
        await checkUsable(setupOptions(setup), facts);
        const before = await current(old, facts, true);
        const image = async (journal: JournalEntry) => {
          if (!('commitWith' in source)) return source.snapshot.id;
          journal.update({ step: 'commit' });
          return commitSnapshot(old, `Before ${doing}, ${formatStamp(new Date())}`, before, progress, journal.id);
        };
        return recreate(ctx, { old, before, setup, facts, doing, image }, signal, progress);
      });
    });
  }

  return {
    async describeSetup({ container }) {
      const target = await ctx.containers.resolve(container);
      const { setup, source, sizeBytes } = await current(target, await hostFacts());
      const notEditable = refusal(target, 'recreate');
      return { setup, source, ...(sizeBytes !== undefined ? { sizeBytes } : {}), ...(notEditable ? { notEditable } : {}) };
    },

    editSetup: ({ container, setup, operationId }) => recreateFrom(container, { commitWith: setup }, operationId, 'the setup edit'),

    async listSnapshots({ container }) {
      return snapshotsOf(await ctx.podman.images(), container);
    },

    takeSnapshot: ({ container, name, operationId }) =>
      runReported(ctx, operationId, async (_signal, progress) => {
        ctx.operations.checkFree(container);
        const target = await recreatable(container);
        const id = await ctx.operations.exclusive(target, 'a snapshot', async () =>
          commitSnapshot(target, name, await current(target, await hostFacts(), true), progress),
        );
        progress('done', `Snapshot "${name}" of ${target.name} taken.`);
        return snapshotById(id);
      }),

    async restoreSnapshot({ container, snapshot, operationId }) {
      ctx.operations.checkFree(container);
      const found = await snapshotById(snapshot);
      return recreateFrom(container, { snapshot: found }, operationId, 'the restore');
    },

    async deleteSnapshot({ snapshot }) {
      const found = await snapshotById(snapshot);
      try {
        await ctx.podman.removeImage(found.id);
      } catch (error) {
        if (error instanceof ToolshedError && /in use|used by/i.test(error.message)) {
          const users = containersMadeFrom(found.id, await ctx.podman.images(), await ctx.containers.refresh());
          throw new ToolshedError(
            'INVALID_ARGUMENT',
            `The snapshot "${found.name}" is what ${users.join(', ') || 'a container'} is made from: it stays while that container does.`,
            error.detail,
          );
        }
        throw error;
      }
      return { deleted: true };
    },

    async pruneSnapshots({ container, keep, olderThanDays }) {
      const older = snapshotsToPrune(snapshotsOf(await ctx.podman.images(), container), { keep, olderThanDays });
      const { deleted, kept } = await deleteSnapshots(ctx.podman, older, () => ctx.containers.refresh(), ctx.log);
      return { deleted: deleted.map((s) => s.name), kept };
    },

    cloneToolbox: ({ container, newName, operationId }) =>
      runReported(ctx, operationId, async (signal, progress) => {
        ctx.operations.checkFree(container);
        const source = await recreatable(container);
        await nameFree(newName, 'choose another one.');
        const facts = await hostFacts();
        const id = await ctx.operations.exclusive(source, 'the clone', async () => {
          const now = await current(source, facts, true);
          await checkUsable(setupOptions(now.setup), facts);
          const journal = ctx.journal.begin('clone', newName, 'commit');
          return journalled(journal, async () => {
            const image = await commitSnapshot(source, `For the clone ${newName}`, now, progress, journal.id);
            journal.update({ image });
            return buildFromSnapshot(ctx, { name: newName, image, setup: now.setup, facts }, journal, signal, progress);
          });
        });
        progress('done', `${newName} is ready: a copy of ${source.name}.`);
        return listed(ctx, id, newName);
      }),

    backupToolbox: ({ container, path: file, operationId }) =>
      runReported(ctx, operationId, async (_signal, progress) => {
        ctx.operations.checkFree(container);
        if (
          await stat(file).then(
            () => true,
            () => false,
          )
        )
          throw new ToolshedError('INVALID_ARGUMENT', `${file} already exists: Toolshed never overwrites a file; choose another name.`);
        if (
          !(await stat(path.dirname(file)).then(
            (info) => info.isDirectory(),
            () => false,
          ))
        )
          throw new ToolshedError('INVALID_ARGUMENT', `The folder ${path.dirname(file)} does not exist.`);
        const target = await recreatable(container);
        await ctx.operations.exclusive(target, 'a backup', async () => {
          // written beside it, then put in place only if the name is still free: two backups to one
          // file, or a file made there meanwhile, are never overwritten
          const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial-${randomBytes(4).toString('hex')}`);
          const journal = ctx.journal.begin('backup', target.name, 'commit');
          journal.update({ file: partial });
          let image: string | undefined;
          try {
            image = await commitSnapshot(target, `Backup to ${path.basename(file)}`, await current(target, await hostFacts(), true), progress, journal.id);
            journal.update({ image, step: 'save' });
            progress('save', `Writing ${file}…`);
            await ctx.podman.saveArchive(image, partial);
            await placeWithoutReplacing(partial, file);
          } finally {
            await rm(partial, { force: true });
            // the file holds it now: the image made for it goes
            if (image) await ctx.podman.removeImage(image).catch(() => undefined);
            journal.finish();
          }
        });
        const { size } = await stat(file);
        progress('done', `${target.name} is backed up to ${file}.`);
        return { path: file, sizeBytes: size };
      }),

    async describeBackup({ path: file }) {
      if (!(await isFile(file))) throw new ToolshedError('NOT_FOUND', `There is no file ${file}.`);
      const record = await readBackupRecord(file).catch(() => undefined);
      if (!record) throw new ToolshedError('INVALID_ARGUMENT', `${file} is not a Toolshed backup (no image archive recording a toolbox's setup).`);
      return { of: record.of, takenAt: record.takenAt, setup: record.setup };
    },

    restoreBackup: ({ path: file, name, operationId }) =>
      runReported(ctx, operationId, async (signal, progress) => {
        if (!(await isFile(file))) throw new ToolshedError('NOT_FOUND', `There is no file ${file}.`);
        await nameFree(name, 'Toolshed never replaces a toolbox with a backup. Choose another name.');
        progress('load', `Reading ${file}…`);
        const { id: image, existed } = await loadKeepingNames(file);
        const refuse = async (error: ToolshedError): Promise<never> => {
          // what the archive brought goes again (an image that was here before stays)
          if (!existed)
            await ctx.podman
              .removeImage(image)
              .catch((removeError: unknown) => ctx.log(`could not remove ${image.slice(0, 12)} loaded from ${file}: ${String(removeError)}`));
          throw error;
        };
        const record = decodeSnapshot((await ctx.podman.imageInspect(image)).Config?.Labels?.[TOOLSHED_SNAPSHOT_LABEL] ?? undefined);
        if (!record)
          return refuse(new ToolshedError('INVALID_ARGUMENT', `${file} is an image archive, but not a Toolshed backup (it records no toolbox setup).`));
        const facts = await hostFacts();
        await checkUsable(setupOptions(record.setup), facts).catch((error: unknown) =>
          refuse(error instanceof ToolshedError ? error : new ToolshedError('INVALID_ARGUMENT', String(error))),
        );
        // a name of Toolshed's own, so the image is listed, and removable, as the restored toolbox's base
        const base = backupImageName(name);
        await ctx.podman.tag(image, base);
        const journal = ctx.journal.begin('create', name, 'create');
        const id = await journalled(journal, () => buildFromSnapshot(ctx, { name, image: base, setup: record.setup, facts }, journal, signal, progress));
        progress('done', `${name} is restored from ${path.basename(file)} (a backup of ${record.of}).`);
        return listed(ctx, id, name);
      }),
  };
}

/**
 * `from` at `to` unless something is there: a hard link never replaces a name
 * (a rename would). Where the filesystem has no hard links (FAT), a copy opened
 * with O_EXCL does the same, at the cost of the copy.
 */
async function placeWithoutReplacing(from: string, to: string): Promise<void> {
  const taken = () =>
    new ToolshedError('INVALID_ARGUMENT', `${to} appeared while the backup was written: Toolshed never overwrites a file; choose another name.`);
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL).catch((copyError: unknown) => {
      throw (copyError as NodeJS.ErrnoException).code === 'EEXIST' ? taken() : copyError;
    });
  }
}
