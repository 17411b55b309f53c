// A small write-ahead journal of operations that change containers (creates,
// setup edits and restores, clones, backups), so one cut short by a crash or a kill does not leave something
// half-made that nobody knows of. Before each step the operation writes what
// it is about to do and what it has made so far; when it ends, however it
// ends, it deletes its entry. An entry left by an engine that is gone is
// recovery's to finish (recovery.ts). One JSON file per operation, under
// $XDG_STATE_HOME/toolshed/operations (it must outlive a reboot: containers do).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from './privateFile.js';
import { processEnded, processStartTime } from './procfs.js';

export type JournalStep = 'stop' | 'commit' | 'create' | 'start' | 'init' | 'swap' | 'save';

/**
 * create: a new toolbox; recreate: a toolbox replaced by one with another setup (or a snapshot's); clone: a copy
 * under a new name; backup: a toolbox saved to a file; blueprint: toolboxes made from a blueprint (some
 * replacing others); move: a toolbox made again from a newer image. The images an operation commits carry its id as a label.
 */
export type JournalKind = 'create' | 'recreate' | 'clone' | 'backup' | 'blueprint' | 'move';

/** A toolbox moved out of its name for a successor (blueprint, move): put back under it if the operation is cut short. */
export interface JournalAside {
  id: string;
  name: string;
  wasRunning: boolean;
  /** Its exported apps (.desktop files) and programs, taken off the host for the successor. */
  exports: string[];
}

export interface JournalRecord {
  /** Also the value of the container's TOOLSHED_OPERATION_LABEL. */
  id: string;
  kind: JournalKind;
  /** The toolbox's name. */
  name: string;
  /** The step under way when the entry was last written. */
  step: JournalStep;
  /** The container made so far, once podman create has answered. */
  containerId?: string;
  /** recreate: the container being replaced, and whether it was running. */
  oldId?: string;
  oldWasRunning?: boolean;
  /** recreate, clone: the snapshot image committed from the toolbox. */
  image?: string;
  /** backup: the file being written (beside the one asked for, renamed into place at the end). */
  file?: string;
  /** blueprint, move: the toolboxes made so far (ids), and those moved aside. */
  made?: string[];
  asides?: JournalAside[];
  startedAt: string;
  /** The engine process that owns the entry, and its start time (pids are reused). */
  pid: number;
  pidStart: number | undefined;
}

export interface JournalEntry {
  readonly id: string;
  update(changes: Partial<Pick<JournalRecord, 'step' | 'containerId' | 'oldId' | 'oldWasRunning' | 'image' | 'file' | 'made' | 'asides'>>): void;
  /** The operation ended (done, or rolled back): nothing is left to recover. */
  finish(): void;
}

/** Whether the engine that wrote the record still runs (a killed one its parent has not reaped yet does not). */
export function ownerAlive(record: Pick<JournalRecord, 'pid' | 'pidStart'>): boolean {
  const start = processStartTime(record.pid);
  return start !== undefined && start === record.pidStart && !processEnded(record.pid);
}

export class OperationJournal {
  constructor(private readonly dir: string) {}

  begin(kind: JournalKind, name: string, step: JournalStep): JournalEntry {
    const record: JournalRecord = {
      id: randomUUID(),
      kind,
      name,
      step,
      startedAt: new Date().toISOString(),
      pid: process.pid,
      pidStart: processStartTime(process.pid),
    };
    const file = path.join(this.dir, `${record.id}.json`);
    const write = () => writePrivateFile(file, `${JSON.stringify(record)}\n`);
    write();
    return {
      id: record.id,
      update(changes) {
        Object.assign(record, changes);
        write();
      },
      finish() {
        rmSync(file, { force: true });
      },
    };
  }

  /** Every entry on disk (the live engine's own among them); unreadable files are skipped. */
  records(): JournalRecord[] {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((file) => file.endsWith('.json'));
    } catch {
      return [];
    }
    return files.flatMap((file) => {
      try {
        const record = JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')) as JournalRecord;
        // entries from before setup edits existed were all creates
        return record.id === file.slice(0, -'.json'.length) ? [{ ...record, kind: record.kind ?? 'create' }] : [];
      } catch {
        return [];
      }
    });
  }

  remove(id: string): void {
    rmSync(path.join(this.dir, `${id}.json`), { force: true });
  }
}
