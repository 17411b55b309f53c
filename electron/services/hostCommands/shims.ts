// Host programs inside a toolbox: a shim is a small script in the container's
// /usr/local/bin that runs the program of the same name on the host through
// toolshed-host. A shim never replaces a file: a name already taken in
// /usr/local/bin by anything but a shim is refused, and a program the container
// has elsewhere on the PATH is shadowed only when the user says so (its file
// stays). The container-side scripts are constants; the name and the shim's
// text are passed as arguments, never spliced into a script.
import { ToolshedError } from '../../../shared/errors.js';
import type { ShimInfo } from '../../../shared/contract.js';
import { byProgram } from '../../../shared/domain/hostPrograms.js';
import { inToolbox } from './hostCommandPaths.js';

export const SHIM_DIR = '/usr/local/bin';
const SHIM_MARKER = '# toolshed-host shim:';
/** Where a container's own programs are, in PATH order after /usr/local/bin. */
const SYSTEM_DIRS = '/usr/local/sbin /usr/sbin /usr/bin /sbin /bin';

/** Single-quotes a word for sh. */
export const shQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * A script that runs `words` on the host: the host's installed toolshed-host through /run/host,
 * at the socket of the Toolshed that wrote it (unless the caller names one).
 */
function throughClient(header: string, name: string, words: string, installedClient: string, socket: string): string {
  return `#!/bin/sh
${header}
client=${shQuote(inToolbox(installedClient))}
TOOLSHED_HOST_SOCKET=\${TOOLSHED_HOST_SOCKET:-${shQuote(inToolbox(socket))}}
export TOOLSHED_HOST_SOCKET
[ -x "$client" ] || { echo "${name}: toolshed-host is not on the host (turn on Host commands in Toolshed's settings)" >&2; exit 125; }
exec "$client" ${words}"$@"
`;
}

/** The shim for `program`: runs the host's program of that name. */
export function shimScript(program: string, installedClient: string, socket: string): string {
  return throughClient(
    `${SHIM_MARKER} written by Toolshed; runs "${program}" on the host through toolshed-host. Remove it in Toolshed.`,
    program,
    `${shQuote(program)} `,
    installedClient,
    socket,
  );
}

const CLIENT_MARKER = '# toolshed-host client:';

/**
 * /usr/local/bin/toolshed-host in a toolbox, so every shell finds it on its PATH (~/.local/bin,
 * where the host has it, is on no PATH of root's, nor of a user whose profile leaves it out).
 */
export function clientScript(installedClient: string, socket: string): string {
  return throughClient(`${CLIENT_MARKER} written by Toolshed; runs a command on the host.`, 'toolshed-host', '', installedClient, socket);
}

// Shared by the scripts that write into /usr/local/bin: \`marked FILE MARKER\` (a regular file
// Toolshed wrote: MARKER on its second line) and \`put TEXT TARGET\` (written beside it, made
// executable, then renamed into place).
const WRITE_HELPERS = `marked() { [ -f "$1" ] && [ ! -L "$1" ] && sed -n 2p "$1" | grep -q "^$2"; }
put() {
  mkdir -p ${SHIM_DIR} && tmp=$(mktemp ${SHIM_DIR}/.toolshed.XXXXXX) || return 1
  printf '%s' "$1" > "$tmp" && chmod 755 "$tmp" && mv -f "$tmp" "$2" && return 0
  rm -f "$tmp"; return 1
}`;

/** $1 the client's text: put in place unless a file that is not Toolshed's client is there. Prints ok, same or "taken PATH". */
export const PLACE_CLIENT_SCRIPT = `${WRITE_HELPERS}
target=${SHIM_DIR}/toolshed-host
if [ -e "$target" ] || [ -L "$target" ]; then
  marked "$target" '${CLIENT_MARKER}' || { echo "taken $target"; exit 0; }
  [ "$(cat "$target"; echo x)" = "$1x" ] && { echo same; exit 0; }
fi
put "$1" "$target" || exit 1
echo ok`;

const IS_SHIM = `${WRITE_HELPERS}
ours() { marked "$1" '${SHIM_MARKER}'; }
shadowed() { for d in ${SYSTEM_DIRS}; do [ -x "$d/$1" ] && { echo "$d/$1"; return; }; done; }`;

/** $1 name, $2 the shim's text, $3 "1" to shadow a program the container has. Prints one status line. */
export const ADD_SHIM_SCRIPT = `${IS_SHIM}
target=${SHIM_DIR}/$1
if [ -e "$target" ] || [ -L "$target" ]; then ours "$target" || { echo "taken $target"; exit 0; }; fi
shadows=$(shadowed "$1")
if [ -n "$shadows" ] && [ "$3" != 1 ]; then echo "has $shadows"; exit 0; fi
put "$2" "$target" || exit 1
echo "ok $shadows"`;

/** Prints "name<TAB>shadowed path" for each shim. */
export const LIST_SHIMS_SCRIPT = `${IS_SHIM}
for f in ${SHIM_DIR}/*; do
  ours "$f" || continue
  name=\${f##*/}
  printf '%s\\t%s\\n' "$name" "$(shadowed "$name")"
done
exit 0`;

/** $1 name: removes the shim; prints removed, absent or "taken PATH". */
export const REMOVE_SHIM_SCRIPT = `${IS_SHIM}
target=${SHIM_DIR}/$1
if [ ! -e "$target" ] && [ ! -L "$target" ]; then echo absent; exit 0; fi
ours "$target" || { echo "taken $target"; exit 0; }
rm -f "$target" && echo removed`;

export function parseShimList(stdout: string): ShimInfo[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [program = '', shadows = ''] = line.split('\t');
      return shadows ? { program, shadows } : { program };
    })
    .sort(byProgram);
}

/** What ADD_SHIM_SCRIPT printed, as the shim made or the error a user can act on. */
export function addShimOutcome(container: string, program: string, stdout: string): ShimInfo {
  const [word = '', rest = ''] = stdout.trim().split(/ (.*)/s);
  if (word === 'ok') return rest ? { program, shadows: rest } : { program };
  if (word === 'taken') throw new ToolshedError('NAME_TAKEN', `${rest} in ${container} is not a Toolshed shim: it was left alone, and no shim was made.`);
  if (word === 'has') {
    throw new ToolshedError(
      'NAME_TAKEN',
      `${container} has its own ${program} (${rest}). Make the shim with "Use the host's anyway" to run the host's instead; the container's file stays.`,
    );
  }
  throw new ToolshedError('INTERNAL', `The shim for ${program} could not be written in ${container}.`, stdout.trim());
}
