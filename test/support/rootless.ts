// The unprivileged user the rootless comparisons and tests run as, and
// runuser's prefix that runs a command in that user's own session.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/** Puts root's copy of `image` in the user's rootless storage (save as root, load as the user), unless it is there already. */
export function copyImageToRootless(image: string): void {
  const asUser = (args: string[]) => {
    const [command, prefixed] = asRootlessUser('podman', args);
    return execFileSync(command, prefixed, { cwd: '/tmp', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  };
  const id = execFileSync('podman', ['image', 'inspect', '--format', '{{.Id}}', image], { encoding: 'utf8' }).trim();
  let theirs = '';
  try {
    theirs = asUser(['image', 'inspect', '--format', '{{.Id}}', image]);
  } catch {
    // not there yet
  }
  if (theirs === id) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-rootless-image-'));
  try {
    chmodSync(dir, 0o755); // the user reads the archive
    const archive = path.join(dir, 'image.tar');
    execFileSync('podman', ['save', '--quiet', '--output', archive, image], { stdio: 'pipe' });
    chmodSync(archive, 0o644);
    asUser(['load', '--quiet', '--input', archive]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
