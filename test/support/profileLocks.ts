// The tests open login shells in the account that runs them, and end some of
// them early (a toolbox stopped or removed under a tab, a grace run out). A
// shell's profile may take a lock while it starts: pyenv's `rehash` on this
// machine's root account does, and a rehash killed halfway leaves its lock
// behind, so that every later login shell waits 60 s for it and every test
// after fails. The suites clear such a lock after each test, and say which
// test left it (scripts/prepare-machine.sh clears it before a run).
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PYENV_LOCK = path.join(process.env.PYENV_ROOT || path.join(os.homedir(), '.pyenv'), 'shims', '.pyenv-shim');

/** A rehash holds its lock for well under a second; older than this, nobody will take it away. */
const STALE_AFTER_MS = 5000;

/** Removes pyenv's rehash lock when it is older than any rehash takes (others wait on it for 60 s); says so, or undefined. */
export function clearStaleProfileLock(): string | undefined {
  let age: number;
  try {
    age = Date.now() - statSync(PYENV_LOCK).mtimeMs;
  } catch {
    return undefined; // no lock: the usual case
  }
  if (age < STALE_AFTER_MS) return undefined;
  rmSync(PYENV_LOCK, { force: true });
  return `removed ${PYENV_LOCK} (${Math.round(age / 1000)} s old), left by a pyenv rehash that was killed (a login shell ended while it read its profile)`;
}
