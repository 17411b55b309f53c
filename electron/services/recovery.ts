// Finishing what an engine that is gone left half-done (journal.ts): at start,
// each journal entry whose engine no longer runs is cleaned up. A create or
// clone that never reached "done" was never handed to the user: the containers
// carrying its operation label are removed (once a `podman create` it left
// running has ended). A recreate (a setup edit, a restore) is rolled back the
// same way before its swap, the old toolbox started again if it ran; at the
// swap it is finished instead, since the new container was ready. A clone's or
// a backup's own commit (labelled with the operation) is removed, and so is a
// backup's unfinished file. A note says what was found and done.
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { RecoveryNote } from '../../shared/contract.js';
import { TOOLSHED_OPERATION_LABEL } from '../../shared/domain/labels.js';
import type { OperationJournal, JournalRecord } from './journal.js';
import { ownerAlive } from './journal.js';
import type { PodmanClient } from './podman/client.js';
import { pidsWithArgument } from './procfs.js';
import { putBack, swapIn } from './toolbox/recreate.js';

export interface RecoveryContext {
  podman: PodmanClient;
  journal: OperationJournal;
  log: (message: string) => void;
  /** Stops waiting when the engine goes away. */
  signal?: AbortSignal;
}

const STEP_WORDS: Record<JournalRecord['step'], string> = {
  stop: 'stopping it',
  commit: 'saving what is installed in it',
  create: 'creating it',
  start: 'starting it',
  init: 'waiting for its setup',
  swap: 'putting the new container in place',
  save: 'writing the backup file',
};
const KIND_WORDS: Record<JournalRecord['kind'], (name: string) => string> = {
  create: (name) => `creating ${name}`,
  recreate: (name) => `changing the setup of ${name}`,
  clone: (name) => `making the clone ${name}`,
  backup: (name) => `backing up ${name}`,
  blueprint: (names) => `making ${names} from a blueprint`,
  move: (name) => `moving ${name} to a new release`,
};

/** Waits (up to `limitMs`) until no process carries `argument`: a podman command a killed engine left running. */
async function untilGone(argument: string, limitMs: number, signal?: AbortSignal, program?: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (pidsWithArgument(argument, program).length > 0 && Date.now() < deadline && !signal?.aborted) {
    await delay(200);
  }
}

/**
 * What a dead backup or clone committed for itself: removed (an image a container is made from stays: podman
 * refuses). A recreate's commit is the snapshot from before the change, listed under Snapshots: kept.
 */
async function removeImagesMadeFor(ctx: RecoveryContext, record: JournalRecord): Promise<number> {
  if (record.kind !== 'clone' && record.kind !== 'backup') return 0;
  let removed = 0;
  for (const image of await ctx.podman.imagesLabelled(TOOLSHED_OPERATION_LABEL, record.id)) {
    await ctx.podman.removeImage(image).then(
      () => (removed += 1),
      (error: unknown) => ctx.log(`image ${image.slice(0, 12)} made for operation ${record.id} stays: ${String(error)}`),
    );
  }
  return removed;
}

async function recoverBackup(ctx: RecoveryContext, record: JournalRecord, what: string): Promise<string> {
  // the save the dead engine left writing its file
  if (record.file) await untilGone(record.file, 60_000, ctx.signal, 'podman');
  const images = await removeImagesMadeFor(ctx, record);
  const partial = record.file !== undefined && existsSync(record.file);
  if (record.file) rmSync(record.file, { force: true });
  return images || partial ? `${what}; the unfinished backup was removed when it started again.` : `${what}; nothing had been made.`;
}

async function recoverOne(ctx: RecoveryContext, record: JournalRecord): Promise<RecoveryNote> {
  const label = `${TOOLSHED_OPERATION_LABEL}=${record.id}`;
  await untilGone(label, 60_000, ctx.signal);
  // a commit the dead engine left running (its label rides on a --change)
  await untilGone(`LABEL ${label}`, 60_000, ctx.signal, 'podman');
  // a podman stop or commit of the old container the dead engine left running
  if (record.oldId) await untilGone(record.oldId, 60_000, ctx.signal, 'podman');
  // a blueprint or a move is many steps of other operations: its own step says little
  const step = record.kind === 'blueprint' || record.kind === 'move' ? '' : ` (${STEP_WORDS[record.step]})`;
  const what = `Toolshed stopped while ${KIND_WORDS[record.kind](record.name)}${step}`;
  let message: string;
  if (record.kind === 'backup') {
    message = await recoverBackup(ctx, record, what);
  } else if (record.kind === 'blueprint' || record.kind === 'move') {
    message = await recoverSuccession(ctx, record, what);
  } else if (record.kind === 'recreate' && record.step === 'swap' && record.oldId && record.containerId) {
    await swapIn(ctx.podman, record.oldId, record.containerId, record.oldWasRunning === true);
    message = `${what}; the change was finished when it started again.`;
  } else {
    const found = await ctx.podman.containersLabelled(TOOLSHED_OPERATION_LABEL, record.id);
    for (const id of found) await ctx.podman.forceRemove(id);
    const old = record.kind === 'recreate' && record.oldId && (await ctx.podman.exists(record.oldId)) ? record.oldId : undefined;
    if (old) await putBack(ctx.podman, old, record.name, record.oldWasRunning === true);
    const restarted = old !== undefined && record.oldWasRunning;
    const images = await removeImagesMadeFor(ctx, record);
    const madeFor = images ? ` and the snapshot made for it` : '';
    if (record.kind === 'recreate')
      message = `${what}; ${record.name} is as it was${restarted ? ' (started again)' : ''}${found.length ? ', and the half-made container was removed' : ''}.`;
    else if (found.length || images)
      message = `${what}; ${found.length ? `the half-made container${madeFor}` : 'the snapshot made for it'} ${found.length && images ? 'were' : 'was'} removed when it started again.`;
    else message = `${what}; nothing had been made.`;
  }
  ctx.log(`recovered operation ${record.id}: ${message}`);
  return { id: record.id, name: record.name, message, at: new Date().toISOString() };
}

/**
 * A blueprint or a move cut short: what it made goes, what it moved aside comes back under its name
 * (running if it ran). The exports it took off the host are named: the engine that would make them again is gone.
 */
async function recoverSuccession(ctx: RecoveryContext, record: JournalRecord, what: string): Promise<string> {
  let removed = 0;
  for (const id of record.made ?? []) {
    if (!(await ctx.podman.exists(id))) continue;
    await ctx.podman.forceRemove(id);
    removed += 1;
  }
  const back: string[] = [];
  const exports: string[] = [];
  const stillAside: string[] = [];
  for (const aside of record.asides ?? []) {
    if (!(await ctx.podman.exists(aside.id))) continue;
    const now = (await ctx.podman.inspect(aside.id)).Name;
    // a container under its name that is not one this record made is never removed: it stays aside, said
    if (now !== aside.name && (await ctx.podman.exists(aside.name))) {
      stillAside.push(`${aside.name} is kept as ${now} (another container has its name)`);
      continue;
    }
    await putBack(ctx.podman, aside.id, aside.name, aside.wasRunning);
    back.push(aside.name);
    exports.push(...aside.exports.map((file) => `${file} (${aside.name})`));
  }
  const parts = [
    removed ? `the ${removed === 1 ? 'toolbox' : `${removed} toolboxes`} it had made ${removed === 1 ? 'was' : 'were'} removed` : '',
    back.length ? `${back.join(', ')} ${back.length === 1 ? 'is' : 'are'} back as ${back.length === 1 ? 'it was' : 'they were'}` : '',
    ...stillAside,
  ].filter(Boolean);
  const again = exports.length ? ` Export again what it had taken off the host: ${exports.join(', ')}.` : '';
  return `${what}; ${parts.length ? `${parts.join(', and ')} when it started again` : 'nothing had been changed'}.${again}`;
}

/** When entries whose engine still ran are looked at again (it may be on its way out: a second Toolshed quitting). */
const LOOK_AGAIN_AFTER_MS = [5_000, 60_000];

/** Cleans up after every engine that is gone; reports each outcome as it is done. */
export async function recoverInterrupted(
  ctx: RecoveryContext,
  onNote: (note: RecoveryNote) => void,
  lookAgainAfterMs: readonly number[] = LOOK_AGAIN_AFTER_MS,
): Promise<void> {
  let othersLeft = await recoverPass(ctx, onNote);
  for (const delayMs of lookAgainAfterMs) {
    if (!othersLeft || ctx.signal?.aborted) return;
    await delay(delayMs, undefined, { ref: false });
    if (ctx.signal?.aborted) return;
    othersLeft = await recoverPass(ctx, onNote);
  }
}

/** One look at the journal; answers whether entries of another engine that still runs were left. */
async function recoverPass(ctx: RecoveryContext, onNote: (note: RecoveryNote) => void): Promise<boolean> {
  let othersLeft = false;
  // a blueprint's or a move's creates first: a half-made successor must be gone before the toolbox it replaces comes back under its name
  const successions = (record: JournalRecord) => Number(record.kind === 'blueprint' || record.kind === 'move');
  for (const record of ctx.journal.records().sort((a, b) => successions(a) - successions(b))) {
    if (ctx.signal?.aborted) return false;
    if (ownerAlive(record)) {
      othersLeft ||= record.pid !== process.pid;
      continue;
    }
    try {
      onNote(await recoverOne(ctx, record));
      ctx.journal.remove(record.id);
    } catch (error) {
      // podman may be away right now: the entry stays for the next start
      ctx.log(`could not clean up after operation ${record.id} (${record.name}): ${String(error)}`);
    }
  }
  return othersLeft;
}
