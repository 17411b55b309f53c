// os-release(5): KEY=value lines, the value optionally quoted with shell-style
// escapes. Toolbx derives the default distro and release from ID and VERSION_ID.

export type OsRelease = Record<string, string>;

export function parseOsRelease(text: string): OsRelease {
  const fields: OsRelease = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    fields[match[1]!] = unquote(match[2]!);
  }
  return fields;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    // single quotes take everything literally; double quotes honour \" \\ \$ \`
    return quote === "'" ? inner : inner.replace(/\\(["\\$`])/g, '$1');
  }
  return value;
}

/** The host's distro (ID) and release (VERSION_ID; "latest" for rolling Arch). */
export function hostDistroRelease(fields: OsRelease): { distro?: string; release?: string } {
  const result: { distro?: string; release?: string } = {};
  const distro = fields.ID?.toLowerCase();
  if (distro) result.distro = distro;
  const release = fields.VERSION_ID ?? (distro === 'arch' ? 'latest' : undefined);
  if (release) result.release = release;
  return result;
}
