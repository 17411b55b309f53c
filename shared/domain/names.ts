// Container names and ids as podman and Toolbx accept them. The same rules
// validate the wizard's input as you type and every backend call.

/** Toolbx's own rule (src/pkg/utils): a letter or digit, then letters, digits, `_`, `.`, `-`. */
export const CONTAINER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const CONTAINER_NAME_MAX = 64;

/** A podman container id: 64 hex digits, or a prefix of at least 12. */
export const CONTAINER_ID_PATTERN = /^[0-9a-f]{12,64}$/;

/** An application entry's file name (a .desktop file, as a container or the host menu holds it). */
export const DESKTOP_FILE_PATTERN = /^[A-Za-z0-9_.+-]{1,200}\.desktop$/;

/** Why a name is refused, or null when it is fine. */
/** A character as a sentence names it: spaces and invisible ones in words, others quoted. */
function describeCharacter(c: string): string {
  const named: Record<string, string> = { ' ': 'a space', '\t': 'a tab', '\n': 'a line break', '\u00a0': 'a non-breaking space' };
  if (named[c]) return named[c];
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)
    ? JSON.stringify(c)
    : `the invisible character U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function containerNameProblem(name: string): string | null {
  if (name.length === 0) return 'A name is required.';
  if (name.length > CONTAINER_NAME_MAX) return `A name has at most ${CONTAINER_NAME_MAX} characters.`;
  if (!/^[a-zA-Z0-9]/.test(name)) return 'A name starts with a letter or a digit.';
  if (!CONTAINER_NAME_PATTERN.test(name)) {
    const bad = [...name].find((c) => !/[a-zA-Z0-9_.-]/.test(c)) ?? '';
    return `A name may contain only letters, digits, "_", "." and "-" (not ${describeCharacter(bad)}).`;
  }
  return null;
}
