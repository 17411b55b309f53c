// toolshed-run: the small POSIX sh script that exported app entries run. It
// does what `toolbox run` does, without needing the toolbox CLI or Toolshed
// itself: start the container when it is stopped, wait for its setup stamp,
// then `podman exec` the command as the user, in the user's home, with the
// session's environment read when the app starts (so DISPLAY, WAYLAND_DISPLAY,
// the D-Bus addresses and XAUTHORITY are those of the current login, not of
// the moment the entry was written).
import path from 'node:path';
import { RUNNER_PRESERVED_ENV } from '../toolbox/preservedEnv.js';
import { readRegularFile, writeOwnedFile } from './ownedFiles.js';

/** The first line after the shebang: how Toolshed recognizes its own script before replacing it. */
export const RUNNER_MARKER = '# toolshed-run: written by Toolshed (X-Toolshed-Runner); Toolshed rewrites this file, edits are lost.';

export function isOwnRunner(text: string): boolean {
  return text.split('\n', 3)[1] === RUNNER_MARKER;
}

export function runnerScript(): string {
  const variables = RUNNER_PRESERVED_ENV.join(' ');
  return `#!/bin/sh
${RUNNER_MARKER}
# Runs COMMAND in the Toolbx container CONTAINER as \`toolbox run\` would, for the
# app entries Toolshed exports to the host's menu: starts the container when it
# is stopped, waits for its setup, then runs the command as you, in your home,
# with this session's environment. Needs only podman.
#   toolshed-run CONTAINER COMMAND [ARGUMENT...]
# TOOLSHED_PODMAN names another podman binary.
set -u
say() { printf 'toolshed-run: %s\\n' "$*" >&2; }
[ "$#" -ge 2 ] || { say 'usage: toolshed-run CONTAINER COMMAND [ARGUMENT...]'; exit 2; }
container=$1
shift
podman=\${TOOLSHED_PODMAN:-podman}
inspect() { "$podman" inspect --type container --format "$1" -- "$container"; }

state=$(inspect '{{.State.Running}} {{.State.Pid}}') || { say "no container named $container"; exit 125; }
if [ "\${state% *}" != true ]; then
  "$podman" start -- "$container" >/dev/null || { say "could not start $container"; exit 125; }
  state=$(inspect '{{.State.Running}} {{.State.Pid}}') || exit 125
fi
# Toolbx's init writes this stamp once it has made your user in the container.
uid=$(id -u)
if [ "$uid" = 0 ]; then stamps=/run/toolbox; else stamps=\${XDG_RUNTIME_DIR:-/run/user/$uid}/toolbox; fi
stamp=$stamps/container-initialized-\${state#* }
tries=0
while [ ! -e "$stamp" ]; do
  tries=$((tries + 1))
  [ "$tries" -le 250 ] || { say "$container did not finish its setup within 25 s"; exit 125; }
  sleep 0.1
done

# Options before the command: rotate the command's words behind them.
words=$#
for variable in ${variables}; do
  eval "isset=\\\${$variable+x}"
  if [ -n "$isset" ]; then
    eval "value=\\$$variable"
    set -- "$@" "--env=$variable=$value"
  fi
done
if [ -t 0 ] && [ -t 1 ]; then set -- "$@" --tty; fi
user=$(id -un 2>/dev/null) || user=\${USER:-$uid}
set -- "$@" --detach-keys= --interactive --user "$user" --workdir "\${HOME:-/}" "$container" \\
  capsh --caps= -- --login -c 'exec "$@"' bash
while [ "$words" -gt 0 ]; do
  set -- "$@" "$1"
  shift
  words=$((words - 1))
done
exec "$podman" exec "$@"
`;
}

/** Writes the runner at `file` unless the same script is there; never over a file that is not Toolshed's runner. */
export async function installRunner(file: string): Promise<void> {
  const script = runnerScript();
  const existing = await readRegularFile(file);
  if (existing !== null && existing !== 'other' && existing.toString('utf8') === script) return;
  await writeOwnedFile(path.dirname(file), [path.basename(file)], script, {
    mode: 0o755,
    mayReplace: (_file, bytes) => isOwnRunner(bytes.toString('utf8')),
  });
}
