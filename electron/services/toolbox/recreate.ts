// Commit and recreate: the one mechanism behind a toolbox's setup edit, its
// restore from a snapshot, its clone and its restore from a backup, which
// Toolbx itself cannot do, all or nothing. The toolbox is stopped, its
// filesystem committed to a snapshot image, the old container steps aside under
// a temporary name, a new one is made under its name from that image with the
// (new) setup and made ready, and only then is the old one removed. A failure
// removes what was made and puts the old one back, running if it ran; a crash
// is finished by recovery.ts from the journal (rolled back before the swap,
// forward at it), with putBack and swapIn from here.
import type { ContainerSummary, ToolboxSetup } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { ReadinessContext } from '../engineContext.js';
import type { JournalEntry } from '../journal.js';
import type { Progress } from '../operations.js';
import type { PodmanClient } from '../podman/client.js';
import { buildToolbox, leftBehind, listed, throwIfCancelled, type CreateContext } from './createToolbox.js';
import type { HostFacts } from './hostFacts.js';
import { ensureReady } from './readiness.js';
import { setupOptions } from './setup.js';

export type RecreateContext = ReadinessContext & CreateContext;

/** A toolbox made and readied from a snapshot image with this setup (buildToolbox, told what the commit carries). */
export async function buildFromSnapshot(
  ctx: RecreateContext,
  request: { name: string; image: string; setup: ToolboxSetup; facts: HostFacts },
  journal: JournalEntry,
  signal: AbortSignal,
  progress: Progress,
  { removedEnv = [], doing }: { removedEnv?: string[]; doing?: string } = {},
): Promise<string> {
  const { name, image, setup, facts } = request;
  const fromCommit = { imageEnv: (await ctx.podman.imageInspect(image)).Config?.Env ?? [], removedEnv };
  const options = { name, image, options: setupOptions(setup), hostname: setup.hostname, keepOnFailure: false, fromCommit, ...(doing ? { doing } : {}) };
  return buildToolbox(ctx, facts, options, journal, signal, progress);
}

export interface RecreateRequest {
  old: ContainerSummary;
  /** What it is now: its setup, and whether it runs. */
  before: { setup: ToolboxSetup; running: boolean };
  /** The setup the new container gets. */
  setup: ToolboxSetup;
  facts: HostFacts;
  /** "the setup edit", "the restore": what progress, errors and events say. */
  doing: string;
  /** The image to make it from, asked for once the old one is stopped (a commit of it, or a snapshot's image). */
  image: (journal: JournalEntry) => Promise<string>;
}

/** Replaces a toolbox by a new container made from `image()`, all or nothing; resolves with the toolbox as it is then. */
export async function recreate(ctx: RecreateContext, request: RecreateRequest, signal: AbortSignal, progress: Progress): Promise<ContainerSummary> {
  const { old, before, setup, doing } = request;
  const wasRunning = before.running;
  const journal = ctx.journal.begin('recreate', old.name, 'stop');
  // what a cancel names: "The setup edit of dev was cancelled."
  const whole = `${doing.charAt(0).toUpperCase()}${doing.slice(1)} of ${old.name}`;
  journal.update({ oldId: old.id, oldWasRunning: wasRunning });
  let newId: string | undefined;
  try {
    progress('stop', wasRunning ? `Stopping ${old.name} (its programs end; your home is on the host and stays as it is)…` : `${old.name} is stopped.`);
    // its tabs note where their shells are, to open there again in the new container (terminalApi)
    if (wasRunning) ctx.emit('toolboxRecreating', { id: old.id });
    if (wasRunning) await ctx.podman.stop(old.id);
    throwIfCancelled(signal, whole);
    const image = await request.image(journal);
    journal.update({ image, step: 'create' });
    throwIfCancelled(signal, whole);
    const kept = new Set(setup.env.map((variable) => variable.name));
    const removedEnv = before.setup.env.map((variable) => variable.name).filter((name) => !kept.has(name));
    // the old toolbox steps aside (the new one must be made under the name: podman writes it into the container)
    await ctx.podman.rename(old.id, asideName(journal.id));
    newId = await buildFromSnapshot(ctx, { name: old.name, image, setup, facts: request.facts }, journal, signal, progress, { removedEnv, doing: whole });
    throwIfCancelled(signal, whole);
  } catch (error) {
    // the old toolbox is as it was: under its name, running again if it ran
    if (newId) await ctx.podman.forceRemove(newId).catch((removeError: unknown) => ctx.log(`could not remove ${newId}: ${String(removeError)}`));
    await putBack(ctx.podman, old.id, old.name, wasRunning)
      .then(() => (wasRunning ? ensureReady(ctx, old) : undefined))
      .catch((restoreError: unknown) => ctx.log(`${old.name} could not be put back as it was: ${String(restoreError)}`));
    if (!leftBehind(error)) journal.finish();
    const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', `${whole} failed unexpectedly.`);
    throw new ToolshedError(failure.code, failure.message, [failure.detail, `${old.name} is as it was.`].filter(Boolean).join('\n\n'));
  }
  // the swap: from here the new container is ready and the operation goes forward
  journal.update({ step: 'swap' });
  progress('swap', `Removing the old ${old.name}…`);
  await swapIn(ctx.podman, old.id, newId, wasRunning);
  journal.finish();
  const done = await listed(ctx, newId, old.name);
  // its tabs follow it (terminalApi)
  ctx.emit('toolboxRecreated', { oldId: old.id, container: done, what: doing });
  progress('done', `${old.name} is ready with its new setup.`);
  return done;
}

/** The name the old container has while its replacement is made. */
export const asideName = (operationId: string) => `toolshed-old-${operationId.slice(0, 8)}`;
export const isAsideName = (name: string) => /^toolshed-old-[0-9a-f]{8}$/.test(name);

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
