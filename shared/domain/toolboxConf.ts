// toolbox.conf (/etc/containers/toolbox.conf, then $XDG_CONFIG_HOME/containers/
// toolbox.conf): TOML, of which Toolbx reads only [general] distro, release and
// image. This reads that subset: sections, `key = value` with basic ("…") or
// literal ('…') strings or bare numbers, and comments.

export interface ToolboxConf {
  distro?: string;
  release?: string;
  image?: string;
}

const KEYS = ['distro', 'release', 'image'] as const;

export function parseToolboxConf(text: string): ToolboxConf {
  const conf: ToolboxConf = {};
  let section = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair || section !== 'general') continue;
    const key = KEYS.find((k) => k === pair[1]);
    const value = tomlValue(pair[2]!);
    if (key && value !== undefined && value !== '') conf[key] = value;
  }
  return conf;
}

/** Later files override earlier ones, key by key (as Toolbx's config layering does). */
export function mergeToolboxConf(...layers: ToolboxConf[]): ToolboxConf {
  return Object.assign({}, ...layers) as ToolboxConf;
}

function tomlValue(raw: string): string | undefined {
  const basic = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(raw);
  if (basic) return basic[1]!.replace(/\\(["\\])/g, '$1');
  const literal = /^'([^']*)'\s*(#.*)?$/.exec(raw);
  if (literal) return literal[1]!;
  const bare = /^([0-9][0-9._]*)\s*(#.*)?$/.exec(raw);
  if (bare) return bare[1]!.replace(/_/g, '');
  return undefined;
}
