// A toolbox's life after creation, which Toolbx itself cannot change: its
// setup edited, snapshots taken and restored, clones, backups to a file. All
// rest on one mechanism, commit and recreate, all or nothing: the toolbox is
// stopped, its filesystem committed to a snapshot image, a new container made
// from that image with the (new) setup and made ready, and only then is the
// old one removed and the new one given its name. Until that swap the old
// container stays as it was under its name; a failure removes what was made
// and starts the old one again if it was running; a crash is finished by
// recovery.ts from the journal (rolled back before the swap, forward after).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Api, ContainerSummary, SnapshotInfo, ToolboxSetup } from '../../../shared/contract.js';
import { ToolshedError, toErrorData } from '../../../shared/errors.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import type { PodmanClient } from '../podman/client.js';
import { buildToolbox, leftBehind, throwIfCancelled, type CreateContext, type Step } from './createToolbox.js';
import { optionProblems } from './createOptions.js';
import { ensureReady } from './readiness.js';
import { readSetup, setupOptions } from './setup.js';
import { decodeSnapshot, snapshotImageName, snapshotLabels, snapshotsOf } from './snapshots.js';
import { TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';

type SetupContext = ReadinessContext & CreateContext & Pick<EngineContext, 'operations' | 'journal'>;
type SetupCalls = 'describeSetup' | 'editSetup' | 'listSnapshots' | 'takeSnapshot' | 'restoreSnapshot' | 'deleteSnapshot' | 'cloneToolbox' | 'backupToolbox' | 'restoreBackup';

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Why a container's setup cannot be recreated by Toolshed, or undefined when it can. */
function notRecreatable(container: ContainerSummary): string | undefined {
  if (container.manager === 'distrobox') return `${container.name} is a distrobox container: distrobox makes its containers its own way, which Toolshed does not reproduce (to copy it, use distrobox create --clone).`;
  if (container.manager !== 'toolbox') return `${container.name} is not a Toolbx container.`;
  return undefined;
}

export function setupApi(ctx: SetupContext): Pick<Api, SetupCalls> {
  const operationProgress = (operationId: string) => (step: Step, message: string) => ctx.emit('operationProgress', { operationId, step, message });

  const imageEnv = async (image: string): Promise<string[]> => (await ctx.podman.imageInspect(image)).Config?.Env ?? [];

  async function current(container: ContainerSummary): Promise<{ setup: ToolboxSetup; source: 'recorded' | 'inspected'; sizeBytes?: number; image: string }> {
    const inspect = await ctx.podman.inspect(container.id, { size: true });
    const image = inspect.Image ?? inspect.ImageName;
    const facts = await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
    const read = readSetup(inspect, await imageEnv(image).catch(() => []), facts, ctx.settings.get().ulimitHost);
    return { ...read, image, ...(typeof inspect.SizeRw === 'number' ? { sizeBytes: inspect.SizeRw } : {}) };
  }

  /** The container as the list has it after a change (the list may not have caught up yet). */
  async function afterChange(id: string): Promise<ContainerSummary> {
    const found = (await ctx.containers.refresh()).find((c) => c.id === id);
    if (!found) throw new ToolshedError('INTERNAL', `Container ${id.slice(0, 12)} was made but podman no longer lists it.`);
    return found;
  }

  /** Refuses a setup that cannot be used on this host, before anything changes. */
  async function checkSetup(setup: ToolboxSetup): Promise<void> {
    const facts = await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
    const problems = optionProblems(setupOptions(setup), facts);
    for (const volume of setup.volumes) if (!(await exists(volume.hostPath))) problems.push(`${volume.hostPath} does not exist on this machine.`);
    if (problems.length) throw new ToolshedError('INVALID_ARGUMENT', problems[0]!, problems.join('\n'));
  }

  async function snapshotById(id: string): Promise<SnapshotInfo> {
    const found = snapshotsOf(await ctx.podman.images()).find((s) => s.id === id || s.id.startsWith(id.replace(/^sha256:/, '')));
    if (!found) throw new ToolshedError('NOT_FOUND', `There is no snapshot ${id.slice(0, 12)}.`);
    return found;
  }

  /** Commits the toolbox to a new snapshot image; resolves with the image's id. */
  async function commitSnapshot(container: ContainerSummary, name: string, setup: ToolboxSetup): Promise<string> {
    const labels = snapshotLabels({ of: container.name, name, takenAt: new Date().toISOString(), setup });
    return ctx.podman.commit(container.id, snapshotImageName(container.name), labels);
  }

  /**
   * Replaces a toolbox by a new container from `source` (a commit of it with this setup, or a
   * snapshot's image with its setup), all or nothing; resolves with the toolbox as it is then.
   */
  async function recreate(ref: string, source: { commitWith: ToolboxSetup } | { snapshot: SnapshotInfo }, operationId: string, doing: string): Promise<ContainerSummary> {
    const progress = operationProgress(operationId);
    return ctx.operations.run(operationId, async (signal) => {
      try {
        const old = await ctx.containers.resolve(ref);
        const refusal = notRecreatable(old);
        if (refusal) throw new ToolshedError('INVALID_ARGUMENT', refusal);
        const setup = 'commitWith' in source ? source.commitWith : source.snapshot.setup;
        await checkSetup(setup);
        const before = await current(old);
        const wasRunning = (await ctx.podman.inspect(old.id)).State.Running;
        const journal = ctx.journal.begin('recreate', old.name, 'stop');
        journal.update({ oldId: old.id, oldWasRunning: wasRunning });
        let newId: string | undefined;
        try {
          progress('stop', wasRunning ? `Stopping ${old.name} (its programs end; your home is on the host and stays as it is)…` : `${old.name} is stopped.`);
          if (wasRunning) await ctx.podman.stop(old.id);
          throwIfCancelled(signal, old.name);
          let image: string;
          if ('commitWith' in source) {
            journal.update({ step: 'commit' });
            progress('commit', `Saving what is installed in ${old.name} (${before.sizeBytes !== undefined ? `${Math.round(before.sizeBytes / 1e6)} MB changed since its image` : 'its writable layer'})…`);
            image = await commitSnapshot(old, `Before ${doing}, ${new Date().toLocaleString('en-GB')}`, before.setup);
          } else {
            image = source.snapshot.id;
          }
          journal.update({ image, step: 'create' });
          throwIfCancelled(signal, old.name);
          const facts = await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
          const kept = new Set(setup.env.map((variable) => variable.name));
          const fromCommit = { imageEnv: await imageEnv(image), removedEnv: before.setup.env.map((variable) => variable.name).filter((name) => !kept.has(name)) };
          // the old toolbox steps aside (the new one must be made under the name: podman writes it into the container)
          await ctx.podman.rename(old.id, asideName(journal.id));
          newId = await buildToolbox(ctx, facts, { name: old.name, image, options: setupOptions(setup), hostname: setup.hostname, keepOnFailure: false, fromCommit }, journal, signal, progress);
          throwIfCancelled(signal, old.name);
        } catch (error) {
          // the old toolbox is as it was: under its name, running again if it ran
          if (newId) await ctx.podman.forceRemove(newId).catch((removeError: unknown) => ctx.log(`could not remove ${newId}: ${String(removeError)}`));
          await putBack(ctx.podman, old.id, old.name, wasRunning)
            .then(() => (wasRunning ? ensureReady(ctx, old) : undefined))
            .catch((restoreError: unknown) => ctx.log(`${old.name} could not be put back as it was: ${String(restoreError)}`));
          if (!leftBehind(error)) journal.finish();
          const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', `${doing} of ${old.name} failed unexpectedly.`);
          throw new ToolshedError(failure.code, failure.message, [failure.detail, `${old.name} is as it was.`].filter(Boolean).join('\n\n'));
        }
        // the swap: from here the new container is ready and the operation goes forward
        journal.update({ step: 'swap' });
        progress('swap', `Removing the old ${old.name}…`);
        await swapIn(ctx.podman, old.id, newId, wasRunning);
        journal.finish();
        const done = await afterChange(newId);
        progress('done', `${old.name} is ready with its new setup.`);
        return done;
      } catch (error) {
        progress('failed', toErrorData(error).message);
        throw error;
      }
    });
  }

  return {
    async describeSetup({ container }) {
      const target = await ctx.containers.resolve(container);
      const read = await current(target);
      const refusal = notRecreatable(target);
      return { setup: read.setup, source: read.source, ...(read.sizeBytes !== undefined ? { sizeBytes: read.sizeBytes } : {}), ...(refusal ? { notEditable: refusal } : {}) };
    },

    editSetup: ({ container, setup, operationId }) => recreate(container, { commitWith: setup }, operationId, 'the setup edit'),

    async listSnapshots({ container }) {
      return snapshotsOf(await ctx.podman.images(), container);
    },

    takeSnapshot: ({ container, name, operationId }) =>
      ctx.operations.run(operationId, async () => {
        const progress = operationProgress(operationId);
        const target = await ctx.containers.resolve(container);
        const refusal = notRecreatable(target);
        if (refusal) throw new ToolshedError('INVALID_ARGUMENT', refusal);
        const { setup } = await current(target);
        progress('commit', `Saving what is installed in ${target.name}…`);
        const id = await commitSnapshot(target, name, setup);
        progress('done', `Snapshot "${name}" of ${target.name} taken.`);
        return snapshotById(id);
      }),

    async restoreSnapshot({ container, snapshot, operationId }) {
      const found = await snapshotById(snapshot);
      return recreate(container, { snapshot: found }, operationId, 'the restore');
    },

    async deleteSnapshot({ snapshot }) {
      const found = await snapshotById(snapshot);
      const users = (await ctx.containers.refresh()).filter((c) => c.image.includes(found.id.slice(0, 12)));
      try {
        await ctx.podman.removeImage(found.id);
      } catch (error) {
        if (error instanceof ToolshedError && /in use|used by/i.test(error.message)) {
          throw new ToolshedError('INVALID_ARGUMENT', `The snapshot "${found.name}" is what ${users.map((c) => c.name).join(', ') || 'a container'} is made from: it stays while that container does.`, error.detail);
        }
        throw error;
      }
      return { deleted: true };
    },

    cloneToolbox: ({ container, newName, operationId }) =>
      ctx.operations.run(operationId, async (signal) => {
        const progress = operationProgress(operationId);
        try {
          const source = await ctx.containers.resolve(container);
          const refusal = notRecreatable(source);
          if (refusal) throw new ToolshedError('INVALID_ARGUMENT', refusal);
          if ((await ctx.containers.refresh()).some((c) => c.name === newName)) throw new ToolshedError('NAME_TAKEN', `The name "${newName}" is already taken; choose another one.`);
          const { setup } = await current(source);
          await checkSetup(setup);
          const journal = ctx.journal.begin('clone', newName, 'commit');
          let id: string;
          try {
            progress('commit', `Saving what is installed in ${source.name}…`);
            const image = await commitSnapshot(source, `For the clone ${newName}`, setup);
            journal.update({ image });
            const facts = await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
            const fromCommit = { imageEnv: await imageEnv(image), removedEnv: [] };
            id = await buildToolbox(ctx, facts, { name: newName, image, options: setupOptions(setup), hostname: setup.hostname, keepOnFailure: false, fromCommit }, journal, signal, progress);
          } catch (error) {
            if (!leftBehind(error)) journal.finish();
            throw error;
          }
          journal.finish();
          progress('done', `${newName} is ready: a copy of ${source.name}.`);
          return afterChange(id);
        } catch (error) {
          progress('failed', toErrorData(error).message);
          throw error;
        }
      }),

    backupToolbox: ({ container, path: file, operationId }) =>
      ctx.operations.run(operationId, async () => {
        const progress = operationProgress(operationId);
        try {
          if (await exists(file)) throw new ToolshedError('INVALID_ARGUMENT', `${file} already exists: Toolshed never overwrites a file; choose another name.`);
          if (!(await stat(path.dirname(file)).then((info) => info.isDirectory(), () => false))) throw new ToolshedError('INVALID_ARGUMENT', `The folder ${path.dirname(file)} does not exist.`);
          const target = await ctx.containers.resolve(container);
          const refusal = notRecreatable(target);
          if (refusal) throw new ToolshedError('INVALID_ARGUMENT', refusal);
          const { setup } = await current(target);
          progress('commit', `Saving what is installed in ${target.name}…`);
          const image = await commitSnapshot(target, `Backup to ${path.basename(file)}`, setup);
          try {
            progress('save', `Writing ${file}…`);
            await ctx.podman.saveArchive(image, file);
          } finally {
            // the file holds it now: the image made for it goes
            await ctx.podman.removeImage(image).catch(() => undefined);
          }
          const { size } = await stat(file);
          progress('done', `${target.name} is backed up to ${file}.`);
          return { path: file, sizeBytes: size };
        } catch (error) {
          progress('failed', toErrorData(error).message);
          throw error;
        }
      }),

    restoreBackup: ({ path: file, name, operationId }) =>
      ctx.operations.run(operationId, async (signal) => {
        const progress = operationProgress(operationId);
        try {
          if (!(await stat(file).then((info) => info.isFile(), () => false))) throw new ToolshedError('NOT_FOUND', `There is no file ${file}.`);
          if ((await ctx.containers.refresh()).some((c) => c.name === name)) throw new ToolshedError('NAME_TAKEN', `The name "${name}" is already taken; Toolshed never replaces a toolbox with a backup. Choose another name.`);
          progress('load', `Reading ${file}…`);
          let loaded: string[];
          try {
            loaded = await ctx.podman.loadArchive(file);
          } catch (error) {
            throw new ToolshedError('INVALID_ARGUMENT', `${file} is not a Toolshed backup: podman cannot read it as an image archive.`, error instanceof ToolshedError ? error.detail : undefined);
          }
          const image = loaded[0];
          const record = image ? decodeSnapshot((await ctx.podman.imageInspect(image)).Config?.Labels?.[TOOLSHED_SNAPSHOT_LABEL] ?? undefined) : undefined;
          if (!image || !record) throw new ToolshedError('INVALID_ARGUMENT', `${file} is an image archive, but not a Toolshed backup (it records no toolbox setup).`);
          await checkSetup(record.setup);
          const journal = ctx.journal.begin('create', name, 'create');
          let id: string;
          try {
            const facts = await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary);
            const fromCommit = { imageEnv: await imageEnv(image), removedEnv: [] };
            id = await buildToolbox(ctx, facts, { name, image, options: setupOptions(record.setup), hostname: record.setup.hostname, keepOnFailure: false, fromCommit }, journal, signal, progress);
          } catch (error) {
            if (!leftBehind(error)) journal.finish();
            throw error;
          }
          journal.finish();
          progress('done', `${name} is restored from ${path.basename(file)} (a backup of ${record.of}).`);
          return afterChange(id);
        } catch (error) {
          progress('failed', toErrorData(error).message);
          throw error;
        }
      }),
  };
}

/** The name the old container has while its replacement is made. */
export const asideName = (operationId: string) => `toolshed-old-${operationId.slice(0, 8)}`;

/** A recreate rolled back: the old container under its name again, started again if it ran (recovery.ts does the same). */
export async function putBack(podman: PodmanClient, oldId: string, name: string, wasRunning: boolean): Promise<void> {
  if ((await podman.inspect(oldId)).Name !== name) await podman.rename(oldId, name);
  if (wasRunning) await podman.start(oldId);
}

/**
 * The swap of a recreate: the old container removed, the new one (already
 * under the name) left running only if the old one was. Recovery does the
 * same after a crash here, so each step first looks at what is already done.
 */
export async function swapIn(podman: PodmanClient, oldId: string, newId: string, wasRunning: boolean): Promise<void> {
  if (await podman.exists(oldId)) await podman.forceRemove(oldId);
  if (!wasRunning && (await podman.inspect(newId)).State.Running) await podman.stop(newId);
}
