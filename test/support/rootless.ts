// The unprivileged user the rootless comparisons and tests run as, and
// runuser's prefix that runs a command in that user's own session.
import { execFileSync } from 'node:child_process';

export const ROOTLESS_USER = 'toolshed';

let uid: number | undefined;

/** The user's uid, asked of `id` once. */
export function rootlessUid(): number {
  uid ??= Number(execFileSync('id', ['-u', ROOTLESS_USER], { encoding: 'utf8' }).trim());
  return uid;
}

/** runuser's prefix for the user's own session: HOME, XDG_RUNTIME_DIR, SHELL; the caller runs it from /tmp (the user cannot enter root's). */
export function asRootlessUser(command: string, args: readonly string[]): [string, string[]] {
  return [
    'runuser',
    ['-u', ROOTLESS_USER, '--', 'env', `XDG_RUNTIME_DIR=/run/user/${rootlessUid()}`, `HOME=/home/${ROOTLESS_USER}`, 'SHELL=/bin/bash', command, ...args],
  ];
}
