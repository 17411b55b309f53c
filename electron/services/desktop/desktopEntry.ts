// Desktop Entry files (freedesktop.org Desktop Entry Specification 1.5):
// reading them, writing them, and the two escaping layers of the Exec key.
// Pure functions: no files, no processes.
//
// Exec is escaped twice when written: each argument is quoted by the Exec
// rules ("…" with \" \` \$ \\ inside, and %% for a literal %), then the whole
// value is escaped as a string (\\ \n \t \r \s). Readers undo it in the
// opposite order.

export interface DesktopGroup {
  name: string;
  /** Key (with its [locale], if any) and raw value (still escaped), in file order. */
  entries: [string, string][];
}

export interface DesktopFile {
  groups: DesktopGroup[];
}

export const MAIN_GROUP = 'Desktop Entry';

/** Reads a .desktop file leniently: comments, blank and malformed lines are skipped; a repeated key keeps its first value. */
export function parseDesktopFile(text: string): DesktopFile {
  const groups: DesktopGroup[] = [];
  let current: DesktopGroup | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([^\][]+)\]\s*$/.exec(line);
    if (header) {
      current = { name: header[1]!, entries: [] };
      groups.push(current);
      continue;
    }
    const pair = /^([A-Za-z0-9-]+(?:\[[^\]]+\])?)\s*=\s*(.*)$/.exec(line);
    if (!pair || !current) continue;
    const key = pair[1]!;
    if (!current.entries.some(([k]) => k === key)) current.entries.push([key, pair[2]!]);
  }
  return { groups };
}

export function findGroup(file: DesktopFile, name: string): DesktopGroup | undefined {
  return file.groups.find((g) => g.name === name);
}

export function rawValue(group: DesktopGroup | undefined, key: string): string | undefined {
  return group?.entries.find(([k]) => k === key)?.[1];
}

/** A string, localestring or iconstring value, unescaped. */
export function stringValue(group: DesktopGroup | undefined, key: string): string | undefined {
  const raw = rawValue(group, key);
  return raw === undefined ? undefined : unescapeString(raw);
}

export function booleanValue(group: DesktopGroup | undefined, key: string): boolean {
  return rawValue(group, key)?.trim() === 'true';
}

/** A list value ("a;b;c;"), split on unescaped ";" and unescaped. */
export function listValue(group: DesktopGroup | undefined, key: string): string[] {
  const raw = rawValue(group, key);
  if (raw === undefined) return [];
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i]!;
    if (c === '\\' && raw[i + 1] === ';') {
      item += ';';
      i += 1;
    } else if (c === ';') {
      items.push(item);
      item = '';
    } else item += c;
  }
  if (item !== '') items.push(item);
  return items.map(unescapeString).filter((value) => value !== '');
}

const UNESCAPES: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };

export function unescapeString(raw: string): string {
  return raw.replace(/\\([sntr\\])/g, (_match, c: string) => UNESCAPES[c]!);
}

/** Escapes a value for a string-typed key: it stays on its line and keeps a leading space. */
export function escapeString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/^ /, '\\s');
}

export function escapeList(values: readonly string[]): string {
  return values.map((v) => `${escapeString(v).replace(/;/g, '\\;')};`).join('');
}

/** Writes groups back as text; values must already be escaped (see escapeString, execValue). */
export function serializeDesktopFile(file: DesktopFile, headerComment?: string): string {
  const parts: string[] = [];
  if (headerComment)
    parts.push(
      headerComment
        .split('\n')
        .map((line) => `# ${line}`.trimEnd())
        .join('\n'),
      '',
    );
  file.groups.forEach((group, index) => {
    if (index > 0) parts.push('');
    parts.push(`[${group.name}]`);
    for (const [key, value] of group.entries) {
      if (/[\n\r]/.test(value)) throw new Error(`a desktop entry value may not span lines (${key})`);
      parts.push(`${key}=${value}`);
    }
  });
  return `${parts.join('\n')}\n`;
}

// ---- Exec ----

// The spec's reserved characters: an argument holding any of them is quoted.
const RESERVED = /[\s"'\\><~|&;$*?#`()]/;
const FIELD_CODE = /%[a-zA-Z]/;

/**
 * One argument as it appears in an Exec value (before string escaping).
 * `template` is the argument with its field codes: a literal % must already be
 * written %%. A field code inside an argument that needs quoting is dropped, as
 * the spec forbids field codes in quoted arguments.
 */
export function quoteExecTemplate(template: string): string {
  if (template !== '' && !RESERVED.test(template)) return template;
  const withoutCodes = FIELD_CODE.test(template) ? template.replace(/%([a-zA-Z])/g, '') : template;
  return `"${withoutCodes.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

/** A literal argument (any text) as an Exec template: % doubled. */
export function literalTemplate(arg: string): string {
  return arg.replace(/%/g, '%%');
}

/** The escaped value of an Exec key running these argument templates. */
export function execValue(templates: readonly string[]): string {
  if (templates.length === 0) throw new Error('an Exec line needs a program');
  return escapeString(templates.map(quoteExecTemplate).join(' '));
}

/** The escaped value of an Exec key running exactly these literal arguments. */
export function execValueOf(args: readonly string[]): string {
  return execValue(args.map(literalTemplate));
}

/**
 * Splits an Exec value (as read from the file, still escaped) into argument
 * templates: string escapes undone, quotes removed, field codes and %% kept.
 * Double quotes follow the spec; single quotes and backslashes outside quotes
 * are read the way GLib and KDE read them (many real files use them).
 */
export function parseExec(raw: string): string[] {
  const text = unescapeString(raw);
  const args: string[] = [];
  let arg = '';
  let inArg = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inArg) args.push(arg);
      arg = '';
      inArg = false;
    } else if (c === '"') {
      inArg = true;
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) {
        const next = text[i + 1];
        if (text[i] === '\\' && next !== undefined && '"`$\\'.includes(next)) {
          arg += next;
          i += 1;
        } else arg += text[i];
      }
      if (i >= text.length) throw new Error('unterminated double quote in Exec');
    } else if (c === "'") {
      inArg = true;
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote in Exec');
      arg += text.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      inArg = true;
      arg += text[i + 1];
      i += 1;
    } else {
      inArg = true;
      arg += c;
    }
  }
  if (inArg) args.push(arg);
  return args;
}
