// Making a toolbox, all or nothing: check the name and the image, create the
// container with Toolbx's setup, start it and wait for its init to write the
// ready stamp, streaming the init log as progress. When any step fails (or the
// client cancels), exactly the container this call created is removed, unless
// the caller asked to keep it for debugging.
import { mkdir, stat } from 'node:fs/promises';
import type { CallArgs, ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { runReported, type Progress } from '../operations.js';
import { pullImage } from '../images/pull.js';
import { installedInitScript, toolshedVersion } from '../packageFiles.js';
import { chooseEntryPoint, podmanCreateArgs } from './createArgs.js';
import { normalizeOptions, optionProblems } from './createOptions.js';
import type { HostFacts, HostFactsSource } from './hostFacts.js';
import type { JournalEntry } from '../journal.js';
import type { RecordedOptions } from './createOptions.js';
import { awaitToolboxInit, beforeToolboxStarts, settledContainerLog, toolboxRuntimeDir } from './readiness.js';
import { behaviourForHost } from './toolboxVersions.js';

export type CreateToolboxRequest = CallArgs<'createToolbox'>;
export type CreateContext = Pick<
  EngineContext,
  'podman' | 'containers' | 'settings' | 'operations' | 'journal' | 'env' | 'uid' | 'initTimeoutMs' | 'log' | 'emit'
>;

export interface CreateState {
  facts: HostFactsSource;
  /** Names being created right now (the engine's own): a second create of one is refused at once. */
  creating: Set<string>;
}

export async function createToolbox(ctx: CreateContext, state: CreateState, request: CreateToolboxRequest): Promise<ContainerSummary> {
  const { name } = request;
  return runReported(ctx, request.operationId, async (signal, progress) => {
    // checked and taken before the first await, so concurrent calls cannot both pass
    if (state.creating.has(name)) throw nameTaken(name, 'is being created right now');
    state.creating.add(name);
    try {
      return await createLocked(ctx, state.facts, request, signal, progress);
    } finally {
      state.creating.delete(name);
    }
  });
}

function nameTaken(name: string, why = 'is already taken'): ToolshedError {
  return new ToolshedError('NAME_TAKEN', `The name "${name}" ${why}; choose another one.`);
}

/** Refuses to go on once cancelled, saying what was (`what`: "Creating "dev"", "The setup edit of dev"). */
export function throwIfCancelled(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw cancelled(what);
}

const cancelled = (what: string) => new ToolshedError('CANCELLED', `${what} was cancelled.`);
const creating = (name: string) => `Creating "${name}"`;

async function createLocked(
  ctx: CreateContext,
  factsSource: HostFactsSource,
  request: CreateToolboxRequest,
  signal: AbortSignal,
  progress: Progress,
): Promise<ContainerSummary> {
  const { name, image } = request;
  progress('create', `Checking the name ${name} and the image ${image}…`);
  // the checks ask podman and the host at once; their answers are judged in this order
  const settings = ctx.settings.get();
  const listing = ctx.containers.refresh();
  const imagePresent = ctx.podman.imageExists(image);
  const gathering = factsSource.gather(settings.toolboxBinary);
  for (const pending of [imagePresent, gathering]) pending.catch(() => undefined);
  const existing = await listing;
  if (existing.some((c) => c.name === name)) throw nameTaken(name);

  if (!(await imagePresent)) {
    if (!request.pull) {
      throw new ToolshedError('NOT_FOUND', `The image ${image} is not on this machine.`, 'Pull it first, or create with "pull" turned on.');
    }
    progress('pull', `Pulling ${image}…`);
    await pullImage(ctx, image, {
      signal,
      onProgress: (p) => ctx.emit('operationProgress', { operationId: request.operationId, step: 'pull', ...p }),
    });
  }
  throwIfCancelled(signal, creating(name));

  const facts = await gathering;
  const options = normalizeOptions(request.options, settings);
  await checkUsable(options, facts);

  // from here on something may be made: the journal knows what, should this process die midway
  const journal = ctx.journal.begin('create', name, 'create');
  const id = await journalled(journal, () =>
    buildToolbox(
      ctx,
      facts,
      { name, image, options, hostname: request.hostname !== undefined ? request.hostname : settings.hostname, keepOnFailure: request.keepOnFailure === true },
      journal,
      signal,
      progress,
    ),
  );
  const created = await listed(ctx, id, name);
  progress('done', `${name} is ready.`);
  return created;
}

/** Refuses options that cannot be used on this host (reserved paths and names, missing host folders), before anything is made. */
export async function checkUsable(options: RecordedOptions, facts: HostFacts): Promise<void> {
  const problems = optionProblems(options, facts);
  for (const volume of options.volumes) {
    if (
      !(await stat(volume.hostPath).then(
        () => true,
        () => false,
      ))
    )
      problems.push(`${volume.hostPath} does not exist on this machine.`);
  }
  if (problems.length) throw new ToolshedError('INVALID_ARGUMENT', problems[0]!, problems.join('\n'));
}

/**
 * Runs `work` under a journal entry and finishes the entry however it ends, except after
 * a failure that left a container behind (leftBehind): that entry stays for the next start.
 */
export async function journalled<T>(journal: JournalEntry, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    journal.finish();
    return result;
  } catch (error) {
    if (!leftBehind(error)) journal.finish();
    throw error;
  }
}

/** The container as the list has it after a change (refreshed: the events may not have caught up). */
export async function listed(ctx: Pick<CreateContext, 'containers'>, id: string, name: string): Promise<ContainerSummary> {
  const found = (await ctx.containers.refresh()).find((c) => c.id === id);
  if (!found) throw new ToolshedError('INTERNAL', `${name} was made but podman no longer lists it.`);
  return found;
}

/** An image as a progress line names it: an id by its first 12 digits, as podman shows ids. */
const shownImage = (image: string) => (/^(sha256:)?[0-9a-f]{64}$/.test(image) ? image.replace(/^sha256:/, '').slice(0, 12) : image);

export interface BuildRequest {
  name: string;
  image: string;
  options: RecordedOptions;
  hostname: string | null;
  keepOnFailure: boolean;
  /** The image is a commit of a toolbox (see CreateArgsRequest.fromCommit). */
  fromCommit?: { imageEnv: readonly string[]; removedEnv: readonly string[] };
  /** What a cancel says was cancelled (default: Creating "NAME"). */
  doing?: string;
}

/**
 * Makes a toolbox from an image and gets it ready: `podman create` with the
 * host's Toolbx setup (labelled with the journal entry), start, and the wait
 * for its init, reported as progress; on any failure (or a cancel) the
 * container made is removed again, and the error says so. The journal entry is
 * the caller's: it learns the container and the step, and the caller finishes it
 * (unless this throws with leftBehind(error): a container it could not remove).
 */
export async function buildToolbox(
  ctx: CreateContext,
  facts: HostFacts,
  request: BuildRequest,
  journal: JournalEntry,
  signal: AbortSignal,
  progress: Progress,
): Promise<string> {
  const { name, image, options } = request;
  const entryPoint = chooseEntryPoint(facts, () => installedInitScript(ctx.env));
  const args = podmanCreateArgs(
    facts,
    { name, image, options, toolshedVersion: toolshedVersion(), operation: journal.id, ...(request.fromCommit ? { fromCommit: request.fromCommit } : {}) },
    { hostname: request.hostname },
    entryPoint,
    ctx.env,
  );
  // the runtime dir is bind-mounted, so it must exist (Toolbx creates it too)
  const runtimeDir = toolboxRuntimeDir(ctx.uid, ctx.env);
  await mkdir(runtimeDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw new ToolshedError(
      'INTERNAL',
      `Toolshed cannot create the runtime directory ${runtimeDir}.`,
      `${String(error)}\nIs XDG_RUNTIME_DIR set to your session's runtime directory?`,
    );
  });

  const how = entryPoint.kind === 'toolbox' ? `the host's toolbox (${entryPoint.binary})` : "Toolshed's own init";
  journal.update({ step: 'create' });
  progress('create', `Creating ${name} from ${shownImage(image)}, started by ${how}…`);
  // podman create and start are quick and not interrupted: a killed create could
  // leave a container whose id we never learned. Cancellation is honoured between steps.
  let id: string;
  try {
    id = await ctx.podman.create(args);
  } catch (error) {
    if (error instanceof ToolshedError && error.code === 'NAME_TAKEN') throw nameTaken(name);
    throw error;
  }
  ctx.log(`created ${name} (${id.slice(0, 12)}): podman create ${args.join(' ')}`);

  const doing = request.doing ?? creating(name);
  try {
    throwIfCancelled(signal, doing);
    journal.update({ containerId: id, step: 'start' });
    progress('start', `Starting ${name}…`);
    // what the toolbox version's first `toolbox enter` would do before the start (its p11-kit server)
    await beforeToolboxStarts(ctx, behaviourForHost(entryPoint.kind === 'toolbox' ? facts.toolbox : undefined));
    try {
      await ctx.podman.start(id);
    } catch (error) {
      throw await withContainerLog(ctx, id, error, `${name} could not be started`);
    }
    throwIfCancelled(signal, doing);
    journal.update({ step: 'init' });
    progress('init', 'Setting up the container (user, mounts, sudo)…');
    await untilCancelled(
      awaitToolboxInit(ctx, { id, name }, (message) => progress('init', message)),
      signal,
      doing,
    );
  } catch (error) {
    const { failure, settled } = await rollBack(ctx, id, name, error, request.keepOnFailure);
    if (!settled) unremoved.add(failure);
    throw failure;
  }
  return id;
}

/** Failures of buildToolbox that left a container it could not remove. */
const unremoved = new WeakSet<object>();
export const leftBehind = (error: unknown): boolean => typeof error === 'object' && error !== null && unremoved.has(error);

/** The init wait, abandoned when the operation is cancelled (the rollback then stops its log follower). */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal, doing: string): Promise<T> {
  work.catch(() => undefined); // its failure after a cancel is expected and not news
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(doing));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failed start explained with podman's message and whatever the container logged. */
async function withContainerLog(ctx: CreateContext, id: string, error: unknown, what: string): Promise<ToolshedError> {
  const log = await settledContainerLog(ctx.podman, id);
  const podmanSays = error instanceof ToolshedError ? error.message : String(error);
  const detail = [error instanceof ToolshedError ? error.detail : undefined, log.trim() ? `Container log:\n${log.trim()}` : 'The container logged nothing.']
    .filter(Boolean)
    .join('\n\n');
  return new ToolshedError(error instanceof ToolshedError ? error.code : 'PODMAN_FAILED', `${what}: ${podmanSays}`, detail);
}

/**
 * Removes exactly the container this create made (by id), unless asked to keep it; says which in the
 * error, and whether that settled it (removed, or kept on purpose).
 */
async function rollBack(ctx: CreateContext, id: string, name: string, error: unknown, keep: boolean): Promise<{ failure: ToolshedError; settled: boolean }> {
  const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', `Creating ${name} failed unexpectedly.`);
  if (error !== failure) ctx.log(`create ${name}: ${String(error)}`);
  let note: string;
  let settled = true;
  if (keep) {
    note = `The container ${name} was kept for debugging (podman logs ${name}); remove it when done.`;
  } else {
    try {
      await ctx.podman.forceRemove(id);
      note = `The half-made container ${name} was removed.`;
    } catch (removeError) {
      settled = false;
      note = `Removing the half-made container ${name} (${id.slice(0, 12)}) failed too: ${removeError instanceof Error ? removeError.message : String(removeError)}. Toolshed tries again when it next starts.`;
    }
    await ctx.containers.refresh().catch(() => undefined);
  }
  return { failure: new ToolshedError(failure.code, failure.message, [failure.detail, note].filter(Boolean).join('\n\n')), settled };
}
