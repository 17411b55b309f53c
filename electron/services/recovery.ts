// Finishing what an engine that is gone left half-done (journal.ts): at start,
// each journal entry whose engine no longer runs is cleaned up. A create that
// never reached "done" was never handed to the user: the containers carrying
// its operation label are removed (once a `podman create` it left running has
// ended), and a note says what was found and done.
import type { RecoveryNote } from '../../shared/contract.js';
import { TOOLSHED_OPERATION_LABEL } from '../../shared/domain/labels.js';
import type { OperationJournal, JournalRecord } from './journal.js';
import { ownerAlive } from './journal.js';
import type { PodmanClient } from './podman/client.js';
import { pidsWithArgument } from './procfs.js';

export interface RecoveryContext {
  podman: PodmanClient;
  journal: OperationJournal;
  log: (message: string) => void;
  /** Stops waiting when the engine goes away. */
  signal?: AbortSignal;
}

const STEP_WORDS: Record<JournalRecord['step'], string> = { create: 'creating it', start: 'starting it', init: 'waiting for its setup' };

/** Waits (up to `limitMs`) until no process carries `argument`: a podman command a killed engine left running. */
async function untilGone(argument: string, limitMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (pidsWithArgument(argument).length > 0 && Date.now() < deadline && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function recoverOne(ctx: RecoveryContext, record: JournalRecord): Promise<RecoveryNote> {
  const label = `${TOOLSHED_OPERATION_LABEL}=${record.id}`;
  await untilGone(label, 60_000, ctx.signal);
  const found = await ctx.podman.containersLabelled(TOOLSHED_OPERATION_LABEL, record.id);
  for (const id of found) await ctx.podman.forceRemove(id);
  const what = `Toolshed stopped while creating ${record.name} (${STEP_WORDS[record.step]})`;
  const message = found.length
    ? `${what}; the half-made container was removed when it started again.`
    : `${what}; nothing had been made.`;
  ctx.log(`recovered operation ${record.id}: ${message}`);
  return { id: record.id, name: record.name, message, at: new Date().toISOString() };
}

/** Cleans up after every engine that is gone; reports each outcome as it is done. */
export async function recoverInterrupted(ctx: RecoveryContext, onNote: (note: RecoveryNote) => void): Promise<void> {
  for (const record of ctx.journal.records()) {
    if (ctx.signal?.aborted) return;
    if (ownerAlive(record)) continue;
    try {
      onNote(await recoverOne(ctx, record));
      ctx.journal.remove(record.id);
    } catch (error) {
      // podman may be away right now: the entry stays for the next start
      ctx.log(`could not clean up after operation ${record.id} (${record.name}): ${String(error)}`);
    }
  }
}
